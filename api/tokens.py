"""Issuing and revoking API tokens (django-rest-knox; docs/adr/0060-api-tokens-knox.md).

knox stores only a SHA-512 digest of each token and the token's first 15 characters (to
find the row); the token itself is shown once, when it is issued. Revoking is deleting the
row; an expired token is refused and deleted on its next use.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import CONSTANTS

from licensing.errors import DomainError

DEFAULT_DAYS = 90
MAX_DAYS = 730


def _expiry(days: int) -> dt.datetime:
    if not 1 <= days <= MAX_DAYS:
        raise DomainError(
            _("A token is valid for 1 to %(max)s days.") % {"max": MAX_DAYS}, field="days"
        )
    return timezone.now() + dt.timedelta(days=days)


def _check_user(user: AbstractBaseUser) -> None:
    if not user.is_active:
        raise DomainError(
            _("%(user)s is inactive; activate the account before issuing a token.")
            % {"user": user.get_username()},
            field="user",
        )


@transaction.atomic
def token_issue(*, user: AbstractBaseUser, days: int = DEFAULT_DAYS) -> tuple[AuthToken, str]:
    """A new random token for ``user``, valid ``days`` days. Returns (row, token): the
    token string exists only in the return value."""
    _check_user(user)
    _expiry(days)  # validates the number of days
    return AuthToken.objects.create(user=user, expiry=dt.timedelta(days=days))


@transaction.atomic
def token_install_fixed(
    *, user: AbstractBaseUser, token: str, days: int = 365
) -> tuple[AuthToken, bool]:
    """Store a token whose value is known in advance (demo data only): knox's digest and
    key of ``token``. Returns (row, created); an existing row is left unchanged."""
    digest = hash_token(token)
    existing = AuthToken.objects.filter(digest=digest).first()
    if existing is not None:
        if existing.user_id != user.pk:
            raise DomainError(_("This token value already belongs to another user."))
        return existing, False
    row = AuthToken(
        digest=digest,
        token_key=token[: CONSTANTS.TOKEN_KEY_LENGTH],
        user=user,
        expiry=_expiry(days),
    )
    row.save(force_insert=True)
    return row, True
