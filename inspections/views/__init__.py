"""Case-officer pages of the inspections app: reports, points, suspensions, coverage."""
