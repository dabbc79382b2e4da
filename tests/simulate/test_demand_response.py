"""Demand response inside the LP: users forgo demand as its price rises, at their
elasticity, before anyone is rationed (``equations.define_demand``,
``mechanisms.response_shares``). Hand-derived answers on toy chains."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from critmin.chain.mechanisms import PRICE_CAP
from critmin.simulate import simulate


def _one_user(toys, supply: float, **fields):
    ds = toys.toy_dataset(capacity=[("XBB", "separation", "Dy", supply, supply)],
                          demand=[("XCC", "ev", "separation", "Dy", 100)])
    return simulate(ds, toys.scenario(elasticities={"Dy": -0.5}, **fields))


def _totals(res) -> dict[str, float]:
    return {c: float(res.shortfall[c].sum()) for c in ("shortfall_t", "priced_out_t",
                                                       "rationed_t")}


def test_a_small_gap_is_all_priced_out_at_its_clearing_price(toys) -> None:
    """60 t for a demand of 100 t at ε = −0.5: the 40 t gap is under the 1 − 10^−0.5 =
    68.4 % that prices out before the cap, so no one is rationed, and the price clears
    at (60/100)^(1/−0.5) = 2.78× base."""
    res = _one_user(toys, 60)
    assert _totals(res) == pytest.approx({"shortfall_t": 40.0, "priced_out_t": 40.0,
                                          "rationed_t": 0.0}, abs=1e-6)
    assert res.prices["price_index"].max() == pytest.approx(0.6 ** -2)


def test_beyond_the_price_cap_the_rest_is_rationed(toys) -> None:
    """20 t for 100 t: 68.38 t priced out (1 − 10^−0.5 of demand), the other 11.62 t
    rationed, the price at its cap."""
    res = _one_user(toys, 20)
    out = 100 * (1 - PRICE_CAP ** -0.5)
    assert _totals(res) == pytest.approx({"shortfall_t": 80.0, "priced_out_t": out,
                                          "rationed_t": 80.0 - out}, abs=1e-6)
    assert res.prices["price_index"].max() == pytest.approx(PRICE_CAP)


def test_without_demand_response_every_tonne_short_is_rationed(toys) -> None:
    res = _one_user(toys, 60, demand_response=False)
    assert _totals(res) == pytest.approx({"shortfall_t": 40.0, "priced_out_t": 0.0,
                                          "rationed_t": 40.0}, abs=1e-6)


def test_users_of_one_good_are_priced_out_together(toys) -> None:
    """XCC and XDD each need 100 t and 100 t are made, ε = −0.5: each forgoes 50 t, in
    segments of 68.38/8 = 8.55 t, so neither is rationed and they differ by at most one
    segment (before: the tranches of 25 t)."""
    ds = toys.toy_dataset(capacity=[("XBB", "separation", "Dy", 100, 100)],
                          demand=[("XCC", "ev", "separation", "Dy", 100),
                                  ("XDD", "ev", "separation", "Dy", 100)])
    res = simulate(ds, toys.scenario(elasticities={"Dy": -0.5}))
    by = res.shortfall.groupby("country")[["shortfall_t", "rationed_t"]].sum()
    assert by["shortfall_t"].sum() == pytest.approx(100.0)
    assert by["rationed_t"].max() == pytest.approx(0.0, abs=1e-6)
    segment = 100 * (1 - PRICE_CAP ** -0.5) / 8
    assert abs(by.loc["XCC", "shortfall_t"] - by.loc["XDD", "shortfall_t"]) <= segment + 1e-6


def test_priority_users_are_served_before_others_are_priced_out(toys) -> None:
    """Defence (priority 10) and ev each need 100 t and 100 t are made: ev forgoes all of
    its 100 t — 68.38 t priced out, 31.62 t rationed — and defence nothing."""
    ds = toys.toy_dataset(capacity=[("XBB", "separation", "Dy", 100, 100)],
                          demand=[("XCC", "ev", "separation", "Dy", 100),
                                  ("XCC", "defense", "separation", "Dy", 100)])
    res = simulate(ds, toys.scenario(elasticities={"Dy": -0.5}, priorities={"defense": 10}))
    by = res.shortfall.groupby("sector")[["shortfall_t", "priced_out_t", "rationed_t"]].sum()
    out = 100 * (1 - PRICE_CAP ** -0.5)
    assert by.loc["defense"].tolist() == pytest.approx([0.0, 0.0, 0.0], abs=1e-6)
    assert by.loc["ev"].tolist() == pytest.approx([100.0, out, 100.0 - out], abs=1e-6)


@given(supply=st.one_of(st.just(0.0), st.floats(1e-3, 300)),  # no sub-gram noise: see
       d1=st.floats(1, 200), d2=st.floats(1, 200),                # test_coproduction._tonnes
       eps=st.floats(-0.9, -0.05))
def test_response_relabels_unmet_demand_it_never_creates_it(toys, supply, d1, d2,
                                                            eps) -> None:
    """Whatever the numbers: the total shortfall is the gap max(0, d1 + d2 − supply) with
    or without demand response; each user's priced-out demand stays within its
    (1 − 10^ε) share, and rationing starts only once that room is used up."""
    ds = toys.toy_dataset(capacity=[("XBB", "separation", "Dy", supply, supply)],
                          demand=[("XCC", "ev", "separation", "Dy", d1),
                                  ("XDD", "ev", "separation", "Dy", d2)])
    gap = max(0.0, d1 + d2 - supply)
    res = simulate(ds, toys.scenario(elasticities={"Dy": eps}))
    sf = res.shortfall.set_index("country")
    assert sf["shortfall_t"].sum() == pytest.approx(gap, abs=1e-5)
    room = 1 - PRICE_CAP ** eps
    for c, d in (("XCC", d1), ("XDD", d2)):
        assert 0.0 <= sf.loc[c, "priced_out_t"] <= room * d + 1e-6
    assert sf["rationed_t"].sum() == pytest.approx(max(0.0, gap - room * (d1 + d2)), abs=1e-5)
