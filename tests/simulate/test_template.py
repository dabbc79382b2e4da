"""The templated re-solve path and the tie order of shortfall tranches.

A run's market-mode LP is built once and each period only changes bounds
(``critmin.chain.template``); it must give what building every period's LP afresh
gives (``rebuild=True``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from critmin.chain import Resolver
from critmin.chain.structure import tie_order
from critmin.scenarios import load_library_scenario
from critmin.simulate import simulate
from critmin.simulate.cache import RunCache


def test_equal_priorities_tie_inside_a_tranche_by_the_fixed_order(toys) -> None:
    """XCC and XDD each need 100 t for ev and XBB has 140 t: 60 t short. Each takes its
    first 25 t tranche (50 t); the last 10 t fall on the user first in the tie order,
    whatever the solver's starting point."""
    ds = toys.toy_dataset(capacity=[("XBB", "separation", "Dy", 140, 140)],
                          demand=[("XCC", "ev", "separation", "Dy", 100),
                                  ("XDD", "ev", "separation", "Dy", 100)])
    order = tie_order([("XCC", "ev", "separation", "Dy"), ("XDD", "ev", "separation", "Dy")])
    first = min(order, key=order.get)[0]
    expected = {"XCC": 25.0, "XDD": 25.0}
    expected[first] += 10.0
    solver = Resolver()
    for kwargs in ({}, {"rebuild": True}, {"solver": solver}, {"solver": solver}):
        res = simulate(ds, toys.scenario(demand_response=False), **kwargs)
        assert toys.shortfall_by(res, "country") == expected


def _compare(ds, sc) -> None:
    """Shortfall, stocks and each market's scarcity index agree (the LP's optimum is unique
    in them); which of two equally cheap producers makes a tonne may differ, so production
    and flows are not compared, nor the rent inputs carry (read from duals, which are not
    unique where the LP is degenerate)."""
    fast, slow = simulate(ds, sc), simulate(ds, sc, rebuild=True)
    assert fast.shortfall["shortfall_t"].sum() > 0  # the comparison is not trivial
    for name in ("shortfall", "stocks"):
        pd.testing.assert_frame_equal(getattr(fast, name), getattr(slow, name), atol=1e-6,
                                      check_exact=False)
    cols = ["market", "stage", "material", "period", "demand_t", "supplied_t",
            "scarcity_index"]
    pd.testing.assert_frame_equal(fast.prices[cols], slow.prices[cols], atol=1e-6,
                                  check_exact=False)
    assert fast.summary["objective"] == pytest.approx(slow.summary["objective"], rel=1e-9)


@pytest.mark.parametrize("name", ["heavy-ree-ban-24m", "china-2025-10-package"])
def test_template_path_gives_the_rebuild_results_on_the_reference_data(reference, name) -> None:
    """Monthly runs of bundled scenarios (extraterritorial rule, stock release, caps that
    switch on and off) on the reference dataset: same tables either way."""
    _compare(reference, load_library_scenario(name))


def test_template_path_with_ramps_builds_investments_recycling_substitution(toys) -> None:
    ds = toys.toy_dataset(
        capacity=[("XAA", "separation", "Dy", 100, 100), ("XBB", "separation", "Dy", 40, 10)],
        trade=[("XAA", "XCC", "separation", "Dy", 50), ("XAA", "XDD", "separation", "Dy", 50)],
        demand=[("XCC", "defense", "separation", "Dy", 50),
                ("XDD", "ev", "separation", "Dy", 50)],
        stockpiles=[("XCC", "separation", "Dy", 30, 20)],
        facilities=[{"facility_id": "f1", "country": "XEE", "stage": "separation",
                     "material": "Dy", "capacity_t": 30, "start_year": 2025}])
    sc = toys.scenario(
        ("2025-01", "2026-12", "month"), ramp_rate=0.5,
        shocks=[toys.ban(start="2025-04", end="2026-03", severity=0.8)],
        measures=[{"type": "stockpile_release", "country": "XCC", "material": "Dy",
                   "stage": "separation", "start": "2025-06"},
                  {"type": "stockpile_build", "country": "XDD", "material": "Dy",
                   "stage": "separation", "quantity_t": 12, "start": "2026-01",
                   "end": "2026-12", "priority": 0.5},
                  {"type": "invest", "facility_id": "f1", "delay_years": 0.5},
                  {"type": "recycling", "country": "XDD", "stage": "separation",
                   "material": "Dy", "capacity_t": 6, "start": "2025-09"},
                  {"type": "substitution", "countries": ["XCC"], "sector": "defense",
                   "stage": "separation", "material": "Dy", "cut_share": 0.3,
                   "start": "2026-02"}])
    _compare(ds, sc)


def test_unlimited_release_waits_for_its_window(toys) -> None:
    """A stockpile with no release limit and a release from 2025-07: nothing leaves it
    before July, then it covers XCC's monthly 50/12 t until the ban ends."""
    ds = toys.toy_dataset(capacity=[("XAA", "separation", "Dy", 100, 100)],
                          trade=[("XAA", "XCC", "separation", "Dy", 50)],
                          demand=[("XCC", "defense", "separation", "Dy", 50)],
                          stockpiles=[("XCC", "separation", "Dy", 100, None)])
    sc = toys.scenario(("2025-01", "2025-12", "month"), shocks=[toys.ban()],
                       measures=[{"type": "stockpile_release", "country": "XCC",
                                  "material": "Dy", "stage": "separation",
                                  "start": "2025-07"}])
    for kwargs in ({}, {"rebuild": True}):
        rel = simulate(ds, sc, **kwargs).stocks.set_index("period")["release_t"]
        assert rel.loc[:"2025-06"].max() == 0.0
        assert rel.loc["2025-07":].to_numpy() == pytest.approx(np.full(6, 50 / 12))


def test_reusing_unchanged_periods_changes_no_result(reference) -> None:
    """Monthly periods that repeat the previous period's LP (same year, same shocks) take
    the previous solution instead of a HiGHS run: the results are the same, with fewer
    runs."""
    sc = load_library_scenario("heavy-ree-ban-24m")
    every, reuse = Resolver(reuse_unchanged=False), Resolver()
    a = simulate(reference, sc, solver=every, light=True)
    b = simulate(reference, sc, solver=reuse, light=True)
    # a fresh HiGHS run of a repeated LP may differ from the reused solution in round-off
    np.testing.assert_allclose(a.shortfall_t, b.shortfall_t, rtol=0, atol=1e-9)
    assert a.shortfall_t.sum() > 0
    assert every.stats["reused"] == 0
    assert reuse.stats["reused"] > 0
    assert reuse.stats["reused"] + reuse.stats["resolves"] == every.stats["resolves"]


def test_an_empty_chain_simulates_to_empty_tables(toys) -> None:
    """No capacity and no demand: an LP without columns, in every mode, is no error."""
    ds = toys.toy_dataset(capacity=[])
    assert simulate(ds, toys.scenario()).shortfall.empty
    assert simulate(ds, toys.scenario(), light=True).shortfall_t.size == 0
    assert simulate(ds, toys.scenario(allocation="contracts"), rebuild=True).shortfall.empty


def test_an_empty_chain_in_an_ensemble_worker(toys) -> None:
    """The cached path (solver and cache given, as an ensemble worker runs) on a chain with
    nothing in it: empty arrays, no error."""
    ds = toys.toy_dataset(capacity=[])
    res = simulate(ds, toys.scenario(), solver=Resolver(), cache=RunCache(), light=True)
    assert res.shortfall_t.size == 0
