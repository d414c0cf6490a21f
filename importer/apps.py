from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImporterConfig(AppConfig):
    """The register import and the synthetic data generator (layer 3)."""

    name = "importer"
    verbose_name = _("Register import")
