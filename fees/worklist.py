"""The fee years the dashboard lists, found by the database (docs/adr/0214).

``selectors.fee_rows`` computes every licence-year of the municipality with
``rules.fee_outcome`` (for 20,000 licences about 34,500 outcomes, seconds). The dashboard
shows the number of fee years with a sales report missing after its deadline or a fee
unpaid after its due date, and the first ten of them. Here the database finds which
licence-years those are, in the order of ``fee_rows`` (licence number, id, year); only the
few shown are then computed by ``fee_rows`` and ``fee_outcome`` as before.

- *Missing report* needs no arithmetic: a yearly licence held in the year (the days of
  ``rules.held_days``, an ended licence up to its last change to an ended status), no
  actual report, no estimate, and today after the deadline of the year's policy.
- *Unpaid* compares what is paid with what was due by today, which the database computes
  with the arithmetic of ``rules.fee_outcome`` in whole øre and kroner: the volume fee
  ``(sum of litres x rate in øre + 50) // 100`` (``rules.volume_fee``), at least the
  year's minimum; the instalments of the charged fee whose dates have passed (the rest of
  ``rules.instalments``); the settlement once its date has passed. That is exact when the
  year's rates are whole øre and the municipality does not prorate the minimum (the
  national rates are). Otherwise (``_exact`` false) the municipality's licence-years are
  computed by ``fee_rows`` as before: slower, never different.

Tests compare both lists with ``fee_rows`` on a varied register.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    BigIntegerField,
    Case,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest
from django.db.models.lookups import GreaterThan

from licensing.models import Licence, LicenceStatusChange

from . import rules, selectors
from .models import FeePayment, FeeYear

Key = tuple[int, int]  # (licence id, year)


def _policies(municipality_ids: list[int], years: list[int]) -> dict[tuple[int, int], rules.Policy]:
    """The fee policy of each municipality and year (``selectors.policy_for_year``). One
    query."""
    return selectors.policies_by_year(municipality_ids, years)


def _held(year: int, prefix: str = "") -> Q:
    """Licences with a fee row for ``year`` in ``fee_rows``: a yearly licence held at least
    one day of it (``rules.held_days`` from ``valid_from`` to its end), or a per-occasion
    licence granted in it. ``prefix``: the path to the licence (``"licence__"`` from a fee
    year)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    pk = OuterRef(f"{prefix}pk" if prefix else "pk")
    ended = LicenceStatusChange.objects.filter(licence_id=pk, to_status__in=selectors.ENDED)
    # An ended licence ends on its last change to an ended status, if before valid_to:
    # held in the year when that change is on or after both 1 January and valid_from.
    since = Q(changed_on__gte=OuterRef(f"{prefix}valid_from"))
    end_in_time = (
        ~Q(**{f"{prefix}status__in": selectors.ENDED})
        | ~Q(Exists(ended))
        | Q(Exists(ended.filter(Q(changed_on__gte=first), since)))
    )
    yearly = (
        Q(
            **{
                f"{prefix}kind__in": selectors.YEARLY_KINDS,
                f"{prefix}valid_from__lte": last,
                f"{prefix}valid_to__gte": first,
            }
        )
        & Q(**{f"{prefix}valid_from__lte": F(f"{prefix}valid_to")})
        & end_in_time
    )
    occasion = Q(
        **{
            f"{prefix}kind__in": sorted(rules.PER_OCCASION_KINDS),
            f"{prefix}granted_on__gte": first,
            f"{prefix}granted_on__lte": last,
        }
    )
    return yearly | occasion


def _ordered_query(on_file: Q, without_year: dict[int, tuple[Q, Q]]):
    """The (licence id, licence number, year) of the fee years meeting ``on_file`` and of
    the licences without a fee year of ``year`` meeting both conditions of
    ``without_year[year]``, ordered as ``fee_rows`` (licence number, id, year): a union
    ordered by the database.

    ``without_year[year]`` is (conditions on the licence's own columns, ``_held``): the
    database tests them in that order with "no fee year" between them, so that the
    correlated subqueries of ``_held`` run only for the few licences without a fee year
    (docs/adr/0232)."""
    parts = [
        FeeYear.objects.alias(
            expected=FilteredRelation("reports", condition=Q(reports__kind="expected")),
            actual=FilteredRelation("reports", condition=Q(reports__kind="actual")),
        )
        .filter(on_file)
        .order_by()
        .values_list("licence_id", "licence__number", "year")
    ]
    for year, (columns, held) in without_year.items():
        none = ~Q(Exists(FeeYear.objects.filter(licence_id=OuterRef("pk"), year=year)))
        parts.append(
            Licence.objects.filter(columns & none & held)
            .order_by()
            .values_list("pk", "number", Value(year, output_field=IntegerField()))
        )
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return query.order_by("licence__number", "licence_id", "year")


