"""Every catalogue line confirmed against the wording of alkoholforskriften § 10-3, and the
line § 10-3 has for shops (§ 3-2: no drinking on the sales premises) added.

A reference still as shipped is corrected; one an administrator changed stays as it is and
keeps its source. A copy of inspections.catalogue as it was when this migration was written
(docs/adr/0222-catalogue-confirmed-against-10-3.md)."""

from django.db import migrations

S103 = (
    "alkoholforskriften § 10-3, jf.-henvisningen i ordlyden (Lovdata, konsolidert tekst; "
    "§ 10-3 sist endret ved forskrift 29. juni 2020 nr. 1431), kontrollert 03.12.2026"
)
CHAPTER_6 = f"{S103}; § 10-3 viser til kapittel 6 (fristene fastsettes etter § 6-3)"

# code -> (reference as shipped before, reference now, source)
LINES = {
    "sale_to_minor": ("alkoholloven § 1-5 annet ledd", None, S103),
    "duty_to_assist": ("alkoholforskriften § 4-1 annet ledd", None, S103),
    "irresponsible_operation": ("alkoholloven §§ 3-9 og 4-7", None, S103),
    "obstructing_inspection": ("alkoholloven § 1-9", None, S103),
    "sale_to_intoxicated": (
        "alkoholforskriften §§ 3-1 og 4-2",
        "alkoholforskriften § 3-1 og § 4-2 første ledd",
        f"{S103}; § 3-1 gjelder salg og utlevering, § 4-2 første ledd skjenking",
    ),
    "hours_violation": ("alkoholloven §§ 3-7 og 4-4", "alkoholloven §§ 3-4a, 3-7 og 4-4", S103),
    "spirits_to_under_20": ("alkoholloven § 1-5 første ledd", None, S103),
    "underage_server": ("alkoholloven § 1-5 tredje ledd", None, S103),
    "intoxicated_on_premises": (
        "alkoholforskriften § 4-1 første og annet ledd",
        None,
        f"{S103}; § 4-1 første ledd gjelder adgang, annet ledd første punktum at personen "
        "skal forlate stedet",
    ),
    "internal_control_deficient": (
        "alkoholloven § 1-9 femte ledd og alkoholforskriften kapittel 8",
        None,
        f"{S103}; § 10-3 sier «§ 1-9 siste ledd», som er femte ledd",
    ),
    "sales_report_late": ("alkoholforskriften kapittel 6", None, CHAPTER_6),
    "fee_unpaid": ("alkoholforskriften kapittel 6", None, CHAPTER_6),
    "manager_deputy_breach": ("alkoholloven § 1-7c", None, S103),
    "repeated_drug_dealing": (
        "alkoholloven § 1-8 tredje ledd",
        "alkoholloven § 1-8 annet ledd",
        S103,
    ),
    "repeated_discrimination": (
        "alkoholloven § 1-8 tredje ledd",
        "alkoholloven § 1-8 annet ledd",
        S103,
    ),
    "no_alcohol_free_options": ("alkoholforskriften § 4-6", None, S103),
    "spirits_measure": ("alkoholforskriften § 4-5", None, S103),
    "own_alcohol_consumed": ("alkoholforskriften § 4-4", None, S103),
    "alcohol_taken_out": ("alkoholforskriften § 4-4", None, S103),
    "shelf_placement": ("alkoholforskriften § 3-5", "alkoholforskriften § 3-3", S103),
    "licence_condition_breach": ("alkoholloven §§ 3-2 og 4-3", None, S103),
    "advertising_ban": (
        "alkoholloven § 9-2",
        "alkoholloven § 9-2 og alkoholforskriften kapittel 14",
        S103,
    ),
}
NEW_LINE = {
    "code": "drinking_in_shop",
    "standard_points": 1,
    "name_nb": "Brudd på plikten til å påse at det ikke drikkes alkoholholdig drikk i salgslokalet",
    "name_nn": "Brot på plikta til å sjå til at det ikkje blir drukke alkoholhaldig drikk i salslokalet",
    "name_en": "Breach of the duty to see that no alcohol is drunk on the shop's premises",
    "legal_reference": "alkoholforskriften § 3-2",
    "provision_source": S103,
    "provision_confirmed": True,
}
AFTER = "alcohol_taken_out"


def confirm(apps, schema_editor):
    ViolationType = apps.get_model("inspections", "ViolationType")
    for violation in ViolationType.objects.filter(code__in=LINES):
        before, now, source = LINES[violation.code]
        now = now or before
        if violation.legal_reference == before:
            violation.legal_reference = now
        if violation.legal_reference == now:
            violation.provision_source = source
            violation.provision_confirmed = True
            violation.save(
                update_fields=["legal_reference", "provision_source", "provision_confirmed"]
            )
    existing = ViolationType.objects.filter(code=NEW_LINE["code"]).first()
    if existing is not None:
        # A new installation loads the line with migration 0002 (from the live catalogue),
        # without its Nynorsk name and source.
        if existing.legal_reference == NEW_LINE["legal_reference"]:
            existing.name_nn = existing.name_nn or NEW_LINE["name_nn"]
            existing.provision_source = NEW_LINE["provision_source"]
            existing.provision_confirmed = True
            existing.save(update_fields=["name_nn", "provision_source", "provision_confirmed"])
        return
    anchor = ViolationType.objects.filter(code=AFTER).first()
    if anchor is None:
        last = ViolationType.objects.order_by("-sort_order").first()
        order = (last.sort_order if last else 0) + 1
    else:
        order = anchor.sort_order + 1
        for later in ViolationType.objects.filter(sort_order__gte=order):
            later.sort_order += 1
            later.save(update_fields=["sort_order"])
    ViolationType.objects.create(sort_order=order, **NEW_LINE)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0010_nynorsk_stadfortredar")]

    operations = [migrations.RunPython(confirm, migrations.RunPython.noop)]
