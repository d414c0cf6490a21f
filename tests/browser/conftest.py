"""Browser tests: real chromium (Debian's package) driven by Playwright against pytest-django's
``live_server``, with axe-core (WCAG 2.1 A and AA) on every page a journey visits.

They are marked ``browser`` and left out of the normal run (pyproject's ``addopts``);
run them with ``scripts/test-browser.sh`` or ``pytest -m browser tests/browser``. Without
chromium or Playwright they are skipped with the reason. A failing test leaves a
screenshot and the page's HTML in ``browser-artifacts/`` (see docs/operations.md, Development).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "browser-artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
FACTORY_PASSWORD = "test-password-123"  # noqa: S105 - tests.factories.licensing.UserFactory


def pytest_collection_modifyitems(config, items):
    """Every test here is a browser test; skip them all, with the reason, when chromium or
    Playwright is missing."""
    reason = None
    if not Path(CHROMIUM).exists():
        reason = f"chromium not found at {CHROMIUM} (apt-get install -y chromium)"
    else:
        try:
            import axe_playwright_python  # noqa: F401
            import playwright  # noqa: F401
        except ImportError:
            reason = "playwright / axe-playwright-python not installed"
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # tests' factories are still synchronous, so Django's async guard is lifted here only.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


class Visitor:
    """A browser tab that checks every page it lands on with axe and records what it saw."""

    def __init__(self, page, axe, live_server, name: str):
        self.page = page
        self.axe = axe
        self.base = live_server.url
        self.name = name
        self.checked: list[str] = []

    def url(self, path: str) -> str:
        return self.base + path

    def goto(self, path: str, *, status: int = 200):
        response = self.page.goto(self.url(path))
        assert response is not None and response.status == status, (
            path,
            response and response.status,
        )
        self.check()
        return response

    def check(self, label: str = "") -> None:
        """axe-core on the current page (WCAG 2.1 A and AA): any violation fails the test."""
        self.page.wait_for_load_state("domcontentloaded")
        results = self.axe.run(self.page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        where = self.page.url.removeprefix(self.base) + (f" ({label})" if label else "")
        self.checked.append(where)
        violations = results.response["violations"]
        assert not violations, f"axe on {where}:\n" + results.generate_report()

    def submit(self, button_name: str, *, expect_status: int = 200):
        """Click a submit button and wait for the page it leads to, then check it."""
        with self.page.expect_navigation() as navigation:
            self.page.get_by_role("button", name=button_name, exact=True).click()
        response = navigation.value
        assert response is not None and response.status == expect_status, (
            button_name,
            response and response.status,
            self.page.url,
        )
        self.check()

    def follow(self, link_name: str):
        with self.page.expect_navigation():
            self.page.get_by_role("link", name=link_name, exact=True).first.click()
        self.check()

    def login(self, username: str, password: str = FACTORY_PASSWORD) -> None:
        self.goto("/login/")
        self.page.get_by_label(re.compile("Username|Brukernavn")).fill(username)
        self.page.get_by_label(re.compile("^(Password|Passord)")).fill(password)
        with self.page.expect_navigation():
            self.page.locator("form button[type=submit]").last.click()
        self.check()

    def phone(self) -> None:
        """Look at the current page as on a phone too (axe again at 390 px)."""
        self.page.set_viewport_size(PHONE)
        self.check("390 px")
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, (
            f"{self.page.url} scrolls sideways on a phone ({width} px)"
        )
        self.page.set_viewport_size(DESKTOP)


@pytest.fixture
def catalogue(transactional_db):
    """The violation catalogue that a data migration loads; a live-server test flushes the
    database after it, so each browser test loads it again."""
    from inspections.catalogue import CATALOGUE
    from inspections.models import ViolationType

    for order, (code, points, name_nb, name_en, reference) in enumerate(CATALOGUE, start=1):
        ViolationType.objects.update_or_create(
            code=code,
            defaults={
                "standard_points": points,
                "name_nb": name_nb,
                "name_en": name_en,
                "legal_reference": reference,
                "sort_order": order,
            },
        )


@pytest.fixture
def visit(request, browser, axe, live_server, settings, catalogue):
    """``visit`` is a Visitor in English; ``visit.page`` is its Playwright page."""
    settings.SEMINAR_REGISTRATION_RATE = "100/h"
    context = browser.new_context(
        viewport=DESKTOP, locale="en-GB", extra_http_headers={"Accept-Language": "en"}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    visitor = Visitor(page, axe, live_server, request.node.name)
    yield visitor
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        stem = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(ARTIFACTS / f"{stem}.png"), full_page=True)
        (ARTIFACTS / f"{stem}.html").write_text(page.content(), encoding="utf-8")
    print(f"\naxe checked {len(visitor.checked)} page states in {request.node.name}:")
    for where in visitor.checked:
        print("  ", where)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so that fixtures see whether it failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def delegation(muni1):
    """muni1's delegation, as every municipality keeps it (issue 10): the decision forms
    propose the deciding body from it, so the officer only confirms it."""
    import datetime as dt

    from licensing.models import DecisionMatter, Delegation

    for matter in DecisionMatter.values:
        Delegation.objects.create(
            municipality=muni1,
            matter=matter,
            body_kind="chief_executive",
            reference="delegeringsreglementet pkt. 4.2",
            valid_from=dt.date(2020, 1, 1),
        )
