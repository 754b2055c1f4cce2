"""Printable documents (PDF): the registry of kinds and the renderer.

Only finished kinds are registered.  `KINDS[key].build_snapshot(...)` freezes the data;
`render_pdf(key, snapshot)` turns it into PDF bytes.
"""

from reports.documents.analysis import ANALYSIS
from reports.documents.base import DocumentKind, Snapshot
from reports.documents.oit import OIT
from reports.documents.plan import PLAN
from reports.documents.progress import PROGRESS
from reports.documents.render import RenderedPdf, render_pdf

KINDS: dict[str, DocumentKind] = {kind.key: kind for kind in (ANALYSIS, PLAN, PROGRESS, OIT)}

__all__ = ["KINDS", "DocumentKind", "RenderedPdf", "Snapshot", "render_pdf"]
