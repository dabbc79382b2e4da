"""Private inventories and goods in transit, on toy chains with hand-derived answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from critmin.exceptions import ScenarioError
from critmin.scenarios import validate_scenario
from critmin.simulate import simulate

MONTH_DAYS = 365 / 12


def _toy(toys, capacity: float = 180.0):
    """XAA can make ``capacity`` t/yr of Dy oxide and ships 120 t/yr (10 t a month) to
    XCC, whose demand it is; XCC has no other supply."""
    return toys.toy_dataset(capacity=[("XAA", "separation", "Dy", capacity, 120)],
                            trade=[("XAA", "XCC", "separation", "Dy", 120)],
                            demand=[("XCC", "ev", "separation", "Dy", 120)])


def _short(res) -> dict[str, float]:
    by = res.shortfall.groupby("period")["shortfall_t"].sum()
    return {p: round(float(v), 6) for p, v in by.items()}


def _scenario(toys, end: str | None = None, **fields):
    return toys.scenario(("2025-01", "2025-08", "month"),
                         shocks=[toys.ban(start="2025-03", end=end)], **fields)


def test_a_month_of_cover_delays_the_first_shortfall_by_one_month(toys) -> None:
    """A full ban from March; XCC holds a month of its use (10 t). Without it XCC is 10 t
    short in March; with it March is covered from the inventory and the shortfall starts
    in April."""
    ds = _toy(toys)
    bare = _short(simulate(ds, _scenario(toys)))
    held = _short(simulate(ds, _scenario(toys, inventories=[
        {"countries": ["XCC"], "stage": "separation", "material": "Dy", "days": MONTH_DAYS}])))
    assert bare["2025-02"] == 0 and bare["2025-03"] == pytest.approx(10.0)
    assert held["2025-03"] == pytest.approx(0.0, abs=1e-9)
    assert held["2025-04"] == pytest.approx(10.0)
    assert sum(bare.values()) - sum(held.values()) == pytest.approx(10.0)


def test_the_inventory_is_drawn_then_rebuilt_at_its_rate(toys) -> None:
    """A ban in March only; a month of cover, rebuilt in two months: March draws all 10 t;
    from April XAA ships 10 t for the demand plus 5 t a month of buy-back (its spare 5 t),
    so the inventory is full again at the end of May, and nobody is short."""
    res = simulate(_toy(toys), _scenario(toys, end="2025-03", inventories=[
        {"countries": ["XCC"], "stage": "separation", "material": "Dy", "days": MONTH_DAYS,
         "restock_days": 2 * MONTH_DAYS}]))
    assert sum(_short(res).values()) == pytest.approx(0.0, abs=1e-9)
    inv = res.inventories.set_index("period")
    assert inv.loc["2025-03", "release_t"] == pytest.approx(10.0)
    assert inv.loc["2025-04", "build_t"] == pytest.approx(5.0)
    assert inv.loc["2025-05", "closing_t"] == pytest.approx(10.0)
    assert inv.loc["2025-06", "build_t"] == pytest.approx(0.0, abs=1e-9)
    assert res.stocks.empty  # inventories are not stockpiles


def test_restocking_yields_to_demand(toys) -> None:
    """With no spare capacity (120 t/yr) the emptied inventory is not rebuilt at the
    expense of XCC's demand: restocking competes only for what is left."""
    res = simulate(_toy(toys, capacity=120.0), _scenario(toys, end="2025-03", inventories=[
        {"countries": ["XCC"], "stage": "separation", "material": "Dy", "days": MONTH_DAYS}]))
    assert sum(_short(res).values()) == pytest.approx(0.0, abs=1e-9)
    assert res.inventories["build_t"].sum() == pytest.approx(0.0, abs=1e-9)


def test_a_six_week_voyage_moves_the_first_shortfall_to_the_next_month(toys) -> None:
    """A ban from 1 April; goods take six weeks (42 / 30.42 = 1.381 months) to arrive. April
    is supplied by ships already at sea; the cut reaches XCC on 12 May: 61.9 % of May short
    (6.19 t), all of June."""
    lag = 42 / MONTH_DAYS
    sc = toys.scenario(("2025-01", "2025-08", "month"), shocks=[toys.ban(start="2025-04")],
                       transit=[{"exporter": "XAA", "importer": "XCC", "weeks": 6}])
    short = _short(simulate(_toy(toys), sc))
    assert short["2025-04"] == pytest.approx(0.0, abs=1e-9)
    assert short["2025-05"] == pytest.approx(10.0 * (1 - (lag - 1)))
    assert short["2025-06"] == pytest.approx(10.0)


def test_a_lifted_control_lifts_at_the_importer_after_the_voyage(toys) -> None:
    """A ban in April only, six weeks at sea: XCC is short from 12 May to 12 June."""
    lag = 42 / MONTH_DAYS
    sc = toys.scenario(("2025-01", "2025-08", "month"),
                       shocks=[toys.ban(start="2025-04", end="2025-04")],
                       transit=[{"exporter": "XAA", "importer": "all", "weeks": 6}])
    short = _short(simulate(_toy(toys), sc))
    assert short["2025-05"] == pytest.approx(10.0 * (2 - lag))
    assert short["2025-06"] == pytest.approx(10.0 * (lag - 1))
    assert short["2025-07"] == pytest.approx(0.0, abs=1e-9)
    assert sum(short.values()) == pytest.approx(10.0)  # the same month of loss, later


def test_an_inventory_on_a_stockpile_node_is_refused(toys) -> None:
    sc = toys.scenario(("2025-01", "2025-08", "month"), inventories=[
        {"countries": ["XCC"], "stage": "separation", "material": "Dy", "days": 30}],
        measures=[{"type": "stockpile_release", "country": "XCC", "stage": "separation",
                   "material": "Dy", "quantity_t": 5}])
    with pytest.raises(ScenarioError, match="XCC also have a stockpile measure"):
        validate_scenario(sc, _toy(toys))


@settings(max_examples=15, deadline=None)
@given(days=st.lists(st.floats(0.5, 120.0), min_size=2, max_size=2, unique=True),
       severity=st.floats(0.2, 1.0))
def test_shortfall_never_rises_with_more_cover_and_stocks_stay_positive(toys, days, severity):
    """More days of cover never add shortfall; inventory levels never go negative."""
    lo, hi = sorted(days)
    ds = _toy(toys)
    out = []
    for d in (lo, hi):
        sc = toys.scenario(("2025-01", "2025-08", "month"),
                           shocks=[toys.ban(start="2025-03", severity=severity)],
                           inventories=[{"countries": ["XCC"], "stage": "separation",
                                         "material": "Dy", "days": d}])
        res = simulate(ds, sc)
        assert (res.inventories[["opening_t", "closing_t"]] >= -1e-9).all().all()
        out.append(res.shortfall["shortfall_t"].sum())
    assert out[1] <= out[0] + 1e-7
