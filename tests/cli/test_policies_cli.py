"""Which controls are in force on a date (`critmin policies`) and the scenario of them
(`critmin scenarios from-policies`), on the bundled policies table."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from critmin.cli import app
from critmin.model.policies import policy_status

runner = CliRunner()


def _status(day: str) -> dict[str, dict]:
    res = runner.invoke(app, ["policies", "--as-of", day, "--format", "json"])
    assert res.exit_code == 0, res.output
    return {r["policy_id"]: r for r in json.loads(res.stdout)}


def test_in_june_2026_the_october_package_and_the_us_ban_are_suspended() -> None:
    """No. 70 suspends Nos. 55-58, 61, 62 to 10 Nov 2026; No. 72 suspends the US ban of
    2024 No. 46 (clause 2) to 27 Nov 2026; clause 1 (military users) stays in force."""
    s = _status("2026-06-01")
    for pid in ("mofcom-2025-57", "mofcom-2025-61"):
        assert (s[pid]["status"], s[pid]["suspended_by"], s[pid]["until"]) == (
            "suspended", "mofcom-2025-70", "2026-11-10")
    assert (s["mofcom-2024-46"]["status"], s["mofcom-2024-46"]["until"]) == (
        "suspended", "2026-11-27")
    assert s["mofcom-2024-46-c1"]["status"] == "in_force"
    assert s["mofcom-2025-18"]["status"] == "in_force"


def test_on_2_december_2026_both_suspensions_have_ended_and_say_so() -> None:
    """Nos. 70 and 72 expired (the table has no extension); what they suspended is in force
    again, each with a caveat that an extension published since would not be in the data."""
    s = _status("2026-12-02")
    assert s["mofcom-2025-70"]["status"] == "expired"
    assert s["mofcom-2025-72"]["status"] == "expired"
    for pid in ("mofcom-2025-57", "mofcom-2025-61", "mofcom-2024-46"):
        assert s[pid]["status"] == "in_force"
        assert "no source on an extension" in s[pid]["caveat"]
    assert s["mofcom-2025-18"]["caveat"] == ""  # never suspended


def test_a_policy_is_not_yet_in_force_before_its_start_and_expired_after_its_end() -> None:
    p = pd.DataFrame({"policy_id": ["floor"], "type": ["price_floor"], "start": ["2025-10"],
                      "end": ["2035-09"], "suspends": [""]})
    assert policy_status(p, "2025-09-30")["status"].tolist() == ["not_yet"]
    assert policy_status(p, "2035-09-30")["status"].tolist() == ["in_force"]
    assert policy_status(p, "2035-10-01")["status"].tolist() == ["expired"]


def test_country_filter_keeps_issuer_and_destinations() -> None:
    res = runner.invoke(app, ["policies", "--as-of", "2026-12-02", "--country", "JPN",
                              "--format", "json"])
    ids = {r["policy_id"] for r in json.loads(res.stdout)}
    assert {"mofcom-2026-1", "japan-stockpile-rule", "mofcom-2025-18"} <= ids
    assert "mofcom-2024-46" not in ids  # a US-only ban


@pytest.mark.parametrize("args", [["--as-of", "2026-13-45"], ["--country", "ZZZ"]])
def test_bad_input_is_a_clean_error(args: list[str]) -> None:
    res = runner.invoke(app, ["policies", *args])
    assert res.exit_code == 2
    assert "Traceback" not in res.output


def test_the_scenario_of_the_controls_in_force_runs(tmp_path: Path) -> None:
    """On 2 December 2026 the scenario holds the April-2025 list, the October package
    (extraterritorial, defence denied) and the US ban again; it runs in `critmin
    simulate`, and its description states the licensing share it assumes."""
    out = tmp_path / "inforce.yaml"
    res = runner.invoke(app, ["scenarios", "from-policies", "--as-of", "2026-12-02",
                              "--out", str(out)])
    assert res.exit_code == 0, res.output
    sim = runner.invoke(app, ["simulate", str(out), "--format", "json"])
    assert sim.exit_code == 0, sim.output
    obj = json.loads(sim.stdout)
    assert obj["scenario"] == "policies-in-force-2026-12-02"
    text = out.read_text(encoding="utf-8")
    assert "ASSUMPTION" in text and "no source on an extension" in text
    import yaml

    shocks = {s["policy_id"]: s for s in yaml.safe_load(text)["shocks"]}
    assert shocks["mofcom-2024-46"]["severity"] == 1.0
    assert shocks["mofcom-2024-46"]["destinations"] == ["USA"]
    assert shocks["mofcom-2025-61"]["extraterritorial"] is True
    assert shocks["mofcom-2025-61"]["denied_sectors"] == ["defense"]
    assert shocks["mofcom-2025-18"]["severity"] == 0.25
    short = pd.DataFrame(obj["shortfall"])
    us_def = short[(short.country == "USA") & (short.sector == "defense")
                   & (short.material == "NdFeB")]
    # every magnet US defence can buy holds Chinese Dy or Tb in the data: all of it short
    assert us_def["shortfall_t"].sum() == pytest.approx(us_def["demand_t"].sum(), rel=0.01)


@pytest.mark.parametrize("day", ["2026-13-45", "2026-02-30", "soon"])
def test_from_policies_refuses_a_bad_date_cleanly(tmp_path: Path, day: str) -> None:
    out = tmp_path / "x.yaml"
    res = runner.invoke(app, ["scenarios", "from-policies", "--as-of", day, "--out", str(out)])
    assert res.exit_code == 2
    assert "Traceback" not in res.output and "--as-of" in res.output
    assert not out.exists()
