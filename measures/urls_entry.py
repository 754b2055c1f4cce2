"""URLs: plan page, measures, progress per round, evidence files."""

from django.urls import path

from measures.views import entry

urlpatterns = [
    path("agencies/<int:agency_id>/plans/<int:fiscal_year>/", entry.plan_page, name="plan"),
    path("agencies/<int:agency_id>/plans/new/", entry.plan_new, name="plan_new"),
    path("plans/<int:plan_id>/measures/new/", entry.measure_new, name="measure_new"),
    path("measures/<int:pk>/", entry.measure_detail, name="measure"),
    path("measures/<int:pk>/edit/", entry.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/delete/", entry.measure_delete_view, name="measure_delete"),
    path("measures/<int:pk>/progress/<int:round>/", entry.progress_edit, name="progress"),
    path("evidence/<int:pk>/", entry.evidence_file, name="evidence"),
]
