"""The real app on a temporary data directory (its own SQLite file), per test; and a real
PostgreSQL server, started once per session from Debian's ``postgresql`` package, for the
store's tests on both databases."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from critmin.api import Settings, create_app


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "service"


@pytest.fixture
def client(data_dir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(data_dir=data_dir))) as c:
        yield c


def _wait_for(client: TestClient, run_id: str, timeout: float = 120.0,
              headers: dict | None = None) -> dict:
    """Poll a run until it leaves queued/running (as the user of ``headers``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = client.get(f"/api/runs/{run_id}", headers=headers).json()
        if run["status"] not in ("queued", "running"):
            return run
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} did not finish in {timeout} s")


@pytest.fixture
def wait_for():
    """``wait_for(client, run_id)``: poll a run until it has finished; return it."""
    return _wait_for


@pytest.fixture
def dy_ban() -> dict:
    """A one-year monthly scenario: China withholds all Dy oxide from April (sample data)."""
    import copy

    return copy.deepcopy(DY_BAN)


DY_BAN = {
    "name": "dy-ban-test",
    "horizon": {"start": "2025-01", "end": "2025-12", "step": "month"},
    "coalition": ["USA", "JPN"],
    "shocks": [{"type": "export_control", "country": "CHN", "materials": ["Dy"],
                "stages": ["separation"], "severity": 1.0, "start": "2025-04",
                "end": "2025-12"}],
}


def _pg_bindir() -> Path | None:
    """The newest PostgreSQL server's binaries (Debian: /usr/lib/postgresql/N/bin)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
                   key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
    if found:
        return found[-1].parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL cluster for the session: ``initdb`` into a temporary folder,
    ``pg_ctl start`` listening on a Unix socket in that folder only (no TCP port to clash
    with), database ``critmin``; stopped and deleted at the end. Yields its URL.

    PostgreSQL refuses to run as root, so as root the cluster runs as the ``postgres`` user
    (``nobody`` if there is none), which owns the folder. Missing binaries fail the tests:
    CI installs Debian's ``postgresql`` package (``.ci/run``).
    """
    bindir = _pg_bindir()
    if bindir is None or not (bindir / "initdb").exists():
        pytest.fail("PostgreSQL's server (initdb, pg_ctl) is not installed; the store's tests "
                    "run on it: apt-get install postgresql (.ci/run installs it)")
    root = Path(tempfile.mkdtemp(prefix="critmin-pg-"))  # short: a socket path has a limit
    prefix: list[str] = []
    if os.geteuid() == 0:
        names = [n for n in ("postgres", "nobody") if _user_exists(n)]
        user = pwd.getpwnam(names[0])
        os.chown(root, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", user.pw_name, "--"]
    data = root / "data"
    options = f"-k {root} -c listen_addresses='' -c fsync=off -c synchronous_commit=off " \
              "-c full_page_writes=off -c max_connections=200"

    def run(*args: object) -> None:
        try:
            subprocess.run([*prefix, *map(str, args)], check=True, capture_output=True,
                           text=True, timeout=120)
        except (OSError, subprocess.SubprocessError) as exc:
            log = (root / "log").read_text() if (root / "log").exists() else ""
            err = getattr(exc, "stderr", "") or ""
            pytest.fail(f"could not start PostgreSQL ({exc}):\n{err}\n{log[-2000:]}")

    run(bindir / "initdb", "-D", data, "-A", "trust", "-U", "critmin", "-E", "UTF8",
        "--no-locale", "--no-sync")
    run(bindir / "pg_ctl", "-D", data, "-l", root / "log", "-o", options, "-w", "-t", "60",
        "start")
    try:
        import psycopg

        with psycopg.connect(f"postgresql://critmin@/postgres?host={root}",
                             autocommit=True) as con:
            con.execute("CREATE DATABASE critmin")
        yield f"postgresql://critmin@/critmin?host={root}"
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "-w", "stop"], capture_output=True, timeout=60, check=False)
        shutil.rmtree(root, ignore_errors=True)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """The session's PostgreSQL database, with a schema of this test's own (empty)."""
    import psycopg

    schema = f"t{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")
    return f"{postgres_server}&options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The store's database on each backend in turn: a SQLite file, a PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "store.sqlite")
    return request.getfixturevalue("postgres_url")
