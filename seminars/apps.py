from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeminarsConfig(AppConfig):
    name = "seminars"
    verbose_name = _("Seminars")

    def ready(self) -> None:
        from licensing import dashboard, extensions, navigation

        from . import dashboard as sections
        from . import demo, panels, reminders

        extensions.register_demo_seeder("seminars.demo", demo.seed, order=20)

        navigation.register(_("Seminars"), "seminars:session_list", order=40)
        extensions.register_licence_panel(panels.licence_panel)
        extensions.register_licence_list_filter(panels.SEMINAR_FILTER)
        extensions.register_reminder_job("seminars", reminders.remind_seminar_holders, order=20)
        extensions.register_officer_digest_source(
            "seminars.overdue", reminders.overdue_seminar_items, order=30
        )
        for provider, order in sections.PROVIDERS:
            dashboard.register(provider, order=order)
