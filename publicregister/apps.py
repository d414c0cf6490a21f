from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicRegisterConfig(AppConfig):
    name = "publicregister"
    verbose_name = _("Public register")

    def ready(self) -> None:
        from . import cache

        cache.connect_signals()
