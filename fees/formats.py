"""Files exchanged with other programs (formats fee-rates/1, sales-reports/1,
fee-statement/1, and the payment CSV). Parsing checks the whole file before anything is
written; an error names the JSON path (``reports[2].litres.3``) or the CSV line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from . import rules


class FormatError(Exception):
    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def load_json(text: str) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FormatError("$", _("not valid JSON (%(error)s)") % {"error": error}) from None
    if not isinstance(data, dict):
        raise FormatError("$", _("the file must hold a JSON object"))
    return data


def _get(data: dict, key: str, path: str):
    if not isinstance(data, dict) or key not in data:
        raise FormatError(f"{path}.{key}" if path else key, _("missing"))
    return data[key]


def _amount(value, path: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise FormatError(path, _("must be a decimal number"))
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise FormatError(path, _("must be a decimal number")) from None
    if not amount.is_finite() or amount < 0:
        raise FormatError(path, _("must be zero or more"))
    if amount != amount.quantize(Decimal("0.01")):
        raise FormatError(path, _("at most two decimals"))
    return amount


def _year(data: dict) -> int:
    year = _get(data, "year", "")
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise FormatError("year", _("must be a year such as 2026"))
    return year


def _format(data: dict, expected: str) -> None:
    if data.get("format") != expected:
        raise FormatError("format", _("must be %(format)s") % {"format": expected})


@dataclass(frozen=True)
class RatesFile:
    year: int
    source: str
    values: dict[str, Decimal]  # model field -> amount


def parse_rates(text: str) -> RatesFile:
    data = load_json(text)
    _format(data, "fee-rates/1")
    year = _year(data)
    source = _get(data, "source", "")
    if not isinstance(source, str) or not source.strip():
        raise FormatError("source", _("write where the rates come from"))
    values = {}
    for kind, groups in (("sales", (1, 2)), ("serving", (1, 2, 3))):
        section = _get(data, kind, "")
        per_litre = _get(section, "per_litre", kind)
        if not isinstance(per_litre, dict):
            raise FormatError(f"{kind}.per_litre", _("must be an object of group: rate"))
        for key in per_litre:
            if key not in {str(g) for g in groups}:
                raise FormatError(
                    f"{kind}.per_litre.{key}",
                    _("not an alcohol group of %(kind)s") % {"kind": kind},
                )
        for group in groups:
            values[f"{kind}_rate_{group}"] = _amount(
                _get(per_litre, str(group), f"{kind}.per_litre"), f"{kind}.per_litre.{group}"
            )
        values[f"{kind}_minimum"] = _amount(_get(section, "minimum", kind), f"{kind}.minimum")
    occasion = _get(data, "per_occasion", "")
    for key, field in (
        ("serving_single_occasion", "single_occasion"),
        ("serving_catering", "catering"),
    ):
        values[field] = _amount(_get(occasion, key, "per_occasion"), f"per_occasion.{key}")
    return RatesFile(year=year, source=source.strip(), values=values)


@dataclass(frozen=True)
class ReportLine:
    path: str
    licence_number: str
    litres: dict[int, int]
    received_on: dt.date
    reported_by: str


@dataclass(frozen=True)
class ReportsFile:
    municipality: str
    year: int
    kind: str
    reports: list[ReportLine]


def litres_value(value, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FormatError(path, _("litres must be a whole number"))
    if value < 0:
        raise FormatError(path, _("litres cannot be negative"))
    return value


def _date(value, path: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise FormatError(path, _("must be a date YYYY-MM-DD")) from None


def parse_reports(text: str) -> ReportsFile:
    data = load_json(text)
    _format(data, "sales-reports/1")
    municipality = _get(data, "municipality", "")
    if not isinstance(municipality, str):
        raise FormatError("municipality", _("must be the organisation number as a string"))
    year = _year(data)
    kind = _get(data, "kind", "")
    if kind not in ("expected", "actual"):
        raise FormatError("kind", _("must be expected or actual"))
    reports = _get(data, "reports", "")
    if not isinstance(reports, list):
        raise FormatError("reports", _("must be a list"))
    lines = []
    for index, item in enumerate(reports):
        path = f"reports[{index}]"
        if not isinstance(item, dict):
            raise FormatError(path, _("must be an object"))
        number = _get(item, "licence_number", path)
        if not isinstance(number, str) or not number.strip():
            raise FormatError(f"{path}.licence_number", _("must be a licence number"))
        litres = _get(item, "litres", path)
        if not isinstance(litres, dict) or not litres:
            raise FormatError(f"{path}.litres", _("must be an object of group: litres"))
        parsed = {}
        for key, value in litres.items():
            if key not in ("1", "2", "3"):
                raise FormatError(f"{path}.litres.{key}", _("not an alcohol group (1, 2 or 3)"))
            parsed[int(key)] = litres_value(value, f"{path}.litres.{key}")
        received = _date(_get(item, "received_on", path), f"{path}.received_on")
        by = item.get("reported_by", "")
        if not isinstance(by, str):
            raise FormatError(f"{path}.reported_by", _("must be a name"))
        lines.append(ReportLine(path, number.strip(), parsed, received, by.strip()))
    return ReportsFile(municipality=municipality, year=year, kind=kind, reports=lines)


@dataclass(frozen=True)
class PaymentLine:
    line: int
    reference: str
    amount: Decimal
    paid_on: dt.date


def parse_payments(text: str) -> list[PaymentLine]:
    """CSV with the columns reference, amount, paid_date (``;`` or ``,``; a header line;
    amounts with a decimal point or comma; dates YYYY-MM-DD or DD.MM.YYYY)."""
    text = text.lstrip("\ufeff")
    sample = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if ";" in sample else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    if not {"reference", "amount", "paid_date"} <= set(fields):
        raise FormatError(_("line 1"), _("the header must name reference, amount, paid_date"))
    reader.fieldnames = fields
    result = []
    for row in reader:
        line = reader.line_num
        where = _("line %(line)s") % {"line": line}
        reference = (row.get("reference") or "").strip()
        if not reference:
            raise FormatError(where, _("the reference is empty"))
        raw = (row.get("amount") or "").strip().replace(" ", "").replace(",", ".")
        try:
            amount = Decimal(raw)
        except InvalidOperation:
            raise FormatError(
                where, _("the amount %(value)s is not a number") % {"value": raw}
            ) from None
        if not amount.is_finite() or amount == 0 or amount != amount.quantize(Decimal("0.01")):
            raise FormatError(where, _("the amount must be non-zero, with at most two decimals"))
        raw_date = (row.get("paid_date") or "").strip()
        try:
            paid_on = (
                dt.datetime.strptime(raw_date, "%d.%m.%Y").date()
                if "." in raw_date
                else dt.date.fromisoformat(raw_date)
            )
        except ValueError:
            raise FormatError(
                where, _("the date %(value)s is not a date") % {"value": raw_date}
            ) from None
        result.append(PaymentLine(line, reference, amount, paid_on))
    return result


# The statement (fee-statement/1) ------------------------------------------------------


def _amount_text(value) -> str | None:
    return None if value is None else str(value.quantize(Decimal("1")))


def _litres(row, litres) -> dict[str, int] | None:
    if litres is None:
        return None
    return {str(g): litres.get(g, 0) for g in row.groups}


def statement_entry(row) -> dict:
    o = row.outcome
    entry = {
        "licence_number": row.licence_number,
        "kind": o.kind,
        "expected_litres": _litres(row, row.expected),
        "charged": _amount_text(o.charged),
        "actual_report": o.actual_report,
        "actual_litres": _litres(row, row.actual),
        "final_fee": _amount_text(o.final_fee),
        "settlement": _amount_text(o.settlement),
    }
    if o.estimated:
        entry["estimated"] = True
        entry["estimated_litres"] = _litres(row, row.estimate)
    return entry


def statement_json(org_number: str, year: int, rows) -> dict:
    return {
        "format": "fee-statement/1",
        "municipality": org_number,
        "year": year,
        "licences": [statement_entry(row) for row in rows],
    }


CSV_FIELDS = [
    "licence_number", "kind", "expected_litres_1", "expected_litres_2", "expected_litres_3",
    "charged", "actual_report", "actual_litres_1", "actual_litres_2", "actual_litres_3",
    "estimated", "final_fee", "settlement",
]  # fmt: skip


def statement_csv(rows) -> str:
    """``;``-separated, UTF-8 with BOM (the caller encodes), one row per licence."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for row in rows:
        e = statement_entry(row)
        exp = e["expected_litres"] or {}
        act = e["actual_litres"] or e.get("estimated_litres") or {}
        writer.writerow([
            e["licence_number"], e["kind"],
            *(exp.get(str(g), "") for g in rules.GROUPS),
            e["charged"] or "", e["actual_report"],
            *(act.get(str(g), "") for g in rules.GROUPS),
            "true" if e.get("estimated") else "",
            e["final_fee"] or "", e["settlement"] or "",
        ])  # fmt: skip
    return out.getvalue()


def statement_table(rows) -> str:
    header = ("licence", "kind", "charged", "report", "final", "settlement")
    lines = [header]
    for row in rows:
        e = statement_entry(row)
        final = (e["final_fee"] or "-") + ("*" if e.get("estimated") else "")
        lines.append(
            (e["licence_number"], e["kind"], e["charged"] or "-", e["actual_report"], final,
             e["settlement"] or "-")
        )  # fmt: skip
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(str(v).ljust(w) if i < 2 or i == 3 else str(v).rjust(w)
                  for i, (v, w) in enumerate(zip(line, widths, strict=True)))
        for line in lines
    )  # fmt: skip
