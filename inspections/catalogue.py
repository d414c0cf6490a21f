"""The violation catalogue of alkoholforskriften § 10-3 as shipped with the system.

Loaded by a data migration (the Nynorsk names by migration 0006); afterwards it is data
that administrators edit (with history).
References marked only by chapter were not confirmed paragraph by paragraph.
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
        "alkoholloven §§ 3-9, 4-7",
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
        "Salg/skjenking til person som er (eller må antas å bli) åpenbart påvirket",
        "Sale or serving to an obviously intoxicated person",
        "alkoholforskriften §§ 3-1, 4-2",
    ),
    (
        "hours_violation",
        4,
        "Brudd på salgs-, utleverings- og skjenketidene",
        "Breach of sales or serving hours",
        "alkoholloven §§ 3-7, 4-4",
    ),
    (
        "spirits_to_under_20",
        4,
        "Skjenking av gruppe 3 til person på 18 eller 19 år",
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
        "Åpenbart påvirket person gis adgang eller sørges ikke for at forlater stedet",
        "Obviously intoxicated person admitted or not made to leave",
        "alkoholforskriften § 4-1",
    ),
    (
        "internal_control_deficient",
        2,
        "Mangler ved internkontrollen",
        "Deficient internal control",
        "alkoholforskriften kap. 8",
    ),
    (
        "sales_report_late",
        2,
        "Omsetningsoppgave ikke levert innen fristen",
        "Sales report not delivered by the deadline",
        "alkoholforskriften kap. 6",
    ),
    (
        "fee_unpaid",
        2,
        "Bevillingsgebyr ikke betalt innen fristen",
        "Licence fee not paid by the deadline",
        "alkoholforskriften kap. 6",
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
        "alkoholforskriften § 10-3",
    ),
    (
        "repeated_discrimination",
        2,
        "Gjentatt diskriminering",
        "Repeated discrimination",
        "alkoholforskriften § 10-3",
    ),
    (
        "no_alcohol_free_options",
        1,
        "Brudd på kravet om alkoholfrie alternativer",
        "No alcohol-free alternatives",
        "alkoholforskriften § 10-3",
    ),
    (
        "spirits_measure",
        1,
        "Brudd på reglene om skjenkemengde for brennevin",
        "Breach of the rules on serving measures for spirits",
        "alkoholforskriften § 10-3",
    ),
    (
        "own_alcohol_consumed",
        1,
        "Konsum av medbrakt alkoholholdig drikk",
        "Guests drinking alcohol they brought",
        "alkoholforskriften § 10-3",
    ),
    (
        "alcohol_taken_out",
        1,
        "Gjester tar med alkoholholdig drikk ut av lokalet",
        "Guests taking alcohol out of the premises",
        "alkoholforskriften § 10-3",
    ),
    (
        "shelf_placement",
        1,
        "Brudd på reglene om plassering av alkoholholdig drikk på salgssted",
        "Breach of the rules on placing alcohol in a shop",
        "alkoholforskriften § 10-3",
    ),
    (
        "licence_condition_breach",
        1,
        "Brudd på vilkår i bevillingsvedtaket",
        "Breach of a condition in the licence decision",
        "alkoholforskriften § 10-3",
    ),
    (
        "advertising_ban",
        1,
        "Brudd på reklameforbudet",
        "Breach of the advertising ban",
        "alkoholloven § 9-2",
    ),
)
