"""URLs: entering results by hand."""

from django.urls import path

from assessments.views import results

urlpatterns = [
    path("agencies/<int:agency_id>/results/new/", results.results_new, name="results_new"),
    path("agencies/<int:agency_id>/results/<int:fiscal_year>/edit/", results.results_edit, name="results_edit"),
]
