"""Faults (issue 16): worker processes die with the server, even after kill -9; a second
server on the same data directory is refused by a lock instead of failing the first
one's runs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from critmin.api import Settings, create_app
from critmin.cli import app as cli
from critmin.exceptions import InputError

CRITMIN = str(Path(sys.executable).with_name("critmin"))
LONG = {"name": "long", "horizon": {"start": "2025-01", "end": "2044-12", "step": "month"},
        "coalition": ["USA", "JPN"],
        "shocks": [{"type": "export_control", "country": "CHN", "materials": ["Dy", "Tb"],
                    "stages": ["separation", "metal"], "severity": 0.7, "start": "2025-03"}],
        "uncertainty": {"parameters": [{"name": "sev", "kind": "shock_severity", "shock": 0,
                                        "distribution": {"type": "uniform", "low": 0.1,
                                                         "high": 1.0}}]}}


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rpartition(")")[2].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.add(c)
            todo.append(c)
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc and prctl")
def test_kill_9_of_the_server_leaves_no_worker_alive(tmp_path: Path) -> None:
    port = _port()
    server = subprocess.Popen([CRITMIN, "serve", "--port", str(port), "--data-dir",
                               str(tmp_path / "d")], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(base + "/api/health", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        run = httpx.post(base + "/api/runs", json={"kind": "ensemble", "runs": 5000,
                                                   "scenario": LONG}, timeout=30).json()
        while httpx.get(f"{base}/api/runs/{run['id']}", timeout=30).json()["status"] != "running":
            assert time.monotonic() < deadline + 60, "the run never started"
            time.sleep(0.2)
        workers = _descendants(server.pid)
        assert workers, "the running run has a worker process"
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
        time.sleep(5)
        assert [p for p in workers if _alive(p)] == []
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_a_second_server_on_the_same_folder_is_refused(tmp_path: Path) -> None:
    first = create_app(Settings(data_dir=tmp_path / "d"))
    run = first.state.critmin.store.add_run("simulate", {"note": "the first one's"})
    with pytest.raises(InputError, match="already served by a critmin server"):
        create_app(Settings(data_dir=tmp_path / "d"))
    assert first.state.critmin.store.status(run["id"]) == "queued"  # not failed by the second
    res = CliRunner().invoke(cli, ["serve", "--data-dir", str(tmp_path / "d")])
    assert res.exit_code == 2
    assert "is already served by a critmin server (pid" in " ".join(res.output.split())
    first.state.critmin.runner.shutdown()
