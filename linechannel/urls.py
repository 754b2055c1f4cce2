"""URLs of the LINE channel: the user's LINE page (link, code, unlink) and LINE's webhook (public, signed)."""

from django.urls import path

from linechannel import views

app_name = "linechannel"

urlpatterns = [
    path("line/", views.link_page, name="link"),
    path("line/code/", views.link_code_new, name="code"),
    path("line/unlink/", views.unlink, name="unlink"),
    path("line/webhook/", views.webhook, name="webhook"),
]
