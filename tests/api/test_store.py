"""The service's store, the same tests on SQLite and on a real PostgreSQL server (the
``database`` fixture runs each test on both): shapes, order, pages, a conditional update
that loses a race, and which interrupted runs a starting server fails."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from critmin.api import Settings, create_app
from critmin.app.sqlbackend import pyformat
from critmin.app.store import STALE_S, Store
from critmin.cli import app as cli
from critmin.exceptions import InputError

RUN_KEYS = {"id", "kind", "status", "progress", "message", "error", "created_at",
            "started_at", "finished_at", "request", "owner", "partner", "visibility", "partners",
            "private"}


def test_scenarios_round_trip_in_order_and_by_page(database: str) -> None:
    store = Store(database)
    body = {"name": "50% of 'Dy': :x %(y)s", "nested": {"list": [1, 2.5, None], "ü": "日本"}}
    added = [store.add_scenario(f"s{i}", {**body, "i": i}) for i in range(7)]
    assert set(added[0]) == {"id", "name", "created_at", "scenario", "owner", "partner",
                             "visibility", "partners"}
    assert store.get_scenario(added[3]["id"]) == added[3]
    assert store.get_scenario(added[3]["id"])["scenario"]["name"] == body["name"]
    everything = store.list_scenarios()
    assert [s["id"] for s in everything] == [s["id"] for s in added]  # oldest first
    assert store.list_scenarios(-1, 5) == everything[5:]
    pages = [store.list_scenarios(3, o) for o in (0, 3, 6, 9)]
    assert [len(p) for p in pages] == [3, 3, 1, 0]
    assert [s for p in pages for s in p] == everything
    assert store.delete_scenario(added[0]["id"]) is True
    assert store.delete_scenario(added[0]["id"]) is False
    assert store.get_scenario(added[0]["id"]) is None
    assert len(store.list_scenarios()) == 6


def test_runs_newest_first_by_page_with_exact_shapes(database: str) -> None:
    store = Store(database)
    runs = [store.add_run("simulate", {"n": i}) for i in range(12)]  # within one second
    assert set(runs[0]) == RUN_KEYS | {"result"}
    assert runs[0]["status"] == "queued" and runs[0]["result"] is None
    listed = store.list_runs()
    assert [r["id"] for r in listed] == [r["id"] for r in reversed(runs)]
    assert all(set(r) == RUN_KEYS for r in listed)  # no result in lists
    pages = [store.list_runs(5, o) for o in (0, 5, 10)]
    assert [len(p) for p in pages] == [5, 5, 2]
    assert [r for p in pages for r in p] == listed
    assert store.count_runs("queued") == 12 and store.count_runs("done") == 0


def test_update_run_keeps_numbers_and_results(database: str) -> None:
    store = Store(database)
    rid = store.add_run("simulate", {"x": 1})["id"]
    assert store.update_run(rid, progress=0.3, message="a third: 33%")
    result = {"summary": {"shortfall_t": 1234.5678901234}, "rows": [{"a": None}]}
    assert store.update_run(rid, status="done", progress=1.0, result=result)
    run = store.get_run(rid)
    assert run["result"] == result
    assert store.get_run(rid, with_result=False).keys() == RUN_KEYS
    assert store.update_run(rid, progress=0.123456789)
    assert store.get_run(rid)["progress"] == 0.123456789  # a double, not a 4-byte REAL
    assert store.status(rid) == "done" and store.status("nope") is None
    assert store.update_run("nope", progress=0.5) is False


def test_a_conditional_update_loses_a_race_cleanly(database: str) -> None:
    """Eight workers, each with its own store (connections), start the same queued run at
    once: exactly one wins, and the loser's changes are not applied."""
    rid = Store(database).add_run("simulate", {})["id"]
    stores = [Store(database) for _ in range(8)]
    barrier = threading.Barrier(len(stores))
    won: list[bool] = [False] * len(stores)

    def start(i: int) -> None:
        barrier.wait()
        won[i] = stores[i].update_run(rid, expect="queued", status="running", message=f"w{i}")

    threads = [threading.Thread(target=start, args=(i,)) for i in range(len(stores))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(won) == 1
    run = stores[0].get_run(rid)
    assert run["status"] == "running" and run["message"] == f"w{won.index(True)}"
    assert not stores[1].update_run(rid, expect="queued", status="cancelled")
    assert stores[1].update_run(rid, expect="running", status="cancelled")


def test_fail_interrupted_fails_only_runs_of_servers_that_are_gone(database: str) -> None:
    me, other, crashed = Store(database), Store(database), Store(database)
    for s in (me, other, crashed):
        s.register_server()
    legacy = Store(database).add_run("simulate", {})["id"]  # no server (an older critmin)
    mine = me.add_run("simulate", {})["id"]
    others = other.add_run("simulate", {})["id"]
    other.update_run(others, status="running")
    lost = crashed.add_run("simulate", {})["id"]
    finished = crashed.add_run("simulate", {})["id"]
    crashed.update_run(finished, status="done")
    crashed._execute("UPDATE servers SET heartbeat = heartbeat - :s WHERE id = :id",
                     {"s": STALE_S + 1, "id": crashed.server_id})  # silent for too long
    failed = me.fail_interrupted()
    status = {r["id"]: r for r in me.list_runs()}
    assert status[mine]["status"] == "queued"  # never its own
    assert status[finished]["status"] == "done"
    for rid in (legacy, lost):
        assert status[rid]["status"] == "failed"
        assert status[rid]["error"] == ("interrupted: the server stopped while this run was "
                                        "queued; start it again")
    if me.shared:  # PostgreSQL: another live server's run is left alone
        assert status[others]["status"] == "running" and failed == 2
    else:  # SQLite: the data folder's lock lets one server run, so the other is gone
        assert "was running" in status[others]["error"] and failed == 3
    other.heartbeat()  # a server that was dropped from the register comes back
    assert other._execute("SELECT COUNT(*) AS n FROM servers WHERE id = :id",
                          {"id": other.server_id}).rows[0]["n"] == 1


def test_a_stopping_server_fails_what_it_leaves_queued(database: str) -> None:
    me, other = Store(database), Store(database)
    me.register_server()
    other.register_server()
    mine, others = me.add_run("simulate", {})["id"], other.add_run("simulate", {})["id"]
    me.unregister_server()
    assert me.status(mine) == "failed"
    assert me.status(others) == "queued"


def test_an_older_sqlite_database_is_upgraded_in_place(tmp_path: Path) -> None:
    """A database of an earlier critmin (no seq, no server_id; order by rowid) keeps its
    rows and their order; new rows come after them."""
    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    with con:
        con.executescript(
            "CREATE TABLE runs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL,"
            " progress REAL NOT NULL DEFAULT 0, message TEXT NOT NULL DEFAULT '', request TEXT"
            " NOT NULL, result TEXT, error TEXT, created_at TEXT NOT NULL, started_at TEXT, "
            "finished_at TEXT);"
            "INSERT INTO runs (id, kind, status, request, created_at) VALUES "
            "('b', 'simulate', 'done', '{}', '2025-01-01T00:00:00+00:00'), "
            "('a', 'simulate', 'running', '{}', '2025-01-01T00:00:00+00:00');")
    con.close()
    store = Store(path)
    store.register_server()
    new = store.add_run("simulate", {})["id"]
    assert [r["id"] for r in store.list_runs()] == [new, "a", "b"]
    assert store.fail_interrupted() == 1 and store.status("a") == "failed"


def test_pyformat_leaves_literals_and_casts_alone() -> None:
    sql = "SELECT ':no' || :yes, x::text, '100%' FROM t WHERE a = :a_1"
    assert pyformat(sql) == "SELECT ':no' || %(yes)s, x::text, '100%%' FROM t WHERE a = %(a_1)s"


def test_a_bad_or_unreachable_database_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="give a SQLite file's path or a postgresql://"):
        Store("mysql://user@host/db")
    url = "postgresql://critmin:s3cret@127.0.0.1:1/critmin"  # nothing listens on port 1
    with pytest.raises(InputError, match="cannot connect to PostgreSQL") as exc:
        Store(url)
    assert "s3cret" not in str(exc.value) and "\n" not in str(exc.value)
    res = CliRunner().invoke(cli, ["serve", "--data-dir", str(tmp_path / "d"),
                                   "--database", url])
    assert res.exit_code == 2
    assert "cannot connect to PostgreSQL" in res.output and "s3cret" not in res.output
    assert "Traceback" not in res.output
    res = CliRunner().invoke(cli, ["serve", "--data-dir", str(tmp_path / "d"),
                                   "--database", "postgresql://critmin@/x?nonsense=1"])
    assert res.exit_code == 2 and "Traceback" not in res.output


