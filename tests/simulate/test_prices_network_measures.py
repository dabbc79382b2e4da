"""Prices (scarcity index, shadow prices), the network's year handling, purchases into
stockpiles, ramped new plants, and a run on the bundled sample dataset."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from critmin.model import build_network, carry_forward
from critmin.scenarios import scenario_from_dict
from critmin.simulate import simulate
from critmin.simulate.prices import PRICE_CAP, scarcity_index
from critmin.testing import shortfall_of


def test_scarcity_index_known_values() -> None:
    """ε = −0.5: half the demand met → (0.5)^(−2) = 4; all met → 1; nothing → the cap 10;
    ε = −0.3 and 90 % met → 0.9^(−1/0.3) = 1.4206."""
    got = scarcity_index(np.array([50.0, 100.0, 0.0]), np.array([100.0, 100.0, 100.0]), -0.5)
    assert got.tolist() == pytest.approx([4.0, 1.0, PRICE_CAP])
    assert scarcity_index(np.array([90.0]), np.array([100.0]), -0.3)[0] == \
        pytest.approx(0.9 ** (-1 / 0.3))
    assert scarcity_index(np.array([0.0]), np.array([0.0]), -0.3)[0] == 1.0


def test_prices_table_and_scenario_elasticity(toys, two_importers) -> None:
    """The ban leaves 20 of 100 t: index (0.2)^(1/ε). With ε = −0.5 from the scenario that is
    25, capped at 10; with ε = −2, 0.2^(−0.5) = 2.236."""
    for eps, expected in [(-0.5, 10.0), (-2.0, 0.2 ** -0.5)]:
        sc = toys.scenario(priorities={"defense": 10, "ev": 3}, shocks=[toys.ban()],
                           elasticities={"Dy": eps})
        pr = simulate(two_importers, sc).prices.iloc[0]
        assert pr["supplied_t"] == pytest.approx(20.0)
        assert pr["price_index"] == pytest.approx(expected)


def test_shadow_price_is_the_priority_displaced(toys) -> None:
    """XCC needs 40 t for defense (10) and 40 t for ev (3) and gets 50 t from XBB: the last
    tonne at XCC serves ev, so one more tonne delivered there is worth 3 — times the tranche
    factor 1 + 0.001·2, since ev's 30 t short of 40 t reach into its third 10-t tranche."""
    ds = toys.toy_dataset(capacity=[("XBB", "separation", "Dy", 50, 50)],
                          demand=[("XCC", "defense", "separation", "Dy", 40),
                                  ("XCC", "ev", "separation", "Dy", 40)])
    res = simulate(ds, toys.scenario(priorities={"defense": 10, "ev": 3}))
    sp = res.shadow_prices.set_index("country")["shadow_price"]
    assert sp["XCC"] == pytest.approx(3.0 * 1.002)


def test_carry_forward_takes_latest_past_else_earliest() -> None:
    """For 2025: key a has 2020 and 2024 → 2024; key b only 2026 → 2026."""
    df = pd.DataFrame({"k": ["a", "a", "b"], "year": [2020, 2024, 2026], "v": [1, 2, 3]})
    assert carry_forward(df, ["k"], 2025)["v"].tolist() == [2, 3]
    assert carry_forward(df, ["k"], 2019)["v"].tolist() == [1, 3]


def test_network_fills_blanks_and_implies_supply_from_trade(toys) -> None:
    """A blank capacity is the production; an exporter with trade but no capacity row gets a
    supply equal to its exports (XDD ships 7 t)."""
    ds = toys.toy_dataset(capacity=[("XAA", "separation", "Dy", None, 40)],
                          trade=[("XDD", "XCC", "separation", "Dy", 7)],
                          demand=[("XCC", "ev", "separation", "Dy", 10)])
    cap = build_network(ds).capacity(2025).set_index("country")
    assert cap.loc["XAA", "capacity_t"] == 40.0
    assert cap.loc["XDD", "capacity_t"] == 7.0
    assert bool(cap.loc["XDD", "implied"])


def test_stockpile_build_buys_after_demand(toys) -> None:
    """XBB has 60 t; XCC needs 50 t (ev, priority 3) and wants to buy 24 t into its stock
    over 2025 (weight 0.1): demand first, then the 10 t left go into the stock."""
    ds = toys.toy_dataset(capacity=[("XBB", "separation", "Dy", 60, 60)],
                          demand=[("XCC", "ev", "separation", "Dy", 50)])
    sc = toys.scenario(measures=[{"type": "stockpile_build", "country": "XCC",
                                  "material": "Dy", "stage": "separation", "quantity_t": 24,
                                  "start": "2025-01", "end": "2025-12"}])
    res = simulate(ds, sc)
    assert shortfall_of(res) == pytest.approx(0.0, abs=1e-9)
    st = res.stocks.iloc[0]
    assert st["build_t"] == pytest.approx(10.0)
    assert st["closing_t"] == pytest.approx(10.0)


def test_invest_with_ramp(toys) -> None:
    """A 40 t/yr plant starting in January 2025 with ramp 0.5/yr gives min(40, 20·τ) t/yr:
    mean 10 t in 2025 and 30 t in 2026, so XCC (needs 40 t, nothing else) is short 30 and
    10 t."""
    ds = toys.toy_dataset(capacity=[], demand=[("XCC", "ev", "separation", "Dy", 40)],
                          facilities=[{"facility_id": "p", "country": "XCC",
                                       "stage": "separation", "material": "Dy",
                                       "capacity_t": 40, "start_year": 2025}])
    sc = toys.scenario(("2025", "2026", "year"), ramp_rate=0.5,
                       measures=[{"type": "invest", "facility_id": "p"}])
    res = simulate(ds, sc)
    assert toys.shortfall_by(res, "period") == {"2025": 30.0, "2026": 10.0}


def test_sample_dataset_dy_control(sample) -> None:
    """On the bundled sample: a full ban by China on Dy oxide and magnets for 2025 leaves
    magnet makers elsewhere with Malaysia's 100 t of Dy oxide (enough for 100 / 0.015 =
    6,667 t of magnets), so magnet shortfall appears that the baseline does not have;
    every shortfall is within [0, demand]."""
    base = {"name": "s", "horizon": {"start": "2025", "end": "2025", "step": "year"},
            "priorities": {"defense": 10}}
    shock = {"type": "export_control", "country": "CHN", "materials": ["Dy", "NdFeB"],
             "stages": ["separation", "magnet"], "severity": 1.0, "start": "2025"}
    b = simulate(sample, scenario_from_dict(base))
    s = simulate(sample, scenario_from_dict({**base, "shocks": [shock]}))
    assert b.summary["shortfall_by_material_t"].get("magnet/NdFeB", 0.0) == 0.0
    assert s.summary["shortfall_by_material_t"]["magnet/NdFeB"] > 0
    sf = s.shortfall
    assert ((sf["shortfall_t"] >= 0) & (sf["shortfall_t"] <= sf["demand_t"] + 1e-9)).all()
