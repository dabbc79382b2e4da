"""Ensembles: reproducible whatever the number of workers, exact in the degenerate case,
resumable after a kill, and summarised with the statistics a risk analyst expects."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from critmin.data import bundled_path
from critmin.ensemble import run_ensemble
from critmin.ensemble.summary import good_table, stats
from critmin.exceptions import ScenarioError
from critmin.scenarios import scenario_from_dict
from critmin.simulate import simulate

SAMPLE = str(bundled_path("sample"))


def test_stats_known_answer() -> None:
    """x = 0..99: mean 49.5; P95 = 94.05 (linear); CVaR95 = mean of the 5 largest = 97;
    P(any) = 99/100 (only the 0 is no shortfall)."""
    s = stats(np.arange(100.0))
    assert s["mean"] == 49.5
    assert s["p95"] == pytest.approx(94.05)
    assert s["cvar95"] == 97.0
    assert s["prob_any"] == 0.99


@pytest.mark.slow
def test_one_and_two_workers_give_identical_results(sample, scenario_data) -> None:
    """Same seed on this process, and on a real Dask LocalCluster of 2 processes."""
    sc = scenario_from_dict(scenario_data)
    a = run_ensemble(sample, sc, runs=24, seed=3, batch_size=6)
    b = run_ensemble(sample, sc, runs=24, seed=3, batch_size=6, workers=2)
    pd.testing.assert_frame_equal(a.runs, b.runs)
    pd.testing.assert_frame_equal(
        a.shortfall.sort_values(["draw", "stage", "material", "sector"]).reset_index(drop=True),
        b.shortfall.sort_values(["draw", "stage", "material", "sector"]).reset_index(drop=True))
    assert a.summary == b.summary
    assert a.runs["worst_share"].nunique() > 3  # the futures really differ


def test_degenerate_ensemble_equals_the_single_simulation(sample, scenario_data) -> None:
    """Every input fixed (severity 0.8 with certainty, shock sure to happen, 6 months):
    every run is the deterministic simulation of that scenario."""
    scenario_data["uncertainty"]["parameters"] = [
        {"name": "occurs", "kind": "shock_probability", "shock": 0,
         "distribution": {"type": "bernoulli", "p": 1.0}},
        {"name": "severity", "kind": "shock_severity", "shock": 0,
         "distribution": {"type": "discrete", "values": [0.8]}},
        {"name": "duration", "kind": "shock_duration_months", "shock": 0,
         "distribution": {"type": "discrete", "values": [6]}},
    ]
    sc = scenario_from_dict(scenario_data)
    res = run_ensemble(sample, sc, runs=5, seed=0)
    single = simulate(sample, sc)
    members = ["JPN", "USA"]
    sf = single.shortfall[single.shortfall["country"].isin(members)]
    expected = sf.groupby(sf["stage"] + "/" + sf["material"])["shortfall_t"].sum()
    expected = expected[expected > 0]
    assert len(expected) > 0
    table = good_table(res.runs, res.shortfall)
    for good, v in expected.items():  # per good: tonnes of different goods are never added
        np.testing.assert_allclose(table[good], v, rtol=1e-9)
        s = res.summary["shortfall_by_good_t"][good]
        assert s["p5"] == pytest.approx(v) and s["p95"] == pytest.approx(v)
        assert s["prob_any"] == 1.0 and s["p50_if_any"] == pytest.approx(v)
    assert res.summary["prob_any_shortfall"] == 1.0


def test_sensitivity_names_what_matters(sample, scenario_data) -> None:
    """Whether the shock happens at all drives the coalition's shortfall most."""
    res = run_ensemble(sample, scenario_from_dict(scenario_data), runs=60, seed=1)
    assert res.sensitivity[0]["parameter"] == "occurs" or \
        max(r["spearman"] or 0 for r in res.sensitivity) == \
        next(r["spearman"] for r in res.sensitivity if r["parameter"] == "occurs")
    by = {r["parameter"]: r for r in res.sensitivity}
    assert by["occurs"]["spearman"] > 0.5
    assert res.summary["prob_any_shortfall"] == pytest.approx((res.runs["occurs"] > 0.5).mean())


