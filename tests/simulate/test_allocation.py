"""Known answers on toy chains: bans, priorities, market vs contracts, recipes, ramps."""

from __future__ import annotations

import pytest

from critmin.simulate import simulate
from critmin.testing import shortfall_of

PRIO = {"defense": 10, "ev": 3}


def test_baseline_meets_all_demand(toys, two_importers) -> None:
    """Without a shock 100 t of demand meet 100 t of XAA capacity: no shortfall, and the
    flows reproduce the observed trade (50 t to each importer)."""
    res = simulate(two_importers, toys.scenario(priorities=PRIO))
    assert shortfall_of(res) == pytest.approx(0.0, abs=1e-9)
    flows = res.flows.set_index(["exporter", "importer"])["quantity_t"]
    assert flows[("XAA", "XCC")] == pytest.approx(50)
    assert flows[("XAA", "XDD")] == pytest.approx(50)


def test_market_gives_spare_capacity_to_the_higher_priority(toys, two_importers) -> None:
    """XAA bans all Dy oxide exports for 2025; XBB's 20 t of spare capacity is all that is
    left for 100 t of demand. Market: all 20 t go to XCC's defense (priority 10 > 3), so
    XCC is short 50 − 20 = 30 t and XDD 50 t; total 80 t."""
    res = simulate(two_importers, toys.scenario(priorities=PRIO, shocks=[toys.ban()]))
    assert toys.shortfall_by(res, "country") == {"XCC": 30.0, "XDD": 50.0}


def test_contracts_refill_pro_rata(toys, two_importers) -> None:
    """Same ban, contracts: both importers lost 50 t, so XBB's 20 t are shared pro rata
    (10 t each): XCC and XDD are each short 40 t — the same 80 t total as the market."""
    res = simulate(two_importers, toys.scenario(priorities=PRIO, shocks=[toys.ban()],
                                           allocation="contracts"))
    assert toys.shortfall_by(res, "country") == {"XCC": 40.0, "XDD": 40.0}
    assert shortfall_of(res) == pytest.approx(80.0)


def test_contracts_keep_baseline_shares_when_supply_shrinks(toys) -> None:
    """XAA produced 100 t, 60 t exported to XCC and 40 t to XDD (shares 0.6 / 0.4). A control
    to XCC only with severity 0.5 caps XCC's flow at 30 t. In contracts mode XDD keeps its
    40 t (its share of XAA's output) and the withheld 30 t stay with XAA: XCC short 30 t."""
    ds = toys.toy_dataset(
        capacity=[("XAA", "separation", "Dy", 100, 100)],
        trade=[("XAA", "XCC", "separation", "Dy", 60), ("XAA", "XDD", "separation", "Dy", 40)],
        demand=[("XCC", "defense", "separation", "Dy", 60), ("XDD", "ev", "separation", "Dy", 40)])
    res = simulate(ds, toys.scenario(shocks=[toys.ban(severity=0.5, destinations=["XCC"])],
                                allocation="contracts"))
    assert toys.shortfall_by(res, "country") == {"XCC": 30.0, "XDD": 0.0}


def test_priorities_within_a_country(toys) -> None:
    """XCC needs 40 t for defense (priority 10) and 40 t for ev (priority 3) and can get
    only 50 t: defense is served in full, ev gets 10 t (short 30 t)."""
    ds = toys.toy_dataset(capacity=[("XBB", "separation", "Dy", 50, 50)],
                     demand=[("XCC", "defense", "separation", "Dy", 40),
                             ("XCC", "ev", "separation", "Dy", 40)])
    res = simulate(ds, toys.scenario(priorities=PRIO))
    assert toys.shortfall_by(res, "sector") == {"defense": 0.0, "ev": 30.0}


