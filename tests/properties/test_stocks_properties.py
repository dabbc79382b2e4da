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


# ---------------------------------------------------------------- the model on toy datasets

SECTORS = ("ev", "wind", "hvac")


@st.composite
def toy_datasets(draw):
    """A toy dataset: three sectors in two countries, random world anchors, lifetimes and
    element contents."""
    from critmin.testing import make_dataset, toy_tables

    t = toy_tables()
    t["demand"] = [{"country": c, "sector": s, "stage": "magnet", "material": "NdFeB",
                    "year": 2024, "demand_t": draw(st.floats(1.0, 1e4)), "source_id": "toy"}
                   for c, s in (("XAA", "ev"), ("XBB", "wind"), ("XCC", "hvac"))]
    years = sorted(draw(st.sets(st.integers(1990, 2020), min_size=1, max_size=3)))
    t["world_totals"] = [{"material": "NdFeB", "stage": "magnet", "year": y,
                          "production_t": draw(st.floats(1.0, 1e5)), "source_id": "toy"}
                         for y in years]
    t["lifetimes"] = [{"sector": s, **draw(st.sampled_from([
        {"distribution": "fixed", "mean_years": draw(positive)},
        {"distribution": "lognormal", "mean_years": draw(positive), "std_years": draw(positive)},
        {"distribution": "weibull", "weibull_shape": draw(st.floats(0.5, 5.0)),
         "weibull_scale": draw(positive)}])), "source_id": "toy"} for s in SECTORS]
    t["contents"] = [{"product": "NdFeB", "material": "Nd", "t_per_t": draw(st.floats(0, 1)),
                      "source_id": "toy"}]
    t["eol_rates"] = [{"sector": "", "step": step, "rate": draw(st.floats(0, 1)),
                       "source_id": "toy"} for step in ("collection", "separation", "recovery")]
    return make_dataset(t, meta={"name": "toy", "base_year": 2024})


@settings(max_examples=25, deadline=None)
@given(toy_datasets())
def test_every_year_region_application_and_element_balances(ds) -> None:
    from critmin.stocks.model import run_stocks

    table = run_stocks(ds, years=(1990, 2060)).table
    assert set(table["material"]) == {"NdFeB", "Nd"}
    for _, g in table.groupby(["region", "application", "material"]):
        g = g.sort_values("year")
        change = np.diff(g["stock_t"].to_numpy(), prepend=0.0)
        scale = max(float(g["inflow_t"].sum()), 1.0)
        assert np.abs(g["inflow_t"] - g["outflow_t"] - change).max() <= 1e-9 * scale
        assert (g["recycled_t"] <= g["recyclable_t"] + 1e-12).all()
        assert (g["recyclable_t"] <= g["outflow_t"] + 1e-12).all()
