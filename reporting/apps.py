from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        from licensing import navigation
        from licensing.extensions import register_demo_seeder

        from . import demo

        register_demo_seeder("reporting.demo", demo.seed, order=50)
        navigation.register(_("Annual report"), "reporting:annual_report", order=80)
        navigation.register(_("Region"), "reporting:regional_overview", order=85)
