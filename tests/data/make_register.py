"""Write a large synthetic register file (licensing-register/1) for timing import_register.

    python tests/data/make_register.py 20000 > /tmp/register-20000.json
    python manage.py import_register /tmp/register-20000.json

Reproducible (fixed seed); needs no Django. Holders own about 1.2 licences each; every
sales and serving licence has a manager and most a deputy; about two thirds of the persons
attended the seminar; about one licence in three has decided points in the last two years.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
CODES = {
    "hours_violation": 4,
    "intoxicated_on_premises": 2,
    "internal_control_deficient": 2,
    "sale_to_intoxicated": 4,
    "sale_to_minor": 8,
    "spirits_measure": 1,
}


def org_number(n: int) -> str:
    base = 90_000_000 + n
    while True:
        digits = f"{base:08d}"
        check = (11 - sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11) % 11
        if check != 10:
            return digits + str(check)
        base += 7_000_000  # another number, far from the next n


def day(rng: random.Random, start: dt.date, end: dt.date) -> str:
    return (start + dt.timedelta(days=rng.randrange((end - start).days + 1))).isoformat()


def register(licences: int, seed: int = 1) -> dict:
    rng = random.Random(seed)
    holders = [
        {
            "org_number": org_number(i),
            "name": f"Synthetic Holder {i} AS",
            "address": f"Storgata {i % 200 + 1}, 8006 Bodø",
        }
        for i in range(max(1, licences * 5 // 6))
    ]
    persons, items, attendances, decisions, suspensions = [], [], [], [], []
    for i in range(licences):
        kind = rng.choices(
            ["serving", "sales", "serving_part_year", "serving_single_occasion"], [6, 2, 1, 1]
        )[0]
        number = f"2024-{i:05d}"
        licence = {
            "number": number,
            "holder_org_number": holders[rng.randrange(len(holders))]["org_number"],
            "premises_name": f"Venue {i}",
            "premises_address": f"Kaiveien {i % 90 + 1}, 8006 Bodø",
            "kind": kind,
            "alcohol_groups": [1] if kind == "sales" else [1, 2, 3],
            "granted_on": "2024-09-15",
            "valid_from": "2024-10-01",
            "valid_to": "2028-09-30",
            "status": "active",
            "seminar_required": kind != "serving_single_occasion",
        }
        if kind == "serving_single_occasion":
            licence.update(valid_from="2025-06-21", valid_to="2025-06-21", status="expired")
        else:
            roles = ["manager", "deputy"] if rng.random() < 0.85 else ["manager"]
            for role in roles:
                ref = f"p{len(persons)}"
                persons.append(
                    {
                        "ref": ref,
                        "name": f"Person {len(persons)}",
                        "date_of_birth": day(rng, dt.date(1960, 1, 1), dt.date(2000, 12, 31)),
                    }
                )
                licence[f"{role}_ref"] = ref
                if rng.random() < 0.65:
                    attendances.append(
                        {
                            "person_ref": ref,
                            "attended_on": day(rng, dt.date(2022, 1, 1), dt.date(2026, 10, 1)),
                        }
                    )
            if rng.random() < 0.35:
                for n in range(rng.randrange(1, 4)):
                    code = rng.choice(list(CODES))
                    violation = day(rng, dt.date(2024, 12, 1), dt.date(2026, 9, 1))
                    decided = dt.date.fromisoformat(violation) + dt.timedelta(days=40)
                    decisions.append(
                        {
                            "licence_number": number,
                            "violation": code,
                            "violation_date": violation,
                            "points": CODES[code],
                            "decided_on": decided.isoformat(),
                            "reference": f"{number}/{n}",
                        }
                    )
            if rng.random() < 0.01:
                suspensions.append(
                    {
                        "licence_number": number,
                        "starts_on": "2026-03-01",
                        "ends_on": "2026-03-07",
                        "decided_on": "2026-02-01",
                        "reference": f"{number}/S",
                    }
                )
        items.append(licence)
    return {
        "format": "licensing-register/1",
        "municipality": {"org_number": "972418013", "name": "Bodø kommune"},
        "holders": holders,
        "persons": persons,
        "licences": items,
        "seminar_attendances": attendances,
        "point_decisions": decisions,
        "suspensions": suspensions,
    }


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    json.dump(register(count), sys.stdout, ensure_ascii=False)
