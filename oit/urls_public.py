"""The ITAS answer sheet, the checklist and the public OIT page."""

from django.urls import path

from oit.views import export, public

urlpatterns = [
    # Members of the agency (and its province's overseer): the year's answers to copy into ITAS.
    path("agencies/<int:agency_id>/oit/<int:fiscal_year>/itas.xlsx", export.itas_xlsx, name="itas_xlsx"),
    path("agencies/<int:agency_id>/oit/<int:fiscal_year>/itas.csv", export.itas_csv, name="itas_csv"),
    path("agencies/<int:agency_id>/oit/<int:fiscal_year>/checklist/", export.checklist, name="checklist"),
    # The coordinator turns the public page on or off.
    path("agencies/<int:agency_id>/oit/<int:fiscal_year>/publish/", public.publish, name="publish"),
    # Public, no login: by the workspace's token, and only while it is published.
    path("oit/p/<slug:token>/", public.public_page, name="public"),
    path("oit/p/<slug:token>/embed/", public.public_embed, name="public_embed"),
    path("oit/p/<slug:token>.json", public.public_feed, name="public_feed"),
    path(
        "oit/p/<slug:token>/documents/<int:memo_pk>/<slug:digest>.pdf",
        public.public_document,
        name="public_document",
    ),
]
