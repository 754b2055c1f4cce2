"""URLs: import results from spreadsheets (an agency's OIT item table; a results sheet of many agencies)."""

from django.urls import path

from assessments.views import import_jobs, imports, onboarding

urlpatterns: list = [
    path("agencies/<int:agency_id>/results/import/", imports.import_items, name="import_items"),
    path("results/import/", imports.import_results, name="import_results"),
    path("agencies/onboard/", onboarding.onboard_agencies, name="onboard_agencies"),
    path("imports/<int:job_id>/", import_jobs.import_job, name="import_job"),
    path("imports/<int:job_id>/action/", import_jobs.import_job_action, name="import_job_action"),
]
