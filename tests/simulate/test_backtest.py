"""The backtest harness: observations beside the model, calibration never fitted to the
validation rows, and the bundled 2025 backtest."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from critmin.cli import app
from critmin.exceptions import ScenarioError
from critmin.scenarios import load_library_scenario
from critmin.simulate.backtest import backtest, ratio_within


def _toy(toys):
    """XAA makes and ships 120 t/yr of Dy oxide to XCC (10 t a month), XCC's only supply."""
    return toys.toy_dataset(capacity=[("XAA", "separation", "Dy", 120, 120)],
                            trade=[("XAA", "XCC", "separation", "Dy", 120)],
                            demand=[("XCC", "ev", "separation", "Dy", 120)])


def _obs(*rows: dict) -> pd.DataFrame:
    base = {"scenario": "toy", "exporter": "XAA", "importer": "XCC", "country": "",
            "stage": "separation", "material": "Dy", "unit": "t", "source_id": "toy",
            "note": ""}
    return pd.DataFrame([{**base, **r} for r in rows])


def _ban(toys, severity: float):
    return toys.scenario(("2025-01", "2025-06", "month"),
                         shocks=[toys.ban(severity=severity, start="2025-03")])


def test_model_beside_observed_by_hand(toys) -> None:
    """A 50 % ban from March: 5 t shipped in March (observed 5: ratio 1), 10 t in
    February (observed 4: 2.5x, outside a factor 2); XCC first short in March, observed
    in April: one month early."""
    obs = _obs({"observation_id": "mar", "quantity": "exports_t", "period": "2025-03",
                "value": 5.0, "role": "validation"},
               {"observation_id": "feb", "quantity": "exports_t", "period": "2025-02",
                "value": 4.0, "role": "validation"},
               {"observation_id": "short", "quantity": "first_shortfall", "country": "XCC",
                "period": "2025-04", "value": None, "unit": "month", "role": "validation"})
    res = backtest(_toy(toys), _ban(toys, 0.5), obs)
    t = res.table.set_index("observation_id")
    assert t.loc["mar", "model"] == pytest.approx(5.0)
    assert t.loc["mar", "ratio"] == pytest.approx(1.0)
    assert bool(t.loc["mar", "within_factor_2"])
    assert t.loc["feb", "ratio"] == pytest.approx(2.5)
    assert not bool(t.loc["feb", "within_factor_2"])
    assert t.loc["short", "model"] == "2025-03"
    assert t.loc["short", "months_apart"] == -1
    assert res.summary == {"validation_rows": 3, "within_factor_2": 2,
                           "median_abs_log10_ratio": pytest.approx(0.5 * 0.39794, abs=1e-4)}


def test_calibration_fits_only_the_calibration_rows(toys) -> None:
    """Observed 2 t in March (calibration) against 10 t/month before: severity 0.8. The
    validation row (April, 9 t) is reported, not fitted."""
    obs = _obs({"observation_id": "cal", "quantity": "exports_t", "period": "2025-03",
                "value": 2.0, "role": "calibration"},
               {"observation_id": "apr", "quantity": "exports_t", "period": "2025-04",
                "value": 9.0, "role": "validation"})
    res = backtest(_toy(toys), _ban(toys, 0.3), obs, calibrate=True)
    assert res.calibration["severity"] == pytest.approx(0.8, abs=1e-3)
    assert res.calibration["model_t"] == pytest.approx(2.0, abs=0.01)
    t = res.table.set_index("observation_id")
    assert t.index.tolist() == ["cal", "apr"]  # calibration first
    assert t.loc["apr", "model"] == pytest.approx(2.0, abs=0.01)
    assert not bool(t.loc["apr", "within_factor_2"])


def test_no_observation_is_an_error_not_an_empty_table(toys) -> None:
    with pytest.raises(ScenarioError, match="no observations for scenario 'toy'"):
        backtest(_toy(toys), _ban(toys, 0.5), _obs().iloc[0:0])


@pytest.mark.parametrize(("model", "observed", "within"), [
    (1.0, 2.0, True), (4.0, 2.0, True), (4.01, 2.0, False), (0.0, 0.0, True), (0.1, 0.0, False),
    (0.0, 3.0, False)])
def test_within_a_factor_of_two(model, observed, within) -> None:
    assert ratio_within(model, observed) is within


def test_the_bundled_2025_backtest(reference) -> None:
    """china-2025-04-controls against the 2025 customs series: one calibration row (April
    and May, 3,864 t) and the validation rows; May's -74 % is not among the validation
    rows, and China's magnet exports in January (before the controls) come out of the
    baseline: 4,846 t a month, 76 % of the 6,357 t observed."""
    res = backtest(reference, load_library_scenario("china-2025-04-controls"))
    t = res.table.set_index("observation_id")
    assert (t["role"] == "calibration").sum() == 1
    assert t.loc["cn-magnets-2025-04-05", "observed"] == 2_626 + 1_238
    assert "cn-magnets-2025-05" not in t.index
    assert t.loc["cn-magnets-2025-01", "model"] == pytest.approx(58_152 / 12)
    assert res.summary["validation_rows"] == len(t) - 1
    assert 0 < res.summary["within_factor_2"] < res.summary["validation_rows"]


def test_cli_json_and_a_bad_observations_file(tmp_path) -> None:
    out = CliRunner().invoke(app, ["backtest", "china-2025-04-controls", "--format", "json"])
    assert out.exit_code == 0, out.output
    d = json.loads(out.stdout)
    assert d["summary"]["validation_rows"] > 40
    bad = tmp_path / "obs.csv"
    bad.write_text("observation_id,scenario,quantity,stage,material,period,value,unit,role,"
                   "source_id\nx,china-2025-04-controls,exports_t,magnet,NdFeB,2025-05,5,t,"
                   "validation,no-such-source\n")
    out = CliRunner().invoke(app, ["backtest", "china-2025-04-controls", "--observations",
                                   str(bad)])
    assert out.exit_code == 2
    assert "obs.csv, row 2, column 'source_id'" in out.output
    assert "Traceback" not in out.output
