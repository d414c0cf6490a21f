"""Who handles a case: the assigned case officer (saksbehandler) on ``Case.assigned_to``.

Every case (application, point case, suspension) is assigned when it is opened: to the
officer chosen, else to whoever opens it (``case_open``). ``case_assign`` changes it; the
change is kept in the case's history. An application's ``case_officer`` mirrors its case's
officer (the application form edits it; imported applications without a case keep only
that field), see docs/adr/0185.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from ..errors import DomainError
from ..models import Application, Case


def assignable_officers(municipality_ids):
    """Active users who are officers of one of the municipalities, by name."""
    return (
        get_user_model()
        .objects.filter(is_active=True, officer_municipalities__in=list(municipality_ids))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


@transaction.atomic
def case_assign(*, case: Case, officer, actor) -> Case:
    """Assign ``case`` to ``officer`` (``None``: unassigned). The officer must be an
    active case officer of the case's municipality."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if (
        officer is not None
        and not assignable_officers([locked.municipality_id]).filter(pk=officer.pk).exists()
    ):
        raise DomainError(
            _("%(name)s is not a case officer of this municipality.")
            % {"name": officer.get_full_name() or officer.get_username()},
            field="officer",
        )
    if locked.assigned_to_id != (officer.pk if officer else None):
        locked.assigned_to = officer
        locked._history_user = actor
        locked.save(update_fields=["assigned_to"])
        for application in Application.objects.select_for_update().filter(case=locked):
            application.case_officer = officer
            application._history_user = actor
            application.save(update_fields=["case_officer"])
    case.assigned_to = locked.assigned_to
    return locked
