"""Issue an API token: ``manage.py issue_api_token USERNAME [--days N]``.

Prints the token once; only its digest is stored (docs/adr/0060-api-tokens-knox.md).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from api.tokens import DEFAULT_DAYS, MAX_DAYS, token_issue
from inspections.models import ControlCompany
from licensing.access import is_administrator, officer_municipality_ids
from licensing.errors import DomainError


class Command(BaseCommand):
    help = "Issue an API token for a user and print it once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DAYS,
            help=f"Days the token is valid (1-{MAX_DAYS}, default {DEFAULT_DAYS}).",
        )

    def handle(self, *args, username, days, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as exc:
            raise CommandError(f"No user with the username {username!r}.") from exc
        try:
            row, token = token_issue(user=user, days=days)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if not (
            is_administrator(user)
            or officer_municipality_ids(user)
            or ControlCompany.objects.filter(users=user).exists()
        ):
            self.stderr.write(
                f"Warning: {username} is neither a case officer, an administrator nor a "
                "control-company user, so the API will answer 403 until the user gets a role."
            )
        expiry = timezone.localtime(row.expiry)
        self.stderr.write(
            f"Token for {username}, valid until {expiry:%Y-%m-%d %H:%M %Z}. It is shown only "
            "now: store it safely. Revoke it in the admin (Knox › Auth tokens)."
        )
        self.stdout.write(token)
