# ruff: noqa: S603, S607 - a CI driver that starts our own programs and PostgreSQL tools
"""Production-mode smoke test (CI; docs/operations.md, "Production smoke test").

Starts the app as production does and drives it over HTTP, on loopback only, bounded in
time (5 minutes in all, 30 seconds per request):

- PostgreSQL (a new database, dropped at the end), Redis (``redis-server`` on a free port;
  installed with apt-get when missing and running as root), DEBUG off, TLS proxy headers
  (``X-Forwarded-Proto: https``, ``X-Forwarded-For`` with one trusted proxy), gunicorn with
  two workers, the outbox worker (``manage.py mail_worker``) and a local SMTP sink
  (aiosmtpd) as the mail server;
- ``check --deploy --fail-level WARNING`` in that environment;
- an officer logs in (CSRF, secure cookies), sees the dashboard with the security headers;
- a control company submits a report with an ``Idempotency-Key``; the replay answers the
  same report;
- a restaurant registers for a seminar; the confirmation reaches the SMTP sink through the
  outbox and carries the private link the page showed;
- gunicorn and the worker are stopped with SIGTERM and must exit cleanly.

Run: ``.venv/bin/python scripts/smoke_production.py`` (PostgreSQL on 127.0.0.1:5432, user
postgres, or set PGHOST/PGPORT/PGUSER).
"""

from __future__ import annotations

import datetime as dt
import http.cookies
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import requests
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
TOTAL_SECONDS = 300
REQUEST_TIMEOUT = 30
CLIENT_ADDRESS = "203.0.113.10"


def log(message: str) -> None:
    print(f"[smoke {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(1)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"nothing answers on 127.0.0.1:{port} after {seconds} s")


class Sink:
    """An SMTP server that keeps every message it receives."""

    def __init__(self):
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
        return "250 OK"


class Browser:
    """requests with cookies kept by hand: the app's cookies are Secure, and the TLS proxy
    in front of it is simulated, so the client talks plain HTTP to gunicorn."""

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}
        self.origin = "https://" + base.split("://", 1)[1]

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": CLIENT_ADDRESS,
            "Accept-Language": "en",
            **kwargs.pop("headers", {}),
        }
        if method == "POST":
            headers.setdefault("Origin", self.origin)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(
            method,
            self.base + path,
            headers=headers,
            allow_redirects=False,
            timeout=REQUEST_TIMEOUT,
            **kwargs,
        )
        for raw in response.raw.headers.getlist("Set-Cookie"):
            jar = http.cookies.SimpleCookie()
            jar.load(raw)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        return response


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"FAILED: {message}")
    log(f"ok: {message}")


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise SystemExit("no CSRF token in the form")
    return match.group(1)


def ensure_redis() -> str:
    found = shutil.which("redis-server")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing redis-server")
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "redis-server"],
            check=True,
            timeout=240,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        found = shutil.which("redis-server")
    if not found:
        raise SystemExit("redis-server is not installed (apt-get install -y redis-server)")
    return found


