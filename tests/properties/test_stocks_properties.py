"""Mass balance of the stock kernel (hypothesis): inflow − outflow = Δstock in every cell."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from critmin.stocks.kernel import Lifetime, balance_residual, inflow_driven

pytestmark = pytest.mark.slow

positive = st.floats(0.5, 40.0, allow_nan=False, allow_infinity=False)
lifetimes = st.one_of(
    st.builds(lambda m: Lifetime("fixed", mean=m), positive),
    st.builds(lambda m, s: Lifetime("normal", mean=m, std=s), positive, positive),
    st.builds(lambda m, s: Lifetime("lognormal", mean=m, std=s), positive, positive),
    st.builds(lambda m, s: Lifetime("foldednormal", mean=m, std=s), positive, positive),
    st.builds(lambda k, s: Lifetime("weibull", shape=k, scale=s), st.floats(0.3, 6.0), positive),
)


@st.composite
def systems(draw):
    n_years = draw(st.integers(1, 25))
    n_groups = draw(st.integers(1, 6))
    values = draw(st.lists(st.floats(0.0, 1e5, allow_nan=False), min_size=n_years * n_groups,
                           max_size=n_years * n_groups))
    inflow = np.array(values).reshape(n_years, n_groups)
    return list(range(1990, 1990 + n_years)), inflow, draw(st.lists(lifetimes, min_size=n_groups,
                                                                      max_size=n_groups))


@settings(max_examples=60, deadline=None)
@given(systems())
def test_every_year_and_group_balances(system) -> None:
    years, inflow, lts = system
    stock, outflow = inflow_driven(years, inflow, lts)
    scale = max(float(inflow.sum()), 1.0)
    assert np.abs(balance_residual(inflow, outflow, stock)).max() <= 1e-9 * scale
    assert (stock >= -1e-9 * scale).all() and (outflow >= -1e-9 * scale).all()
    # what has entered is either still in use or has left
    assert stock[-1].sum() + outflow.sum() == pytest.approx(inflow.sum(), rel=1e-9, abs=1e-6)
