"""URLs: reports (round dashboard, XLSX / CSV export of a plan with its progress)."""

from django.urls import path

from measures.views import reports

urlpatterns = [
    path("plans/<int:plan_id>/dashboard/", reports.dashboard, name="dashboard"),
    path("plans/<int:plan_id>/export.xlsx", reports.export_xlsx, name="export_xlsx"),
    path("plans/<int:plan_id>/export.csv", reports.export_csv, name="export_csv"),
]
