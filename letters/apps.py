from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    label = "letters"
    verbose_name = _("Letters")

    def ready(self) -> None:
        from licensing import navigation
        from licensing.extensions import register_demo_seeder

        from . import demo

        navigation.register(_("Letters"), "letters:letter_list", order=70)
        register_demo_seeder("letters.demo", demo.seed, order=35)
