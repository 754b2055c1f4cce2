"""URLs: the agency's details (coordinator)."""

from django.urls import path

from assessments.views import agency

urlpatterns = [
    path("agencies/<int:agency_id>/settings/", agency.agency_settings, name="agency_settings"),
]
