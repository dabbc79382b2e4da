"""Every endpoint of the JSON API against the real app, including bad payloads (422 that
names the field), unknown ids (404) and runs that survive a server restart."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from critmin.api import Settings, create_app
from critmin.data import bundled_path


def test_health(client: TestClient) -> None:
    assert client.get("/api/health").json()["status"] == "ok"


def test_datasets(client: TestClient) -> None:
    names = [d["name"] for d in client.get("/api/datasets").json()]
    assert "sample" in names
    info = client.get("/api/datasets/sample").json()
    assert info["tables"]["capacity"] == 32
    assert info["base_year"] == 2024
    assert client.get("/api/datasets/nope").status_code == 404


def test_table_rows_match_the_csv(client: TestClient) -> None:
    page = client.get("/api/datasets/sample/tables/capacity",
                      params={"where": ["stage=mining", "material=REO", "year=2024"]}).json()
    assert page["total"] == 6
    assert sum(r["production_t"] for r in page["rows"]) == 390_000
    assert client.get("/api/datasets/sample/tables/mines").status_code == 404
    bad = client.get("/api/datasets/sample/tables/capacity", params={"where": "colour=red"})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["query", "where"]


def test_table_paging(client: TestClient) -> None:
    page = client.get("/api/datasets/sample/tables/capacity",
                      params={"offset": 30, "limit": 5}).json()
    assert (page["total"], len(page["rows"])) == (32, 2)
    assert client.get("/api/datasets/sample/tables/capacity",
                      params={"limit": 0}).status_code == 422


def test_sources(client: TestClient) -> None:
    rows = client.get("/api/datasets/sample/sources").json()
    with (bundled_path("sample") / "sources.csv").open() as f:
        assert {r["source_id"] for r in rows} == {r["source_id"] for r in csv.DictReader(f)}


def test_validate_names_the_field(client: TestClient) -> None:
    bad = ("name: x\nhorizon: {start: 2025-01, end: 2025-12}\nshocks:\n"
           "  - {type: export_control, country: CHN, materials: [Dy], stages: [separation],"
           " severity: 1.5, start: 2025-04}\n")
    out = client.post("/api/scenarios/validate", json={"yaml": bad, "dataset": "sample"}).json()
    assert out["valid"] is False
    assert out["problems"] == [{"field": "shocks[0].severity",
                                "message": "must be between 0 and 1", "line": 4}]
    unknown = bad.replace("1.5", "0.5").replace("[Dy]", "[Dy, Kr]")
    out = client.post("/api/scenarios/validate",
                      json={"yaml": unknown, "dataset": "sample"}).json()
    assert out["problems"] == [{"field": "shocks[0].materials[1]",
                                "message": "unknown material 'Kr'", "line": 4}]
    out = client.post("/api/scenarios/validate",
                      json={"yaml": "name: [unclosed", "dataset": "sample"}).json()
    assert out["valid"] is False
    assert out["problems"][0]["field"].startswith("line ")


def test_scenario_crud(client: TestClient, dy_ban: dict) -> None:
    created = client.post("/api/scenarios", params={"dataset": "sample"}, json=dy_ban)
    assert created.status_code == 201
    sid = created.json()["id"]
    assert client.get(f"/api/scenarios/{sid}").json()["scenario"]["shocks"][0]["severity"] == 1.0
    assert [s["id"] for s in client.get("/api/scenarios").json()] == [sid]
    assert client.delete(f"/api/scenarios/{sid}").status_code == 204
    assert client.get(f"/api/scenarios/{sid}").status_code == 404
    assert client.delete(f"/api/scenarios/{sid}").status_code == 404


def test_invalid_scenarios_get_422_naming_the_field(client: TestClient, dy_ban: dict) -> None:
    bad = dict(dy_ban, shocks=[dict(dy_ban['shocks'][0])])
    bad["shocks"][0]["severity"] = 2
    res = client.post("/api/scenarios", params={"dataset": "sample"}, json=bad)
    assert res.status_code == 422
    assert any(d["loc"][-1] == "severity" for d in res.json()["detail"])
    unknown = dict(dy_ban, shocks=[dict(dy_ban['shocks'][0])])
    unknown["coalition"] = ["USA", "ATL"]
    res = client.post("/api/scenarios", params={"dataset": "sample"}, json=unknown)
    assert res.status_code == 422
    assert res.json()["detail"][0]["loc"] == ["body", "coalition", 1]
    assert "ATL" in res.json()["detail"][0]["msg"]
    assert client.get("/api/scenarios").json() == []  # nothing half-stored


def test_library(client: TestClient) -> None:
    names = [s["name"] for s in client.get("/api/library").json()]
    assert "baseline" in names
    assert client.get("/api/library/baseline").json()["name"] == "baseline"
    assert client.get("/api/library/nope").status_code == 404


def test_run_a_simulation(client: TestClient, dy_ban: dict, wait_for) -> None:
    """A POST returns at once with the run's id; the finished run holds the results."""
    res = client.post("/api/runs", json={"dataset": "sample", "scenario": dy_ban})
    assert res.status_code == 202
    assert res.json()["status"] in ("queued", "running", "done")
    run = wait_for(client, res.json()["id"])
    assert run["status"] == "done", run["error"]
    result = run["result"]
    assert result["scenario"] == "dy-ban-test"
    assert len(result["periods"]) == 12
    assert result["summary"]["periods"] == 12
    # every shortfall row is demand minus supply, never negative
    for row in result["shortfall"]:
        assert row["shortfall_t"] >= 0
        assert abs(row["demand_t"] - row["supplied_t"] - row["shortfall_t"]) < 1e-6
    listed = client.get("/api/runs").json()
    assert [r["id"] for r in listed] == [run["id"]]
    assert "result" not in listed[0] or listed[0]["result"] is None