def main() -> None:  # noqa: PLR0915 - one scenario, step by step
    signal.alarm(TOTAL_SECONDS)
    pg = {
        "host": os.environ.get("PGHOST", "127.0.0.1"),
        "port": os.environ.get("PGPORT", "5432"),
        "user": os.environ.get("PGUSER", "postgres"),
    }
    database = f"licensing_smoke_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="smoke-"))
    processes: dict[str, subprocess.Popen] = {}
    sink = Sink()
    smtp_port, redis_port, web_port = free_port(), free_port(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://bevilling.example.no",
        "BEHIND_TLS_PROXY": "1",
        "TRUSTED_PROXY_COUNT": "1",
        "DATABASE_URL": f"postgres://{pg['user']}@{pg['host']}:{pg['port']}/{database}",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_TIMEOUT": "10",
        "DEFAULT_FROM_EMAIL": "bevilling@bevilling.example.no",
        "MEDIA_ROOT": str(work / "media"),
        "MAIL_RETRY_SECONDS": "2",
    }
    psql_env = {**os.environ, "PGHOST": pg["host"], "PGPORT": pg["port"], "PGUSER": pg["user"]}

    def manage(*args: str, timeout: int = 240) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise SystemExit(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
            )
        return result.stdout

    try:
        redis_server = ensure_redis()
        subprocess.run(["createdb", database], check=True, env=psql_env, timeout=60)
        controller.start()
        processes["redis"] = subprocess.Popen(
            [redis_server, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(redis_port, 20)
        log(f"Redis on {redis_port}, SMTP sink on {smtp_port}, database {database}")

        manage("migrate", "--no-input")
        manage("createcachetable")
        manage("collectstatic", "--no-input")
        seeded = manage("seed_demo", "--demo-site", timeout=280)
        passwords = dict(
            line.split() for line in seeded.splitlines()
            if line.startswith("    ") and len(line.split()) == 2
        )  # fmt: skip
        expect("bodo" in passwords and passwords["bodo"] != "demo12345",
               "seed_demo --demo-site gave random passwords")  # fmt: skip
        token = manage("issue_api_token", "kontroll_a", "--days", "1").strip().splitlines()[-1]
        manage("check", "--deploy", "--fail-level", "WARNING")
        log("check --deploy passed with the production environment")

        processes["worker"] = subprocess.Popen(
            [PYTHON, "manage.py", "mail_worker", "--interval", "1"], cwd=ROOT, env=env
        )
        processes["gunicorn"] = subprocess.Popen(
            [GUNICORN, "config.wsgi:application", "--bind", f"127.0.0.1:{web_port}",
             "--workers", "2", "--timeout", "60", "--graceful-timeout", "10"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        wait_for_port(web_port, 60)
        base = f"http://127.0.0.1:{web_port}"

        # 1. An officer logs in.
        officer = Browser(base)
        page = officer.request("GET", "/login/")
        expect(page.status_code == 200, "login page answers 200")
        expect("Content-Security-Policy" in page.headers, "Content-Security-Policy is sent")
        expect("max-age=" in page.headers.get("Strict-Transport-Security", ""), "HSTS is sent")
        plain = requests.get(base + "/login/", timeout=REQUEST_TIMEOUT, allow_redirects=False)
        expect(plain.status_code == 301 and plain.headers["Location"].startswith("https://"),
               "a request without the TLS header is redirected to https")  # fmt: skip
        login = officer.request(
            "POST",
            "/login/",
            data={"username": "bodo", "password": passwords["bodo"],
                  "csrfmiddlewaretoken": csrf_token(page.text)},
        )  # fmt: skip
        expect(login.status_code == 302, f"officer login redirects ({login.status_code})")
        expect("Secure" in login.headers.get("Set-Cookie", ""), "the session cookie is Secure")
        dashboard = officer.request("GET", "/")
        expect(dashboard.status_code == 200, "the dashboard answers 200 after login")
        expect("no-store" in dashboard.headers.get("Cache-Control", ""), "officer page is no-store")

        # 2. A control company submits a report with an idempotency key.
        api = Browser(base)
        auth = {"Authorization": f"Token {token}", "Accept": "application/json"}
        licences = api.request("GET", "/api/v1/licences/?page_size=50", headers=auth).json()
        inspectors = api.request("GET", "/api/v1/inspectors/", headers=auth).json()
        inspector_ids = [i["id"] for i in inspectors["results"]][:2]
        oslo = ZoneInfo("Europe/Oslo")
        day = dt.datetime.now(oslo).date() - dt.timedelta(days=2)
        started = dt.datetime.combine(day, dt.time(21, 0), oslo)
        key = str(uuid.uuid4())
        created = None
        for licence in licences["results"]:
            body = {
                "licence": licence["id"],
                "inspectors": inspector_ids,
                "started_at": started.isoformat(),
                "ended_at": (started + dt.timedelta(minutes=40)).isoformat(),
                "mode": "open",
                "guests_count": 40,
                "staff_count": 3,
                "person_in_charge": "Mona Manager",
                "observations": "Production smoke test.",
                "no_findings": True,
                "findings": [],
            }
            response = api.request(
                "POST", "/api/v1/inspections/", json=body, headers={**auth, "Idempotency-Key": key}
            )
            if response.status_code == 201:
                created = (body, response)
                break
        expect(created is not None, "a control company's report is created (201)")
        body, response = created
        replay = api.request(
            "POST", "/api/v1/inspections/", json=body, headers={**auth, "Idempotency-Key": key}
        )
        expect(replay.status_code == 201 and replay.json()["id"] == response.json()["id"],
               "the replay with the same Idempotency-Key answers the same report")  # fmt: skip

        # 3. A restaurant registers for a seminar; the e-mail goes through the outbox.
        guest = Browser(base)
        listing = guest.request("GET", "/seminarer/")
        links = list(dict.fromkeys(re.findall(r'href="(/seminarer/[0-9a-f-]{36}/)"', listing.text)))
        registered = None
        for link in links:
            form = guest.request("GET", link)
            if 'name="org_number"' not in form.text:
                continue
            answer = guest.request(
                "POST",
                link,
                data={
                    "csrfmiddlewaretoken": csrf_token(form.text),
                    "org_number": "974760673",
                    "venue_name": "Røykeriet Smoke Test",
                    "licence_number": "",
                    "contact_email": "smoke@kafe.example",
                    "consent": "on",
                    "website": "",
                    "participants-TOTAL_FORMS": "1",
                    "participants-INITIAL_FORMS": "0",
                    "participants-MIN_NUM_FORMS": "0",
                    "participants-MAX_NUM_FORMS": "20",
                    "participants-0-name": "Kari Nordmann",
                    "participants-0-role": "manager",
                    "participants-0-email": "",
                },
            )
            if answer.status_code == 302:
                registered = answer.headers["Location"]
                break
        expect(registered is not None, "a restaurant's registration is accepted")
        private = guest.request("GET", registered)
        expect(private.status_code == 200 and registered in private.text,
               "the confirmation page shows the private link")  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(
            "smoke@kafe.example" in to for to, _ in sink.messages
        ):
            time.sleep(0.5)
        delivered = [text for to, text in sink.messages if "smoke@kafe.example" in to]
        expect(bool(delivered), "the confirmation reached the SMTP sink through the outbox")
        expect(registered in delivered[0].replace("=\n", ""), "the e-mail carries the private link")
    finally:
        for name in ("gunicorn", "worker"):
            process = processes.get(name)
            if process is None:
                continue
            process.send_signal(signal.SIGTERM)
            try:
                code = process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                code = "killed"
            log(f"{name} stopped ({code})")
            if code != 0 and sys.exc_info()[0] is None:
                raise SystemExit(f"FAILED: {name} did not stop cleanly ({code})")
        if "redis" in processes:
            processes["redis"].terminate()
            processes["redis"].wait(timeout=20)
        controller.stop()
        subprocess.run(["dropdb", "--if-exists", database], env=psql_env, timeout=60, check=False)
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({"smoke": "passed", "messages_in_sink": len(sink.messages)}))


if __name__ == "__main__":
    main()
