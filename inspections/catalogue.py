"""The violation catalogue of alkoholforskriften § 10-3 as shipped with the system.

Loaded by a data migration (the Nynorsk names by migration 0006, the provisions and their
sources by migration 0008); afterwards it is data that administrators edit (with history).

The reference of each line is the provision that was BREACHED, never § 10-3 (which only
sets the points). ``PROVISIONS`` says where each was confirmed and whether it was
confirmed paragraph by paragraph (docs/adr/0170-catalogue-provisions.md).
"""

# (code, standard points, Norwegian name, English name, legal reference)
CATALOGUE: tuple[tuple[str, int, str, str, str], ...] = (
    (
        "sale_to_minor",
        8,
        "Salg, utlevering eller skjenking til person under 18 år",
        "Sale or serving to a person under 18",
        "alkoholloven § 1-5 annet ledd",
    ),
    (
        "duty_to_assist",
        8,
        "Brudd på bistandsplikten",
        "Breach of the duty to assist",
        "alkoholforskriften § 4-1 annet ledd",
    ),
    (
        "irresponsible_operation",
        8,
        "Brudd på kravet om forsvarlig drift",
        "Breach of the requirement of responsible operation",
        "alkoholloven §§ 3-9 og 4-7",
    ),
    (
        "obstructing_inspection",
        8,
        "Hindring av kommunal kontroll",
        "Obstructing municipal inspection",
        "alkoholloven § 1-9",
    ),
    (
        "sale_to_intoxicated",
        4,
        "Salg eller skjenking til person som er eller må antas å bli åpenbart påvirket av rusmidler",
        "Sale or serving to an obviously intoxicated person",
        "alkoholforskriften § 3-1 og § 4-2 første ledd",
    ),
    (
        "hours_violation",
        4,
        "Brudd på salgs-, utleverings- og skjenketidene",
        "Breach of sales or serving hours",
        "alkoholloven §§ 3-4a, 3-7 og 4-4",
    ),
    (
        "spirits_to_under_20",
        4,
        "Skjenking av brennevin (alkoholholdig drikk gruppe 3) til person på 18 eller 19 år",
        "Serving spirits to a person aged 18 or 19",
        "alkoholloven § 1-5 første ledd",
    ),
    (
        "underage_server",
        4,
        "Brudd på alderskravet til den som selger eller skjenker",
        "Seller or server below the legal age",
        "alkoholloven § 1-5 tredje ledd",
    ),
    (
        "intoxicated_on_premises",
        2,
        "Åpenbart påvirket person gis adgang, eller det sørges ikke for at personen forlater stedet",
        "An obviously intoxicated person admitted, or not made to leave",
        "alkoholforskriften § 4-1 første og annet ledd",
    ),
    (
        "internal_control_deficient",
        2,
        "Mangler ved internkontrollen",
        "Deficient internal control",
        "alkoholloven § 1-9 femte ledd og alkoholforskriften kapittel 8",
    ),
    (
        "sales_report_late",
        2,
        "Omsetningsoppgave ikke levert innen fristen",
        "Sales report not delivered by the deadline",
        "alkoholforskriften kapittel 6",
    ),
    (
        "fee_unpaid",
        2,
        "Bevillingsgebyr ikke betalt innen fristen",
        "Licence fee not paid by the deadline",
        "alkoholforskriften kapittel 6",
    ),
    (
        "manager_deputy_breach",
        2,
        "Brudd på krav om styrer og stedfortreder",
        "Breach of the manager and deputy requirements",
        "alkoholloven § 1-7c",
    ),
    (
        "repeated_drug_dealing",
        2,
        "Gjentatt narkotikaomsetning på stedet",
        "Repeated drug dealing on the premises",
        "alkoholloven § 1-8 annet ledd",
    ),
    (
        "repeated_discrimination",
        2,
        "Gjentatt diskriminering",
        "Repeated discrimination",
        "alkoholloven § 1-8 annet ledd",
    ),
    (
        "no_alcohol_free_options",
        1,
        "Brudd på kravet om alkoholfrie alternativer",
        "Breach of the requirement to offer alcohol-free alternatives",
        "alkoholforskriften § 4-6",
    ),
    (
        "spirits_measure",
        1,
        "Brudd på reglene om skjenkemengde for brennevin",
        "Breach of the rules on serving measures for spirits",
        "alkoholforskriften § 4-5",
    ),
    (
        "own_alcohol_consumed",
        1,
        "Konsum av medbrakt alkoholholdig drikk",
        "Guests drinking alcohol they brought",
        "alkoholforskriften § 4-4",
    ),
    (
        "alcohol_taken_out",
        1,
        "Gjester tar med alkoholholdig drikk ut av lokalet",
        "Guests taking alcohol out of the premises",
        "alkoholforskriften § 4-4",
    ),
    (
        "drinking_in_shop",
        1,
        "Brudd på plikten til å påse at det ikke drikkes alkoholholdig drikk i salgslokalet",
        "Breach of the duty to see that no alcohol is drunk on the shop's premises",
        "alkoholforskriften § 3-2",
    ),
    (
        "shelf_placement",
        1,
        "Brudd på reglene om plassering av alkoholholdig drikk på salgssted",
        "Breach of the rules on placing alcohol in a shop",
        "alkoholforskriften § 3-3",
    ),
    (
        "licence_condition_breach",
        1,
        "Brudd på vilkår i bevillingsvedtaket",
        "Breach of a condition in the licence decision",
        "alkoholloven §§ 3-2 og 4-3",
    ),
    (
        "advertising_ban",
        1,
        "Brudd på reklameforbudet",
        "Breach of the advertising ban",
        "alkoholloven § 9-2 og alkoholforskriften kapittel 14",
    ),
)


