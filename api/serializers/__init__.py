"""Output serializers (what the API returns) and input serializers (what it accepts).

Output and input differ for reports, so they are separate classes (``InspectionSerializer``
and ``ReportInputSerializer``); everything else is read-only.
"""
