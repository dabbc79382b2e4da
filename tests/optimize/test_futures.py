"""The portfolio over sampled futures (issue 19, Deliver 1 and 5, extensive form): a
Latin-hypercube sample of an even number of futures of a 50 % shock holds exactly half
shocked futures, so the sample-average problem equals the exact two-scenario plan; the
out-of-sample evaluation finds the same expectation on fresh futures."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from critmin.optimize import optimize_portfolio
from critmin.optimize.evaluate import cvar, evaluate_portfolio
from critmin.optimize.futures import sample_futures
from critmin.optimize.plan import PlanError

_spec = importlib.util.spec_from_file_location(
    "toy_portfolio", Path(__file__).with_name("test_portfolio.py"))
toy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(toy)

OCCURS = {"sampler": "lhs", "parameters": [
    {"name": "occurs", "kind": "shock_probability", "shock": 0,
     "distribution": {"type": "bernoulli", "p": 0.5}}]}


def _uncertain_plan(**kw):
    """One year, 2025: XAA cuts all 100 t to XBB (demand 400 t) in half the futures; p1
    (100 t/yr, 60 MUSD) is the only affordable candidate that fills it."""
    shocked = {**toy.cut("cut", "2025-01", "2025-12"), "uncertainty": OCCURS}
    return toy.plan(scenarios=[{"definition": shocked, "probability": 1.0}],
                    candidates={"facilities": ["p1"]}, **kw)


def test_sampled_plan_keeps_probabilities_and_is_seed_stable() -> None:
    ds = toy.dy_dataset(facilities=toy.KNAPSACK)
    pl = toy.plan(scenarios=[{"definition": toy.baseline(), "probability": 0.6},
                             {"definition": {**toy.cut("cut", "2025-01", "2025-12"),
                                             "uncertainty": OCCURS}, "probability": 0.4}])
    a = sample_futures(ds, pl, 6, seed=3)
    b = sample_futures(ds, pl, 6, seed=3)
    assert [r.name for r in a.plan.scenarios] == ["calm", *(f"cut#{j}" for j in range(6))]
    assert sum(r.probability for r in a.plan.scenarios) == pytest.approx(1.0)
    assert a.plan.scenarios[1].probability == pytest.approx(0.4 / 6)
    assert a.sampled == {"cut": 6} and a.exact == ["calm"]
    assert [r.definition for r in a.plan.scenarios] == [r.definition for r in b.plan.scenarios]
    # LHS of a 50 % bernoulli: exactly 3 of 6 futures keep the shock (the others have
    # severity 0: the shock does not happen)
    kept = [r.definition["shocks"][0]["severity"] > 0 for r in a.plan.scenarios[1:]]
    assert sum(kept) == 3
    with pytest.raises(PlanError, match="no scenario of the plan has an 'uncertainty'"):
        sample_futures(ds, toy.plan(), 4, seed=0)


def test_sample_average_equals_the_exact_two_scenario_plan() -> None:
    """Half the futures shocked: 300 t short without the ban, 400 t with it; p1 adds
    100 t/yr. Expected before: 0.5·300 + 0.5·400 = 350 t; after p1: 250 t. The exact plan
    with the two scenarios at 0.5 gives the same numbers."""
    ds = toy.dy_dataset(facilities=toy.KNAPSACK)
    saa = optimize_portfolio(ds, _uncertain_plan(), futures=4, seed=11)
    exact = optimize_portfolio(ds, toy.plan(
        scenarios=[{"definition": toy.cut("cut", "2025-01", "2025-12"), "probability": 0.5},
                   {"definition": toy.cut("calm2", "2025-01", "2025-12", severity=0.0),
                    "probability": 0.5}],
        candidates={"facilities": ["p1"]}))
    assert saa.expected_t(after=False) == pytest.approx(350.0)
    assert saa.expected_t() == pytest.approx(250.0)
    assert exact.expected_t(after=False) == pytest.approx(350.0)
    assert saa.selected["measure_id"].tolist() == exact.selected["measure_id"].tolist() == ["p1"]
    assert saa.solver["sampling"]["futures"] == 4


@pytest.mark.slow
def test_out_of_sample_finds_the_same_expectation() -> None:
    """20 fresh futures (another seed; LHS: 10 shocked): do nothing 350 t, p1 250 t, in and
    out of sample; P95 = CVaR95 = the shocked futures' 400 and 300 t."""
    ds = toy.dy_dataset(facilities=toy.KNAPSACK)
    pl = _uncertain_plan()
    r = optimize_portfolio(ds, pl, futures=4, seed=11)
    ev = evaluate_portfolio(ds, pl, r, 20, seed=99).set_index("arm")
    assert ev.loc["do nothing", "in_sample_mean_t"] == pytest.approx(350.0)
    assert ev.loc["do nothing", "out_of_sample_mean_t"] == pytest.approx(350.0)
    assert ev.loc["portfolio", "out_of_sample_mean_t"] == pytest.approx(250.0)
    assert ev.loc["do nothing", "p95_t"] == pytest.approx(400.0)
    assert ev.loc["portfolio", "cvar95_t"] == pytest.approx(300.0)
    # 10 × 300 and 10 × 400 (sd 51.3): 1.96 · sd / √20
    sd = float(np.std([300.0] * 10 + [400.0] * 10, ddof=1))
    assert ev.loc["do nothing", "ci95_t"] == pytest.approx(1.96 * sd / np.sqrt(20))
    assert (ev["futures"] == 20).all()


def test_cvar_is_the_mean_of_the_worst_tail() -> None:
    v, w = np.array([1.0, 2.0, 3.0, 4.0]), np.full(4, 0.25)
    assert cvar(v, w, alpha=0.75) == pytest.approx(4.0)
    assert cvar(v, w, alpha=0.5) == pytest.approx(3.5)