# Every line was confirmed against the wording of § 10-3 itself, which names the provision
# breached with a "jf." reference on every line (Lovdata's consolidated text of
# FOR-2005-06-08-538, § 10-3 as last amended by forskrift 29. juni 2020 nr. 1431), and the
# paragraph against the text of that provision (alkoholloven LOV-1989-06-02-27 and
# alkoholforskriften as consolidated on Lovdata). Checked 3 December 2026
# (docs/adr/0222-catalogue-confirmed-against-10-3.md).
S103 = (
    "alkoholforskriften § 10-3, jf.-henvisningen i ordlyden (Lovdata, konsolidert tekst; "
    "§ 10-3 sist endret ved forskrift 29. juni 2020 nr. 1431), kontrollert 03.12.2026"
)

# code -> (source of the provision breached, confirmed paragraph by paragraph)
PROVISIONS: dict[str, tuple[str, bool]] = {
    "sale_to_minor": (S103, True),
    "duty_to_assist": (S103, True),
    "irresponsible_operation": (S103, True),
    "obstructing_inspection": (S103, True),
    "sale_to_intoxicated": (
        f"{S103}; § 3-1 gjelder salg og utlevering, § 4-2 første ledd skjenking",
        True,
    ),
    "hours_violation": (S103, True),
    "spirits_to_under_20": (S103, True),
    "underage_server": (S103, True),
    "intoxicated_on_premises": (
        f"{S103}; § 4-1 første ledd gjelder adgang, annet ledd første punktum at personen "
        "skal forlate stedet",
        True,
    ),
    "internal_control_deficient": (
        f"{S103}; § 10-3 sier «§ 1-9 siste ledd», som er femte ledd",
        True,
    ),
    "sales_report_late": (
        f"{S103}; § 10-3 viser til kapittel 6 (fristene fastsettes etter § 6-3)",
        True,
    ),
    "fee_unpaid": (
        f"{S103}; § 10-3 viser til kapittel 6 (fristene fastsettes etter § 6-3)",
        True,
    ),
    "manager_deputy_breach": (S103, True),
    "repeated_drug_dealing": (S103, True),
    "repeated_discrimination": (S103, True),
    "no_alcohol_free_options": (S103, True),
    "spirits_measure": (S103, True),
    "own_alcohol_consumed": (S103, True),
    "alcohol_taken_out": (S103, True),
    "drinking_in_shop": (S103, True),
    "shelf_placement": (S103, True),
    "licence_condition_breach": (S103, True),
    "advertising_ban": (S103, True),
}
