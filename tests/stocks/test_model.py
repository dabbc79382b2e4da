"""The stocks model on a toy dataset whose answers are derived by hand, and its errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from critmin.exceptions import DatasetError
from critmin.stocks.inputs import interpolate_world
from critmin.stocks.model import run_stocks
from critmin.testing import make_dataset, toy_tables


def _toy(**changes):
    """Toy demand of 2024: XCC ev 60 t, XBB wind 40 t; world output 50 t in 2020 (published)
    and 100 t in 2024 (the demand rows); ev magnets live 2 years, wind magnets 3 years."""
    t = toy_tables()
    t["materials"].append({"material": "Dy", "name": "Dysprosium", "group": "HREE",
                           "basis": "element", "element_per_oxide": 0.8713})
    t["world_totals"] = [{"material": "NdFeB", "stage": "magnet", "year": 2020,
                          "production_t": 50, "source_id": "toy"}]
    t["lifetimes"] = [{"sector": "ev", "distribution": "fixed", "mean_years": 2,
                       "source_id": "toy"},
                      {"sector": "wind", "distribution": "fixed", "mean_years": 3,
                       "source_id": "toy"}]
    t["contents"] = [{"product": "NdFeB", "material": "Nd", "t_per_t": 0.3, "source_id": "toy"},
                     {"product": "NdFeB", "material": "Dy", "t_per_t": 0.01,
                      "source_id": "toy"}]
    t["eol_rates"] = [
        {"sector": "ev", "step": "collection", "rate": 0.5, "source_id": "toy"},
        {"sector": "", "step": "separation", "rate": 0.2, "source_id": "toy"},
        {"sector": "", "step": "recovery", "rate": 0.5, "source_id": "toy"}]
    t.update(changes)
    return make_dataset(t, meta={"name": "toy", "base_year": 2024})


def _rows(result, **match):
    t = result.table
    for k, v in match.items():
        t = t[t[k] == v]
    return t.set_index("year")


def test_inflows_follow_the_world_anchors_split_by_base_year_demand():
    r = run_stocks(_toy(), years=(2019, 2030), materials=["NdFeB"])
    ev = _rows(r, region="XCC", application="ev")["inflow_t"]
    assert ev[2019] == 0.0  # before the first published output
    assert ev[2020] == pytest.approx(0.6 * 50)
    assert ev[2022] == pytest.approx(0.6 * 50 * math.sqrt(2))  # log-linear halfway to 100
    assert ev[2024] == pytest.approx(60) and ev[2030] == pytest.approx(60)  # flat after


def test_stocks_outflows_and_recycling_are_derived_by_hand():
    r = run_stocks(_toy(), years=(2020, 2030))
    ev = _rows(r, region="XCC", application="ev", material="NdFeB")
    i = {y: 0.6 * 50 * 2 ** ((y - 2020) / 4) for y in range(2020, 2025)}
    # fixed 2-year life: the cohorts of t-1 and t are in use at the end of t; t-2 retires
    assert ev.loc[2024, "stock_t"] == pytest.approx(i[2023] + i[2024])
    assert ev.loc[2025, "outflow_t"] == pytest.approx(i[2023])
    assert ev.loc[2025, "recyclable_t"] == pytest.approx(i[2023] * 0.5 * 0.2)
    assert ev.loc[2025, "recycled_t"] == pytest.approx(i[2023] * 0.5 * 0.2 * 0.5)
    nd = _rows(r, region="XCC", application="ev", material="Nd")
    assert nd.loc[2024, "stock_t"] == pytest.approx(0.3 * (i[2023] + i[2024]))
    # wind has no sourced collection rate: unknown, not zero
    wind = _rows(r, region="XBB", application="wind", material="NdFeB")
    assert wind["recyclable_t"].isna().all() and wind["outflow_t"].loc[2023] > 0
    assert any("'wind' has no sourced collection" in n for n in r.notes)


def test_every_row_balances_from_the_first_inflow():
    r = run_stocks(_toy(), years=(2020, 2040))
    for _, g in r.table.groupby(["region", "application", "material"]):
        g = g.sort_values("year")
        change = np.diff(g["stock_t"].to_numpy(), prepend=0.0)
        assert np.allclose(g["inflow_t"] - g["outflow_t"], change, atol=1e-9)


def test_regions_sum_their_members():
    ds = _toy()
    world = _rows(run_stocks(ds, regions=["XWL"], materials=["NdFeB"]), application="ev")
    group = _rows(run_stocks(ds, regions=["G2"], materials=["NdFeB"]), application="ev")
    assert (group["stock_t"] == world["stock_t"]).all()  # XCC, the only ev user, is in G2
    g1 = _rows(run_stocks(ds, regions=["G1"], materials=["NdFeB"]), application="wind")
    assert g1.loc[2030, "stock_t"] == pytest.approx(3 * 40)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"materials": ["Fe"]}, "unknown material 'Fe'"),
    ({"regions": ["XZZ"]}, "neither a country nor a group"),
    ({"years": (2030, 2020)}, "first <= last"),
])
def test_bad_requests_are_refused(kwargs, match):
    with pytest.raises(ValueError, match=match):
        run_stocks(_toy(), **kwargs)


def test_a_dataset_without_lifetimes_is_refused_naming_the_file():
    with pytest.raises(DatasetError, match=r"lifetimes.csv.*stocks model needs lifetimes"):
        run_stocks(_toy(lifetimes=[]))


def test_interpolation_between_anchors():
    got = interpolate_world({2000: 10.0, 2010: 1000.0}, [2000, 2005, 2010, 2011])
    assert got.tolist() == pytest.approx([10.0, 100.0, 1000.0, 1000.0])
