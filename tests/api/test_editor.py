"""The editor's check shows every problem at once, each with the line of its field, and
suggests the closest known code for an unknown one."""

from __future__ import annotations

from fastapi.testclient import TestClient

BROKEN = """name: broken
horizon: {start: 2025-01, end: 2025-12, step: month}
coalition: [USA, JPX]
shocks:
  - type: export_control
    country: CHN
    materials: [Dyy]
    stages: [separaton]
    severity: lots
    start: 2025-04
    end: 2025-12
"""


def _problems(client: TestClient, text: str) -> dict[str, dict]:
    out = client.post("/api/scenarios/validate", json={"yaml": text, "dataset": "sample"})
    assert out.status_code == 200
    body = out.json()
    assert body["valid"] is False and body["scenario"] is None
    return {p["field"]: p for p in body["problems"]}


def test_every_problem_at_once_with_its_line_and_a_suggestion(client: TestClient) -> None:
    got = _problems(client, BROKEN)
    # a field that does not parse and the unknown names, in the same answer
    assert "shocks[0].severity" in got and got["shocks[0].severity"]["line"] == 9
    assert "did you mean 'JPN'?" in got["coalition[1]"]["message"]
    assert got["coalition[1]"]["line"] == 3
    assert "did you mean 'Dy'?" in got["shocks[0].materials[0]"]["message"]
    assert got["shocks[0].materials[0]"]["line"] == 7
    assert "did you mean 'separation'?" in got["shocks[0].stages[0]"]["message"]


def test_unknown_names_of_a_parsed_scenario_are_suggested_too(client: TestClient) -> None:
    got = _problems(client, BROKEN.replace("severity: lots", "severity: 0.5"))
    assert set(got) == {"coalition[1]", "shocks[0].materials[0]", "shocks[0].stages[0]"}
    assert "did you mean 'Dy'?" in got["shocks[0].materials[0]"]["message"]
    # nothing close: no guess
    far = _problems(client, BROKEN.replace("severity: lots", "severity: 0.5")
                    .replace("Dyy", "Qqqqqq"))
    assert "did you mean" not in far["shocks[0].materials[0]"]["message"]


def test_editor_page_annotates_lines(client: TestClient) -> None:
    page = client.get("/editor", params={"dataset": "sample"}).text
    assert 'id="annotated"' in page and 'id="select-dataset"' in page
    assert client.get("/editor", params={"dataset": "nope"}).status_code == 404
