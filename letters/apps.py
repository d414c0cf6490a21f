from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    label = "letters"
    verbose_name = _("Letters")

    def ready(self) -> None:
        from licensing import navigation

        navigation.register(_("Letters"), "letters:letter_list", order=70)
