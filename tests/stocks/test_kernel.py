"""The stock kernel against answers derived by hand (fixed and Weibull cohorts) and its errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from critmin.exceptions import ConsistencyError
from critmin.stocks.kernel import Lifetime, balance_residual, check_balance, inflow_driven

YEARS = list(range(2000, 2031))


def _single_cohort(lifetime: Lifetime, tonnes: float = 100.0) -> tuple[np.ndarray, np.ndarray]:
    inflow = np.zeros((len(YEARS), 1))
    inflow[0, 0] = tonnes
    stock, outflow = inflow_driven(YEARS, inflow, [lifetime])
    return stock[:, 0], outflow[:, 0]


def test_fixed_lifetime_cohort_leaves_exactly_on_schedule() -> None:
    # 100 t enter in 2000 and live 5 years: in use at the end of 2000..2004, all out in 2005.
    stock, outflow = _single_cohort(Lifetime("fixed", mean=5))
    assert stock[:5].tolist() == [100.0] * 5
    assert stock[5:].tolist() == [0.0] * (len(YEARS) - 5)
    assert outflow[5] == 100.0
    assert outflow.sum() == 100.0


def test_weibull_cohort_outflow_matches_the_analytic_survival_function() -> None:
    # S(a) = exp(-(a / 10)^2); the cohort enters mid-2000, so at the end of year 2000 + n its
    # age is n + 1/2: stock = 100 S(n + 1/2), outflow = 100 [S(n - 1/2) - S(n + 1/2)], S(<=0) = 1.
    def survival(age: float) -> float:
        return math.exp(-((age / 10.0) ** 2)) if age > 0 else 1.0

    stock, outflow = _single_cohort(Lifetime("weibull", shape=2.0, scale=10.0))
    for n in range(len(YEARS)):
        assert stock[n] == pytest.approx(100 * survival(n + 0.5), rel=1e-12)
        assert outflow[n] == pytest.approx(100 * (survival(n - 0.5) - survival(n + 0.5)),
                                           rel=1e-9, abs=1e-12)
    # by 2030 (age 30.5) all but 100 exp(-9.3) = 0.009 t has left
    assert stock[-1] == pytest.approx(100 * math.exp(-(3.05**2)))


def test_groups_with_different_distributions_keep_their_own_lifetimes() -> None:
    inflow = np.zeros((len(YEARS), 3))
    inflow[0] = [10.0, 20.0, 30.0]
    lifetimes = [Lifetime("fixed", mean=2), Lifetime("weibull", shape=1, scale=4),
                 Lifetime("fixed", mean=7)]
    stock, outflow = inflow_driven(YEARS, inflow, lifetimes)
    assert outflow[2, 0] == 10.0 and outflow[7, 2] == 30.0
    assert stock[0, 1] == pytest.approx(20 * math.exp(-0.5 / 4))
    check_balance(inflow, outflow, stock)


def test_lognormal_cohort_keeps_its_mean_lifetime() -> None:
    # the mean residence time sum_n S(n + 1/2) ~ mean lifetime (midpoint rule), within 2 %
    stock, _ = _single_cohort(Lifetime("lognormal", mean=8, std=3))
    assert stock.sum() / 100 == pytest.approx(8.0, rel=0.02)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"distribution": "gamma", "mean": 3}, "unknown lifetime distribution"),
    ({"distribution": "weibull", "shape": 2}, "positive scale"),
    ({"distribution": "normal", "mean": 10, "std": 0}, "positive std"),
])
def test_bad_lifetimes_are_refused(kwargs: dict, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        Lifetime(**kwargs)


def test_bad_inflows_are_refused() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        inflow_driven([2000, 2001], np.array([[1.0], [-1.0]]), [Lifetime("fixed", mean=1)])
    with pytest.raises(ValueError, match="shape"):
        inflow_driven([2000, 2001], np.ones((2, 2)), [Lifetime("fixed", mean=1)])
    with pytest.raises(ValueError, match="consecutive"):
        inflow_driven([2000, 2002], np.ones((2, 1)), [Lifetime("fixed", mean=1)])


def test_check_balance_catches_a_lost_tonne() -> None:
    inflow = np.array([[10.0], [0.0], [0.0]])
    stock, outflow = inflow_driven([2000, 2001, 2002], inflow, [Lifetime("fixed", mean=1)])
    check_balance(inflow, outflow, stock)
    outflow[1, 0] -= 1.0  # one tonne vanishes
    assert balance_residual(inflow, outflow, stock)[1, 0] == pytest.approx(1.0)
    with pytest.raises(ConsistencyError, match="mass balance"):
        check_balance(inflow, outflow, stock)