def critmin(*args: str) -> subprocess.Popen:
    """``critmin ensemble ARGS`` as a child process (so it can be killed)."""
    return subprocess.Popen([sys.executable, "-m", "critmin", "ensemble", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_killed_ensemble_resumes_to_the_same_result(scenario_file: Path, tmp_path: Path) -> None:
    args = [str(scenario_file), "--runs", "60", "--seed", "9", "-d", SAMPLE, "-f", "json"]
    whole = critmin(*args, "--out", str(tmp_path / "whole"))
    out, err = whole.communicate(timeout=600)
    assert whole.returncode == 0, err
    expected = json.loads(out)

    part = tmp_path / "part"
    proc = critmin(*args, "--out", str(part))
    deadline = time.monotonic() + 300
    while not list((part / "runs").glob("batch=*.parquet")):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    done = len(list((part / "runs").glob("batch=*.parquet")))
    assert 1 <= done < 3, "the kill should land between the first and the last batch"
    assert not (part / "summary.json").exists()

    again = critmin(*args, "--out", str(part))  # without --resume: refused, nothing touched
    _, err = again.communicate(timeout=120)
    assert again.returncode == 2 and "--resume" in err

    resumed = critmin(*args, "--out", str(part), "--resume")
    out, err = resumed.communicate(timeout=600)
    assert resumed.returncode == 0, err
    got = json.loads(out)
    assert got["summary"] == expected["summary"]
    assert got["sensitivity"] == expected["sensitivity"]
    manifest = json.loads((part / "manifest.json").read_text())
    assert manifest["complete"] is True and manifest["seed"] == 9


def test_resume_refuses_other_inputs(sample, scenario_data, tmp_path: Path) -> None:
    sc = scenario_from_dict(scenario_data)
    run_ensemble(sample, sc, runs=4, seed=1, out=tmp_path / "e", batch_size=2)
    with pytest.raises(ScenarioError, match="different seed"):
        run_ensemble(sample, sc, runs=4, seed=2, out=tmp_path / "e", resume=True, batch_size=2)


@pytest.mark.parametrize("damage", ["empty batch", "half-written manifest"])
def test_resume_redoes_an_empty_batch_or_a_half_written_manifest(
        sample, scenario_data, tmp_path: Path, damage: str) -> None:
    """A run killed while writing leaves an empty batch file or a truncated manifest;
    --resume runs that part again instead of crashing (issue 16)."""
    sc = scenario_from_dict(scenario_data)
    whole = run_ensemble(sample, sc, runs=4, seed=1, out=tmp_path / "e", batch_size=2)
    if damage == "empty batch":
        (tmp_path / "e" / "runs" / "batch=00001.parquet").write_bytes(b"")
    else:
        (tmp_path / "e" / "manifest.json").write_text('{"scenario_hash": "ab', encoding="utf-8")
        with pytest.raises(ScenarioError, match="unreadable"):
            run_ensemble(sample, sc, runs=4, seed=1, out=tmp_path / "e", batch_size=2)
    again = run_ensemble(sample, sc, runs=4, seed=1, out=tmp_path / "e", resume=True,
                         batch_size=2)
    pd.testing.assert_frame_equal(again.runs, whole.runs)
    assert json.loads((tmp_path / "e" / "manifest.json").read_text())["complete"] is True


@pytest.mark.slow
def test_cli_json_and_errors(scenario_file: Path, tmp_path: Path) -> None:
    proc = critmin(str(scenario_file), "-n", "8", "-s", "4", "-d", SAMPLE, "-f", "json")
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    res = json.loads(out)
    assert {"runs", "seed", "summary", "sensitivity", "throughput_runs_per_s"} <= set(res)
    assert res["runs"] == 8 and res["seed"] == 4
    no_block = tmp_path / "plain.yaml"
    no_block.write_text("name: plain\nhorizon: {start: 2025-01, end: 2025-12}\n")
    proc = critmin(str(no_block), "-n", "4", "-d", SAMPLE)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2 and "no 'uncertainty' block" in err and "Traceback" not in err
    bad = scenario_file.read_text().replace("shock: 0", "shock: 5", 1)
    scenario_file.write_text(bad)
    proc = critmin(str(scenario_file), "-n", "4", "-d", SAMPLE)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2 and "parameters[0].shock" in err


@pytest.mark.slow
def test_cli_json_without_a_stockpile_gives_null_cover(scenario_data, tmp_path: Path) -> None:
    """No stockpile is drawn in any future: months of cover has no value, which JSON gives
    as null (this used to end in a traceback), in the output and in summary.json."""
    scenario_data["measures"] = []
    path = tmp_path / "nostock.yaml"
    path.write_text(yaml.safe_dump(scenario_data, sort_keys=False))
    proc = critmin(str(path), "-n", "4", "-d", SAMPLE, "-f", "json", "-o", str(tmp_path / "o"))
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    cover = json.loads(out)["summary"]["months_of_cover"]
    assert cover["mean"] is None and cover["runs_with_stock_drawn"] == 0
    saved = json.loads((tmp_path / "o" / "summary.json").read_text())
    assert saved["summary"]["months_of_cover"]["p50"] is None


def test_resolve_path_gives_the_rebuild_results(sample, scenario_data) -> None:
    """Re-using one HiGHS model (bounds changed, warm start) and the cached network gives
    exactly the futures that rebuilding every LP gives."""
    sc = scenario_from_dict(scenario_data)
    fast = run_ensemble(sample, sc, runs=12, seed=5, method="resolve")
    slow = run_ensemble(sample, sc, runs=12, seed=5, method="rebuild")
    np.testing.assert_allclose(good_table(fast.runs, fast.shortfall),
                               good_table(fast.runs, slow.shortfall), rtol=1e-7, atol=1e-6)
    assert fast.runs["worst_share"].nunique() > 2


@pytest.mark.slow
def test_scaled_capacity_and_demand_give_what_changed_tables_give(sample, scenario_data) -> None:
    """Capacity factors and demand growth reach the re-solve path as scalings of the same
    numbers (no copied tables, no rebuilt network); the futures equal those of the rebuild
    path, which copies and changes the tables. Two growth draws on the same rows compound;
    a factor of exactly 0 (rows removed) falls back to the copied tables."""
    scenario_data["horizon"] = {"start": "2025-01", "end": "2026-12", "step": "month"}
    scenario_data["uncertainty"]["parameters"] += [
        {"name": "chn_sep", "kind": "capacity_factor", "country": "CHN", "stage": "separation",
         "distribution": {"type": "discrete", "values": [0.0, 0.6, 1.2]}},
        {"name": "magnets", "kind": "capacity_factor", "stage": "magnet",
         "distribution": {"type": "uniform", "low": 0.7, "high": 1.1}},
        {"name": "ev_growth", "kind": "demand_growth", "sector": "ev",
         "distribution": {"type": "normal", "mean": 0.1, "sd": 0.05}},
        {"name": "dy_growth", "kind": "demand_growth", "material": "Dy",
         "distribution": {"type": "uniform", "low": -0.1, "high": 0.3}},
    ]
    sc = scenario_from_dict(scenario_data)
    fast = run_ensemble(sample, sc, runs=12, seed=7, method="resolve")
    slow = run_ensemble(sample, sc, runs=12, seed=7, method="rebuild")
    assert (fast.runs["chn_sep"] == 0.0).any() and (fast.runs["chn_sep"] > 0).any()
    for col in ("demand_t", "shortfall_t"):
        np.testing.assert_allclose(good_table(fast.runs, fast.shortfall, col),
                                   good_table(fast.runs, slow.shortfall, col),
                                   rtol=1e-7, atol=1e-6)
    demand = good_table(fast.runs, fast.shortfall, "demand_t")
    assert demand.nunique().max() > 6  # demand really was grown
