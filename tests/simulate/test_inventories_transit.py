"""Private inventories and goods in transit, on toy chains with hand-derived answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from critmin.exceptions import ScenarioError
from critmin.scenarios import validate_scenario
from critmin.simulate import simulate
from critmin.testing import shortfall_of

MONTH_DAYS = 365 / 12


def _toy(toys, capacity: float = 180.0):
    """XAA can make ``capacity`` t/yr of Dy oxide and ships 120 t/yr (10 t a month) to
    XCC, whose demand it is; XCC has no other supply."""
    return toys.toy_dataset(capacity=[("XAA", "separation", "Dy", capacity, 120)],
                            trade=[("XAA", "XCC", "separation", "Dy", 120)],
                            demand=[("XCC", "ev", "separation", "Dy", 120)])


def _short(res) -> dict[str, float]:
    by = res.shortfall.groupby("period")["shortfall_t"].sum()
    return {str(p): round(float(v), 6) for p, v in by.items()}


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


def test_an_inventory_and_a_stockpile_at_one_node_are_two_accounts(toys) -> None:
    """A full ban from March to August costs XCC 6 × 10 = 60 t. Its users hold a month of
    cover (10 t) and its government releases 15 t of stockpile at 5 t a month: both are
    drawn, each from its own account, and 60 − 10 − 15 = 35 t stay short."""
    sc = _scenario(toys, inventories=[
        {"countries": ["XCC"], "stage": "separation", "material": "Dy", "days": MONTH_DAYS}],
        measures=[{"type": "stockpile_release", "country": "XCC", "stage": "separation",
                   "material": "Dy", "quantity_t": 15.0, "max_release_t_per_year": 60.0}])
    res = simulate(_toy(toys), sc)
    assert sum(_short(res).values()) == pytest.approx(35.0)
    assert res.inventories["release_t"].sum() == pytest.approx(10.0)
    assert res.stocks["release_t"].sum() == pytest.approx(15.0)
    assert set(res.inventories["country"]) == set(res.stocks["country"]) == {"XCC"}


def test_two_inventories_of_one_good_in_one_country_are_refused(toys) -> None:
    sc = toys.scenario(("2025-01", "2025-08", "month"), inventories=[
        {"countries": ["XCC"], "stage": "separation", "material": "Dy", "days": 30},
        {"countries": "all", "stage": "separation", "material": "Dy", "days": 60}])
    with pytest.raises(ScenarioError, match=r"inventories\[1\]: overlaps an earlier "
                                            "inventory of separation/Dy"):
        validate_scenario(sc, _toy(toys))
    sc = sc.model_copy(update={"inventories": [sc.inventories[0], sc.inventories[0]]})
    with pytest.raises(ScenarioError, match=r"inventories\[1\]: XCC already hold"):
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


# ---------------------------------------------------------------- licences


def _two(toys):
    """XAA ships 120 t/yr of Dy oxide to each of XCC and XDD (their whole supply)."""
    return toys.toy_dataset(
        capacity=[("XAA", "separation", "Dy", 240, 240)],
        trade=[("XAA", "XCC", "separation", "Dy", 120), ("XAA", "XDD", "separation", "Dy", 120)],
        demand=[("XCC", "ev", "separation", "Dy", 120), ("XDD", "ev", "separation", "Dy", 120)])


def _by_country_period(res) -> dict[tuple[str, str], float]:
    g = res.shortfall.groupby(["country", "period"])["shortfall_t"].sum()
    return {(k, str(p)): round(float(v), 6) for (k, p), v in g.items()}


def test_severity_by_destination(toys) -> None:
    """Half withheld from everyone, all of it from XDD: 5 t a month short in XCC, 10 in XDD."""
    ban = {**toys.ban(start="2025-03", severity=0.5), "severity_by_destination": {"XDD": 1.0}}
    res = simulate(_two(toys), toys.scenario(("2025-01", "2025-04", "month"), shocks=[ban]))
    short = _by_country_period(res)
    assert short[("XCC", "2025-03")] == pytest.approx(5.0)
    assert short[("XDD", "2025-03")] == pytest.approx(10.0)
    assert short[("XCC", "2025-02")] == 0


def test_nothing_leaves_before_the_first_licences(toys) -> None:
    """A licensing regime withholding 25 % with a month's review: March (the review) is
    cut to nothing, from April a quarter is withheld."""
    ban = {**toys.ban(start="2025-03", severity=0.25), "licence_lag_days": MONTH_DAYS}
    short = _short(simulate(_toy(toys), toys.scenario(("2025-01", "2025-06", "month"),
                                                       shocks=[ban])))
    assert short["2025-02"] == 0
    assert short["2025-03"] == pytest.approx(10.0)
    assert short["2025-04"] == pytest.approx(2.5)
    assert short["2025-06"] == pytest.approx(2.5)


def test_a_suspension_lifts_the_control_in_its_window(toys) -> None:
    """A ban from March to August suspended in May and June: short in March, April, July
    and August only."""
    ban = {**toys.ban(start="2025-03", end="2025-08"),
           "suspended": [{"start": "2025-05", "end": "2025-06"}]}
    short = _short(simulate(_toy(toys), toys.scenario(("2025-01", "2025-09", "month"),
                                                       shocks=[ban])))
    assert [p for p, v in short.items() if v > 0] == ["2025-03", "2025-04", "2025-07",
                                                      "2025-08"]
    assert short["2025-05"] == short["2025-06"] == 0


# ---------------------------------------------------------------- ensemble draws


def test_an_ensemble_can_draw_inventory_days_and_licence_approval(toys) -> None:
    """A draw of 61 days of cover and a 40 % approval rate gives the scenario 61 days and
    severity 0.6; a shock that does not happen withholds nothing from anyone."""
    from critmin.ensemble.apply import apply_draw, check_spec
    from critmin.scenarios.uncertainty import Uncertainty

    ds = _toy(toys)
    ban = {**toys.ban(start="2025-03", severity=0.9), "severity_by_destination": {"XCC": 1.0},
           "licence_lag_days": 30}
    sc = toys.scenario(("2025-01", "2025-06", "month"), shocks=[ban], inventories=[
        {"countries": ["XCC"], "stage": "separation", "material": "Dy", "days": 10}])
    spec = Uncertainty.model_validate({"parameters": [
        {"name": "cover", "kind": "inventory_days", "inventory": 0,
         "distribution": {"type": "uniform", "low": 30, "high": 90}},
        {"name": "approved", "kind": "shock_licence_approval", "shock": 0,
         "distribution": {"type": "uniform", "low": 0.2, "high": 0.6}},
        {"name": "occurs", "kind": "shock_probability", "shock": 0,
         "distribution": {"type": "bernoulli", "p": 0.5}}]})
    check_spec(spec, sc, ds)
    _, drawn = apply_draw(ds, sc, spec, {"cover": 61.0, "approved": 0.4, "occurs": 1.0})
    assert drawn.inventories[0].days == 61.0
    assert drawn.shocks[0].severity == pytest.approx(0.6)
    assert drawn.shocks[0].severity_by_destination == {"XCC": 1.0}
    _, off = apply_draw(ds, sc, spec, {"cover": 61.0, "approved": 0.4, "occurs": 0.0})
    assert sum(_short(simulate(ds, off)).values()) == 0
    bad = Uncertainty.model_validate({"parameters": [
        {"name": "cover", "kind": "inventory_days", "inventory": 3,
         "distribution": {"type": "uniform", "low": 30, "high": 90}}]})
    with pytest.raises(ScenarioError, match="inventory: the scenario has 1"):
        check_spec(bad, sc, ds)


# ---------------------------------------------------------------- who a release serves


def _release_case(toys, release_to: str | None):
    """XAA ships 120 t/yr to each of XCC (in the coalition, ev demand) and XDD (outside
    it, defence demand weighted 10); a full ban from March; XCC releases 20 t of its
    stockpile, at most 5 t a month."""
    ds = toys.toy_dataset(
        capacity=[("XAA", "separation", "Dy", 240, 240)],
        trade=[("XAA", "XCC", "separation", "Dy", 120), ("XAA", "XDD", "separation", "Dy", 120)],
        demand=[("XCC", "ev", "separation", "Dy", 120),
                ("XDD", "defense", "separation", "Dy", 120)])
    m = {"type": "stockpile_release", "country": "XCC", "stage": "separation",
         "material": "Dy", "quantity_t": 20.0, "max_release_t_per_year": 60.0}
    if release_to:
        m["release_to"] = release_to
    sc = toys.scenario(("2025-01", "2025-06", "month"), shocks=[toys.ban(start="2025-03")],
                       measures=[m], priorities={"ev": 1.0, "defense": 10.0})
    return ds, sc


def test_a_national_release_serves_its_holder_the_market_one_does_not(toys) -> None:
    """Without the release the coalition (XCC) is 40 t short over March-June. Released to
    the holder (the default) its 20 t cut the coalition's shortfall by 20 t, 1:1. Sold to
    the market, the same 20 t go to XDD's defence users, whose shortfall weighs more: none
    stays in the coalition."""
    ds, sc = _release_case(toys, None)
    coalition = lambda res: shortfall_of(res, key="coalition_shortfall_t")  # noqa: E731
    none = coalition(simulate(ds, sc.model_copy(update={"measures": []})))
    assert none == pytest.approx(40.0)
    assert none - coalition(simulate(ds, sc)) == pytest.approx(20.0)
    _, market = _release_case(toys, "market")
    res = simulate(ds, market)
    assert coalition(res) == pytest.approx(40.0)
    assert shortfall_of(res) == pytest.approx(80.0 - 20.0)  # the world gains it


def test_a_coalition_release_reaches_members_only(toys) -> None:
    """Released to the coalition (XCC and XEE), the 20 t may serve a member but never XDD:
    the coalition's shortfall falls by the full 20 t."""
    ds, sc = _release_case(toys, "coalition")
    sc = sc.model_copy(update={"coalition": ["XCC", "XEE"]})
    res = simulate(ds, sc)
    assert shortfall_of(res, key="coalition_shortfall_t") == pytest.approx(40.0 - 20.0)
    assert res.flows[(res.flows.exporter == "XCC") & (res.flows.importer == "XDD")][
        "quantity_t"].sum() == pytest.approx(0.0, abs=1e-6)


