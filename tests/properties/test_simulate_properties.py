"""Invariants of the simulation on random toy chains (Dy oxide → NdFeB magnets).

Mass balance at every node and period, export caps respected, stocks never negative,
shortfall between 0 and demand, and no shortfall in a baseline where capacity suffices.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from critmin.scenarios import scenario_from_dict
from critmin.simulate import simulate
from critmin.testing import make_dataset

COUNTRIES = ["XAA", "XBB", "XCC", "XDD"]
DY, MAG = ("separation", "Dy"), ("magnet", "NdFeB")
A_DY = 0.05  # t Dy per t magnet
TOL = 1e-6

pytestmark = pytest.mark.slow


def dataset(cap_dy, cap_mag, dem_dy, dem_mag, trade, stock):
    src = "toy"

    def cap_rows(caps, good):
        return [{"country": c, "stage": good[0], "material": good[1], "year": 2024,
                 "capacity_t": v, "production_t": v * 0.8, "source_id": src}
                for c, v in zip(COUNTRIES, caps, strict=True) if v > 0]

    def dem_rows(dems, good, sector):
        return [{"country": c, "sector": sector, "stage": good[0], "material": good[1],
                 "year": 2024, "demand_t": v, "source_id": src}
                for c, v in zip(COUNTRIES, dems, strict=True) if v > 0]

    return make_dataset({
        "sources": [{"source_id": src, "title": "Toy", "publisher": "critmin", "year": 2025,
                     "url": "https://example.org", "kind": "illustrative", "note": "test"}],
        "materials": [{"material": "Dy", "name": "Dy", "group": "HREE", "basis": "element"},
                      {"material": "NdFeB", "name": "NdFeB", "group": "magnet",
                       "basis": "product"}],
        "stages": [{"stage": "separation", "order": 1, "description": "oxide"},
                   {"stage": "magnet", "order": 2, "description": "magnet"}],
        "countries": [{"country": c, "name": c, "wgi_scaled": 1.0, "groups": "G"}
                      for c in COUNTRIES],
        "capacity": cap_rows(cap_dy, DY) + cap_rows(cap_mag, MAG),
        "recipes": [{"stage": "magnet", "material": "NdFeB", "input_stage": "separation",
                     "input_material": "Dy", "input_t_per_t": A_DY, "source_id": src}],
        "demand": dem_rows(dem_dy, DY, "defense") + dem_rows(dem_mag, MAG, "ev"),
        "trade": [{"exporter": e, "importer": i, "stage": "separation", "material": "Dy",
                   "year": 2024, "quantity_t": q, "source_id": src}
                  for (e, i), q in trade.items() if e != i and q > 0],
        "stockpiles": [{"country": "XDD", "holder": "gov", "stage": "separation",
                        "material": "Dy", "quantity_t": stock, "max_release_t_per_year": 4,
                        "source_id": src}],
    })


amount = st.integers(0, 100).map(float)
vec = st.lists(amount, min_size=4, max_size=4)
chains = st.fixed_dictionaries({
    "cap_dy": vec, "cap_mag": vec, "dem_dy": st.lists(st.integers(0, 10).map(float),
                                                      min_size=4, max_size=4),
    "dem_mag": vec,
    "trade": st.dictionaries(st.tuples(st.sampled_from(COUNTRIES), st.sampled_from(COUNTRIES)),
                             amount, max_size=4),
    "stock": st.integers(0, 10).map(float),
})
shocks = st.fixed_dictionaries({
    "severity": st.floats(0, 1), "extraterritorial": st.booleans(),
    "destinations": st.one_of(st.just("all"), st.lists(st.sampled_from(COUNTRIES[1:]),
                                                       min_size=1, max_size=3, unique=True)),
    "allocation": st.sampled_from(["market", "contracts"]),
    "step": st.sampled_from(["year", "month"]),
})


def _scenario_data(shock):
    horizon = ({"start": "2025", "end": "2026", "step": "year"} if shock["step"] == "year"
               else {"start": "2025-01", "end": "2025-06", "step": "month"})
    return {
        "name": "prop", "coalition": ["XCC"], "horizon": horizon,
        "allocation": shock["allocation"], "priorities": {"defense": 5, "ev": 2},
        "shocks": [{"type": "export_control", "country": "XAA", "materials": ["Dy"],
                    "stages": ["separation"], "severity": shock["severity"],
                    "destinations": shock["destinations"], "start": horizon["start"],
                    "extraterritorial": shock["extraterritorial"]}],
        "measures": [{"type": "stockpile_release", "country": "XDD", "material": "Dy",
                      "stage": "separation"}]}


def run(chain, shock):
    ds = dataset(**chain)
    return ds, simulate(ds, scenario_from_dict(_scenario_data(shock)))


SETTINGS = settings(max_examples=30, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(chains, shocks)
def test_invariants(chain, shock) -> None:
    """For every node and period: production + imports + release ≥ exports + recipe use +
    demand met (the difference is unsold output); shortfall in [0, demand]; stocks ≥ 0 and
    closing = opening − release + build; XAA's capped flows ≤ (1 − severity) × baseline
    (severity 0 caps nothing)."""
    _, res = run(chain, shock)
    sf = res.shortfall
    assert (sf["shortfall_t"] >= -TOL).all()
    assert (sf["shortfall_t"] <= sf["demand_t"] + TOL).all()
    st_ = res.stocks
    assert (st_[["opening_t", "closing_t", "release_t", "build_t"]] >= -TOL).all().all()
    assert ((st_["opening_t"] - st_["release_t"] + st_["build_t"] - st_["closing_t"]).abs()
            < TOL).all()

    inflow: dict = defaultdict(float)
    outflow: dict = defaultdict(float)
    for r in res.production.itertuples():
        inflow[(r.country, r.stage, r.period)] += r.production_t
        if r.stage == "magnet":
            outflow[(r.country, "separation", r.period)] += A_DY * r.production_t
        assert r.production_t <= r.capacity_t + TOL
    for r in res.flows.itertuples():
        outflow[(r.exporter, r.stage, r.period)] += r.quantity_t
        inflow[(r.importer, r.stage, r.period)] += r.quantity_t
    for r in res.stocks.itertuples():
        inflow[(r.country, r.stage, r.period)] += r.release_t
        outflow[(r.country, r.stage, r.period)] += r.build_t
    for r in sf.itertuples():
        outflow[(r.country, r.stage, r.period)] += r.supplied_t
    for node in set(inflow) | set(outflow):
        assert inflow[node] + TOL * (1 + inflow[node]) >= outflow[node], node

    dest = set(COUNTRIES) - {"XAA"} if shock["destinations"] == "all" \
        else set(shock["destinations"])
    keep = 1 - shock["severity"]
    if keep >= 1:
        return  # severity 0: no cap
    fl = res.flows[res.flows["importer"].isin(dest)]
    direct = fl[(fl["exporter"] == "XAA") & (fl["material"] == "Dy")]
    assert (direct["quantity_t"] <= keep * direct["baseline_t"] + TOL).all()
    if shock["extraterritorial"]:
        third = fl[fl["exporter"] != "XAA"]
        assert (third["controlled_origin_t"] <= keep * third["baseline_t"] + TOL).all()


@SETTINGS
@given(chains, st.sampled_from(["market", "contracts"]))
def test_no_shortfall_in_a_baseline_where_capacity_suffices(chain, allocation) -> None:
    """With capacities raised so that Dy and magnet capacity each exceed world needs, and no
    shock, nobody is short."""
    need_mag = sum(chain["dem_mag"])
    need_dy = sum(chain["dem_dy"]) + A_DY * need_mag
    chain = {**chain, "cap_dy": [need_dy + 1, *chain["cap_dy"][1:]],
             "cap_mag": [*chain["cap_mag"][:3], need_mag + 1]}
    ds = dataset(**chain)
    sc = scenario_from_dict({"name": "base", "coalition": ["XCC"], "allocation": allocation,
                             "horizon": {"start": "2025", "end": "2025", "step": "year"}})
    res = simulate(ds, sc)
    assert res.shortfall["shortfall_t"].max() <= TOL if len(res.shortfall) else True


@SETTINGS
@given(chains, shocks)
def test_resolve_and_rebuild_paths_agree(chain, shock) -> None:
    """The templated LP re-solved period after period and every period's LP built afresh
    give the same shortfall and stocks (the tie order makes the split unique)."""
    ds, fast = run(chain, shock)
    slow = simulate(ds, scenario_from_dict(_scenario_data(shock)), rebuild=True)
    for name in ("shortfall", "stocks"):
        a, b = getattr(fast, name), getattr(slow, name)
        num = a.select_dtypes("number").columns
        assert a.drop(columns=num).equals(b.drop(columns=num))
        assert ((a[num] - b[num]).abs() <= 1e-6).all().all()
