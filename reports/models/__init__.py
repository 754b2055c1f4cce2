"""The reports app's models: generated documents, approval chains and memos."""

from reports.models.approvals import ApprovalChain, ApprovalChainStep
from reports.models.documents import DocumentPart, GeneratedDocument, _document_upload_to
from reports.models.memos import Memo, MemoCounter, MemoEvent, MemoStep
from reports.models.standins import StandIn

# _document_upload_to: migration 0002 refers to it as reports.models._document_upload_to.
__all__ = [
    "ApprovalChain",
    "ApprovalChainStep",
    "DocumentPart",
    "GeneratedDocument",
    "Memo",
    "MemoCounter",
    "MemoEvent",
    "MemoStep",
    "StandIn",
    "_document_upload_to",
]