def test_equal_priorities_share_a_shortage(toys) -> None:
    """XCC and XDD each need 100 t for ev (same priority) and XBB has 100 t; without demand
    response (all of it rationed) they share the shortage, 50 t each (the tranches of 25 t
    make equal users fill their first tranches before anyone's later ones), instead of one
    taking all of it."""
    ds = toys.toy_dataset(capacity=[("XBB", "separation", "Dy", 100, 100)],
                          demand=[("XCC", "ev", "separation", "Dy", 100),
                                  ("XDD", "ev", "separation", "Dy", 100)])
    res = simulate(ds, toys.scenario(demand_response=False))
    assert toys.shortfall_by(res, "country") == {"XCC": 50.0, "XDD": 50.0}


def test_stockpile_release_within_limits(toys) -> None:
    """XCC imports its 50 t/yr from XAA, which bans exports in 2025 and 2026. XCC's
    stockpile holds 30 t and may release 20 t/yr: 2025 release 20 (short 30), 2026 the
    remaining 10 (short 40), 2027 no shock (short 0, no release). Closing stocks 10, 0, 0."""
    ds = toys.toy_dataset(capacity=[("XAA", "separation", "Dy", 100, 100)],
                     trade=[("XAA", "XCC", "separation", "Dy", 50)],
                     demand=[("XCC", "defense", "separation", "Dy", 50)],
                     stockpiles=[("XCC", "separation", "Dy", 30, 20)])
    sc = toys.scenario(("2025", "2027", "year"), shocks=[toys.ban(start="2025", end="2026")],
                  measures=[{"type": "stockpile_release", "country": "XCC",
                             "material": "Dy", "stage": "separation"}])
    res = simulate(ds, sc)
    assert toys.shortfall_by(res, "period") == {"2025": 30.0, "2026": 40.0, "2027": 0.0}
    st = res.stocks.set_index("period")
    assert st["release_t"].round(6).tolist() == [20.0, 10.0, 0.0]
    assert st["closing_t"].round(6).tolist() == [10.0, 0.0, 0.0]


def test_no_release_without_a_measure(toys) -> None:
    """The same stockpile is not touched when no measure releases it: short 50 t."""
    ds = toys.toy_dataset(capacity=[("XAA", "separation", "Dy", 100, 100)],
                     trade=[("XAA", "XCC", "separation", "Dy", 50)],
                     demand=[("XCC", "defense", "separation", "Dy", 50)],
                     stockpiles=[("XCC", "separation", "Dy", 30, 20)])
    res = simulate(ds, toys.scenario(shocks=[toys.ban()]))
    assert shortfall_of(res) == pytest.approx(50.0)
    assert res.summary["stocks"] == []  # no stock account: nothing released


def magnet_chain(toys, **kw):
    """XAA makes Dy metal (cap 10 t); XBB makes magnets (cap 100 t) from 0.05 t Dy metal per t;
    XCC needs 100 t of magnets. Baseline: 5 t metal XAA→XBB, 100 t magnets XBB→XCC."""
    return toys.toy_dataset(
        capacity=[("XAA", "metal", "Dy", 10, 10), ("XBB", "magnet", "NdFeB", 100, 100),
                  *kw.get("extra", [])],
        trade=[("XAA", "XBB", "metal", "Dy", 5), ("XBB", "XCC", "magnet", "NdFeB", 100)],
        demand=[("XCC", "ev", "magnet", "NdFeB", 100)],
        recipes=[("magnet", "NdFeB", "metal", "Dy", 0.05)])


def test_metal_control_starves_magnet_makers(toys) -> None:
    """A control on XAA's Dy metal at severity 0.6 leaves 0.4 × 5 = 2 t for XBB, enough for
    2 / 0.05 = 40 t of magnets: XCC is short 60 t of magnets that nobody controlled."""
    sc = toys.scenario(shocks=[toys.ban(stages=["metal"], severity=0.6)])
    res = simulate(magnet_chain(toys), sc)
    assert toys.shortfall_by(res, "material") == {"NdFeB": 60.0}
    prod = res.production.set_index(["country", "stage"])["production_t"]
    assert prod[("XBB", "magnet")] == pytest.approx(40.0)


