from assessments.models.agency import Agency, Department, Membership
from assessments.models.catalogue import Confidence, FrameworkVersion, Group, Indicator, Item, SubIndicator, Tool
from assessments.models.results import Assessment, IndicatorScore, ItemResult

__all__ = [
    "Agency",
    "Assessment",
    "Confidence",
    "Department",
    "FrameworkVersion",
    "Group",
    "Indicator",
    "IndicatorScore",
    "Item",
    "ItemResult",
    "Membership",
    "SubIndicator",
    "Tool",
]
