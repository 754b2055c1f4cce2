"""URLs: analysis of an assessment, an agency's results by year, the province comparison and its XLSX."""

from django.urls import path

from assessments.views import analysis

urlpatterns = [
    path("agencies/<int:agency_id>/results/", analysis.assessment_list, name="list"),
    path("agencies/<int:agency_id>/results/<int:fiscal_year>/", analysis.analysis_page, name="analysis"),
    path("provinces/<str:province>/results/<int:fiscal_year>/", analysis.comparison_page, name="comparison"),
    path(
        "provinces/<str:province>/results/<int:fiscal_year>/export.xlsx",
        analysis.comparison_export,
        name="comparison_xlsx",
    ),
]
