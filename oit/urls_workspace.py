"""The OIT workspace pages (members of the agency)."""

from django.urls import path

from oit.views import answer, workspace

urlpatterns = [
    path("agencies/<int:agency_id>/oit/<int:fiscal_year>/", workspace.workspace_page, name="workspace"),
    path("agencies/<int:agency_id>/oit/<int:fiscal_year>/open/", workspace.workspace_open_view, name="workspace_open"),
    path(
        "agencies/<int:agency_id>/oit/<int:fiscal_year>/carry-over/",
        workspace.workspace_carry_over_view,
        name="workspace_carry_over",
    ),
    path(
        "agencies/<int:agency_id>/oit/<int:fiscal_year>/check-links/",
        workspace.workspace_check_links,
        name="workspace_check_links",
    ),
    path("agencies/<int:agency_id>/oit/<int:fiscal_year>/dashboard/", workspace.dashboard, name="dashboard"),
    path("oit/answers/<int:pk>/", answer.answer_detail, name="answer"),
    path("oit/answers/<int:pk>/fill/", answer.answer_fill_view, name="answer_fill"),
    path("oit/answers/<int:pk>/assign/", answer.answer_assign_view, name="answer_assign"),
    path("oit/answers/<int:pk>/check/", answer.answer_check_view, name="answer_check"),
    path("oit/answers/<int:pk>/check-links/", answer.answer_check_links, name="answer_check_links"),
    path("oit/answers/<int:pk>/evidence/", answer.answer_evidence_add, name="answer_evidence"),
    path("oit/evidence/<int:pk>/", answer.evidence_file, name="evidence"),
]
