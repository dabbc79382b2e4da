"""The mechanism functions of the chain, each on a hand-worked case, and the ramp's closed
form against a numerical integral."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from critmin.chain import mechanisms as mech
from critmin.chain.mechanisms import ramp_mean
from critmin.chain.structure import tie_order
from critmin.scenarios.periods import make_periods


def numeric_mean(cap, level0, rate, t0, t_on, a, b, n=20_000):
    """Midpoint-rule mean of the capacity curve over [a, b) (the reference for ramp_mean)."""
    t = a + (np.arange(n) + 0.5) * (b - a) / n
    if rate is None:
        y = np.where(t >= t_on, cap, 0.0)
    else:
        y = np.minimum(cap, level0 + rate * cap / 12.0 * np.maximum(0.0, t - t0))
        y = np.where(t >= t_on, y, 0.0)
    return y.mean()


@settings(max_examples=200, deadline=None, derandomize=True)
@given(cap=st.floats(0, 1000), level=st.floats(0, 1500), rate=st.one_of(st.none(),
                                                                         st.floats(0, 2)),
       t0=st.floats(-24, 24), on_before=st.booleans(), a=st.floats(-36, 36),
       months=st.sampled_from([1.0, 12.0]))
def test_ramp_mean_is_the_mean_of_the_capacity_curve(cap, level, rate, t0, on_before, a,
                                                     months) -> None:
    """The closed form equals a fine numerical integral, for a capacity ramping from
    ``level`` (possibly above the capacity) or coming on line at ``t_on = t0``."""
    t_on = -np.inf if on_before else t0
    level = level if on_before else 0.0
    got = float(ramp_mean(cap, level, rate, t0, t_on, a, a + months))
    want = numeric_mean(cap, level, rate, t0, t_on, a, a + months)
    assert got == pytest.approx(want, rel=1e-3, abs=1e-3 * max(cap, 1.0))


def test_ramp_mean_known_values() -> None:
    """100 t/yr ramping at 50 %/yr from 0 at month 0: month 0 averages 50/12·0.5 ≈ 2.083,
    a year from month 0 averages 25; fully ramped after 24 months: 100."""
    assert float(ramp_mean(100.0, 0.0, 0.5, 0.0, 0.0, 0.0, 1.0)) == pytest.approx(50 / 24)
    assert float(ramp_mean(100.0, 0.0, 0.5, 0.0, 0.0, 0.0, 12.0)) == pytest.approx(25.0)
    assert float(ramp_mean(100.0, 0.0, 0.5, 0.0, 0.0, 24.0, 36.0)) == pytest.approx(100.0)
    assert float(ramp_mean(100.0, 0.0, None, 6.0, 6.0, 0.0, 12.0)) == pytest.approx(50.0)


def test_tie_order_is_fixed_and_spread_over_zero_one() -> None:
    keys = [(c, "ev", "separation", "Dy") for c in ("XAA", "XBB", "XCC", "XDD")]
    order = tie_order(keys)
    assert sorted(order.values()) == [0.0, 0.25, 0.5, 0.75]
    assert tie_order(reversed(keys)) == order  # no dependence on the input order


def _period(label: str):
    step = "year" if "-" not in label else "month"
    return make_periods(label, label, step)[0]


M = {"2025-04": 2025 * 12 + 3, "2025-07": 2025 * 12 + 6, "2026-01": 2026 * 12}


def test_export_control_caps_a_share_of_the_baseline_flow() -> None:
    """Baseline flows 100, 50 and 20 t/yr; a control withholds 80 % of the first two from
    April 2025 to the end of 2025. April: 20 % of a month's flow; the whole of 2025 (9 of
    12 months controlled): 1 − 0.8·0.75 = 40 %; March: no cap; the third pair never."""
    ctl = mech.Controls(direct=(np.array([0, 1]),), co=(np.array([], dtype=np.int64),),
                        severity=np.array([0.8]), start=np.array([M["2025-04"]]),
                        end=np.array([M["2026-01"]]))
    base = np.array([100.0, 50.0, 20.0])
    cap, co = mech.control_caps(ctl, base, _period("2025-04"))
    np.testing.assert_allclose(cap, [0.2 * 100 / 12, 0.2 * 50 / 12, np.inf])
    assert np.isinf(co).all()
    cap, _ = mech.control_caps(ctl, base, _period("2025"))
    np.testing.assert_allclose(cap, [40.0, 20.0, np.inf])
    cap, _ = mech.control_caps(ctl, base, _period("2025-03"))
    assert np.isinf(cap).all()


def test_overlapping_controls_take_the_tightest_cap() -> None:
    ctl = mech.Controls(direct=(np.array([0]), np.array([0])),
                        co=(np.array([0]), np.array([], dtype=np.int64)),
                        severity=np.array([0.5, 0.9]),
                        start=np.array([M["2025-04"], M["2025-07"]]),
                        end=np.array([M["2026-01"], M["2026-01"]]))
    cap, co = mech.control_caps(ctl, np.array([120.0]), _period("2025-08"))
    assert cap[0] == pytest.approx(0.1 * 10.0)
    assert co[0] == pytest.approx(0.5 * 10.0)  # only the first control is extraterritorial


def test_capacity_ramps_outside_the_controlling_country() -> None:
    """Two producers of 120 t/yr producing 60 t/yr, ramp 50 %/yr from April 2025: in the
    sixth month after it, the free producer can make 60 + 60·5.5/12 = 87.5 t/yr (mean of
    the month), the controlling one its full capacity; without a ramp limit both 120."""
    ramp = mech.Ramp(0.5, M["2025-04"], np.array([False, True]))
    cap, prod = np.array([120.0, 120.0]), np.array([60.0, 60.0])
    ub = mech.capacity_bounds(ramp, cap, prod, _period("2025-09"))
    np.testing.assert_allclose(ub, [87.5 / 12, 10.0])
    ub = mech.capacity_bounds(mech.Ramp(None), cap, prod, _period("2025-09"))
    np.testing.assert_allclose(ub, [10.0, 10.0])


def test_investments_add_to_their_producer_from_their_start() -> None:
    inv = mech.Investments(position=np.array([1, 1]), capacity_t=np.array([24.0, 12.0]),
                           t_on=np.array([M["2025-07"], M["2026-01"]]))
    np.testing.assert_allclose(mech.invest(inv, _period("2025-06"), 3), [0, 0, 0])
    np.testing.assert_allclose(mech.invest(inv, _period("2025-07"), 3), [0, 2.0, 0])
    np.testing.assert_allclose(mech.invest(inv, _period("2025"), 3), [0, 12.0, 0])
    np.testing.assert_allclose(mech.investment_capacity(inv, _period("2026")), [24.0, 12.0])


def test_releases_wait_for_their_window_and_what_the_stock_holds() -> None:
    """120 t/yr from July 2025 and one without limit from January 2026: June releases
    nothing (not NaN: no limit times no time is zero); July 10 t, or the 4 t held."""
    rel = mech.Releases(position=np.array([0, 1]), stock=np.array([1, 0]),
                        limit=np.array([120.0, np.inf]),
                        start=np.array([M["2025-07"], M["2026-01"]]),
                        end=np.array([np.inf, np.inf]))
    np.testing.assert_array_equal(mech.release_limits(rel, _period("2025-06"), 2), [0, 0])
    lim = mech.release_limits(rel, _period("2025-07"), 2)
    np.testing.assert_allclose(lim, [10.0, 0.0])
    np.testing.assert_allclose(mech.release_bounds(rel, lim, np.array([7.0, 4.0])), [4.0, 0])
    lim = mech.release_limits(rel, _period("2026-02"), 2)
    np.testing.assert_allclose(mech.release_bounds(rel, lim, np.array([7.0, 4.0])), [4.0, 7.0])


def test_purchases_spread_evenly_and_stocks_never_go_negative() -> None:
    b = mech.Builds(np.array([12.0]), np.array([M["2026-01"]]), np.array([M["2026-01"] + 12]),
                    np.array([0.1]))
    np.testing.assert_allclose(mech.build_targets(b, _period("2026-03")), [1.0])
    np.testing.assert_allclose(mech.build_targets(b, _period("2026")), [12.0])
    np.testing.assert_allclose(mech.build_targets(b, _period("2025")), [0.0])
    np.testing.assert_allclose(mech.stock_levels(np.array([5.0, 5.0]), np.array([2.0, 7.0]),
                                                 np.array([1.0, 0.0])), [4.0, 0.0])


def test_recycling_and_substitution() -> None:
    """Two lines of 12 and 24 t/yr at one recycler, the second from July: 1 t in June,
    3 t in July. Two programmes cutting 50 % and then 20 % of a demand leave 40 % of it."""
    r = mech.Recycling(np.array([0, 0]), np.array([12.0, 24.0]),
                       np.array([0.0, M["2025-07"]]))
    np.testing.assert_allclose(mech.recycling_supply(r, _period("2025-06"), 1), [1.0])
    np.testing.assert_allclose(mech.recycling_supply(r, _period("2025-07"), 1), [3.0])
    sub = mech.Substitutions((np.array([True, False]), np.array([True, True])),
                             np.array([0.5, 0.2]), np.array([0.0, M["2025-07"]]))
    np.testing.assert_allclose(mech.substitute(sub, np.array([10.0, 10.0]), _period("2025-07")),
                               [4.0, 8.0])
    np.testing.assert_allclose(mech.substitute(sub, np.array([10.0, 10.0]), _period("2025-06")),
                               [5.0, 10.0])
