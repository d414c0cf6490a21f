"""DRF's JSON parser, refusing hostile JSON with a JSON 400 (never an HTML 500): nesting
deeper than ``JSON_MAX_DEPTH`` (the decoder's RecursionError, or a value that would raise
it later) and NUL characters anywhere in strings or keys (licensing.validators.json_problem)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers

from licensing.validators import JSON_MAX_DEPTH, json_problem


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(
                _("The JSON is nested too deeply (at most %(max)s levels).")
                % {"max": JSON_MAX_DEPTH}
            ) from None
        problem = json_problem(data)
        if problem is not None:
            path, _message = problem
            if "NUL" in _message:
                message = _("%(path)s: NUL characters (\\u0000) are not allowed.")
            else:
                message = _("%(path)s: the JSON is nested too deeply (at most %(max)s levels).")
            raise exceptions.ParseError(message % {"path": path, "max": JSON_MAX_DEPTH})
        return data
