"""Co-production at separation, on toy chains with hand-derived answers.

XAA mines mixed rare-earth oxide (REO); XBB separates it. Its ore holds 20 % Nd oxide,
1 % Dy oxide and 50 % Ce oxide (the toy's materials have no oxide-to-element factor, so a
tonne of oxide counts as a tonne). XCC uses Nd and Dy oxide.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from critmin.data import load_dataset
from critmin.model.coproduction import feed_yields
from critmin.simulate import simulate
from critmin.testing import make_dataset

SRC = "toy"


def _dataset(*, mined: float = 1.0, nd_cap: float = 100.0, dy_cap: float = 100.0,
             nd_demand: float = 1.0, dy_demand: float = 1.0,
             shares: dict[str, float] | None = None, feed: bool = True):
    shares = shares or {"Nd": 0.20, "Dy": 0.01, "Ce": 0.50}
    mats = [("REO", "oxide"), ("Nd", "element"), ("Dy", "element"), ("Ce", "element")]
    tables = {
        "sources": [{"source_id": SRC, "title": "Toy", "publisher": "critmin", "year": 2025,
                     "url": "https://example.org/toy", "kind": "illustrative",
                     "note": "Invented numbers for unit tests."}],
        "materials": [{"material": m, "name": m, "group": "REE", "basis": b}
                      for m, b in mats],
        "stages": [{"stage": "mining", "order": 1, "description": "ore"},
                   {"stage": "separation", "order": 2, "description": "oxide"}],
        "countries": [{"country": c, "name": c, "wgi_scaled": 1.0, "groups": "G1"}
                      for c in ("XAA", "XBB", "XCC")],
        "capacity": [{"country": k, "stage": s, "material": m, "year": 2024,
                      "capacity_t": cap, "production_t": prod, "source_id": SRC}
                     for k, s, m, cap, prod in [
                         ("XAA", "mining", "REO", mined, mined),
                         ("XBB", "separation", "Nd", nd_cap, 0.0),
                         ("XBB", "separation", "Dy", dy_cap, 0.0)]],
        "trade": [{"exporter": "XAA", "importer": "XBB", "stage": "mining", "material": "REO",
                   "year": 2024, "quantity_t": mined, "source_id": SRC}],
        "demand": [{"country": "XCC", "sector": "ev", "stage": "separation", "material": m,
                    "year": 2024, "demand_t": d, "source_id": SRC}
                   for m, d in (("Nd", nd_demand), ("Dy", dy_demand)) if d > 0],
        "compositions": [{"origin": "toy-ore", "country": "XAA", "ore_type": "toy",
                          "material": m, "share_of_reo": v, "source_id": SRC}
                         for m, v in shares.items()],
        "feeds": [{"country": "XBB", "stage": "separation", "feed_stage": "mining",
                   "feed_material": "REO", "origin": "toy-ore", "share_of_feed": 1.0,
                   "source_id": SRC}] if feed else [],
    }
    return make_dataset(tables)


def _scenario(toys):
    return toys.scenario(("2025", "2025", "year"))


def _made(res) -> dict[str, float]:
    p = res.production
    return {m: float(v) for m, v in
            p[p["stage"] == "separation"].groupby("material")["production_t"].sum().items()}


def test_one_tonne_of_feed_yields_its_composition(toys) -> None:
    """1 t REO at 20 % Nd / 1 % Dy yields exactly 0.2 t Nd and 0.01 t Dy, and 0.5 t of Ce
    nobody uses is surplus; XCC is short 0.8 t Nd and 0.99 t Dy."""
    res = simulate(_dataset(), _scenario(toys))
    made = _made(res)
    assert made["Nd"] == pytest.approx(0.2, abs=1e-9)
    assert made["Dy"] == pytest.approx(0.01, abs=1e-9)
    co = res.coproduction.set_index("material")
    assert co.loc["Ce", "surplus_t"] == pytest.approx(0.5, abs=1e-9)
    assert co["feed_t"].unique().tolist() == pytest.approx([1.0])
    short = res.shortfall.groupby("material")["shortfall_t"].sum()
    assert short["Nd"] == pytest.approx(0.8, abs=1e-9)
    assert short["Dy"] == pytest.approx(0.99, abs=1e-9)


def test_without_feeds_each_good_is_made_on_its_own(toys) -> None:
    """The same chain without ``feeds.csv``: separation has no recipe, so each good is made
    up to its capacity independently (the old behaviour the balance problem corrects)."""
    made = _made(simulate(_dataset(feed=False), _scenario(toys)))
    assert made["Nd"] == pytest.approx(1.0) and made["Dy"] == pytest.approx(1.0)


def test_a_heavy_circuit_is_limited_by_its_feed_and_leaves_light_surplus(toys) -> None:
    """100 t of feed, Nd capacity 30 t, Dy capacity 10 t, XCC wants 5 t Dy and 10 t Nd.
    The feed holds only 1 t Dy, so Dy is short 4 t whatever the circuit's capacity; to
    get that 1 t all 100 t are separated, and the 20 t of Nd in it exceed the 10 t used:
    10 t of Nd surplus (the balance problem)."""
    res = simulate(_dataset(mined=100.0, nd_cap=30.0, dy_cap=10.0, nd_demand=10.0,
                            dy_demand=5.0), _scenario(toys))
    made = _made(res)
    assert made["Dy"] == pytest.approx(1.0, abs=1e-9)
    short = res.shortfall.groupby("material")["shortfall_t"].sum()
    assert short["Dy"] == pytest.approx(4.0, abs=1e-9)
    assert short["Nd"] == pytest.approx(0.0, abs=1e-9)
    co = res.coproduction.set_index("material")
    assert co.loc["Nd", "content_t"] == pytest.approx(20.0, abs=1e-9)
    assert co.loc["Nd", "surplus_t"] + made["Nd"] == pytest.approx(20.0, abs=1e-9)
    assert co.loc["Nd", "surplus_t"] >= 10.0 - 1e-9


def test_the_primary_circuit_bounds_the_feed(toys) -> None:
    """Nd (the largest yield) is the primary circuit: with 10 t/yr of Nd capacity the plant
    separates at most 10 / 0.2 = 50 t of its 100 t of feed, so at most 0.5 t Dy."""
    res = simulate(_dataset(mined=100.0, nd_cap=10.0, dy_cap=10.0, nd_demand=10.0,
                            dy_demand=5.0), _scenario(toys))
    assert _made(res)["Dy"] == pytest.approx(0.5, abs=1e-9)
    assert res.coproduction["feed_t"].iloc[0] == pytest.approx(50.0, abs=1e-9)


def test_element_content_uses_the_oxide_factor() -> None:
    """Oxide shares become element content: 20 % Nd2O3 at 0.8574 t Nd per t oxide and 5 %
    Pr6O11 at 0.8277 give 0.2 × 0.8574 + 0.05 × 0.8277 = 0.212 t NdPr per t REO."""
    import pandas as pd
    comp = pd.DataFrame({"origin": ["o", "o"], "material": ["Nd", "Pr"],
                         "share_of_reo": [0.2, 0.05]})
    mats = pd.DataFrame({"material": ["Nd", "Pr", "NdPr"],
                         "element_per_oxide": [0.8574, 0.8277, 0.8426]})
    assert feed_yields({"o": 1.0}, comp, mats, {"NdPr"}) == {
        "NdPr": pytest.approx(0.2 * 0.8574 + 0.05 * 0.8277)}


def _tonnes(hi: float) -> st.SearchStrategy[float]:
    """0, or at least a kilogram: below ~1e-6 t a quantity is under HiGHS's feasibility
    tolerance (1e-7) and the LP can be declared infeasible (hypothesis found 1.2e-7 t of
    demand and a 2.2e-308 t capacity doing it) — noise, not a supply chain."""
    return st.one_of(st.just(0.0), st.floats(1e-3, hi))


@settings(max_examples=25, deadline=None)
@given(mined=st.floats(1.0, 200.0), nd_cap=_tonnes(50.0), dy_cap=_tonnes(5.0),
       nd_demand=_tonnes(40.0), dy_demand=_tonnes(5.0),
       nd=st.floats(0.05, 0.6), dy=st.one_of(st.just(0.0), st.floats(1e-4, 0.1)))
def test_element_mass_balance_at_separation(mined, nd_cap, dy_cap, nd_demand, dy_demand,
                                            nd, dy) -> None:
    """For any chain: every element's content in the separated feed is made or surplus
    (produced + surplus = yield × feed, none negative), the feed never exceeds what was
    mined, and output never exceeds capacity."""
    from critmin.scenarios import scenario_from_dict
    ds = _dataset(mined=mined, nd_cap=nd_cap, dy_cap=dy_cap, nd_demand=nd_demand,
                  dy_demand=dy_demand, shares={"Nd": nd, "Dy": dy, "Ce": 1 - nd - dy})
    sc = scenario_from_dict({"name": "toy", "coalition": ["XCC"],
                             "horizon": {"start": "2025", "end": "2025", "step": "year"}})
    res = simulate(ds, sc)
    co = res.coproduction
    if co.empty:  # no separation plant at all: nothing is separated
        assert nd_cap == 0.0 and dy_cap == 0.0
        return
    for r in co.itertuples():
        share = {"Nd": nd, "Dy": dy, "Ce": 1 - nd - dy}[r.material]
        assert r.content_t == pytest.approx(share * r.feed_t, abs=1e-7)
        assert r.produced_t + r.surplus_t == pytest.approx(r.content_t, abs=1e-6)
        assert r.produced_t >= -1e-9 and r.surplus_t >= -1e-9
    feed = float(co["feed_t"].iloc[0])
    assert feed <= mined + 1e-6
    assert math.isclose(co["content_t"].sum(), feed, rel_tol=1e-9, abs_tol=1e-7)
    made = _made(res)
    assert made.get("Nd", 0.0) <= nd_cap + 1e-6 and made.get("Dy", 0.0) <= dy_cap + 1e-6


def test_reference_feeds_yield_their_ores() -> None:
    """The bundled feeds: Mountain Pass gives the US 12 % Nd2O3 + 4 % Pr6O11 per t REO,
    i.e. 0.12 × 0.8574 + 0.04 × 0.8277 = 0.1360 t NdPr; Malaysia's proxy ore (Australian
    monazite) 0.174 × 0.8574 + 0.05 × 0.8277 = 0.1906 t NdPr and 0.0069 × 0.8713 =
    0.0060 t Dy."""
    from critmin.model.network import build_network
    feeds = build_network(load_dataset()).feeds
    assert feeds[("USA", "separation")].yield_of("NdPr") == pytest.approx(0.135996, abs=1e-6)
    mys = feeds[("MYS", "separation")]
    assert mys.yield_of("NdPr") == pytest.approx(0.190573, abs=1e-6)
    assert mys.yield_of("Dy") == pytest.approx(0.006012, abs=1e-6)


def test_an_element_no_producer_recovers_is_warned_about(toys) -> None:
    """XBB has no Dy circuit: the 1 % of Dy in its feed can only be surplus, and the run
    says so (XCC's Dy demand is then short, as nothing else makes Dy)."""
    res = simulate(_dataset(dy_cap=0.0), _scenario(toys))
    assert any("XBB separation: the feed holds Dy (1 % of the feed)" in w
               for w in res.summary["warnings"])
    sf = res.shortfall
    assert sf.loc[sf["material"] == "Dy", "shortfall_t"].sum() == pytest.approx(1.0)
