"""No output adds tonnes of different goods (issue 15, Deliver 2): the JSON of every
bundled scenario's simulation, of the bundled plan's portfolio (with its frontier) and of
an ensemble with and without that portfolio holds tonnes only per good."""

from __future__ import annotations

import json

import pytest

from critmin.core.jsonio import dumps
from critmin.data import load_dataset
from critmin.scenarios import list_scenarios, load_library_scenario
from critmin.simulate import simulate
from critmin.testing import tonnes_across_goods


@pytest.fixture(scope="module")
def reference():
    return load_dataset()


def _json(obj) -> object:
    return json.loads(dumps(obj))  # exactly what --format json prints


def test_the_scanner_catches_an_old_style_total() -> None:
    """What the simulation summary used to say ("shortfall_t": 10,576 t of Ga, Ge and Sb
    together) is caught; the same tonnes per good are not."""
    old = {"summary": {"shortfall_t": 10_576.0, "coalition_shortfall_t": 91.0,
                       "shortfall_by_country_t": {"JPN": 66.0}}}
    assert sorted(tonnes_across_goods(old)) == [
        "summary.coalition_shortfall_t", "summary.shortfall_by_country_t.JPN",
        "summary.shortfall_t"]
    new = {"goods": {"refining/Ga": {"shortfall_t": 91.0, "by_country_t": {"JPN": 66.0}}},
           "frontier": [{"budget_musd": 10.0, "coalition_t[refining/Ga]": 80.0}]}
    assert tonnes_across_goods(new) == []


@pytest.mark.slow
@pytest.mark.parametrize("name", list_scenarios())
def test_simulation_json_has_tonnes_per_good_only(reference, name: str) -> None:
    res = simulate(reference, load_library_scenario(name))
    out = _json(res.to_dict())
    assert tonnes_across_goods(out) == []
    s = out["summary"]
    for key in s["goods_short"]:  # what is short is said per good, with its share
        g = s["goods"][key]
        assert g["shortfall_t"] > 0 and 0 < g["share_of_demand"] <= 1
        assert g["months_of_demand"] == pytest.approx(
            g["shortfall_t"] / (g["demand_t"] / s["months"]))
    value = s["shortfall_value"]
    assert set(value["priced"]) | set(value["unpriced"]) == set(s["goods_short"])


@pytest.mark.slow
def test_plan_and_ensemble_json_have_tonnes_per_good_only(reference) -> None:
    from critmin.ensemble import run_portfolio_ensemble
    from critmin.optimize import optimize_portfolio

    result = optimize_portfolio(reference, "us-japan-framework", frontier=[0, 200, 400])
    out = _json(result.to_dict())
    assert tonnes_across_goods(out) == []
    assert out["by_good"] and out["frontier"] and out["picks"]
    both = run_portfolio_ensemble(reference, load_library_scenario("heavy-ree-ban-24m"),
                                  result, runs=6, seed=1)
    assert tonnes_across_goods(_json(both.to_dict())) == []
