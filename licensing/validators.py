"""Validators shared by forms, serializers, the register import and the models."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORG_NUMBER_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
# How people group the digits: "972 418 013", "972-418-013", "972.418.013".
_ORG_NUMBER_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015]")


def ascii_digits(value: str) -> str:
    """Decimal digits of every script (full-width ９, Arabic-Indic ٩, Devanagari ९ …) as the
    ASCII digits 0-9; every other character unchanged. Numeric identifiers are stored and
    compared in ASCII, so ９７２… and 972… are the same number (and the duplicate check
    sees it)."""
    if value.isascii():
        return value
    return "".join(
        str(digit) if (digit := unicodedata.decimal(char, None)) is not None else char
        for char in value
    )


def normalise_org_number(value: str) -> str:
    """The digits of an organisation number as typed, in ASCII, without the grouping people
    use."""
    return _ORG_NUMBER_SEPARATORS.sub("", ascii_digits(value))


def normalise_licence_number(value: str) -> str:
    """A licence number as typed (``2024-013``), its digits in ASCII."""
    return ascii_digits(value).strip()


_PHONE = re.compile(r"\+?[0-9][0-9 ()\-.]*")


def normalise_phone(value: str) -> str:
    """A phone number with its digits in ASCII: digits, spaces, ``()-.`` and a leading ``+``
    (``+47 75 55 50 00``); anything else (letters, digits that are not decimal, such as
    superscripts) is refused."""
    value = " ".join(ascii_digits(value).split())
    if value and not _PHONE.fullmatch(value):
        raise ValidationError(
            _("A phone number has digits, spaces, ( ) - . and an optional leading +."),
            code="phone_format",
        )
    return value


def clean_phone_field(instance) -> None:
    """For a model's ``clean()``: normalise ``instance.phone`` or raise on the field."""
    try:
        instance.phone = normalise_phone(instance.phone or "")
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from None


def org_number_is_valid(value: str) -> bool:
    """Brønnøysund organisation number: 9 digits, the last a MOD11 check digit.

    Weights 3 2 7 6 5 4 3 2 on the first eight digits; check = 11 - (sum mod 11),
    where 11 becomes 0 and 10 means the number cannot exist.
    """
    if len(value) != 9 or not (value.isascii() and value.isdigit()):
        return False
    total = sum(int(d) * w for d, w in zip(value[:8], ORG_NUMBER_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(value[8])


def validate_org_number(value: str) -> None:
    # ASCII only: str.isdigit() is also true for ９ and ², which would be stored as typed.
    if len(value) != 9 or not (value.isascii() and value.isdigit()):
        raise ValidationError(
            _("An organisation number has exactly 9 digits."), code="org_number_format"
        )
    if not org_number_is_valid(value):
        raise ValidationError(
            _("%(value)s is not a valid organisation number (the check digit does not match)."),
            code="org_number_checksum",
            params={"value": value},
        )


# --- Logos (letterheads) --------------------------------------------------------------
LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_PIXELS = 4000 * 4000
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpeg"}


def validate_logo(file) -> None:
    """A municipality's logo is a PNG or JPEG that Pillow decodes completely, at most 1 MB
    and 16 megapixels. Anything else (text named .png, SVG, HTML, a truncated image) is
    refused, whatever its name or declared type."""
    from PIL import Image, UnidentifiedImageError

    size = getattr(file, "size", None)
    if size is not None and size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is %(size)s kB; at most %(max)s kB is allowed."),
            code="logo_size",
            params={"size": size // 1024, "max": LOGO_MAX_BYTES // 1024},
        )
    refused = ValidationError(
        _("The logo must be a PNG or JPEG image (this file is not one, or it is damaged)."),
        code="logo_format",
    )
    try:
        file.seek(0)
        with Image.open(file) as image:
            if image.format not in LOGO_FORMATS:
                raise refused
            if image.width * image.height > LOGO_MAX_PIXELS:
                raise ValidationError(
                    _("The logo is %(width)s × %(height)s pixels; at most 16 megapixels."),
                    code="logo_pixels",
                    params={"width": image.width, "height": image.height},
                )
            image.load()  # decodes every pixel: a truncated or forged file fails here
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise refused from None
    finally:
        file.seek(0)


# --- Hostile JSON ---------------------------------------------------------------------
JSON_MAX_DEPTH = 32


def json_problem(value, *, max_depth: int = JSON_MAX_DEPTH) -> tuple[str, str] | None:
    """The first place where decoded JSON is hostile, as (path, English message), or None.

    Refused: nesting deeper than ``max_depth`` (a RecursionError later, in code that walks
    the value), and NUL characters in strings or keys (PostgreSQL cannot store them, so a
    dry run would pass what the real run then fails on). The walk is iterative, so a deep
    value cannot exhaust the stack here. Paths look like ``licences[3].name``."""
    stack = [(value, "$", 0)]
    while stack:
        item, path, depth = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return path, "must not contain NUL characters (\\u0000)"
            continue
        if not isinstance(item, dict | list):
            continue
        if depth >= max_depth:
            return path, f"is nested too deeply (at most {max_depth} levels)"
        if isinstance(item, dict):
            for key, child in reversed(list(item.items())):
                if "\x00" in key:
                    return path, "has a key with a NUL character (\\u0000)"
                stack.append((child, key if path == "$" else f"{path}.{key}", depth + 1))
        else:
            for index in reversed(range(len(item))):
                stack.append(
                    (item[index], f"{path}[{index}]" if path != "$" else f"[{index}]", depth + 1)
                )
    return None
