"""The ITAS answer sheet, the checklist and the public OIT page."""

from django.urls import path

from oit.views import export

urlpatterns = [
    # Members of the agency (and its province's overseer): the year's answers to copy into ITAS.
    path("agencies/<int:agency_id>/oit/<int:fiscal_year>/itas.xlsx", export.itas_xlsx, name="itas_xlsx"),
    path("agencies/<int:agency_id>/oit/<int:fiscal_year>/itas.csv", export.itas_csv, name="itas_csv"),
    path("agencies/<int:agency_id>/oit/<int:fiscal_year>/checklist/", export.checklist, name="checklist"),
]
