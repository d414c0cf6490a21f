from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    name = "licensing"
    verbose_name = _("Licensing")

    def ready(self) -> None:
        from . import dashboard_sections, demo, extensions, navigation  # noqa: F401 - dashboard_sections registers the cases area

        extensions.register_demo_seeder("licensing.demo", demo.seed, order=10)

        # The register (licensing.views.register).
        navigation.register(_("Licences"), "licensing:licence_list", order=20)
        navigation.register(_("Holders"), "licensing:holder_list", order=30)
        navigation.register(_("Persons"), "licensing:person_list", order=40)
