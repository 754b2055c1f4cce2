from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "บัญชีผู้ใช้"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts.session import on_login

        user_logged_in.connect(on_login, dispatch_uid="accounts.session.on_login")
