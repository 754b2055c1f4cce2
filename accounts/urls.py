from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("account/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("account/password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("account/password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "account/password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("account/agency/", views.agency_pick, name="agency_pick"),
    path("account/two-factor/", views.two_factor, name="two_factor"),
    path("account/two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("account/two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("account/two-factor/disable/", views.two_factor_disable, name="two_factor_disable"),
]