def test_the_service_end_to_end_on_postgresql(tmp_path: Path, postgres_url: str,
                                             dy_ban: dict, wait_for) -> None:
    """Store a scenario, run a simulation in a worker process that writes to PostgreSQL,
    read both back, also after a restart; nothing is written to a SQLite file."""
    settings = Settings(data_dir=tmp_path / "d", db=postgres_url)
    with TestClient(create_app(settings)) as client:
        res = client.post("/api/scenarios", params={"dataset": "sample"}, json=dy_ban)
        assert res.status_code == 201, res.text
        sid = res.json()["id"]
        res = client.post("/api/runs", json={"dataset": "sample", "scenario_id": sid})
        assert res.status_code == 202, res.text
        done = wait_for(client, res.json()["id"])
        assert done["status"] == "done", done["error"]
        assert done["result"]["summary"]
        assert client.get("/api/runs").json()[0]["id"] == done["id"]
    assert not (tmp_path / "d" / "critmin.sqlite").exists()
    with TestClient(create_app(Settings(data_dir=tmp_path / "d", db=postgres_url))) as again:
        assert again.get(f"/api/scenarios/{sid}").json()["scenario"]["name"] == dy_ban["name"]
        assert again.get(f"/api/runs/{done['id']}").json()["result"] == done["result"]