def test_a_holder_release_does_not_free_the_holders_own_output_for_others(toys) -> None:
    """XCC makes 5 t a month of Dy and uses 15 (10 from XAA); XDD uses 10, all from XAA;
    equal priorities, no demand response (all unmet demand rationed). With XAA cut from
    March the market shares XCC's 5 t out (in steps of a quarter of each user's demand:
    the last quarters, 3.75 t of XCC's and 2.5 t of XDD's, come first): XCC keeps 2.5 t,
    ships 2.5 t, and is 12.5 t a month short, XDD 7.5 t. XCC then releases 20 t of its
    stockpile at 5 t a month (March-June). Sold to the market, the release is shared out
    the same way and XDD gains part of it; a holder's release is additional: XCC's
    exports stay 2.5 t a month, so its shortfall falls by all 20 t and XDD's is what it
    was."""
    ds = toys.toy_dataset(
        capacity=[("XAA", "separation", "Dy", 240, 240), ("XCC", "separation", "Dy", 60, 60)],
        trade=[("XAA", "XCC", "separation", "Dy", 120), ("XAA", "XDD", "separation", "Dy", 120)],
        demand=[("XCC", "ev", "separation", "Dy", 180), ("XDD", "ev", "separation", "Dy", 120)])
    m = {"type": "stockpile_release", "country": "XCC", "stage": "separation",
         "material": "Dy", "quantity_t": 20.0, "max_release_t_per_year": 60.0}
    sc = toys.scenario(("2025-01", "2025-06", "month"), shocks=[toys.ban(start="2025-03")],
                       measures=[m], demand_response=False)
    by = lambda res: toys.shortfall_by(res, "country")  # noqa: E731
    bare = by(simulate(ds, sc.model_copy(update={"measures": []})))
    assert bare["XCC"] == pytest.approx(4 * 12.5) and bare["XDD"] == pytest.approx(4 * 7.5)
    held = by(simulate(ds, sc))
    assert bare["XCC"] - held["XCC"] == pytest.approx(20.0, abs=1e-5)
    assert held["XDD"] == pytest.approx(bare["XDD"], abs=1e-5)
    market = by(simulate(ds, sc.model_copy(update={"measures": [
        sc.measures[0].model_copy(update={"release_to": "market"})]})))
    assert bare["XDD"] - market["XDD"] > 1.0  # shared out
    assert (bare["XCC"] - market["XCC"]) + (bare["XDD"] - market["XDD"]) == pytest.approx(20.0)


