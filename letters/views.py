"""Case-officer pages for letters (/brev/): the letters of a record, preview, issue,
download, and the list of issued letters.

Every record is loaded through ``selectors.record_for_officer`` with its municipality path: another
municipality's record answers 404, users who are not case officers get 403, anonymous
visitors go to the login page.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from inspections.models import PointDecision, Suspension
from licensing.access import case_officer_required
from licensing.errors import DomainError
from licensing.forms.errors import add_domain_error
from licensing.listing import paginate
from licensing.models import Decision
from seminars.models import Attendance, Registration

from . import services
from .forms import IssueLetterForm
from .models import LetterKind
from .selectors import (
    default_language,
    issued_letter_for_officer,
    letter_items,
    letters_for_officer,
    record_for_officer,
    source_url,
)
from .sources import BY_MODEL, SourceType


def record_page_url(record) -> str:
    """The page in its own area that the record belongs to, if that page exists."""
    targets = {
        Decision: lambda r: ("licensing:decision_detail", r.pk),
        PointDecision: lambda r: ("inspections:licence_points", r.licence_id),
        Suspension: lambda r: ("inspections:licence_points", r.licence_id),
        Registration: lambda r: ("seminars:session_detail", r.session_id),
        Attendance: lambda r: ("licensing:person_detail", r.person_id),
    }
    name, pk = targets[type(record)](record)
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _source_page(request: HttpRequest, source: SourceType, record, items, status: int = 200):
    for item in items:
        problem = services.letter_issue_problem(source=item.record, kind=item.kind)
        if problem is not None:
            item.problem = problem.message
            item.date_field_name = problem.field or ""
    return render(
        request,
        "letters/source.html",
        {
            "source": source,
            "record": record,
            "items": items,
            "record_url": record_page_url(record),
        },
        status=status,
    )


@case_officer_required
@require_GET
def source_letters(request: HttpRequest, source: str, pk: int) -> HttpResponse:
    source_type, record = record_for_officer(request.user, source, pk)
    return _source_page(request, source_type, record, letter_items(record))


@case_officer_required
@require_GET
@never_cache
def letter_preview(request: HttpRequest, source: str, pk: int, kind: str) -> HttpResponse:
    """The letter as it would be issued now, shown in the browser; nothing is stored."""
    source_type, record = record_for_officer(request.user, source, pk)
    language = request.GET.get("language") or default_language(record)
    try:
        pdf = services.letter_preview(
            source=record, kind=kind, language=language, officer=request.user
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(source_url(record))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        False, f"{_('preview')}-{kind}-{language}.pdf"
    )
    return response


@case_officer_required
@require_POST
def letter_issue(request: HttpRequest, source: str, pk: int) -> HttpResponse:
    source_type, record = record_for_officer(request.user, source, pk)
    kind = request.POST.get("kind", "")
    if kind not in source_type.kinds(record):
        messages.error(request, _("This letter cannot be issued for this record now."))
        return redirect(source_url(record))
    form = IssueLetterForm(request.POST, prefix=kind)
    if form.is_valid():
        new_date = form.cleaned_data["new_deadline"] or form.cleaned_data["new_start"]
        try:
            if new_date is not None:
                letter = services.issue_with_new_date(
                    source=record,
                    kind=kind,
                    language=form.cleaned_data["language"],
                    actor=request.user,
                    new_date=new_date,
                )
            else:
                letter = services.letter_issue(
                    source=record,
                    kind=kind,
                    language=form.cleaned_data["language"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("%(letter)s, version %(version)s (%(language)s), is issued and stored.")
                % {
                    "letter": letter.get_kind_display(),
                    "version": letter.version,
                    "language": letter.get_language_display(),
                },
            )
            return redirect(_safe_next(request) or source_url(record))
    items = letter_items(record, bound=form, bound_kind=kind)
    return _source_page(request, source_type, record, items)


@case_officer_required
@require_GET
def letter_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The issued PDF, byte for byte as issued; its ETag is the SHA-256."""
    letter = issued_letter_for_officer(request.user, pk)
    try:
        data = services.letter_download(letter)
    except services.LetterIntegrityError as exc:
        return render(
            request,
            "letters/integrity_error.html",
            {"letter": letter, "message": exc.message},
            status=500,
        )
    etag = f'"{letter.sha256}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        patch_cache_control(not_modified, private=True, no_cache=True)
        return not_modified
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, letter.filename)
    response["ETag"] = etag
    # Personal data: never in a shared cache; the browser revalidates with the ETag.
    patch_cache_control(response, private=True, no_cache=True)
    return response


@case_officer_required
@require_GET
def letter_list(request: HttpRequest) -> HttpResponse:
    """Issued letters of the officer's municipalities, newest first; filter by kind."""
    letters = letters_for_officer(request.user)
    kind = request.GET.get("kind", "")
    if kind in LetterKind.values:
        letters = letters.filter(kind=kind)
    pagination = paginate(request, letters.order_by("-issued_at", "-pk"))
    for letter in pagination["page_obj"].object_list:
        slug = BY_MODEL[letter.content_type.model_class()].slug
        letter.source_url = reverse("letters:source", args=[slug, letter.object_id])
    return render(
        request,
        "letters/letter_list.html",
        {**pagination, "kind": kind, "kinds": LetterKind.choices},
    )
