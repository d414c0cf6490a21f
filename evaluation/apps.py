from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    """The rule evaluation over every app's facts (layer 3: above inspections and seminars)."""

    name = "evaluation"
    verbose_name = _("Rule evaluation")
