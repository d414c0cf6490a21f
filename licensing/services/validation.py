"""One error type for every refusal: model validation errors become a ``DomainError``.

Services call ``full_clean_or_raise(obj)`` before saving. Callers (views, the API, the
register import, management commands) then only catch ``DomainError``; views spread
``InvalidData.errors`` over the form's fields (see ``licensing.forms.errors.add_domain_error``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import router
from django.db.models import CheckConstraint, Model, Q

from licensing.errors import DomainError


class InvalidData(DomainError):
    """The data breaks one or more validation rules; ``errors`` maps field -> messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        first_field = next(iter(errors))
        super().__init__(
            " ".join(message for messages in errors.values() for message in messages),
            field=None if first_field == NON_FIELD_ERRORS else first_field,
        )


def full_clean_or_raise(obj: Model, *, exclude: Iterable[str] | None = None) -> None:
    """``obj.full_clean()`` (fields, ``clean()``, unique checks, constraints), raising
    ``InvalidData``.

    The same steps, order, exclusions and messages as Django's ``Model.full_clean``; only a
    check constraint whose condition compares plain field values with constants (``exact``,
    ``in``, ``isnull``, combined with AND, OR and NOT) is evaluated here, with SQL's
    three-valued logic, instead of in a query of its own inside a savepoint (two round trips
    each; docs/adr/0219). Any other constraint is validated by Django as before. The
    database enforces every constraint on save in any case."""
    exclude = set(exclude or ())
    errors: dict = {}
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    exclude |= {name for name in errors if name != NON_FIELD_ERRORS}
    try:
        validate_constraints(obj, exclude=exclude)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        exc = ValidationError(errors)
        raise InvalidData(
            {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
        )


def validate_constraints(obj: Model, *, exclude: set[str]) -> None:
    """``obj.validate_constraints(exclude)``, with the simple check constraints evaluated in
    Python (``_check_in_python``) and the others by Django."""
    using = router.db_for_write(type(obj), instance=obj)
    errors: dict = {}
    for model_class, constraints in obj.get_constraints():
        for constraint in constraints:
            try:
                holds = _check_in_python(constraint, model_class, obj, exclude)
                if holds is _UNSUPPORTED:
                    constraint.validate(model_class, obj, exclude=exclude, using=using)
                elif holds is False:
                    raise ValidationError(
                        constraint.get_violation_error_message(),
                        code=constraint.violation_error_code,
                    )
            except ValidationError as exc:
                if getattr(exc, "code", None) == "unique" and len(constraint.fields) == 1:
                    errors.setdefault(constraint.fields[0], []).append(exc)
                else:
                    errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


_UNSUPPORTED = object()
_PLAIN_TYPES = {
    "CharField": str,
    "TextField": str,
    "SlugField": str,
    "BooleanField": bool,
    "IntegerField": int,
    "SmallIntegerField": int,
    "BigIntegerField": int,
    "PositiveIntegerField": int,
    "PositiveSmallIntegerField": int,
    "PositiveBigIntegerField": int,
}


class _Unsupported(Exception):
    pass


def _check_in_python(constraint, model_class, obj: Model, exclude: set[str]):
    """True or False when ``constraint`` is a simple check constraint (a NULL result
    passes, as ``Coalesce(condition, True)`` does in Django's check; so does a condition
    naming an excluded field, which Django skips); ``_UNSUPPORTED`` otherwise."""
    if type(constraint) is not CheckConstraint:
        return _UNSUPPORTED
    meta = model_class._meta
    if any(field.generated for field in meta.local_concrete_fields):
        return _UNSUPPORTED
    fields = {f.name: f for f in meta.local_concrete_fields if f.name not in exclude}
    if "pk" not in exclude:
        fields["pk"] = meta.pk
    try:
        result = _evaluate(Q(constraint.condition), obj, fields, meta)
    except _Unsupported:
        return _UNSUPPORTED
    except _Skipped:
        return True
    return result is not False


class _Skipped(Exception):
    pass


def _evaluate(node, obj: Model, fields: dict, meta):
    """``node`` (a ``Q`` or a ``(lookup, value)`` child) as True, False or None (NULL)."""
    if isinstance(node, Q):
        if node.connector not in (Q.AND, Q.OR):
            raise _Unsupported
        results = [_evaluate(child, obj, fields, meta) for child in node.children]
        if node.connector == Q.AND:
            value = False if False in results else (None if None in results else True)
        else:
            value = True if True in results else (None if None in results else False)
        if node.negated:
            value = None if value is None else not value
        return value
    if not isinstance(node, tuple) or len(node) != 2:
        raise _Unsupported
    lookup, rhs = node
    name, _sep, kind = lookup.partition("__")
    kind = kind or "exact"
    if "__" in kind or kind not in ("exact", "in", "isnull"):
        raise _Unsupported
    if name not in fields:
        # Excluded (or not a local column): Django's check raises FieldError and skips it.
        raise _Skipped
    field = fields[name]
    value = getattr(obj, field.attname)
    if kind == "exact" and rhs is None:
        kind, rhs = "isnull", True
    if kind == "isnull":
        if not isinstance(rhs, bool):
            raise _Unsupported
        return (value is None) == rhs
    plain = _PLAIN_TYPES.get(field.get_internal_type())
    if plain is None or hasattr(rhs, "resolve_expression"):
        raise _Unsupported
    constants = list(rhs) if kind == "in" else [rhs]
    if (
        not constants
        or any(
            type(c) is not plain and not (plain is str and isinstance(c, str)) for c in constants
        )
        or (value is not None and not _is_plain(value, plain))
    ):
        raise _Unsupported
    if value is None:
        return None
    return value in constants


def _is_plain(value, plain) -> bool:
    if plain is str:
        return isinstance(value, str)
    return type(value) is plain
