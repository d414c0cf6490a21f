"""Letters (/brev/): preview, issue and download, for case officers."""

from django.urls import path, register_converter

from . import views
from .models import LetterKind
from .sources import SLUG_PATTERN


class SourceConverter:
    """The URL segment of a record type (``vedtak``, ``prikker``, ...); others are 404."""

    regex = SLUG_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class KindConverter(SourceConverter):
    regex = "|".join(LetterKind.values)


register_converter(SourceConverter, "letter_source")
register_converter(KindConverter, "letter_kind")

app_name = "letters"

urlpatterns = [
    path("", views.letter_list, name="letter_list"),
    path("<int:pk>/last-ned/", views.letter_download, name="download"),
    # The contract of the decision page (docs/letters.md): its letter, by decision id.
    path("vedtak/<int:pk>/", views.source_letters, {"source": "vedtak"}, name="decision_letter"),
    path("<letter_source:source>/<int:pk>/", views.source_letters, name="source"),
    path(
        "<letter_source:source>/<int:pk>/forhandsvisning/<letter_kind:kind>/",
        views.letter_preview,
        name="preview",
    ),
    path("<letter_source:source>/<int:pk>/utsted/", views.letter_issue, name="issue"),
]