# Compiled SQL of the worklist's queries by everything it is built from (docs/adr/0233).
_COMPILED: OrderedDict[tuple, tuple[str, tuple] | None] = OrderedDict()
_COMPILED_MAX = 64
_compiled_lock = threading.Lock()
_NOT_KEPT = object()


def _rates_key(rates: dict[int, rules.Rates]) -> tuple:
    """Every value of the rates as a hashable key (``Rates`` holds dicts)."""
    return tuple(
        (
            year,
            r.year,
            tuple(sorted(r.sales.items())),
            tuple(sorted(r.serving.items())),
            r.sales_minimum,
            r.serving_minimum,
            tuple(sorted(r.per_occasion.items())),
        )
        for year, r in sorted(rates.items())
    )


def _cache_key(name, municipality_ids, years, today, rates, policies) -> tuple:
    """What the SQL of ``name`` (``missing`` or ``unpaid``) depends on: the database, the
    municipalities, the years, the day, the rates and the policies; nothing else (the
    conditions are built from these and the module's constants only)."""
    return (
        name,
        FeeYear.objects.db,
        connections[FeeYear.objects.db].vendor,
        tuple(municipality_ids),
        tuple(years),
        today,
        _rates_key(rates),
        tuple(policies.get((mid, year)) for mid in municipality_ids for year in years),
    )


def _exact_inputs(name, municipality_ids, years, today, rates, policies) -> tuple:
    """The years in order, the rates and policies (read when not given) and the key under
    which the SQL of ``name`` is kept: None when the database does not compute every
    municipality's fees exactly (``_all_exact``; the SQL then depends on rows read)."""
    years = sorted(years)
    if rates is None:
        rates = selectors.rates_for(years)
    if policies is None:
        policies = _policies(municipality_ids, years)
    key = (
        _cache_key(name, municipality_ids, years, today, rates, policies)
        if _all_exact(municipality_ids, years, rates, policies)
        else None
    )
    return years, rates, policies, key


