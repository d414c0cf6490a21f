from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeesConfig(AppConfig):
    name = "fees"
    verbose_name = _("Fees and sales reports")

    def ready(self) -> None:
        from licensing import dashboard, navigation
        from licensing.extensions import (
            register_demo_seeder,
            register_licence_panel,
            register_officer_digest_source,
        )

        from . import dashboard as sections
        from . import demo, reminders
        from .panels import licence_fees_panel

        register_demo_seeder("fees.demo", demo.seed, order=40)
        navigation.register(_("Fees"), "fees:overview", order=70)
        for provider, order in sections.PROVIDERS:
            dashboard.register(provider, order=order)
        for provider, order in sections.MINE_PROVIDERS:
            dashboard.register_mine(provider, order=order)
        register_officer_digest_source("fees.overdue", reminders.overdue_fee_items, order=50)
        register_licence_panel(licence_fees_panel)
