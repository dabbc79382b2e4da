"""Invariants of project economics (hypothesis): monotonicity, roots, floor-cost bounds."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from critmin.economics import (
    PriceFloor,
    PricePath,
    Project,
    breakeven_price,
    cash_flows,
    irr,
    npv,
    offtake,
    price_floor_cost,
)

SETTINGS = settings(max_examples=80, deadline=None)

ramps = st.lists(st.floats(0.0, 1.0, allow_subnormal=False), min_size=1,
                 max_size=5).filter(lambda r: r[-1] > 0)

pytestmark = pytest.mark.slow


@st.composite
def projects(draw: st.DrawFn, tax: bool = True, sustaining: bool = True) -> Project:
    """A random but plausible project: 1–30 years, 0–4 construction years.

    ``sustaining=False`` leaves out sustaining capex, so that with a price at or above the unit
    cost the project is conventional (outflows first, then inflows only).
    """
    return Project(
        "p",
        capacity_t=draw(st.floats(1.0, 20_000.0)),
        start_year=draw(st.integers(2025, 2040)),
        capex_musd=draw(st.floats(1.0, 3_000.0)),
        unit_cost_usd_per_kg=draw(st.floats(0.0, 200.0)),
        ramp_up=tuple(draw(ramps)),
        life_years=draw(st.integers(1, 30)),
        construction_years=draw(st.integers(0, 4)),
        sustaining_capex_musd_per_year=draw(st.floats(0.0, 20.0)) if sustaining else 0.0,
        tax_rate=draw(st.floats(0.0, 0.5)) if tax else 0.0,
    )


@SETTINGS
@given(p=projects(sustaining=False), margin=st.floats(0.0, 100.0),
       r=st.lists(st.floats(-0.5, 2.0), min_size=2, max_size=2))
def test_npv_decreasing_in_rate_for_conventional_project(p: Project, margin: float,
                                                         r: list[float]) -> None:
    """One outlay at t = 0, then flows ≥ 0 (price ≥ unit cost): NPV falls as r rises.

    dNPV/dr = −Σ_{t≥1} t c_t (1+r)^(−t−1) ≤ 0 when c_t ≥ 0 for t ≥ 1. (Capex phased over
    several years is not enough: a later outlay discounted harder raises NPV.)
    """
    p = p.replace(construction_years=min(p.construction_years, 1), capex_phasing=None)
    cf = cash_flows(p, p.unit_cost_usd_per_kg + margin)
    flows = cf["net_cash_flow_musd"].to_numpy()
    assert np.all(flows[1:] >= 0)
    lo, hi = sorted(r)
    scale = float(np.sum(np.abs(flows) * (1 + lo) ** -np.arange(flows.size, dtype=float)))
    assert npv(cf, lo) >= npv(cf, hi) - 1e-12 * scale


@SETTINGS
@given(p=projects(), margin=st.floats(1.0, 200.0))
def test_npv_at_irr_is_zero(p: Project, margin: float) -> None:
    """Where an IRR is reported, NPV at it is 0 (relative to the size of the flows)."""
    cf = cash_flows(p, p.unit_cost_usd_per_kg + margin)
    rate = irr(cf)
    assume(rate is not None)
    flows = cf["net_cash_flow_musd"].to_numpy()
    t = np.arange(flows.size)
    scale = float(np.sum(np.abs(flows) * (1 + rate) ** -t.astype(float)))
    assert abs(npv(cf, rate)) <= 1e-8 * scale


@SETTINGS
@given(p=projects(sustaining=False), margin=st.floats(0.0, 200.0), r=st.floats(-0.5, 1.0))
def test_irr_separates_positive_and_negative_npv(p: Project, margin: float, r: float) -> None:
    """For a conventional project NPV(r) > 0 exactly when r < IRR."""
    cf = cash_flows(p, p.unit_cost_usd_per_kg + margin)
    rate = irr(cf)
    assume(rate is not None and abs(r - rate) > 1e-6)
    assert (npv(cf, r) > 0) == (r < rate)


@SETTINGS
@given(data=st.data(), p=projects(), bump=st.floats(0.0, 100.0), r=st.floats(0.0, 0.3))
def test_higher_prices_never_lower_npv(data: st.DataObject, p: Project, bump: float,
                                       r: float) -> None:
    """Raising any year's price (tax included) never lowers the NPV."""
    n = p.years.size
    base = data.draw(st.builds(lambda xs: np.asarray(xs),
                               st.lists(st.floats(0.0, 500.0), min_size=n, max_size=n)))
    up = base + bump * np.asarray(data.draw(st.lists(st.floats(0.0, 1.0), min_size=n,
                                                     max_size=n)))
    a, b = npv(cash_flows(p, base), r), npv(cash_flows(p, up), r)
    assert b >= a - 1e-9 * max(1.0, abs(a))