def _compiled_rows(build: Callable[[], QuerySet], key: tuple | None) -> list[tuple]:
    """The rows of the ``values_list`` query ``build()`` as the driver returns them: one
    query. The worklist's queries are large (the unpaid one has the fee arithmetic) and
    building and compiling them took about 15 ms of the dashboard, the same each time for
    the same ``key``: their SQL and parameters are kept by ``key`` (the last
    ``_COMPILED_MAX``) and run as they are (docs/adr/0233). The rows are ints and the
    licence number, as Django returns them. ``key`` None: built every time (conditions
    that depend on rows read, see ``unpaid_keys``)."""
    compiled = _NOT_KEPT
    if key is not None:
        with _compiled_lock:
            compiled = _COMPILED.get(key, _NOT_KEPT)
            if compiled is not _NOT_KEPT:
                _COMPILED.move_to_end(key)
    if compiled is _NOT_KEPT:
        query = build()
        try:
            sql, params = query.query.get_compiler(query.db).as_sql()
            compiled = (sql, tuple(params))
        except EmptyResultSet:  # no year with rates: nothing is listed
            compiled = None
        if key is not None:
            with _compiled_lock:
                _COMPILED[key] = compiled
                while len(_COMPILED) > _COMPILED_MAX:
                    _COMPILED.popitem(last=False)
    if compiled is None:
        return []
    sql, params = compiled
    with connections[FeeYear.objects.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _ordered_keys(
    conditions: Callable[[], tuple[Q, dict[int, tuple[Q, Q]]]], key: tuple | None
) -> list[Key]:
    """The keys of ``_ordered_query(*conditions())``: one query (``_compiled_rows``)."""
    rows = _compiled_rows(lambda: _ordered_query(*conditions()), key)
    return [(pk, year) for pk, _number, year in rows]


# The tags of ``_tagged_query``'s rows: which lists a licence-year is in.
MISSING, UNPAID = 1, 2


def _tag(missing: Q, unpaid: Q) -> Case:
    """``MISSING | UNPAID`` of a row meeting ``missing | unpaid``, testing ``missing``
    first: ``unpaid`` is tested only for rows meeting ``missing`` (the database tested it
    in the ``WHERE`` for the others, which meet it when they do not meet ``missing``), so
    the fee arithmetic runs once for each fee year."""
    both, one = Value(MISSING | UNPAID), Value(MISSING)
    return Case(
        When(missing, then=Case(When(unpaid, then=both), default=one)),
        default=Value(UNPAID),
        output_field=IntegerField(),
    )


def _tagged_query(
    municipality_ids: list[int],
    years: list[int],
    on_missing: Q,
    without_missing: dict[int, tuple[Q, Q]],
    on_unpaid: Q,
    without_unpaid: dict[int, tuple[Q, Q]],
):
    """``_ordered_query`` of both lists in one (``_missing_conditions``,
    ``_unpaid_conditions``), each row with its ``_tag``: the fee years of the
    municipality are read once, not once for each list, and so are its licences without
    a fee year (docs/adr/0233). The second part of both lists' ``without_year[year]`` is
    ``_held(year)``.

    ``municipality_ids`` and ``years`` (the years with rates) are implied by every
    condition; given on their own, the database reads the fee years by year and the
    licences by municipality (an ``OR`` of conditions uses no index)."""
    parts = [
        FeeYear.objects.alias(
            expected=FilteredRelation("reports", condition=Q(reports__kind="expected")),
            actual=FilteredRelation("reports", condition=Q(reports__kind="actual")),
        )
        .filter(year__in=years, licence__municipality_id__in=municipality_ids)
        .filter(on_missing | on_unpaid)
        .annotate(tag=_tag(on_missing, on_unpaid))
        .order_by()
        .values_list("licence_id", "licence__number", "year", "tag")
    ]
    for year in sorted(set(without_missing) | set(without_unpaid)):
        columns_missing, held = without_missing.get(year, (Q(pk__in=[]), None))
        columns_unpaid, held_unpaid = without_unpaid.get(year, (Q(pk__in=[]), None))
        held = held if held is not None else held_unpaid
        none = ~Q(Exists(FeeYear.objects.filter(licence_id=OuterRef("pk"), year=year)))
        parts.append(
            Licence.objects.filter(municipality_id__in=municipality_ids)
            .filter((columns_missing | columns_unpaid) & none & held)
            .annotate(tag=_tag(columns_missing, columns_unpaid))
            .order_by()
            .values_list("pk", "number", Value(year, output_field=IntegerField()), "tag")
        )
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return query.order_by("licence__number", "licence_id", "year")


def dashboard_keys(
    municipality_ids: list[int], years: Iterable[int], today: dt.date, rates=None, policies=None
) -> dict[str, list[Key]]:
    """``{"missing": missing_report_keys(...), "unpaid": unpaid_keys(...)}`` reading the
    rates and policies once and both lists in one query (``_tagged_query``): 3 queries, 1
    with ``rates`` and ``policies`` given (and ``fee_rows``'s for a municipality whose fees
    the database does not compute exactly, see ``unpaid_keys``)."""
    years, rates, policies, key = _exact_inputs(
        "dashboard", municipality_ids, years, today, rates, policies
    )

    def build():
        return _tagged_query(
            municipality_ids,
            [year for year in years if year in rates],
            *_missing_conditions(municipality_ids, years, today, rates, policies),
            *_unpaid_conditions(municipality_ids, years, today, rates, policies),
        )

    found: dict[str, list[Key]] = {"missing": [], "unpaid": []}
    for pk, _number, year, tag in _compiled_rows(build, key):
        if tag & MISSING:
            found["missing"].append((pk, year))
        if tag & UNPAID:
            found["unpaid"].append((pk, year))
    return found


def missing_report_keys(
    municipality_ids: list[int], years: Iterable[int], today: dt.date, rates=None, policies=None
) -> list[Key]:
    """The licence-years of ``fee_rows`` (with rates loaded) whose sales report is missing
    after its deadline and not set by estimate (yearly licences held in the year, no actual
    report, no estimate, the deadline of the year's policy passed), in ``fee_rows`` order.
    3 queries (1 with ``rates`` and ``policies`` given)."""
    years = sorted(years)
    if rates is None:
        rates = selectors.rates_for(years)
    if policies is None:
        policies = _policies(municipality_ids, years)
    key = _cache_key("missing", municipality_ids, years, today, rates, policies)
    return _ordered_keys(
        lambda: _missing_conditions(municipality_ids, years, today, rates, policies), key
    )


def _missing_conditions(municipality_ids, years, today, rates, policies):
    """``missing_report_keys``'s conditions for ``_ordered_query``."""
    on_file, without_year = Q(pk__in=[]), {}
    for year in years:
        if year not in rates:
            continue
        passed = [
            mid
            for mid in municipality_ids
            if today > rules.actual_deadline(year, policies[(mid, year)])
        ]
        if not passed:
            continue
        # The dates of ``_held`` for a yearly licence, tested before "no fee year" (implied
        # by ``_held``, docs/adr/0233).
        without_year[year] = (
            Q(
                kind__in=selectors.YEARLY_KINDS,
                municipality_id__in=passed,
                valid_from__lte=dt.date(year, 12, 31),
                valid_to__gte=dt.date(year, 1, 1),
            ),
            _held(year),
        )
        # ``_held`` last: the database tests it only for the fee years without a report or
        # an estimate (in ``dashboard_keys`` it is then not tested twice for the others).
        on_file |= (
            Q(year=year, licence__kind__in=selectors.YEARLY_KINDS)
            & Q(licence__municipality_id__in=passed)
            & Q(estimate__isnull=True)
            & ~Q(
                Exists(
                    FeeYear.reports.rel.related_model.objects.filter(
                        fee_year_id=OuterRef("pk"), kind="actual"
                    )
                )
            )
            & _held(year, "licence__")
        )
    return on_file, without_year


# Unpaid ----------------------------------------------------------------------------------


def _ore(rates: rules.Rates) -> dict[str, tuple[tuple[int, int], ...]] | None:
    ore = rates._ore  # noqa: SLF001
    if ore["sales"] is None or ore["serving"] is None:
        return None
    return ore


def _exact(rates: rules.Rates, policy: rules.Policy) -> bool:
    """Whether the database computes the fees of this year and policy exactly: rates in
    whole øre, the minimum not prorated."""
    return _ore(rates) is not None and not policy.prorate_minimum


BIG = BigIntegerField()


def _litres_fee(ore: tuple[tuple[int, int], ...], minimum: int, prefix: str):
    """The volume fee in kroner of a report's (or estimate's) litres: the integer
    arithmetic of ``rules.volume_fee`` (øre, half up to kroner), at least ``minimum``."""
    total = Value(0, output_field=BIG)
    for group, rate in ore:
        litres = Cast(F(f"{prefix}__litres_{group}"), BIG)
        total = total + litres * Value(rate, output_field=BIG)
    variable = ExpressionWrapper(
        (total + Value(50, output_field=BIG)) / Value(100, output_field=BIG), output_field=BIG
    )
    return Greatest(variable, Value(minimum, output_field=BIG))


def _fee(rates: rules.Rates, prefix: str):
    """The volume fee (kroner) of the fee year's joined ``prefix`` row (a report or the
    estimate) by the licence's kind of fee; NULL when there is no such row."""
    ore = _ore(rates)
    return Case(
        When(**{f"{prefix}__isnull": True}, then=None),
        When(
            licence__kind="sales",
            then=_litres_fee(ore["sales"], int(rules.round_kroner(rates.minimum("sales"))), prefix),
        ),
        default=_litres_fee(
            ore["serving"], int(rules.round_kroner(rates.minimum("serving"))), prefix
        ),
        output_field=BIG,
    )


def _due_now(year: int, rates: rules.Rates, policy: rules.Policy, today: dt.date):
    """What ``rules.fee_outcome`` has due by ``today`` for a yearly fee year of ``year``
    (kroner): the passed instalments of the charged fee (``rules.instalments``: equal
    whole-kroner parts, the last takes the rest), plus the settlement (the final fee less
    the fee charged, or the final fee if nothing was charged) once it is due, not below
    zero."""
    charged = _fee(rates, "expected")
    final = Case(
        When(actual__isnull=False, then=_fee(rates, "actual")),
        default=_fee(rates, "estimate"),
        output_field=BIG,
    )
    dates = [rules.due_date(year, md) for md in policy.payment_due] or [dt.date(year, 12, 31)]
    zero = Value(0, output_field=BIG)
    settle = rules.settlement_due_on(year, policy) < today
    if all(on < today for on in dates):
        # Every instalment has passed: they sum to the fee charged, and with the settlement
        # (final - charged, or final when nothing was charged) to the final fee.
        instalments = Coalesce(charged, zero, output_field=BIG)
        if not settle:
            return instalments
        return Case(
            When(Q(actual__isnull=True, estimate__isnull=True), then=instalments),
            default=Greatest(final, zero),
            output_field=BIG,
        )
    count = len(dates)
    part = ExpressionWrapper(charged / Value(count, output_field=BIG), output_field=BIG)
    instalments = Value(0, output_field=BIG)
    passed_early = sum(1 for on in dates[:-1] if on < today)
    if passed_early:
        instalments = instalments + part * Value(passed_early, output_field=BIG)
    if dates[-1] < today:
        instalments = instalments + (charged - part * Value(count - 1, output_field=BIG))
    instalments = Coalesce(instalments, zero, output_field=BIG)
    if not settle:
        return instalments
    settlement = Coalesce(final - charged, final, output_field=BIG)
    return Case(
        When(Q(actual__isnull=True, estimate__isnull=True), then=instalments),
        default=Greatest(instalments + settlement, Value(0, output_field=BIG)),
        output_field=BIG,
    )


# Paid and due are in kroner and øre: paid < due exactly when paid < due - half an øre,
# whatever rounding the database's sum of decimals (SQLite: floating point) brings.
HALF_ORE = Decimal("0.005")
MONEY = DecimalField(max_digits=16, decimal_places=3)


def _paid_below(due) -> Q:
    """The fee year's payments sum to less than ``due`` (kroner)."""
    paid = (
        FeePayment.objects.filter(fee_year_id=OuterRef("pk"))
        .order_by()
        .values("fee_year_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    limit = ExpressionWrapper(due - Value(HALF_ORE), output_field=MONEY)
    return Q(
        GreaterThan(
            limit,
            Coalesce(Subquery(paid, output_field=MONEY), Value(Decimal(0)), output_field=MONEY),
        )
    )


def unpaid_keys(
    municipality_ids: list[int], years: Iterable[int], today: dt.date, rates=None, policies=None
) -> list[Key]:
    """The licence-years of ``fee_rows`` (with rates loaded) whose fee is unpaid after its
    due date (``FeeOutcome.unpaid``: paid less than due by today), in ``fee_rows`` order.
    3 queries (1 with ``rates`` and ``policies`` given), and ``fee_rows``'s 8 for each
    municipality and year whose fees the database does not compute exactly (``_exact``)."""
    years, rates, policies, key = _exact_inputs(
        "unpaid", municipality_ids, years, today, rates, policies
    )
    return _ordered_keys(
        lambda: _unpaid_conditions(municipality_ids, years, today, rates, policies), key
    )


def _all_exact(municipality_ids, years, rates, policies) -> bool:
    """Whether the database computes every fee of these municipalities and years exactly
    (``_exact``). Otherwise the unpaid fee years of the others are read (``fee_rows``)
    and listed in the conditions, whose SQL is then not kept."""
    return all(
        _exact(rates[year], policies[(mid, year)])
        for year in years
        if year in rates
        for mid in municipality_ids
    )


def _unpaid_conditions(municipality_ids, years, today, rates, policies):
    """``unpaid_keys``'s conditions for ``_ordered_query`` (with ``fee_rows``'s queries for
    the municipalities and years whose fees the database does not compute exactly)."""
    on_file, without_year = Q(pk__in=[]), {}
    for year in years:
        year_rates = rates.get(year)
        if year_rates is None:
            continue
        # A per-occasion licence without a fee year has paid nothing of its amount.
        amounts = {
            kind: rules.round_kroner(amount)
            for kind, amount in year_rates.per_occasion.items()
            if kind in rules.PER_OCCASION_KINDS and amount is not None
        }
        owing = [kind for kind, amount in sorted(amounts.items()) if amount > 0]
        # ``owing`` are per-occasion kinds: ``_held`` is their grant in the year, tested
        # before "no fee year" (docs/adr/0233).
        granted = Q(granted_on__gte=dt.date(year, 1, 1), granted_on__lte=dt.date(year, 12, 31))
        without_year[year] = (
            Q(municipality_id__in=municipality_ids, kind__in=owing) & granted,
            _held(year),
        )
        by_policy: dict[rules.Policy, list[int]] = defaultdict(list)
        for mid in municipality_ids:
            by_policy[policies[(mid, year)]].append(mid)
        for policy, ids in by_policy.items():
            in_scope = Q(year=year, licence__municipality_id__in=ids) & _held(year, "licence__")
            if not _exact(year_rates, policy):
                unpaid = [
                    row.fee_year_id
                    for row in selectors.fee_rows(municipality_ids=ids, years=[year], today=today)
                    if row.outcome.unpaid and row.fee_year_id is not None
                ]
                on_file |= Q(pk__in=unpaid)
                continue
            yearly = Q(licence__kind__in=selectors.YEARLY_KINDS) & _paid_below(
                _due_now(year, year_rates, policy, today)
            )
            occasions = Q(pk__in=[])
            for kind, amount in amounts.items():
                occasions |= Q(licence__kind=kind) & _paid_below(Value(amount, output_field=MONEY))
            on_file |= in_scope & (yearly | occasions)
    return on_file, without_year
