from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from ita_portal import health, views

admin.site.site_header = "ITA Portal – ผู้ดูแลระบบ"
admin.site.site_title = "ITA Portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", health.health, name="health"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("measures.urls")),
    path("", include("assessments.urls")),
    path("", include("reports.urls")),
    path("", include("oit.urls")),
    path("", include("members.urls")),
    path("", include("accounts.urls")),
    path("", include("notifications.urls")),
    path("", include("linechannel.urls")),
    path("admin/", admin.site.urls),
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
]

handler400 = "ita_portal.views.bad_request"
