"""Demo data of the reporting app: a regional coordinator for both demo municipalities
(user ``koordinator``, password as the other demo logins: published under DEBUG, random
otherwise, docs/adr/0100). Idempotent."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from licensing.demo import BODO, SALTDAL
from licensing.demo_accounts import set_demo_password
from licensing.models import Municipality

from .models import Coordinator

USERNAME = "koordinator"


def seed(stdout, style) -> None:
    user_model = get_user_model()
    user = user_model.objects.filter(username=USERNAME).first()
    created = user is None
    if created:
        user = user_model(
            username=USERNAME, first_name="Kåre", last_name="Koordinator",
            email=f"{USERNAME}@demo.example",
        )  # fmt: skip
        set_demo_password(user)  # the published password only under DEBUG (ADR 0100)
        user.save()
    coordinator, _ = Coordinator.objects.get_or_create(user=user)
    coordinator.municipalities.add(*Municipality.objects.filter(org_number__in=[BODO, SALTDAL]))
    stdout.write(
        f"  reporting: coordinator login {USERNAME} (Bodø, Saltdal; regional overview and "
        f"annual reports only){' created' if created else ''}."
    )
