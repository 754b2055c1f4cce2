"""URLs of the assessments app: results entry, imports, analysis, the province comparison and the catalogue."""

from django.urls import include, path

app_name = "assessments"

urlpatterns = [
    path("", include("assessments.urls_results")),
    path("", include("assessments.urls_import")),
    path("", include("assessments.urls_analysis")),
    path("", include("assessments.urls_agency")),
    path("", include("assessments.urls_catalogue")),
]