def _denial_case(toys, free_t: float):
    """XAA (the controller) makes 100 t of Dy, XBB ``free_t``; XCC uses 20 t for defense and
    50 t for ev."""
    cap = [("XAA", "separation", "Dy", 100, 100)]
    trade = [("XAA", "XCC", "separation", "Dy", 70 - free_t)]
    if free_t:
        cap.append(("XBB", "separation", "Dy", free_t, free_t))
        trade.append(("XBB", "XCC", "separation", "Dy", free_t))
    return toys.toy_dataset(capacity=cap, trade=trade,
                            demand=[("XCC", "defense", "separation", "Dy", 20),
                                    ("XCC", "ev", "separation", "Dy", 50)])


def test_denied_end_users_may_use_only_goods_of_other_origin(toys) -> None:
    """XAA licenses every civil export (severity 0) but denies defence end users: XCC's
    defence may use only XBB's 10 t (priority 10 takes all of it) and is 10 t short; ev
    takes 50 t of XAA's Dy and is served in full."""
    ctl = {**toys.ban(severity=0.0), "denied_sectors": ["defense"]}
    res = simulate(_denial_case(toys, 10.0), toys.scenario(shocks=[ctl],
                                                            priorities={"defense": 10}))
    assert toys.shortfall_by(res, "sector") == pytest.approx({"defense": 10.0, "ev": 0.0},
                                                             abs=1e-6)
    bare = simulate(_denial_case(toys, 10.0), toys.scenario(shocks=[toys.ban(severity=0.0)]))
    assert bare.shortfall["shortfall_t"].sum() == pytest.approx(0.0, abs=1e-6)


