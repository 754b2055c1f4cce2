from django.urls import path

from reports import views
from reports.docx import views as docx_views
from reports.memos import views as memos

app_name = "reports"

urlpatterns = [
    path("agencies/<int:agency_id>/documents/", views.document_list, name="documents"),
    path("agencies/<int:agency_id>/documents/new/", views.document_new, name="document_new"),
    path("documents/<int:pk>/", views.document_status, name="document"),
    path("documents/<int:pk>/retry/", views.document_retry, name="document_retry"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    path("documents/<int:pk>/docx/", docx_views.document_docx, name="document_docx"),
    # Memos (บันทึกข้อความ) and their approval chains
    path("agencies/<int:agency_id>/memos/", memos.memo_list, name="memos"),
    path("agencies/<int:agency_id>/memos/new/", memos.memo_new, name="memo_new"),
    path("memos/<int:pk>/", memos.memo_detail, name="memo"),
    path("memos/<int:pk>/edit/", memos.memo_edit, name="memo_edit"),
    path("memos/<int:pk>/submit/", memos.memo_submit, name="memo_submit"),
    path("memos/<int:pk>/act/", memos.memo_act, name="memo_act"),
    path("memos/<int:pk>/return/", memos.memo_return, name="memo_return"),
    path("memos/<int:pk>/pdf/", memos.memo_pdf, name="memo_pdf"),
    path("memos/<int:pk>/final/", memos.memo_final, name="memo_final"),
    path("memos/<int:pk>/final/retry/", memos.memo_final_retry, name="memo_final_retry"),
    path("memos/<int:pk>/docx/", docx_views.memo_docx, name="memo_docx"),
    path("inbox/", memos.inbox, name="inbox"),
    path("verify/<uuid:token>/", memos.memo_verify, name="memo_verify"),
    path("agencies/<int:agency_id>/memos/register/", memos.memo_register, name="memo_register"),
    path("agencies/<int:agency_id>/memos/stand-ins/", memos.stand_in_list, name="stand_ins"),
    path("agencies/<int:agency_id>/memos/stand-ins/new/", memos.stand_in_new, name="stand_in_new"),
    path("stand-ins/<int:pk>/cancel/", memos.stand_in_cancel, name="stand_in_cancel"),
    path("agencies/<int:agency_id>/chains/", memos.chain_list, name="chains"),
    path("agencies/<int:agency_id>/chains/new/", memos.chain_new, name="chain_new"),
    path("chains/<int:pk>/edit/", memos.chain_edit, name="chain_edit"),
]
