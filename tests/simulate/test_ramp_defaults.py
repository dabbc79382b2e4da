"""Capacity that moves like capacity: the dataset's ramp rates (``ramps.csv``) hold by
default, so spare capacity answers in months, not at once. Hand-derived toys."""

from __future__ import annotations

import numpy as np
import pytest

from critmin.chain.mechanisms import Ramp, capacity_bounds
from critmin.scenarios.periods import make_periods
from critmin.simulate import simulate


def _spare_case(toys, ramps=(("separation", "", 0.6),)):
    """XAA ships 60 t/yr of Dy to XCC, XBB 40 t/yr out of 100 t of capacity; XCC uses 100.
    XAA bans exports from January 2025."""
    return toys.toy_dataset(
        capacity=[("XAA", "separation", "Dy", 60, 60), ("XBB", "separation", "Dy", 100, 40)],
        trade=[("XAA", "XCC", "separation", "Dy", 60), ("XBB", "XCC", "separation", "Dy", 40)],
        demand=[("XCC", "ev", "separation", "Dy", 100)], ramps=list(ramps))


def _run(toys, ds, **fields):
    sc = toys.scenario(("2025-01", "2025-12", "month"), shocks=[toys.ban()], **fields)
    return simulate(ds, sc)


def test_spare_capacity_ramps_at_the_datasets_rate(toys) -> None:
    """At 0.6 of capacity a year, XBB's 100 t plant rises from 40 t/yr by 5 t/yr each
    month: month k (0-11) makes (40 + 5(k + ½))/12 t and XCC is short (57.5 − 5k)/12 t —
    4.79 t in January, 0.21 t in December, 30 t in the year. Without a ramp: none."""
    res = _run(toys, _spare_case(toys))
    by = res.shortfall.groupby("period", sort=False)["shortfall_t"].sum()
    expected = [(57.5 - 5 * k) / 12 for k in range(12)]
    assert by.tolist() == pytest.approx(expected, abs=1e-6)
    assert by.sum() == pytest.approx(30.0, abs=1e-6)
    off = _run(toys, _spare_case(toys), ramp_rate="off")
    assert off.shortfall["shortfall_t"].sum() == pytest.approx(0.0, abs=1e-6)


def test_a_scenario_rate_overrides_the_dataset(toys) -> None:
    """ramp_rate: 0.6 on a dataset without ramps gives the same path as the dataset's 0.6;
    a material's own row beats its stage's."""
    ds = _spare_case(toys)
    by_data = _run(toys, ds).shortfall["shortfall_t"].to_numpy()
    by_scenario = _run(toys, _spare_case(toys, ramps=()), ramp_rate=0.6)
    assert by_scenario.shortfall["shortfall_t"].to_numpy() == pytest.approx(by_data)
    own = _spare_case(toys, ramps=(("separation", "", 0.01), ("separation", "Dy", 0.6)))
    assert _run(toys, own).shortfall["shortfall_t"].to_numpy() == pytest.approx(by_data)


def test_no_rate_in_the_dataset_means_no_limit_and_says_so(toys) -> None:
    res = _run(toys, _spare_case(toys, ramps=()))
    assert res.shortfall["shortfall_t"].sum() == pytest.approx(0.0, abs=1e-6)
    assert any("no ramp rate in the dataset for separation/Dy" in w
               for w in res.summary["warnings"])


def test_per_producer_rates_in_the_capacity_bound() -> None:
    """Two producers of capacity 120 t/yr at 60 t/yr: one at 0.5/yr (January's mean
    capacity 60 + 60·0.5/12/2 = 62.5 t/yr), one without a rate (NaN: 120 t/yr)."""
    jan = make_periods("2025-01", "2025-01", "month")[0]
    ramp = Ramp(np.array([0.5, np.nan]), jan.start, np.zeros(2, dtype=bool))
    ub = capacity_bounds(ramp, np.array([120.0, 120.0]), np.array([60.0, 60.0]), jan)
    assert ub * 12 == pytest.approx([62.5, 120.0])
