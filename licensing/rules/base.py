"""What every rule returns: a ``RuleResult``, and the ``Flag`` a case officer sees.

Reasons and flag messages are plain ``str``, translated when the rule runs (with
``django.utils.translation.gettext`` and %-style named placeholders), so that a result
can be shown, logged or serialised without lazy-translation objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class RuleResult:
    """The outcome of one rule on one reference date.

    - ``code``: the rule's stable identifier (``not_inspected_this_year``).
    - ``outcome``: ``True``/``False`` for a yes/no rule, or a status string.
    - ``reasons``: human-readable sentences explaining the outcome, with the numbers and
      dates used.
    - ``legal_reference``: the legal source of the rule.
    - ``parameters``: the parameters and intermediate values the rule used.
    """

    code: str
    outcome: bool | str
    reasons: tuple[str, ...]
    legal_reference: str
    parameters: Mapping[str, object] = field(default_factory=dict, hash=False)


class Result(Protocol):
    """What ``RuleResult``, ``PointsResult`` and ``SeminarResult`` have in common."""

    @property
    def code(self) -> str: ...

    @property
    def outcome(self) -> bool | str: ...

    @property
    def reasons(self) -> tuple[str, ...]: ...

    @property
    def legal_reference(self) -> str: ...

    @property
    def parameters(self) -> Mapping[str, object]: ...


@dataclass(frozen=True, slots=True)
class Flag:
    """A reason a licence needs a case officer's attention.

    ``code`` is stable (see ``evaluate.FLAG_CODES``); ``message`` is a sentence with the
    numbers and dates; ``legal_reference`` names the source.
    """

    code: str
    message: str
    legal_reference: str
