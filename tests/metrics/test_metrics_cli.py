"""``critmin metrics`` commands (the group's own Typer app, as the lead registers it)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from critmin.cli.metrics import app
from critmin.data import bundled_path

runner = CliRunner()
SAMPLE = str(bundled_path("sample"))


def _json(*args: str) -> list[dict]:
    res = runner.invoke(app, [*args, "--format", "json", "-d", SAMPLE])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_concentration_json_rows() -> None:
    """Concentration rows carry the documented keys; China mines 69.2% of 390,000 t REO."""
    rows = _json("concentration", "--material", "REO", "--stage", "mining", "--year", "2024")
    assert len(rows) == 1
    row = rows[0]
    for key in ("material", "stage", "year", "world_t", "hhi", "top1_country", "top1_share",
                "top3_share", "hhi_wgi"):
        assert key in row
    assert row["world_t"] == 390_000
    assert row["top1_country"] == "CHN"
    assert round(row["top1_share"], 3) == 0.692
    assert 0 <= row["top3_share"] <= 1


def test_concentration_group_share() -> None:
    """--group CHN reports China's share again as group_share."""
    rows = _json("concentration", "-m", "REO", "-y", "2024", "--group", "CHN")
    assert rows[0]["group_share"] == pytest.approx(rows[0]["top1_share"])


def test_exposure_views() -> None:
    """Summary, traced, reliance and origin views of the US+Japan coalition."""
    summary = _json("exposure", "--coalition", "USA,JPN")
    assert summary[0]["bottleneck_share"] >= summary[-1]["bottleneck_share"]
    traced = _json("exposure", "--country", "JPN", "--material", "NdFeB", "--view", "traced")
    assert {r["upstream_stage"] for r in traced} == {"mining", "separation", "magnet"}
    rel = _json("exposure", "--coalition", "USA,JPN", "--view", "reliance", "-m", "NdFeB")
    assert rel[0]["import_reliance"] == pytest.approx(7000 / 17000)
    chn = _json("exposure", "--country", "JPN", "--origin", "CHN", "-m", "NdFeB")
    assert chn[0]["bottleneck_origin"] == "CHN"


def test_risk_methods_report_missing_inputs(tmp_path) -> None:
    """Without an inputs file the EU score is null and its inputs listed; with one it is
    a number. USGS needs ev."""
    eu = _json("risk", "--method", "eu", "-m", "NdPr")
    assert eu[0]["supply_risk"] is None
    assert "eol_rir" in eu[0]["missing_inputs"]
    f = tmp_path / "inputs.csv"
    f.write_text("material,eol_rir,si_sr,ev\nNdPr,0.01,0.95,0.5\n")
    eu = _json("risk", "-m", "NdPr", "--inputs", str(f))
    assert eu[0]["supply_risk"] == pytest.approx(eu[0]["sr_concentration"] * 0.99 * 0.95)
    usgs = _json("risk", "--method", "usgs", "-m", "NdPr", "--country", "JPN",
                 "--inputs", str(f))
    assert usgs[0]["supply_risk"] is not None


def test_scorecard_command() -> None:
    rows = _json("scorecard", "--coalition", "USA,JPN")
    assert {r["benchmark"] for r in rows} >= {"single_third_country", "extraction",
                                               "processing", "recycling"}


def test_errors_exit_2_without_traceback() -> None:
    """Unknown names and conflicting options are clean errors with exit code 2."""
    res = runner.invoke(app, ["concentration", "-m", "Xx", "-d", SAMPLE])
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    res = runner.invoke(app, ["exposure", "--country", "ZZZ", "-d", SAMPLE])
    assert res.exit_code == 2
    res = runner.invoke(app, ["exposure", "--country", "JPN", "--coalition", "USA", "-d",
                              SAMPLE])
    assert res.exit_code == 2
