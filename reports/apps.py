from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "เอกสารและการอนุมัติ"

    def ready(self) -> None:
        from django.core import checks

        from reports.pdf import fonts

        # No PDF can be made without the font: say so at startup, not at the first download.
        checks.register(fonts.system_check)
