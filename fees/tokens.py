"""The holder's private link per licence and year: the fee year's UUID token, signed
(``django.core.signing``, salt ``fees.report``), like the seminar links
(docs/adr/0033-seminar-private-links.md). A tampered or unknown value answers 404."""

from __future__ import annotations

import uuid

from django.core import signing

SALT = "fees.report"


def sign_token(token: uuid.UUID) -> str:
    return signing.Signer(salt=SALT).sign(str(token))


def unsign_token(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(signing.Signer(salt=SALT).unsign(value))
    except (signing.BadSignature, ValueError):
        return None
