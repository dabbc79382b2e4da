"""Known answers of the pure numpy kernels of critmin.metrics, derived by hand."""

from __future__ import annotations

import numpy as np
import pytest

from critmin.metrics import _kernels as k


def test_shares_hhi_top_k_of_a_three_country_market() -> None:
    """Production 50/30/20 t: shares 0.5/0.3/0.2; HHI = 10⁴(0.25+0.09+0.04) = 3,800;
    top-1 = 0.5, top-2 = 0.8, top-3 = 1.0."""
    s = k.shares([50.0, 30.0, 20.0])
    np.testing.assert_allclose(s, [0.5, 0.3, 0.2])
    assert k.hhi(s) == pytest.approx(3800.0)
    assert k.top_k_share(s, 1) == pytest.approx(0.5)
    assert k.top_k_share(s, 2) == pytest.approx(0.8)
    assert k.top_k_share(s, 5) == pytest.approx(1.0)


def test_shares_of_an_empty_market_are_nan_not_zero() -> None:
    """No production anywhere: shares are undefined (NaN), never 0."""
    assert np.isnan(k.shares([0.0, 0.0])).all()


def test_monopoly_has_hhi_10000() -> None:
    """One supplier: HHI = 10⁴ · 1² = 10,000, the maximum."""
    assert k.hhi(k.shares([0.0, 7.0, 0.0])) == pytest.approx(10_000.0)


def test_governance_weighted_hhi() -> None:
    """Shares 0.5/0.3/0.2 with WGI 6/2/1: Σ s²·WGI = 0.25·6 + 0.09·2 + 0.04·1 = 1.72;
    with t = 1.2 on the first country: 0.25·6·1.2 + 0.18 + 0.04 = 2.02."""
    s = [0.5, 0.3, 0.2]
    assert k.hhi_wgi(s, [6.0, 2.0, 1.0]) == pytest.approx(1.72)
    assert k.hhi_wgi(s, [6.0, 2.0, 1.0], [1.2, 1.0, 1.0]) == pytest.approx(2.02)


def test_net_import_reliance() -> None:
    """P = 10, M = 30, X = 5: NIR = (30 − 5)/(10 + 30 − 5) = 25/35; a country exporting
    more than it has gets NaN (USGS "E"), a pure producer 0."""
    nir = k.net_import_reliance([10.0, 10.0, 10.0], [30.0, 0.0, 0.0], [5.0, 20.0, 0.0])
    assert nir[0] == pytest.approx(25 / 35)
    assert np.isnan(nir[1])
    assert nir[2] == 0.0


def test_eu_supply_risk_worked_example() -> None:
    """SR = [HHI_GS·IR/2 + HHI_EU·(1 − IR/2)]·(1 − EoL_RIR)·SI_SR with HHI_GS = 3.0,
    HHI_EU = 2.0, IR = 0.6, EoL_RIR = 0.1, SI_SR = 0.9:
    [3·0.3 + 2·0.7]·0.9·0.9 = 2.3·0.81 = 1.863."""
    assert k.eu_supply_risk(3.0, 2.0, 0.6, 0.1, 0.9) == pytest.approx(1.863)
    assert np.isnan(k.eu_supply_risk(3.0, 2.0, 0.6, np.nan, 0.9))


def test_origin_mix_solves_a_re_export_loop_exactly() -> None:
    """A produces 60, B 40; A ships 30 to B and B ships 20 back to A.
    S_A = 80, S_B = 70; with a = A-share of A's supply, b = A-share of B's supply:
    80a = 60 + 20b and 70b = 30a, so b = 3a/7, a(80 − 60/7) = 60, a = 0.84, b = 0.36."""
    trade = np.array([[0.0, 30.0], [20.0, 0.0]])
    d = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    m = k.origin_mix([60.0, 40.0], trade, d, unknown=2)
    np.testing.assert_allclose(m, [[0.84, 0.16, 0.0], [0.36, 0.64, 0.0]])


def test_origin_mix_of_a_loop_without_production_is_unknown() -> None:
    """B and C only trade with each other and never produce: their supply cannot be
    traced and is reported as unknown; a country without supply gets NaN."""
    trade = np.zeros((4, 4))
    trade[1, 2] = 5.0
    trade[2, 1] = 5.0
    d = np.hstack([np.eye(4), np.zeros((4, 1))])
    m = k.origin_mix([10.0, 0.0, 0.0, 0.0], trade, d, unknown=4)
    np.testing.assert_allclose(m[0], [1, 0, 0, 0, 0])
    np.testing.assert_allclose(m[1], [0, 0, 0, 0, 1])
    np.testing.assert_allclose(m[2], [0, 0, 0, 0, 1])
    assert np.isnan(m[3]).all()


def test_coverage() -> None:
    """30 t available for 40 t required covers 0.75; nothing required covers fully."""
    np.testing.assert_allclose(k.coverage([30.0, 50.0, 0.0, -5.0], [40.0, 40.0, 0.0, 10.0]),
                               [0.75, 1.0, 1.0, 0.0])
