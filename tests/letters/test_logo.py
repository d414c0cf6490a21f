"""Defect 3 of issue 12: a logo is a PNG or JPEG verified by decoding, with a size limit,
and a letter never fails because of a logo (it prints without one and logs a warning)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import translation
from PIL import Image

from licensing.admin import MunicipalityAdminForm

from . import records

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def image_bytes(fmt: str, size=(300, 120)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 80, 140)).save(buffer, format=fmt)
    return buffer.getvalue()


def admin_form(municipality, name: str, content: bytes, content_type="image/png"):
    data = {k: v for k, v in model_to_dict(municipality).items() if v is not None and k != "logo"}
    data["officers"] = [u.pk for u in municipality.officers.all()]
    files = {"logo": SimpleUploadedFile(name, content, content_type=content_type)}
    return MunicipalityAdminForm(data, files, instance=municipality)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.png", b"this is plain text named .png"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("logo.png", b"<html><body><script>alert(1)</script></body></html>"),
        ("logo.gif", image_bytes("GIF")),
        ("logo.png", image_bytes("PNG")[:200]),  # truncated: the header is fine, pixels are not
    ],
)
def test_admin_refuses_anything_but_a_decodable_png_or_jpeg(bodo, name, content):
    form = admin_form(bodo, name, content)
    with translation.override("nb"):
        assert not form.is_valid()
        assert form.errors["logo"] == [
            "Logoen må være et PNG- eller JPEG-bilde (denne filen er ikke det, eller den er skadet)."
        ]


def test_admin_refuses_a_logo_over_the_size_limit(bodo):
    big = image_bytes("PNG") + b"\0" * (1024 * 1024)
    form = admin_form(bodo, "logo.png", big)
    assert not form.is_valid()
    assert "1024 kB" in form.errors["logo"][0]


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_admin_accepts_png_and_jpeg(bodo, fmt):
    form = admin_form(bodo, f"logo.{fmt.lower()}", image_bytes(fmt))
    assert form.is_valid(), form.errors


def test_a_letter_prints_without_a_bad_logo_and_logs_a_warning(
    officer_client, bodo, settings, tmp_path, caplog
):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    decision = records.granted_decision(bodo)
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "bad.png").write_text("<svg><script>alert(1)</script></svg>")
    bodo.logo.name = "logos/bad.png"
    bodo.save()
    url = reverse("letters:preview", args=["vedtak", decision.pk, "licence_granted"])
    response = officer_client.get(url + "?language=nb")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "letters print without it" in caplog.text
