"""Where a user lands after logging in: case officers on their dashboard, regional
coordinators (who see no case pages) on the regional overview."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from licensing.access import is_case_officer
from reporting.access import coordinator_municipality_ids


@login_required
def start(request):
    if not is_case_officer(request.user) and coordinator_municipality_ids(request.user):
        return redirect("reporting:regional_overview")
    return redirect("licensing:dashboard")
