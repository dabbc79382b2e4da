"""Known-answer tests of the joint-response portfolio (two-stage stochastic MILP).

Every toy is built in code: one good, separated Dy (t contained Dy per year), supplied by
XAA and demanded by XBB (sector ``ev``, priority 1 unless said otherwise). Expected numbers
are derived by hand in each docstring.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from typer.testing import CliRunner

from critmin.exceptions import CritminError, SolveError
from critmin.optimize.plan import PlanError, plan_from_dict
from critmin.optimize.portfolio import PortfolioModel, optimize_portfolio, recommend_portfolio
from critmin.scenarios import scenario_from_dict
from critmin.simulate import simulate
from critmin.testing import make_dataset, shortfall_of, toy_tables

SRC = "toy"


def dy_dataset(supply: float = 100.0, demand: float = 400.0,
               facilities: list[dict[str, Any]] = (), stock: tuple = ()):
    """XAA makes ``supply`` t/yr of separated Dy and ships it all to XBB, which needs
    ``demand`` t/yr; XCC is a third coalition partner with no Dy at all."""
    return make_dataset(dy_tables(supply, demand, facilities, stock))


def dy_tables(supply: float = 100.0, demand: float = 400.0,
              facilities: list[dict[str, Any]] = (), stock: tuple = ()
              ) -> dict[str, list[dict[str, Any]]]:
    """The tables of :func:`dy_dataset`."""
    tables: dict[str, list[dict[str, Any]]] = {
        "sources": [{"source_id": SRC, "title": "Toy", "publisher": "critmin", "year": 2025,
                     "url": "https://example.org/toy", "kind": "illustrative",
                     "note": "Invented numbers for unit tests."}],
        "materials": [{"material": "Dy", "name": "Dysprosium", "group": "HREE",
                       "basis": "element", "element_per_oxide": 0.8713}],
        "stages": [{"stage": "separation", "order": 1, "description": "oxide"}],
        "countries": [{"country": c, "name": c, "wgi_scaled": w, "groups": "G1"}
                      for c, w in (("XAA", 6.0), ("XBB", 2.0), ("XCC", 2.0))],
        "capacity": [{"country": "XAA", "stage": "separation", "material": "Dy",
                      "year": 2024, "capacity_t": supply, "production_t": supply,
                      "source_id": SRC}],
        "trade": [{"exporter": "XAA", "importer": "XBB", "stage": "separation",
                   "material": "Dy", "year": 2024, "quantity_t": supply, "source_id": SRC}],
        "demand": [{"country": "XBB", "sector": "ev", "stage": "separation", "material": "Dy",
                    "year": 2024, "demand_t": demand, "source_id": SRC}],
        "facilities": [{"name": f["facility_id"], "owner": "x", "country": "XBB",
                        "stage": "separation", "material": "Dy", "status": "planned",
                        "start_year": 2025, "unit_cost_usd_per_kg": None, "partners": "",
                        "source_id": SRC, **f} for f in facilities],
    }
    if stock:
        tables["stockpiles"] = [{"country": "XBB", "holder": "gov", "stage": "separation",
                                 "material": "Dy", "quantity_t": stock[0],
                                 "max_release_t_per_year": stock[1], "source_id": SRC}]
    return tables


def cut(name: str, start: str, end: str, severity: float = 1.0) -> dict[str, Any]:
    """A scenario in which XAA withholds ``severity`` of its Dy exports to XBB."""
    return {"name": name, "horizon": {"start": "2025", "end": "2027", "step": "year"},
            "coalition": ["XBB", "XCC"], "priorities": {"ev": 1},
            "shocks": [{"type": "export_control", "country": "XAA", "materials": ["Dy"],
                        "stages": ["separation"], "destinations": ["XBB"],
                        "severity": severity, "start": start, "end": end}]}


def baseline(name: str = "calm") -> dict[str, Any]:
    return {"name": name, "horizon": {"start": "2025", "end": "2025", "step": "year"},
            "coalition": ["XBB"], "priorities": {"ev": 1}}


def plan(**kw: Any):
    data: dict[str, Any] = {
        "name": "toy", "coalition": ["XBB", "XCC"], "horizon": {"start": 2025, "end": 2025},
        "scenarios": [{"definition": baseline(), "probability": 1.0}],
        "budget": {"coalition_musd": 100}, "cost_sharing": {"rule": "host", "host_share": 1.0},
        "candidates": {"facilities": "default"},
        "objective": {"cost_weight": 1e-6}}
    data.update(kw)
    return plan_from_dict(data)


KNAPSACK = [{"facility_id": "p1", "capacity_t": 100, "capex_musd": 60},
            {"facility_id": "p2", "capacity_t": 80, "capex_musd": 50},
            {"facility_id": "p3", "capacity_t": 60, "capex_musd": 40}]


def test_knapsack_best_pair() -> None:
    """Three projects, budget 100 MUSD, one year, shortfall 400 − 100 = 300 t before.

    p1 (100 t, 60 MUSD), p2 (80 t, 50), p3 (60 t, 40). Affordable sets: singles, {p1,p3}
    (100 MUSD, +160 t) and {p2,p3} (90 MUSD, +140 t); {p1,p2} costs 110. The best is
    {p1, p3}: shortfall 300 − 160 = 140 t, cost 100 MUSD.
    """
    r = optimize_portfolio(dy_dataset(facilities=KNAPSACK), plan())
    assert set(r.selected["measure_id"]) == {"p1", "p3"}
    assert r.expected_t(after=False) == pytest.approx(300.0)
    assert r.expected_t() == pytest.approx(140.0)
    assert r.cost_musd == pytest.approx(100.0)
    assert r.solver["status"] == "optimal"
    assert 0.0 <= r.solver["mip_gap"] <= 1e-6


def test_knapsack_frontier_enters_measures() -> None:
    """Frontier at 0, 40, 60, 90, 100, 150 MUSD: shortfalls 300, 240 (p3), 200 (p1),
    160 (p2+p3), 140 (p1+p3), 60 (all three, 150 MUSD); p1 enters at 60, leaves at 90."""
    m = PortfolioModel(dy_dataset(facilities=KNAPSACK), plan())
    f = m.frontier([100, 0, 40, 60, 90, 150])
    assert f["budget_musd"].tolist() == [0, 40, 60, 90, 100, 150]
    good = next(c for c in f.columns if c.startswith("coalition_t["))
    assert f[good].tolist() == pytest.approx([300, 240, 200, 160, 140, 60])
    # priority 1 everywhere: each MUSD buys (300-240)/40, (240-200)/20, (200-160)/30 ... t
    assert f["marginal_per_musd"].tolist()[1:] == pytest.approx([1.5, 2.0, 4 / 3, 2.0, 1.6])
    assert f["limit"].tolist() == ["budget"] * 6
    assert f.loc[2, "entered"] == "p1"
    assert f.loc[3, "left"] == "p1"
    assert set(f.loc[5, "selected"].split(";")) == {"p1", "p2", "p3"}


@pytest.mark.parametrize(("p_short", "winner"), [(0.3, "mine"), (0.45, "mine"),
                                                  (0.55, "stock"), (0.7, "stock")])
def test_stockpile_versus_mine_break_even(p_short: float, winner: str) -> None:
    """XAA cuts Dy to XBB for one year (probability p) or three years (1 − p).

    Q = 100 t/yr of demand lost per year of cut, weight w = 1 per t, cost weight λ = 1 per
    MUSD. A mine (100 t/yr from 2025) costs C_m = 150 MUSD and removes all shortfall:
    objective λ·C_m = 150. A stockpile of Q = 100 t at 500 USD/kg costs c·Q = 50 MUSD and
    covers the short cut fully and one of three years of the long cut: objective
    w·(1 − p)·2Q + λ·c·Q = 200·(1 − p) + 50. The budget (160 MUSD) buys one, not both;
    doing nothing costs w·(3 − 2p)·Q, always worse here. The stockpile wins when
    200·(1 − p) + 50 < 150, i.e. above the break-even probability
    p* = 1 − λ(C_m − cQ)/(2wQ) = 1 − 100/200 = 0.5.
    """
    ds = dy_dataset(supply=100, demand=100,
                    facilities=[{"facility_id": "mine", "capacity_t": 100, "capex_musd": 150}])
    pl = plan(horizon={"start": 2025, "end": 2027},
              scenarios=[{"definition": cut("short", "2025-01", "2025-12"),
                          "probability": p_short},
                         {"definition": cut("long", "2025-01", "2027-12"),
                          "probability": round(1 - p_short, 10)}],
              budget={"coalition_musd": 160},
              candidates={"facilities": "default",
                          "stockpiles": {"members": ["XBB"], "goods": ["separation/Dy"],
                                         "max_t": 100,
                                         "prices_usd_per_kg": {"separation/Dy": 500},
                                         "ready_year": 2025}},
              objective={"cost_weight": 1.0})
    r = optimize_portfolio(ds, pl)
    sel = set(r.selected["measure_id"])
    if winner == "mine":
        assert sel == {"mine"}
        assert r.expected_t() == pytest.approx(0.0, abs=1e-6)
    else:
        assert sel == {"stockpile:XBB:separation/Dy"}
        row = r.table.set_index("measure_id").loc["stockpile:XBB:separation/Dy"]
        assert row["amount"] == pytest.approx(100.0)
        assert row["cost_musd"] == pytest.approx(50.0)
        assert r.expected_t() == pytest.approx((1 - p_short) * 200.0)
    assert r.expected_t(after=False) == pytest.approx(p_short * 100 + (1 - p_short) * 300)


def test_a_coalition_stockpile_serves_the_coalition_not_the_highest_bidder() -> None:
    """XAA ships 100 t of Dy to XBB (coalition, ev, weight 1) and 100 t to XDD (outside,
    defence, weight 10) and stops both for 2025. A 100-t stockpile at XBB (5 MUSD) is
    chosen; as the coalition's it serves XBB's 100 t, not XDD's heavier-weighted defence
    demand, so the coalition's shortfall falls from 100 t to 0 and XDD's 100 t remain."""
    tables = dy_tables(supply=200, demand=100)
    tables["countries"].append({"country": "XDD", "name": "XDD", "wgi_scaled": 2.0,
                                "groups": "G1"})
    tables["trade"].append({**tables["trade"][0], "importer": "XDD", "quantity_t": 100})
    tables["trade"][0]["quantity_t"] = 100
    tables["demand"].append({**tables["demand"][0], "country": "XDD", "sector": "defense"})
    ds = make_dataset(tables)
    scen = cut("ban", "2025-01", "2025-12")
    scen["shocks"][0]["destinations"] = ["XBB", "XDD"]
    scen["horizon"]["end"] = "2025"
    scen["priorities"] = {"ev": 1, "defense": 10}
    pl = plan(scenarios=[{"definition": scen, "probability": 1.0}],
              priorities={"ev": 1, "defense": 10},
              candidates={"facilities": "default",
                          "stockpiles": {"members": ["XBB"], "goods": ["separation/Dy"],
                                         "max_t": 100,
                                         "prices_usd_per_kg": {"separation/Dy": 50},
                                         "release_t_per_year": 100, "ready_year": 2025}})
    r = optimize_portfolio(ds, pl)
    assert set(r.selected["measure_id"]) == {"stockpile:XBB:separation/Dy"}
    assert r.expected_t(after=False, coalition=True) == pytest.approx(100.0)
    assert r.expected_t(coalition=True) == pytest.approx(0.0, abs=1e-6)
    assert r.expected_t() == pytest.approx(100.0)
    release = [m for m in r.measures if m["type"] == "stockpile_release"]
    assert release[0]["release_to"] == "coalition"


def test_cost_sharing_host_pays_half() -> None:
    """A 100 MUSD project hosted by XBB, partners XAA, XBB, XCC, host share 0.5, the rest
    by shares XAA 0.2 : XCC 0.3 (renormalised without the host): XBB pays 50, XAA
    50·0.2/0.5 = 20, XCC 50·0.3/0.5 = 30."""
    ds = dy_dataset(facilities=[{"facility_id": "p", "capacity_t": 100, "capex_musd": 100}])
    pl = plan(coalition=["XAA", "XBB", "XCC"],
              cost_sharing={"rule": "host", "host_share": 0.5,
                            "shares": {"XAA": 0.2, "XBB": 0.5, "XCC": 0.3}})
    r = optimize_portfolio(ds, pl)
    assert r.selected["measure_id"].tolist() == ["p"]
    assert r.cost_by_partner == pytest.approx({"XAA": 20.0, "XBB": 50.0, "XCC": 30.0})
    assert r.table.loc[0, "cost_by_partner"] == "XAA: 20; XBB: 50; XCC: 30"


def test_partner_budget_blocks_its_share() -> None:
    """Same split, but XAA may spend only 19 MUSD < its 20 MUSD share: nothing is built and
    the shortfall stays 300 t."""
    ds = dy_dataset(facilities=[{"facility_id": "p", "capacity_t": 100, "capex_musd": 100}])
    pl = plan(coalition=["XAA", "XBB", "XCC"],
              budget={"coalition_musd": 100, "partners": {"XAA": 19}},
              cost_sharing={"rule": "host", "host_share": 0.5,
                            "shares": {"XAA": 0.2, "XBB": 0.5, "XCC": 0.3}})
    r = optimize_portfolio(ds, pl)
    assert not r.table["selected"].any()
    assert r.expected_t() == pytest.approx(300.0)


def test_cost_sharing_proportional_to_column() -> None:
    """Proportional to ``wgi_scaled``: XAA 6, XBB 2 → shares 0.75 and 0.25 of 100 MUSD."""
    ds = dy_dataset(facilities=[{"facility_id": "p", "capacity_t": 100, "capex_musd": 100}])
    pl = plan(coalition=["XAA", "XBB"], cost_sharing={"rule": "proportional",
                                                      "column": "wgi_scaled"})
    r = optimize_portfolio(ds, pl)
    assert r.cost_by_partner == pytest.approx({"XAA": 75.0, "XBB": 25.0})


def test_unknown_cost_column_is_a_plan_error() -> None:
    ds = dy_dataset(facilities=[{"facility_id": "p", "capacity_t": 100, "capex_musd": 100}])
    pl = plan(cost_sharing={"rule": "proportional", "column": "gdp_usd"})
    with pytest.raises(PlanError, match=r"countries\.csv has no column 'gdp_usd'"):
        optimize_portfolio(ds, pl)


def test_consistency_with_simulation_no_measure() -> None:
    """With no measure the second stage is the simulation: the toy chain of
    ``toy_tables`` under a 2-year, 60 % cut of XAA's Nd metal exports has the same total
    shortfall in both (yearly steps, same priorities)."""
    ds = make_dataset(toy_tables())
    sc = {"name": "nd-cut", "horizon": {"start": "2025", "end": "2026", "step": "year"},
          "coalition": ["XBB", "XCC"], "priorities": {"ev": 3, "wind": 1},
          "shocks": [{"type": "export_control", "country": "XAA", "materials": ["Nd"],
                      "stages": ["metal"], "destinations": "all", "severity": 0.6,
                      "start": "2025-01", "end": "2026-12"}]}
    sim = simulate(ds, scenario_from_dict(sc))
    pl = plan(horizon={"start": 2025, "end": 2026}, coalition=["XBB", "XCC"],
              scenarios=[{"definition": sc, "probability": 1.0}],
              candidates={"facilities": "none"})
    r = optimize_portfolio(ds, pl)
    assert shortfall_of(sim) > 0
    assert r.expected_t(after=False) == pytest.approx(shortfall_of(sim))
    assert r.by_scenario.loc[0, "coalition_shortfall_t_before"] == pytest.approx(
        shortfall_of(sim, key="coalition_shortfall_t"))


def test_delay_scenario_pushes_facility_out_of_horizon() -> None:
    """A project starting 2025 is worth 100 t in a one-year horizon; in a scenario where
    it is one year late it adds nothing. With probabilities 0.5/0.5 the expected gain is
    50 t: shortfall 300 → 250."""
    ds = dy_dataset(facilities=[{"facility_id": "p", "capacity_t": 100, "capex_musd": 10}])
    pl = plan(scenarios=[{"definition": baseline("on-time"), "probability": 0.5},
                         {"definition": baseline("late"), "probability": 0.5,
                          "delay_years": 1}])
    r = optimize_portfolio(ds, pl)
    assert r.selected["measure_id"].tolist() == ["p"]
    assert r.by_scenario["shortfall_t_after"].tolist() == pytest.approx([200.0, 300.0])
    assert r.expected_t() == pytest.approx(250.0)


def test_substitution_and_recycling() -> None:
    """Substitution cutting 25 % of XBB's 400 t ev demand (20 MUSD) removes 100 t; recycling
    at 0.1 MUSD per t/yr up to 50 t/yr removes 50 t for 5 MUSD. Budget 30 buys both:
    shortfall 300 − 100 − 50 = 150 t, cost 25 MUSD."""
    pl = plan(budget={"coalition_musd": 30},
              candidates={"facilities": "none",
                          "recycling": [{"id": "rec", "country": "XBB", "good": "separation/Dy",
                                         "max_t_per_year": 50,
                                         "capex_usd_per_t_per_year": 100000,
                                         "start_year": 2025}],
                          "substitution": [{"id": "sub", "countries": ["XBB"], "sector": "ev",
                                            "good": "separation/Dy", "cut_share": 0.25,
                                            "start_year": 2025, "cost_musd": 20}]})
    r = optimize_portfolio(dy_dataset(), pl)
    t = r.table.set_index("measure_id")
    assert t.loc["rec", "amount"] == pytest.approx(50.0)
    assert bool(t.loc["sub", "selected"])
    assert r.expected_t() == pytest.approx(150.0)
    assert r.cost_musd == pytest.approx(25.0)


def test_cvar_prefers_the_tail() -> None:
    """Two calm-or-cut scenarios: cut (all 100 t lost) with probability 0.1. Cost weight
    λ = 1 per MUSD; a 15 MUSD project of 100 t/yr. Expected value alone: 0.1·100 = 10 <
    15, not worth it. With CVaR at α = 0.9 (weight 1) the tail loss 100 is added: 10 +
    100 = 110 > 15, so it is built."""
    ds = dy_dataset(supply=100, demand=100,
                    facilities=[{"facility_id": "p", "capacity_t": 100, "capex_musd": 15}])
    one = {"start": "2025", "end": "2025", "step": "year"}
    scen = [{"definition": {**baseline(), "coalition": ["XBB", "XCC"]}, "probability": 0.9},
            {"definition": {**cut("cut", "2025-01", "2025-12"), "horizon": one},
             "probability": 0.1}]
    plain = optimize_portfolio(ds, plan(scenarios=scen, objective={"cost_weight": 1.0}))
    tail = optimize_portfolio(ds, plan(scenarios=scen, objective={
        "cost_weight": 1.0, "cvar": {"alpha": 0.9, "weight": 1.0}}))
    assert not plain.table["selected"].any()
    assert tail.selected["measure_id"].tolist() == ["p"]


def test_unreachable_target_is_explained() -> None:
    """Minimum cost for a shortfall of at most 0 t, but 100 MUSD buys at most 160 t of the
    300 t missing: the error names the target and the best reachable 140 t."""
    pl = plan(objective={"kind": "min_cost", "shortfall_target_t": 0})
    with pytest.raises(SolveError) as exc:
        optimize_portfolio(dy_dataset(facilities=KNAPSACK), pl)
    msg = str(exc.value)
    assert "no portfolio within the budgets" in msg
    assert "target 0 t" in msg
    assert "140 t" in msg
    assert "HiGHS" not in msg


def test_min_cost_meets_target_cheaply() -> None:
    """Minimum cost for shortfall ≤ 200 t (gain ≥ 100 t): p1 (100 t, 60) or p2+p3 (140 t,
    90); the cheapest is p1 at 60 MUSD."""
    pl = plan(objective={"kind": "min_cost", "shortfall_target_t": 200})
    r = optimize_portfolio(dy_dataset(facilities=KNAPSACK), pl)
    assert r.selected["measure_id"].tolist() == ["p1"]
    assert r.cost_musd == pytest.approx(60.0)
    assert r.expected_t() <= 200.0 + 1e-6


def test_candidates_without_numbers_are_left_out_with_reasons() -> None:
    """No capacity → left out; no capex and no plan unit cost → left out; a plan unit cost
    of 200,000 USD per t/yr fills a blank capex: 50 t/yr → 10 MUSD, labelled."""
    facs = [{"facility_id": "nocap", "capacity_t": None, "capex_musd": 5},
            {"facility_id": "nocost", "capacity_t": 50, "capex_musd": None}]
    ex = optimize_portfolio(dy_dataset(facilities=facs), plan()).excluded
    assert dict(zip(ex["measure_id"], ex["reason"], strict=True)) == {
        "nocap": "no capacity_t in facilities.csv or the plan",
        "nocost": "no capex_musd in facilities.csv and no capex_usd_per_t_per_year for "
                  "separation in the plan"}
    r = optimize_portfolio(dy_dataset(facilities=facs), plan(candidates={
        "capex_usd_per_t_per_year": {"separation": 200000}}))
    row = r.table.set_index("measure_id").loc["nocost"]
    assert row["cost_musd"] == pytest.approx(10.0)
    assert "plan assumption" in row["cost_source"]


def test_phases_are_built_in_order() -> None:
    """Two phases of 50 t (costs 20 and 40 MUSD): with 30 MUSD only phase 1 (gain 50 t);
    phase 2 alone (if it were allowed) would need 40. Shortfall 300 → 250."""
    ds = dy_dataset(facilities=[{"facility_id": "p", "capacity_t": 100, "capex_musd": 60}])
    phases = [{"capacity_share": 0.5, "cost_share": 1 / 3},
              {"capacity_share": 0.5, "cost_share": 2 / 3}]
    r = optimize_portfolio(ds, plan(budget={"coalition_musd": 30}, candidates={
        "overrides": {"p": {"phases": phases}}}))
    assert r.selected["measure_id"].tolist() == ["p#phase1"]
    assert r.expected_t() == pytest.approx(250.0)


@pytest.mark.slow
def test_bundled_plan_on_reference_dataset() -> None:
    """The bundled plan solves on the reference dataset: within every budget, never
    worse than doing nothing, gap reported, assumptions labelled."""
    from critmin.data import load_dataset

    ds = load_dataset()
    r = recommend_portfolio(ds, ["USA", "JPN"])
    assert r.plan == "us-japan-framework"
    assert r.solver["status"] in {"optimal", "time_limit"}
    assert math.isfinite(r.solver["mip_gap"])
    assert r.cost_musd <= 2000 + 1e-6
    assert r.cost_by_partner["USA"] <= 1200 + 1e-6
    assert r.cost_by_partner["JPN"] <= 1000 + 1e-6
    assert r.expected_t() <= r.expected_t(after=False) + 1e-6
    assert {"probabilities", "budget"} <= set(r.assumptions)
    assert list(r.table.columns[:6]) == ["measure_id", "type", "selected", "amount",
                                         "cost_musd", "cost_by_partner"]


def test_cli_json(tmp_path) -> None:
    """``critmin optimize PLAN --format json`` on a toy plan file and dataset folder."""
    import typer
    import yaml

    from critmin.cli.optimize import optimize
    from critmin.data import save_dataset

    ds = dy_dataset(facilities=KNAPSACK)
    save_dataset(ds, tmp_path / "ds")
    p = tmp_path / "plan.yaml"
    p.write_text(yaml.safe_dump({
        "name": "toy", "coalition": ["XBB"], "horizon": {"start": 2025, "end": 2025},
        "scenarios": [{"file": "calm.yaml", "probability": 1.0}],
        "budget": {"coalition_musd": 100}, "objective": {"cost_weight": 1e-6}}))
    (tmp_path / "calm.yaml").write_text(yaml.safe_dump(baseline()))
    app = typer.Typer()
    app.command("optimize")(optimize)

    @app.command("noop")
    def _noop() -> None:  # a second command keeps ``optimize`` a named sub-command
        pass

    res = CliRunner().invoke(app, ["optimize", str(p), "--dataset", str(tmp_path / "ds"),
                                   "--frontier", "40,100", "--format", "json",
                                   "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["by_good"][0]["expected_t_before"] == pytest.approx(300.0)
    assert out["by_good"][0]["expected_t_after"] == pytest.approx(140.0)
    assert out["cost_musd"] == pytest.approx(100.0)
    assert {"status", "mip_gap", "time_s"} <= set(out["solver"])
    rows = {r["measure_id"]: r for r in out["portfolio"]}
    assert rows["p1"]["selected"] is True and rows["p2"]["selected"] is False
    assert rows["p1"]["cost_by_partner"] == "XBB: 60"
    assert [f["budget_musd"] for f in out["frontier"]] == [40, 100]
    assert (tmp_path / "out" / "portfolio.csv").is_file()
    assert (tmp_path / "out" / "summary.json").is_file()
    res = CliRunner().invoke(app, ["optimize", str(p), "--dataset", str(tmp_path / "ds"),
                                   "--budget-musd", "90", "--format", "json"])
    out = json.loads(res.stdout)
    assert {r["measure_id"] for r in out["portfolio"] if r["selected"]} == {"p2", "p3"}
    assert out["by_good"][0]["expected_t_after"] == pytest.approx(160.0)
    res = CliRunner().invoke(app, ["optimize", str(p), "--dataset", str(tmp_path / "ds")])
    assert res.exit_code == 0, res.output
    assert "MIP gap" in res.stdout and "expected shortfall falls from 300 t to 140 t" in \
        " ".join(res.stdout.split())


def test_cli_bad_plan_is_a_clean_error(tmp_path) -> None:
    import typer

    from critmin.cli.optimize import optimize

    p = tmp_path / "plan.yaml"
    p.write_text("name: x\nscenarios: [{scenario: baseline, probability: 0.5}]\n"
                 "budget: {coalition_musd: 1}\n")
    app = typer.Typer()
    app.command("optimize")(optimize)

    @app.command("noop")
    def _noop() -> None:
        pass

    res = CliRunner().invoke(app, ["optimize", str(p)])
    assert res.exit_code == 2
    assert "probabilities must sum to 1" in res.output
    assert "Traceback" not in res.output
    assert issubclass(PlanError, CritminError)


@pytest.mark.parametrize(("change", "message"), [
    ({"coalition": ["XBB", "XZZ"]}, "coalition: 'XZZ' is neither a country nor a group"),
    ({"budget": {"coalition_musd": 10, "partners": {"XAA": 5}}},
     "budget.partners: 'XAA' is not a member of the coalition"),
    ({"scenarios": [{"scenario": "no-such-scenario", "probability": 1.0}]},
     "scenarios[0]: unknown scenario 'no-such-scenario'"),
    ({"candidates": {"stockpiles": {"goods": ["separation/Zz"]}}},
     "candidates.stockpiles.goods: 'separation/Zz' is not a stage/material"),
    ({"candidates": {"facilities": ["p9"]}}, "candidates.facilities: unknown facility ids p9"),
])
def test_plan_names_checked_against_dataset(change: dict, message: str) -> None:
    with pytest.raises(PlanError) as exc:
        optimize_portfolio(dy_dataset(facilities=KNAPSACK), plan(**change))
    assert message in str(exc.value)


def test_time_limit_without_a_portfolio_is_explained() -> None:
    """A time limit of 1 ns leaves HiGHS no time for branch and bound: the error says so
    and what to change, instead of returning a half-read solution."""
    with pytest.raises(SolveError, match=r"raise solver\.time_limit_s"):
        optimize_portfolio(dy_dataset(facilities=KNAPSACK),
                           plan(solver={"time_limit_s": 1e-9}))


def test_summary_frame_labels_assumptions() -> None:
    pl = plan(assumptions={"budget": "100 MUSD is invented for the test"})
    r = optimize_portfolio(dy_dataset(facilities=KNAPSACK), pl)
    kv = dict(zip(r.summary_frame()["item"], r.summary_frame()["value"], strict=True))
    assert kv["assumption: budget"] == "100 MUSD is invented for the test"
    good = r.by_good["good"].iloc[0]
    assert kv[f"coalition expected shortfall of {good} (t): before → after"] == "300 → 140"
    assert kv["solver"].startswith("optimal, MIP gap ")


def test_facility_already_built_in_a_scenario_adds_nothing_there() -> None:
    """Scenario 'built' (probability 0.5) already invests in p (100 t from 2025), so the
    candidate p adds nothing there: shortfall 200 t in it with or without the portfolio;
    in the other scenario p cuts 300 → 200. Expected after: 200 t, before: 250 t."""
    ds = dy_dataset(facilities=[{"facility_id": "p", "capacity_t": 100, "capex_musd": 10}])
    built = {**baseline("built"), "measures": [{"type": "invest", "facility_id": "p"}]}
    r = optimize_portfolio(ds, plan(scenarios=[{"definition": baseline(), "probability": 0.5},
                                               {"definition": built, "probability": 0.5}]))
    assert r.by_scenario["shortfall_t_before"].tolist() == pytest.approx([300.0, 200.0])
    assert r.by_scenario["shortfall_t_after"].tolist() == pytest.approx([200.0, 200.0])


def test_consistency_with_simulation_stock_release() -> None:
    """XBB holds 50 t of Dy (release ≤ 30 t/yr) and releases it while XAA cuts all 100 t/yr
    for 2025-2026. Simulation: 30 t then 20 t released, shortfall 70 + 80 = 150 t; the
    second stage with no measure (cumulative stock rows) gives the same 150 t."""
    ds = dy_dataset(supply=100, demand=100, stock=(50, 30))
    sc = {**cut("cut", "2025-01", "2026-12"),
          "horizon": {"start": "2025", "end": "2026", "step": "year"},
          "measures": [{"type": "stockpile_release", "country": "XBB", "material": "Dy",
                        "stage": "separation"}]}
    sim = simulate(ds, scenario_from_dict(sc))
    assert shortfall_of(sim) == pytest.approx(150.0)
    r = optimize_portfolio(ds, plan(horizon={"start": 2025, "end": 2026},
                                    scenarios=[{"definition": sc, "probability": 1.0}],
                                    candidates={"facilities": "none"}))
    assert r.expected_t(after=False) == pytest.approx(150.0)


def test_recommend_portfolio_for_another_coalition() -> None:
    """The plan's coalition is XBB + XCC with an XCC budget; for XBB alone the XCC budget is
    dropped and XBB pays everything (host rule, host share 1): {p1, p3} for 100 MUSD."""
    pl = plan(budget={"coalition_musd": 100, "partners": {"XCC": 0}})
    r = recommend_portfolio(dy_dataset(facilities=KNAPSACK), ["XBB"], pl)
    assert r.coalition == ["XBB"]
    assert set(r.selected["measure_id"]) == {"p1", "p3"}
    assert r.cost_by_partner == pytest.approx({"XBB": 100.0})
