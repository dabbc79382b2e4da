"""Recycling fed by the stocks MFA: a plant recycles no more scrap than reaches it."""

from __future__ import annotations

import numpy as np
import pytest

from critmin.chain import mechanisms as mech
from critmin.exceptions import ScenarioError
from critmin.scenarios.periods import make_periods
from critmin.simulate import simulate

SRC = "toy"


def magnet_importer(toys):
    """XCC needs 50 t/yr of NdFeB for EVs and imports it all from XAA. Its magnets entered
    use at 50 t/yr from 2020 and live 2 years; half of them are collected at end of life and
    40 % of those magnets are separated; recovery is complete."""
    mfa = {
        "world_totals": [{"material": "NdFeB", "stage": "magnet", "year": 2020,
                          "production_t": 50, "source_id": SRC}],
        "lifetimes": [{"sector": "ev", "distribution": "fixed", "mean_years": 2,
                       "source_id": SRC}],
        "contents": [{"product": "NdFeB", "material": "Dy", "t_per_t": 0.01,
                      "source_id": SRC}],
        "eol_rates": [{"sector": "ev", "step": "collection", "rate": 0.5, "source_id": SRC},
                      {"sector": "", "step": "separation", "rate": 0.4, "source_id": SRC},
                      {"sector": "", "step": "recovery", "rate": 1.0, "source_id": SRC}]}
    return toys.toy_dataset(capacity=[("XAA", "magnet", "NdFeB", 100, 100)],
                            trade=[("XAA", "XCC", "magnet", "NdFeB", 50)],
                            demand=[("XCC", "ev", "magnet", "NdFeB", 50)], more_tables=mfa)


def _run(toys, **measure):
    ds = magnet_importer(toys)
    plant = {"type": "recycling", "country": "XCC", "stage": "magnet", "material": "NdFeB",
             "capacity_t": 100, **measure}
    sc = toys.scenario(shocks=[toys.ban(materials=["NdFeB"], stages=["magnet"])],
                       measures=[plant])
    return toys.shortfall_by(simulate(ds, sc), "country")


@pytest.mark.slow
def test_the_plant_recycles_the_mfa_scrap_not_its_capacity(toys) -> None:
    """Under a 2025 ban: the 2023 cohort (50 t) retires in 2025; 50 x 0.5 x 0.4 x 1.0 = 10 t
    come back, so 40 t are short. Without the feed the 100 t/yr plant covers all 50 t; with
    every collected magnet separated (a policy), 25 t come back."""
    assert _run(toys, feed="mfa") == {"XCC": 40.0}
    assert _run(toys) == {"XCC": 0.0}
    assert _run(toys, feed="mfa", eol_rates={"separation": 1.0}) == {"XCC": 25.0}


def test_feed_caps_a_line_by_year() -> None:
    lines = mech.Recycling(np.array([0, 1]), np.array([100.0, 100.0]), np.array([0.0, 0.0]),
                           np.array([[10.0, 30.0], [np.inf, np.inf]]), 2025)
    p2025, p2026 = make_periods("2025", "2026", "year")
    assert mech.recycling_lines(lines, p2025).tolist() == [10.0, 100.0]
    assert mech.recycling_lines(lines, p2026).tolist() == [30.0, 100.0]
    assert mech.recycling_feed(lines, 2030).tolist() == [30.0, np.inf]  # nearest year
    monthly = make_periods("2025-01", "2025-01", "month")[0]
    assert mech.recycling_lines(lines, monthly)[0] == pytest.approx(10.0 / 12)


def test_feed_mfa_needs_a_material_of_the_mfa(toys) -> None:
    with pytest.raises(ScenarioError, match="feed: mfa needs a material of the stocks MFA"):
        toys.scenario(measures=[{"type": "recycling", "country": "XCC", "stage": "metal",
                                 "material": "Co", "capacity_t": 1, "feed": "mfa"}])
    with pytest.raises(ScenarioError, match="only apply with feed: mfa"):
        toys.scenario(measures=[{"type": "recycling", "country": "XCC", "stage": "magnet",
                                 "material": "NdFeB", "capacity_t": 1,
                                 "eol_rates": {"separation": 1.0}}])


@pytest.mark.slow
def test_bundled_recycling_scenario_supplies_the_mfa_scrap_of_the_ban_years() -> None:
    """heavy-ree-ban-recycling = heavy-ree-ban-24m + Noveon's 2,000 t/yr plant fed by the
    USA's end-of-life magnets with every collected magnet separated: the world's shortfall
    falls by exactly the scrap recovered in the two ban years (the plant never binds)."""
    from critmin import load_dataset
    from critmin.scenarios import load_library_scenario
    from critmin.stocks.model import recycled_feed

    ds = load_dataset()
    base = simulate(ds, load_library_scenario("heavy-ree-ban-24m")).shortfall
    fed = simulate(ds, load_library_scenario("heavy-ree-ban-recycling")).shortfall
    feed = recycled_feed(ds, "USA", "NdFeB", (2026, 2027), {"separation": 1.0})
    assert 700 < feed[2026] < feed[2027] < 2000  # below the plant's capacity
    saved = base["shortfall_t"].sum() - fed["shortfall_t"].sum()
    assert saved == pytest.approx(feed[2026] + feed[2027], rel=1e-3)
