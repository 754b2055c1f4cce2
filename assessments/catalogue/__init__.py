"""The ITA catalogue as data: specs from files, forms or loaded years; their diff; loading them as revisions."""

from assessments.catalogue.diff import Blocked, FrameworkDiff, ItemChange, framework_diff
from assessments.catalogue.load import BUNDLED_SOURCE, LoadResult, catalogue_load, corrected_by_people
from assessments.catalogue.spec import (
    DATA_DIR,
    ITEM_COLUMNS,
    CatalogueError,
    FrameworkSpec,
    ItemRow,
    bundled_rating,
    bundled_spec,
    bundled_years,
    parse_item_rows,
    spec_from_data,
    spec_from_file,
    spec_from_framework,
    spec_from_upload,
    spec_to_data,
    validate_spec,
)

__all__ = [
    "BUNDLED_SOURCE",
    "DATA_DIR",
    "ITEM_COLUMNS",
    "Blocked",
    "CatalogueError",
    "FrameworkDiff",
    "FrameworkSpec",
    "ItemChange",
    "ItemRow",
    "LoadResult",
    "bundled_rating",
    "bundled_spec",
    "bundled_years",
    "catalogue_load",
    "corrected_by_people",
    "framework_diff",
    "parse_item_rows",
    "spec_from_data",
    "spec_from_file",
    "spec_from_framework",
    "spec_from_upload",
    "spec_to_data",
    "validate_spec",
]