@SETTINGS
@given(data=st.data(), p=projects(tax=False), floors=st.lists(st.floats(0.0, 300.0),
                                                              min_size=2, max_size=2),
       r=st.floats(0.0, 0.2), n_paths=st.integers(1, 3))
def test_floor_cost_nonnegative_and_nondecreasing(data: st.DataObject, p: Project,
                                                  floors: list[float], r: float,
                                                  n_paths: int) -> None:
    """Without upside sharing the expected cost is ≥ 0 and grows with the floor."""
    paths = [PricePath(name=f"k{k}", prices={int(y): float(v) for y, v in zip(
        p.years, data.draw(st.lists(st.floats(0.0, 300.0), min_size=p.years.size,
                                    max_size=p.years.size)), strict=True)})
        for k in range(n_paths)]
    lo, hi = sorted(floors)
    c_lo = price_floor_cost(p, paths, lo, discount_rate=r).expected_cost_musd
    c_hi = price_floor_cost(p, paths, hi, discount_rate=r).expected_cost_musd
    assert c_lo >= 0.0
    assert c_hi >= c_lo - 1e-9 * max(1.0, c_hi)


@SETTINGS
@given(p=projects(tax=False), price=st.floats(0.0, 300.0), floor=st.floats(0.0, 300.0),
       share=st.floats(0.0, 1.0), r=st.floats(0.0, 0.2))
def test_floor_transfer_is_what_the_government_pays(p: Project, price: float, floor: float,
                                                    share: float, r: float) -> None:
    """Pre-tax, the project's NPV gain from a floor equals the government's PV cost."""
    terms = PriceFloor(floor, upside_share=share)
    gain = npv(cash_flows(p, price, floor=terms), r) - npv(cash_flows(p, price), r)
    cost = price_floor_cost(p, [price], terms, discount_rate=r).expected_cost_musd
    assert abs(gain - cost) <= 1e-9 * max(1.0, abs(cost))


@SETTINGS
@given(p=projects(), r=st.floats(0.0, 0.25))
def test_breakeven_price_gives_zero_npv(p: Project, r: float) -> None:
    price = breakeven_price(p, r)
    assume(price is not None)
    cf = cash_flows(p, price)
    scale = float(np.abs(cf[["revenue_musd", "opex_musd", "capex_musd"]]).to_numpy().sum())
    assert abs(npv(cf, r)) <= 1e-7 * max(1.0, scale)


@SETTINGS
@given(p=projects(), price=st.floats(0.0, 300.0), share=st.floats(0.0, 1.0),
       r=st.floats(0.0, 0.2))
def test_offtake_at_market_price_changes_nothing(p: Project, price: float, share: float,
                                                 r: float) -> None:
    a = npv(cash_flows(p, price), r)
    b = npv(offtake(p, price, share=share, price_usd_per_kg=price), r)
    assert abs(a - b) <= 1e-9 * max(1.0, abs(a))


@SETTINGS
@given(flows=st.lists(st.floats(-1_000.0, 1_000.0, allow_subnormal=False), min_size=2,
                      max_size=25))
def test_irr_of_any_flows_is_a_root_or_none(flows: list[float]) -> None:
    """For arbitrary (also non-conventional) flows, a reported IRR is a root of the NPV, and
    the NPV changes sign across it (no wrong number from a touching point)."""
    rate = irr(flows)
    assume(rate is not None)
    c = np.asarray(flows)
    t = np.arange(c.size, dtype=float)
    scale = float(np.sum(np.abs(c) * (1 + rate) ** -t))
    assert abs(npv(c, rate)) <= 1e-8 * scale
    eps = 1e-4 * max(1.0, abs(rate))
    lo, hi = npv(c, rate - eps), npv(c, rate + eps)
    assume(rate - eps > -1)
    assert lo * hi <= 0


def test_irr_of_a_touching_point_is_none() -> None:
    """Flows −1, 1, 1, −1: NPV = −(1 − x)²(1 + x) with x = 1/(1+r) touches 0 at r = 0 without
    crossing it; there is no rate that makes the project break even from one side, so no
    IRR (hypothesis found that 0 was reported)."""
    assert irr([-1.0, 1.0, 1.0, -1.0]) is None
    assert irr([-999.9999999999999, 999.9999999999999, 999.9999999999999,
                -999.9999999999999]) is None
    assert irr([-100.0, 110.0]) == pytest.approx(0.10)
