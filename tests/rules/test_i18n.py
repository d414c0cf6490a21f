"""Message templates are translated once per language and then reused."""

from django.utils import translation

from licensing.rules.i18n import Messages, messages


def test_messages_follow_the_active_language():
    with translation.override("en"):
        english = messages()
        assert english.language == translation.get_language()
        assert messages() is english
    with translation.override("nb"):
        assert messages().language == translation.get_language()


def test_templates_are_translated_once(monkeypatch):
    calls = []

    def fake_gettext(message):
        calls.append(message)
        return message.upper()

    monkeypatch.setattr(translation, "gettext", fake_gettext)
    tr = Messages("en")
    assert tr.gettext("%(points)s points") == "%(POINTS)S POINTS"
    assert tr.gettext("%(points)s points") == "%(POINTS)S POINTS"
    assert calls == ["%(points)s points"]


def test_plural_forms():
    tr = Messages("en")
    assert tr.ngettext("%(n)s point", "%(n)s points", 1) == "%(n)s point"
    assert tr.ngettext("%(n)s point", "%(n)s points", 2) == "%(n)s points"
    assert tr.ngettext("%(n)s point", "%(n)s points", 0) == "%(n)s points"