def test_two_servers_share_a_postgresql_database(tmp_path: Path, postgres_url: str) -> None:
    """A second server on the same database sees the first one's runs and does not fail
    them; once the first is gone (its heartbeat stale), the second fails its leftovers."""
    first = create_app(Settings(data_dir=tmp_path / "a", db=postgres_url))
    store = first.state.critmin.store
    run = store.add_run("simulate", {"note": "the first one's"})
    second = create_app(Settings(data_dir=tmp_path / "b", db=postgres_url))
    other = second.state.critmin.store
    assert other.status(run["id"]) == "queued"
    assert other.get_run(run["id"])["request"] == {"note": "the first one's"}
    store._execute("UPDATE servers SET heartbeat = heartbeat - :s WHERE id = :id",
                   {"s": STALE_S + 1, "id": store.server_id})  # the first crashed
    assert other.fail_interrupted() == 1
    assert other.status(run["id"]) == "failed"
    for app in (first, second):
        app.state.critmin.runner.shutdown()


def test_a_run_cancelled_by_another_server_stops_its_worker(
        tmp_path: Path, postgres_url: str, dy_ban: dict, wait_for) -> None:
    """Server B cancels an ensemble that server A's worker is executing: B has no process
    to stop, so A's worker notices at its next progress report that its run is no longer
    running and ends, long before its 2,000 futures would have been done."""
    import time

    sev = {"name": "sev", "kind": "shock_severity", "shock": 0,
           "distribution": {"type": "uniform", "low": 0.1, "high": 1.0}}
    long = dict(dy_ban, horizon={"start": "2025-01", "end": "2044-12", "step": "month"},
                uncertainty={"parameters": [sev]})
    with TestClient(create_app(Settings(data_dir=tmp_path / "a", db=postgres_url))) as a, \
            TestClient(create_app(Settings(data_dir=tmp_path / "b", db=postgres_url))) as b:
        res = a.post("/api/runs", json={"kind": "ensemble", "runs": 2000, "dataset": "sample",
                                        "scenario": long})
        assert res.status_code == 202, res.text
        rid = res.json()["id"]
        deadline = time.monotonic() + 120
        while a.get(f"/api/runs/{rid}").json()["progress"] == 0:  # running, and reporting
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert b.post(f"/api/runs/{rid}/cancel").json()["status"] == "cancelled"
        assert a.app.state.critmin.runner.wait(rid, timeout=60), "A's worker kept running"
        run = wait_for(a, rid)
    assert run["status"] == "cancelled" and run["result"] is None


def test_a_live_server_fails_the_runs_of_a_crashed_one(tmp_path: Path, postgres_url: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """On PostgreSQL, each server beats its heartbeat and sweeps: the runs of a server that
    went silent (killed) are failed while the others keep serving, no restart needed."""
    import time

    monkeypatch.setattr("critmin.api.jobs.HEARTBEAT_S", 0.1)
    crashed = Store(postgres_url)
    crashed.register_server()
    lost = crashed.add_run("simulate", {})["id"]
    app = create_app(Settings(data_dir=tmp_path / "a", db=postgres_url))
    store = app.state.critmin.store
    beat = store._execute("SELECT heartbeat FROM servers WHERE id = :id",
                          {"id": store.server_id}).rows[0]["heartbeat"]
    time.sleep(1.0)
    assert store.status(lost) == "queued"  # its server is silent, but not for long yet
    store._execute("UPDATE servers SET heartbeat = heartbeat - :s WHERE id = :id",
                   {"s": STALE_S + 1, "id": crashed.server_id})
    deadline = time.monotonic() + 10
    while store.status(lost) != "failed":
        assert time.monotonic() < deadline, "no live server failed the crashed one's run"
        time.sleep(0.1)
    assert store._execute("SELECT heartbeat FROM servers WHERE id = :id",
                          {"id": store.server_id}).rows[0]["heartbeat"] > beat
    app.state.critmin.runner.shutdown()
