from assessments.models.agency import Agency, Department, Membership
from assessments.models.catalogue import (
    Confidence,
    FrameworkDraft,
    FrameworkRevision,
    FrameworkVersion,
    Group,
    Indicator,
    Item,
    SubIndicator,
    Tool,
)
from assessments.models.imports import ImportJob
from assessments.models.results import Assessment, IndicatorScore, ItemResult

__all__ = [
    "Agency",
    "Assessment",
    "Confidence",
    "Department",
    "FrameworkDraft",
    "FrameworkRevision",
    "FrameworkVersion",
    "Group",
    "ImportJob",
    "Indicator",
    "IndicatorScore",
    "Item",
    "ItemResult",
    "Membership",
    "SubIndicator",
    "Tool",
]
