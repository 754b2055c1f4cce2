"""URLs of the measures app: entry (plan page, measures, progress, evidence), planning
(next year's plan, suggested measures) and reports (dashboard, export)."""

from django.urls import include, path

app_name = "measures"

urlpatterns = [
    path("", include("measures.urls_entry")),
    path("", include("measures.urls_planning")),
    path("", include("measures.urls_reports")),
]
