"""The rules engine: pure functions over plain facts and a reference date.

Every rule takes frozen dataclasses of facts and the date it is evaluated on, and
returns a result carrying the rule's code, outcome, human-readable reasons, the legal
reference and the parameters used. No rule reads the database or the clock; a selector
gathers the facts, the caller chooses the date (pattern: openfisca/country-template).

Modules:
- ``base``: ``RuleResult`` and ``Flag``.
- ``references``: the legal references, as data.
- ``dates``: calendar arithmetic (years, months, licence periods).
- ``deadlines``: the deadlines of the procedure: control reports (alkoholforskriften
  § 9-6), advance notices (forvaltningsloven § 16), the appeal period (forvaltningsloven
  § 29), carrying out a suspension (alkoholforskriften § 10-6).
- ``licences``: what a licence may cover and for how long: the licence period
  (alkoholloven § 1-6), a sales licence covers group 1 only (alkoholloven § 3-1).
- ``points``: penalty points and suspension length (alkoholforskriften ch. 10).
- ``seminar``: the responsible-serving seminar condition (licence condition).
- ``inspection``: at least one inspection per licence per year (alkoholforskriften § 9-7).
- ``hours``: serving and sales hours (alkoholloven §§ 4-4, 3-7).
- ``evaluate``: every rule for one licence, its flags and the JSON format
  ``rule-evaluation/2``.
"""
