"""URLs of the OIT app: the agency's workspace, and what is exported or published from it."""

from django.urls import include, path

app_name = "oit"

urlpatterns = [
    path("", include("oit.urls_workspace")),
    path("", include("oit.urls_public")),
]
