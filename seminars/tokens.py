"""The private link of a registration: its UUID token, signed.

The token alone would already be unguessable (122 random bits); the signature (HMAC with
SECRET_KEY, ``django.core.signing``) means a URL that was not issued by the system is
refused before the database is asked, and rotating SECRET_KEY revokes every link.
"""

from __future__ import annotations

import uuid

from django.core import signing

SALT = "seminars.registration"


def sign_token(token: uuid.UUID) -> str:
    return signing.Signer(salt=SALT).sign(str(token))


def unsign_token(value: str) -> uuid.UUID | None:
    """The token of a signed value, or None when the signature or the UUID is bad."""
    try:
        return uuid.UUID(signing.Signer(salt=SALT).unsign(value))
    except (signing.BadSignature, ValueError):
        return None