def test_extraterritorial_rule_follows_origin(toys) -> None:
    """XAA controls Dy metal to XCC only (severity 1). XBB (not a destination) keeps buying
    XAA metal, so without the extraterritorial rule XCC still gets 100 t of magnets. With
    it, magnets made from XAA metal cannot go to XCC; XBB can only use the 1 t of Dy metal
    of XDD, enough for 1 / 0.05 = 20 t of clean magnets: XCC is short 80 t."""
    ds = magnet_chain(toys, extra=[("XDD", "metal", "Dy", 1, 1)])
    plain = toys.ban(stages=["metal"], destinations=["XCC"])
    res = simulate(ds, toys.scenario(shocks=[plain]))
    assert shortfall_of(res) == pytest.approx(0.0, abs=1e-9)
    et = {**plain, "extraterritorial": True}
    res = simulate(ds, toys.scenario(shocks=[et]))
    assert shortfall_of(res) == pytest.approx(80.0)
    magnets = res.flows[(res.flows["material"] == "NdFeB") & (res.flows["importer"] == "XCC")]
    assert magnets["controlled_origin_t"].sum() == pytest.approx(0.0, abs=1e-9)
    assert magnets["quantity_t"].sum() == pytest.approx(20.0)


def test_ramp_limit(toys) -> None:
    """XAA bans from January 2025; XBB (capacity 100 t, producing 0) may add 50% of its
    capacity per year. Yearly mean capacity: 2025 ∫₀¹ 50t dt = 25 t, 2026 the mean of 50→100
    = 75 t, 2027 100 t. XCC needs 100 t/yr: short 75, 25, 0."""
    ds = toys.toy_dataset(capacity=[("XAA", "separation", "Dy", 100, 100),
                               ("XBB", "separation", "Dy", 100, 0)],
                     trade=[("XAA", "XCC", "separation", "Dy", 100)],
                     demand=[("XCC", "ev", "separation", "Dy", 100)])
    res = simulate(ds, toys.scenario(("2025", "2027", "year"), ramp_rate=0.5, shocks=[toys.ban()]))
    assert toys.shortfall_by(res, "period") == {"2025": 75.0, "2026": 25.0, "2027": 0.0}


def test_invest_adds_capacity_from_its_start(toys) -> None:
    """A planned 30 t/yr plant in XCC starting in 2026 halves nothing in 2025 (short 50) and
    covers 30 of the 50 t in 2026 (short 20)."""
    ds = toys.toy_dataset(capacity=[("XAA", "separation", "Dy", 100, 100)],
                     trade=[("XAA", "XCC", "separation", "Dy", 50)],
                     demand=[("XCC", "ev", "separation", "Dy", 50)],
                     facilities=[{"facility_id": "new-plant", "country": "XCC",
                                  "stage": "separation", "material": "Dy", "capacity_t": 30,
                                  "start_year": 2026}])
    sc = toys.scenario(("2025", "2026", "year"), shocks=[toys.ban()],
                  measures=[{"type": "invest", "facility_id": "new-plant"}])
    res = simulate(ds, sc)
    assert toys.shortfall_by(res, "period") == {"2025": 50.0, "2026": 20.0}


def test_partial_year_shock_is_time_weighted(toys) -> None:
    """A full ban from 1 April to 31 December (9 months) run yearly withholds 9/12 of the
    year's 100 t: short 75 t, the same as the 12 monthly periods summed."""
    ds = toys.toy_dataset(capacity=[("XAA", "separation", "Dy", 100, 100)],
                     trade=[("XAA", "XCC", "separation", "Dy", 100)],
                     demand=[("XCC", "ev", "separation", "Dy", 100)])
    shock = [toys.ban(start="2025-04", end="2025-12")]
    yearly = simulate(ds, toys.scenario(("2025", "2025", "year"), shocks=shock))
    monthly = simulate(ds, toys.scenario(("2025-01", "2025-12", "month"), shocks=shock))
    assert shortfall_of(yearly) == pytest.approx(75.0)
    assert shortfall_of(monthly) == pytest.approx(75.0)
