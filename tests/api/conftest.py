"""The real app on a temporary data directory (its own SQLite file), per test."""

from __future__ import annotations

import time
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