def test_run_from_stored_and_library(client: TestClient, dy_ban: dict, wait_for) -> None:
    sid = client.post("/api/scenarios", params={"dataset": "sample"}, json=dy_ban).json()["id"]
    a = client.post("/api/runs", json={"dataset": "sample", "scenario_id": sid})
    assert a.status_code == 202
    assert wait_for(client, a.json()["id"])["request"]["scenario"]["name"] == "dy-ban-test"
    assert client.post("/api/runs", json={"dataset": "sample",
                                          "scenario_id": "nope"}).status_code == 404
    assert client.post("/api/runs", json={"dataset": "sample",
                                          "library": "nope"}).status_code == 404
    both = client.post("/api/runs", json={"dataset": "sample", "library": "baseline",
                                          "scenario_id": sid})
    assert both.status_code == 422


def test_bad_run_requests(client: TestClient, dy_ban: dict) -> None:
    bad = dict(dy_ban, shocks=[dict(dy_ban['shocks'][0])])
    bad["shocks"][0]["stages"] = ["smelting"]
    res = client.post("/api/runs", json={"dataset": "sample", "scenario": bad})
    assert res.status_code == 422
    assert res.json()["detail"][0]["loc"] == ["body", "shocks", 0, "stages", 0]
    res = client.post("/api/runs", json={"dataset": "sample", "scenario": dy_ban,
                                         "kind": "teleport"})
    assert res.status_code == 422
    assert res.json()["detail"][0]["loc"][-1] == "kind"
    long = dict(dy_ban, shocks=[dict(dy_ban['shocks'][0])])
    long["horizon"] = {"start": "2025-01", "end": "2049-12", "step": "month"}
    long["shocks"] = []
    res = client.post("/api/runs", json={"dataset": "sample", "scenario": long})
    assert res.status_code == 422
    assert "limit of 240 periods" in res.json()["detail"][0]["msg"]
    assert client.get("/api/runs/nope").status_code == 404
    assert client.post("/api/runs/nope/cancel").status_code == 404


def test_cancel_a_queued_run(data_dir: Path, dy_ban: dict, wait_for) -> None:
    """With one worker busy, a second run waits in the queue and can be cancelled there."""
    with TestClient(create_app(Settings(data_dir=data_dir, workers=1))) as client:
        first = client.post("/api/runs", json={"dataset": "sample", "scenario": dy_ban}).json()
        second = client.post("/api/runs", json={"dataset": "sample", "scenario": dy_ban}).json()
        res = client.post(f"/api/runs/{second['id']}/cancel").json()
        wait_for(client, first["id"])
        final = wait_for(client, second["id"])
    if res["status"] == "cancelled":  # it was still queued
        assert final["status"] == "cancelled"
        assert final["result"] is None
    else:  # the first run finished before the cancel arrived
        assert final["status"] in ("cancelled", "done")


def test_runs_and_scenarios_survive_a_restart(data_dir: Path, dy_ban: dict, wait_for) -> None:
    with TestClient(create_app(Settings(data_dir=data_dir))) as client:
        sid = client.post("/api/scenarios", params={"dataset": "sample"}, json=dy_ban).json()["id"]
        rid = client.post("/api/runs", json={"dataset": "sample", "scenario": dy_ban}).json()["id"]
        done = wait_for(client, rid)
    with TestClient(create_app(Settings(data_dir=data_dir))) as client:
        assert client.get(f"/api/scenarios/{sid}").status_code == 200
        again = client.get(f"/api/runs/{rid}").json()
        assert again["status"] == "done"
        assert again["result"] == done["result"]


