"""What the load scripts share: the project's Python, databases, gunicorn on loopback."""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


_GIVEN_PORTS = [int(p) for p in os.environ.get("BENCH_PORTS", "").split(",") if p.strip()]


def free_port() -> int:
    """The next port of ``BENCH_PORTS`` (comma-separated; on a shared machine each person
    uses their own), else any free one."""
    if _GIVEN_PORTS:
        return _GIVEN_PORTS.pop(0)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(database_url: str, **extra: str) -> dict[str, str]:
    """DEBUG off, loopback only, a throwaway secret key, no HTTPS redirect."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY="bench-loopback-only-not-a-secret",
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="http://127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        PYTHONWARNINGS="ignore::UserWarning",  # whitenoise: no collected static files
        **extra,
    )
    return env


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database of ``url`` when it does not exist yet."""
    parts = urllib.parse.urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return
    import psycopg

    name = parts.path.lstrip("/")
    server = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *args: str, timeout: float = 1800) -> str:
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def start_gunicorn(
    app: str, port: int, env: dict[str, str], workers: int, log: Path | None = None
) -> subprocess.Popen:
    """gunicorn on 127.0.0.1 in its own process group; its output to ``log`` if given."""
    output = open(log, "w") if log else None  # noqa: SIM115 - lives as long as the server
    return subprocess.Popen(
        [
            str(GUNICORN),
            app,
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=output,
        stderr=output,
    )


def stop(server: subprocess.Popen) -> None:
    """Stop a server started here (its own process group) and wait for it."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=15)


def start_redis() -> tuple[subprocess.Popen, str]:
    """A throwaway redis-server on loopback (no persistence), and its URL: the cache
    production runs with (``REDIS_URL``, docs/operations.md)."""
    if shutil.which("redis-server") is None:
        sys.exit("The Redis cache needs redis-server (apt-get install -y redis-server).")
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    atexit.register(stop, server)  # also when the script exits early
    return server, f"redis://127.0.0.1:{port}/0"


def cpu_seconds(pids) -> float:
    """User and system CPU time of the processes ``pids`` so far, with that of their ended
    children that they have waited for (from /proc; a process that has ended counts 0). So
    PostgreSQL's server process carries the time of the backends of closed connections."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # utime, stime, cutime, cstime (fields 14-17 of proc(5))
        total += sum(int(value) for value in fields[11:15])
    return total / tick


def processes(*, name: str = "", group: int | None = None) -> list[int]:
    """Ids of the running processes whose executable is called ``name`` (``/proc/PID/comm``,
    not the command line, which may merely mention it: ``--database-url postgres://…``), or
    of the process group ``group``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if group is not None:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(stat[2]) == group:
                    found.append(int(entry.name))
            elif (entry / "comm").read_text().strip() == name:
                found.append(int(entry.name))
        except (OSError, ValueError):
            continue
    return found


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])
