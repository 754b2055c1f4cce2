"""URLs: the ITA catalogue in the browser (system administrator): years, uploads, new years, drafts."""

from django.urls import path

from assessments.views import catalogue

urlpatterns = [
    path("catalogue/", catalogue.catalogue_list, name="catalogue"),
    path("catalogue/upload/", catalogue.catalogue_upload, name="catalogue_upload"),
    path("catalogue/new/", catalogue.catalogue_new, name="catalogue_new"),
    path("catalogue/<int:year>/", catalogue.catalogue_year, name="catalogue_year"),
    path("catalogue/<int:year>/edit/", catalogue.catalogue_year_edit, name="catalogue_year_edit"),
    path("catalogue/drafts/<int:pk>/", catalogue.catalogue_draft, name="catalogue_draft"),
    path("catalogue/drafts/<int:pk>/edit/", catalogue.catalogue_draft_edit, name="catalogue_draft_edit"),
    path("catalogue/drafts/<int:pk>/confirm/", catalogue.catalogue_draft_confirm, name="catalogue_draft_confirm"),
    path("catalogue/drafts/<int:pk>/discard/", catalogue.catalogue_draft_discard, name="catalogue_draft_discard"),
]