def test_a_run_interrupted_by_a_restart_is_marked_failed(data_dir: Path, dy_ban: dict,
                                                          wait_for) -> None:
    """A run still queued or running when the server stops is failed with the reason."""
    with TestClient(create_app(Settings(data_dir=data_dir))) as client:
        rid = client.post("/api/runs", json={"dataset": "sample", "scenario": dy_ban}).json()["id"]
        wait_for(client, rid)
    con = sqlite3.connect(data_dir / "critmin.sqlite")
    with con:  # as if the server had died mid-run
        con.execute("UPDATE runs SET status='running', result=NULL WHERE id=?", (rid,))
    con.close()
    with TestClient(create_app(Settings(data_dir=data_dir))) as client:
        run = client.get(f"/api/runs/{rid}").json()
    assert run["status"] == "failed"
    assert "interrupted" in run["error"] and "running" in run["error"]


def test_openapi_lists_every_route(client: TestClient) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    assert {"/api/health", "/api/datasets", "/api/datasets/{name}",
            "/api/datasets/{name}/tables/{table}", "/api/datasets/{name}/sources",
            "/api/scenarios", "/api/scenarios/validate", "/api/scenarios/{scenario_id}",
            "/api/library", "/api/library/{name}", "/api/runs", "/api/runs/{run_id}",
            "/api/runs/{run_id}/cancel"} <= paths


def test_cancel_a_running_run(client: TestClient, dy_ban: dict, wait_for) -> None:
    """Cancelling a running simulation stops its worker process; no result is kept."""
    import time

    long = dict(dy_ban, horizon={"start": "2025-01", "end": "2044-12", "step": "month"})
    rid = client.post("/api/runs", json={"dataset": "sample", "scenario": long}).json()["id"]
    deadline = time.monotonic() + 60
    while client.get(f"/api/runs/{rid}").json()["status"] == "queued":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    res = client.post(f"/api/runs/{rid}/cancel").json()
    assert res["status"] == "cancelled"
    run = wait_for(client, rid)
    assert run["status"] == "cancelled"
    assert run["result"] is None
    time.sleep(0.5)  # a terminated worker must not write a late result
    assert client.get(f"/api/runs/{rid}").json()["status"] == "cancelled"


@pytest.mark.slow
def test_run_an_optimisation(client: TestClient, wait_for) -> None:
    """POST /api/runs kind=optimize with the bundled plan on the reference dataset."""
    res = client.post("/api/runs", json={"kind": "optimize", "plan": "us-japan-framework",
                                         "budget_musd": 500})
    assert res.status_code == 202, res.text
    run = wait_for(client, res.json()["id"], timeout=300)
    assert run["status"] == "done", run["error"]
    out = run["result"]
    assert out["cost_musd"] <= 500 + 1e-6
    assert out["by_good"], "the reference plan's scenarios leave some good short"
    for g in out["by_good"]:  # per good: tonnes of different goods are never added
        assert g["expected_t_after"] <= g["expected_t_before"] + 1e-6
    assert out["solver"]["status"] == "optimal"
    assert client.get(f"/runs/{run['id']}").status_code == 200
    assert client.post("/api/runs", json={"kind": "optimize",
                                          "plan": "nope"}).status_code == 404


def test_optimisation_plan_errors_name_the_field(client: TestClient) -> None:
    plan = {"name": "p", "coalition": ["USA", "JPN"], "budget": {"coalition_musd": 10},
            "scenarios": [{"file": "/etc/passwd", "probability": 1.0}]}
    res = client.post("/api/runs", json={"kind": "optimize", "plan_spec": plan})
    assert res.status_code == 422
    assert res.json()["detail"][0]["loc"][-1] == "file"
    plan["scenarios"] = [{"scenario": "baseline", "probability": 1.5}]
    res = client.post("/api/runs", json={"kind": "optimize", "plan_spec": plan})
    assert res.status_code == 422
    assert "probability" in res.json()["detail"][0]["loc"]


def test_run_an_ensemble(client: TestClient, dy_ban: dict, wait_for) -> None:
    dy_ban["uncertainty"] = {"parameters": [
        {"name": "severity", "kind": "shock_severity", "shock": 0,
         "distribution": {"type": "uniform", "low": 0.2, "high": 1.0}}]}
    res = client.post("/api/runs", json={"kind": "ensemble", "dataset": "sample",
                                         "scenario": dy_ban, "runs": 8, "seed": 3})
    assert res.status_code == 202, res.text
    run = wait_for(client, res.json()["id"], timeout=300)
    assert run["status"] == "done", run["error"]
    assert run["result"]["runs"] == 8
    s = run["result"]["summary"]
    assert set(s["worst_share"]) >= {"mean", "p95", "cvar95"}
    assert 0.0 <= s["prob_any_shortfall"] <= 1.0
    assert all(set(v) >= {"mean", "p95", "cvar95", "p50_if_any"}
               for v in s["shortfall_by_good_t"].values())
    assert client.get(f"/runs/{run['id']}").status_code == 200
    no_block = dict(dy_ban)
    no_block.pop("uncertainty")
    res = client.post("/api/runs", json={"kind": "ensemble", "dataset": "sample",
                                         "scenario": no_block})
    assert res.status_code == 422
    assert res.json()["detail"][0]["loc"][-1] == "uncertainty"
