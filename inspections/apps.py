from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("Inspections and penalty points")

    def ready(self) -> None:
        from licensing import dashboard, navigation
        from licensing.extensions import (
            register_demo_seeder,
            register_licence_list_filter,
            register_licence_panel,
            register_officer_digest_source,
        )

        from . import dashboard as sections
        from . import demo, reminders
        from .panels import POINTS_FILTER, licence_points_panel

        register_demo_seeder("inspections.demo", demo.seed, order=30)

        navigation.register(_("Inspections"), "inspections:report_list", order=60)
        for provider, order in sections.PROVIDERS:
            dashboard.register(provider, order=order)
        for provider, order in sections.MINE_PROVIDERS:
            dashboard.register_mine(provider, order=order)
        register_licence_panel(licence_points_panel)
        register_licence_list_filter(POINTS_FILTER)
        register_officer_digest_source(
            "inspections.reports", reminders.reports_not_sent_items, order=40
        )
        register_officer_digest_source(
            "inspections.notices", reminders.notices_ready_items, order=45
        )