def test_a_denial_applies_only_while_the_control_is_in_force(toys) -> None:
    """With no other supplier and the denial from July, defence draws XAA's Dy for half
    the year: 10 t of its 20 t are short in the year."""
    ctl = {**toys.ban(severity=0.0, start="2025-07"), "denied_sectors": ["defense"]}
    res = simulate(_denial_case(toys, 0.0), toys.scenario(shocks=[ctl],
                                                           priorities={"defense": 10}))
    assert toys.shortfall_by(res, "sector") == pytest.approx({"defense": 10.0, "ev": 0.0},
                                                             abs=1e-6)


def test_a_denial_follows_the_material_into_what_is_made_of_it(toys) -> None:
    """XBB makes XCC's magnets from XAA's Dy (10 kg/t). With XAA's Dy denied to defence end
    users, XCC's 10 t of defence magnets cannot be made of it (the rule follows the
    material to its end use), its 40 t of ev magnets can."""
    ds = toys.toy_dataset(
        capacity=[("XAA", "separation", "Dy", 10, 10), ("XBB", "magnet", "NdFeB", 100, 50)],
        trade=[("XAA", "XBB", "separation", "Dy", 0.5), ("XBB", "XCC", "magnet", "NdFeB", 50)],
        demand=[("XCC", "defense", "magnet", "NdFeB", 10), ("XCC", "ev", "magnet", "NdFeB", 40)],
        recipes=[("magnet", "NdFeB", "separation", "Dy", 0.01)])
    ctl = {**toys.ban(severity=0.0), "denied_sectors": ["defense"]}
    res = simulate(ds, toys.scenario(shocks=[ctl], priorities={"defense": 10}))
    assert toys.shortfall_by(res, "sector") == pytest.approx({"defense": 10.0, "ev": 0.0},
                                                             abs=1e-6)
