from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    name = "licensing"
    verbose_name = _("Licensing")

    def ready(self) -> None:
        from . import (  # noqa: F401 - checks registers the deploy checks
            checks,
            dashboard,
            dashboard_sections,
            demo,
            extensions,
            navigation,
        )

        extensions.register_demo_seeder("licensing.demo", demo.seed, order=10)
        extensions.register_demo_seeder("licensing.demo.assign_cases", demo.assign_cases, order=999)

        # Reminders by e-mail (manage.py send_reminders, licensing.reminders).
        from .reminders import digest, hearings

        extensions.register_reminder_job("hearings", hearings.remind_hearing_bodies, order=10)
        extensions.register_reminder_job("digest", digest.send_officer_digests, order=90)
        extensions.register_officer_digest_source(
            "licensing.hearings", digest.overdue_hearing_items, order=10
        )

        # The cases area (licensing.views.cases) and the base app's dashboard sections.
        navigation.register(_("Applications"), "licensing:application_list", order=15)
        for provider, order in dashboard_sections.PROVIDERS:
            dashboard.register(provider, order=order)
        for provider, order in dashboard_sections.MINE_PROVIDERS:
            dashboard.register_mine(provider, order=order)

        # The register (licensing.views.register).
        navigation.register(_("Licences"), "licensing:licence_list", order=20)
        navigation.register(_("Holders"), "licensing:holder_list", order=30)
        navigation.register(_("Persons"), "licensing:person_list", order=40)
