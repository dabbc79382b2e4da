"""A plan's portfolio as scenario measures, and over an ensemble's futures."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from critmin.ensemble import run_portfolio_ensemble
from critmin.ensemble.summary import good_table
from critmin.optimize.candidates import Measure
from critmin.optimize.measures import scenario_measures, with_portfolio
from critmin.optimize.plan import plan_from_dict
from critmin.scenarios import load_library_scenario, scenario_from_dict

PLAN = {"name": "p", "coalition": ["USA", "JPN"], "horizon": {"start": 2025, "end": 2027},
        "scenarios": [{"scenario": "baseline", "probability": 1.0}],
        "budget": {"coalition_musd": 100},
        "candidates": {"stockpiles": {"release_t_per_year": 50.0, "ready_year": 2026}}}


def test_selected_measures_become_scenario_measures() -> None:
    """Amounts are the optimiser's: a facility phase keeps its capacity and start, a
    stockpile its target and the plan's release rate for the coalition, recycling its
    capacity; measures not chosen are left out."""
    plan = plan_from_dict(PLAN)
    ms = [Measure("f1:1", "facility", True, 1, 10, {}, country="USA",
                  good=("separation", "Dy"), capacity_t=400, start_year=2027.5, parent="f1"),
          Measure("s", "stockpile", False, 300, 1, {}, country="JPN", good=("magnet", "NdFeB"),
                  start_year=2026),
          Measure("r", "recycling", False, 80, 1, {}, country="JPN", good=("magnet", "NdFeB"),
                  start_year=2026),
          Measure("x", "substitution", True, 1, 5, {}, good=("magnet", "NdFeB"),
                  countries=("USA",), sector="ev", cut_share=0.2, start_year=2028)]
    out = scenario_measures(ms, [1.0, 120.0, 0.0, 1.0], plan)
    assert out == [
        {"type": "invest", "facility_id": "f1", "start": "2027-07", "capacity_t": 400},
        {"type": "stockpile_release", "country": "JPN", "stage": "magnet", "material": "NdFeB",
         "quantity_t": 120.0, "max_release_t_per_year": 50.0, "release_to": "coalition",
         "start": "2026-01"},
        {"type": "substitution", "countries": ["USA"], "sector": "ev", "stage": "magnet",
         "material": "NdFeB", "cut_share": 0.2, "start": "2028-01"}]


def test_with_portfolio_merges_into_the_scenario() -> None:
    """A facility the scenario already invests in is not added twice; a target on a node
    the scenario already releases adds to its quantity (the dataset's, when the scenario
    gives none); a stockpile ready after the horizon is dropped, one ready before it
    starts with it."""
    sc = scenario_from_dict({
        "name": "s", "horizon": {"start": "2026-01", "end": "2026-12", "step": "month"},
        "measures": [{"type": "invest", "facility_id": "f1"},
                     {"type": "stockpile_release", "country": "JPN", "stage": "separation",
                      "material": "Dy"}]})
    new = with_portfolio(sc, [
        {"type": "invest", "facility_id": "f1", "start": "2026-01", "capacity_t": 5.0},
        {"type": "invest", "facility_id": "f2", "start": "2026-01", "capacity_t": 5.0},
        {"type": "stockpile_release", "country": "JPN", "stage": "separation", "material": "Dy",
         "quantity_t": 30.0, "max_release_t_per_year": None, "start": "2026-01"},
        {"type": "stockpile_release", "country": "USA", "stage": "magnet", "material": "NdFeB",
         "quantity_t": 9.0, "max_release_t_per_year": None, "start": "2025-01"},
        {"type": "stockpile_release", "country": "USA", "stage": "separation",
         "material": "Dy", "quantity_t": 9.0, "max_release_t_per_year": None,
         "start": "2027-01"}], held={("JPN", "separation", "Dy"): 12.0})
    ms = [m.model_dump() for m in new.measures]
    assert [m.get("facility_id") for m in ms if m["type"] == "invest"] == ["f1", "f2"]
    rel = {(m["country"], m["material"]): m for m in ms if m["type"] == "stockpile_release"}
    assert rel[("JPN", "Dy")]["quantity_t"] == 42.0
    assert rel[("USA", "NdFeB")]["start"] is None
    assert ("USA", "Dy") not in rel


@pytest.fixture(scope="module")
def hree():
    d = load_library_scenario("heavy-ree-ban-24m").model_dump(mode="json")
    d["uncertainty"] = {"parameters": [
        {"name": "occurs", "kind": "shock_probability", "shock": 0,
         "distribution": {"type": "bernoulli", "p": 0.7}},
        {"name": "duration", "kind": "shock_duration_months", "shock": 0,
         "distribution": {"type": "discrete", "values": [6, 12, 24]}},
        {"name": "nolans_delay", "kind": "facility_delay_years", "facility_id": "arafura-nolans",
         "distribution": {"type": "uniform", "low": 0.0, "high": 2.0}}]}
    return scenario_from_dict(d)


@pytest.mark.slow
def test_portfolio_over_the_same_futures(reference, hree) -> None:
    """The bundled US–Japan plan against the heavy rare-earth ban: both ensembles see the
    same draws; the shortfall avoided per good is the paired difference; a delay may name
    a facility only the portfolio builds."""
    both = run_portfolio_ensemble(reference, hree, "us-japan-framework", 12, 3)
    a, b = both.without.runs, both.with_portfolio.runs
    assert a["occurs"].tolist() == b["occurs"].tolist()
    before = good_table(a, both.without.shortfall)
    after = good_table(a, both.with_portfolio.shortfall)
    assert set(both.avoided) == set(before.columns[before.abs().sum() > 0])
    for good, av in both.avoided.items():  # per good, never a sum over goods
        diff = (before[good] - after.get(good, 0.0 * before[good])).to_numpy()
        assert av["mean"] == pytest.approx(diff.mean())
        assert (diff >= -1e-6).all()  # stocks and plants only add supply
        assert av["prob_better"] == pytest.approx(float(np.mean(diff > 1e-6)))
    assert before.to_numpy().max() > 0
    # the delay names arafura-nolans, a candidate the portfolio drops (it avoids nothing
    # given the stockpiles): the delay is then a no-op, not an error
    assert not any(m.get("facility_id") == "arafura-nolans" for m in both.measures)
    assert both.measures


@pytest.mark.slow
def test_cli_json_with_plan(tmp_path, hree) -> None:
    path = tmp_path / "hree.yaml"
    import yaml

    path.write_text(yaml.safe_dump(hree.model_dump(mode="json"), sort_keys=False))
    proc = subprocess.run([sys.executable, "-m", "critmin", "ensemble", str(path), "-n", "6",
                           "--plan", "us-japan-framework", "--format", "json"],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    p = out["portfolio"]
    assert p["plan"] == "us-japan-framework" and p["cost_musd"] > 0
    with_p = p["summary_with_portfolio"]["shortfall_by_good_t"]
    for good, v in out["summary"]["shortfall_by_good_t"].items():
        assert with_p.get(good, {"mean": 0.0})["mean"] <= v["mean"] + 1e-6
    bad = subprocess.run([sys.executable, "-m", "critmin", "ensemble", str(path), "-n", "6",
                          "--budget", "10"], capture_output=True, text=True, timeout=120,
                         check=False)
    assert bad.returncode != 0 and "--budget needs --plan" in bad.stderr
    assert "Traceback" not in bad.stderr
