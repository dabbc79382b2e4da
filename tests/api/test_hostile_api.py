"""Hostile payloads get a 4xx naming the field, never a 500 (issue 16)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

PLAN = {"name": "p", "coalition": ["USA", "JPN"], "budget": {"coalition_musd": 10},
        "scenarios": [{"scenario": "baseline", "probability": 1.0}]}


def test_deeply_nested_yaml_is_a_problem_not_a_500(client: TestClient) -> None:
    res = client.post("/api/scenarios/validate", json={"yaml": "a: " + "[" * 5000})
    assert res.status_code == 200
    assert res.json()["valid"] is False
    assert "nested more than 50 levels" in res.json()["problems"][0]["message"]


def test_an_alias_bomb_is_refused_by_the_validator(client: TestClient) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n"
        for i in range(9))
    res = client.post("/api/scenarios/validate", json={"yaml": bomb})
    assert res.json()["valid"] is False
    assert "aliases" in res.json()["problems"][0]["message"]


@pytest.mark.parametrize(("horizon", "message"), [
    ({"start": 999, "end": 2030}, "start 999 is not a calendar year between 1900 and 2200"),
    ({"start": 2025, "end": 10000}, "end 10000 is not a calendar year"),
    ({"start": 2025, "end": 2199}, "175 years exceeds the limit of 30 years"),
])
def test_plan_years_out_of_range_are_422(client: TestClient, horizon: dict,
                                         message: str) -> None:
    res = client.post("/api/runs", json={"kind": "optimize",
                                         "plan_spec": {**PLAN, "horizon": horizon}})
    assert res.status_code == 422, res.text
    assert message in res.text


def test_a_10000_month_horizon_is_refused_with_the_limit(client: TestClient,
                                                         dy_ban: dict) -> None:
    dy_ban["horizon"] = {"start": "2025-01", "end": "2858-04", "step": "month"}
    res = client.post("/api/runs", json={"dataset": "sample", "scenario": dy_ban})
    assert res.status_code == 422
    assert "10,000 monthly periods exceeds the limit of 240 periods" in res.text


def test_an_infinite_number_in_a_run_request_is_422_not_500(client: TestClient,
                                                            dy_ban: dict) -> None:
    import json

    dy_ban["shocks"][0]["severity"] = float("inf")
    res = client.post("/api/runs", content=json.dumps({"dataset": "sample", "scenario": dy_ban}),
                      headers={"content-type": "application/json"})
    assert res.status_code == 422
    detail = res.json()["detail"][0]
    assert detail["loc"][-1] == "severity" and "finite number" in detail["msg"]
    assert "input" not in detail
