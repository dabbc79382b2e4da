"""Bad numbers and bad YAML in a scenario are refused at the edge, naming the field, with
no traceback (issue 16: NaN priorities used to keep HiGHS busy for over ten minutes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from critmin.cli import app
from critmin.core.yamlio import load_yaml_text
from critmin.exceptions import ScenarioError
from critmin.scenarios import scenario_from_dict

runner = CliRunner()
HORIZON = "horizon: {start: 2025-01, end: 2025-12, step: month}\n"


@pytest.mark.parametrize(("body", "message"), [
    ("priorities: {ev: .nan}\n", "priorities.ev: Input should be a finite number"),
    ("elasticities: {Dy: -.inf}\n", "elasticities.Dy: Input should be a finite number"),
    ("restock_priority: .inf\n", "restock_priority: Input should be a finite number"),
    ("shocks:\n  - {type: export_control, country: CHN, materials: [Dy], "
     "stages: [separation], severity: .nan, start: 2025-03}\n", "shocks.0"),
    ("shocks:\n  - {type: export_control, country: CHN, materials: [Dy], "
     "stages: [separation], severity: 0.5, start: 2025-02-31}\n", "'2025-02-31': no such day"),
    ("name: again\n", "duplicate key 'name'"),
])
def test_bad_scenarios_are_refused_cleanly(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\n" + HORIZON + body, encoding="utf-8")
    res = runner.invoke(app, ["simulate", str(path)])
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    text = " ".join(res.output.split())
    assert message in text or message.replace(".0", "[0]") in text, res.output


def test_dates_stay_text_until_the_period_check() -> None:
    assert load_yaml_text("start: 2025-04-04") == {"start": "2025-04-04"}
    sc = scenario_from_dict(load_yaml_text(
        "name: ok\n" + HORIZON + "shocks:\n  - {type: export_control, country: CHN, "
        "materials: [Dy], stages: [separation], severity: 0.5, start: 2025-04-04}\n"))
    assert sc.shocks[0].start == "2025-04-04"


def test_a_nan_in_the_python_api_is_refused_too() -> None:
    with pytest.raises(ScenarioError, match="finite number"):
        scenario_from_dict({"name": "x", "horizon": {"start": "2025-01", "end": "2025-12",
                                                      "step": "month"},
                            "priorities": {"ev": float("nan")}})


@pytest.mark.parametrize("args", [
    ["optimize", "us-japan-framework", "--budget-musd", "inf"],
    ["optimize", "us-japan-framework", "--frontier", "nan,1"],
    ["optimize", "us-japan-framework", "--frontier", ",".join(["1"] * 51)],
    ["ensemble", "heavy-ree-ban-24m", "--runs", "100000000"],
])
def test_bad_flags_are_refused_before_any_solve(args: list[str]) -> None:
    res = runner.invoke(app, args)
    assert res.exit_code == 2
    assert "Traceback" not in res.output
