"""The portfolio's recycling lines fed by the stocks MFA: a line is worth building up to the
scrap its country's end-of-life magnets provide, and no further.

The toy (hand-derived): XCC needs 50 t/yr of NdFeB magnets for EVs and imports them all from
XAA, which bans its magnet exports in 2025. XCC's magnets entered use at 50 t/yr from 2020 and
live exactly 2 years, so 50 t reach end of life in 2025; half are collected, 40 % of those
magnets are separated and all of it is recovered: 50 × 0.5 × 0.4 × 1.0 = 10 t of magnets come
back in 2025 (25 t if every collected magnet is separated).
"""

from __future__ import annotations

from typing import Any

import pytest

from critmin.optimize.plan import PlanError, plan_from_dict
from critmin.optimize.portfolio import optimize_portfolio
from critmin.simulate import simulate

SRC = "toy"
MFA = {
    "world_totals": [{"material": "NdFeB", "stage": "magnet", "year": 2020,
                      "production_t": 50, "source_id": SRC}],
    "lifetimes": [{"sector": "ev", "distribution": "fixed", "mean_years": 2, "source_id": SRC}],
    "contents": [{"product": "NdFeB", "material": "Dy", "t_per_t": 0.01, "source_id": SRC}],
    "eol_rates": [{"sector": "ev", "step": "collection", "rate": 0.5, "source_id": SRC},
                  {"sector": "", "step": "separation", "rate": 0.4, "source_id": SRC},
                  {"sector": "", "step": "recovery", "rate": 1.0, "source_id": SRC}]}


def magnet_importer(toys, mfa: bool = True):
    return toys.toy_dataset(capacity=[("XAA", "magnet", "NdFeB", 100, 100)],
                            trade=[("XAA", "XCC", "magnet", "NdFeB", 50)],
                            demand=[("XCC", "ev", "magnet", "NdFeB", 50)],
                            more_tables=MFA if mfa else None)


def ban_2025(measures: list[dict[str, Any]] = ()) -> dict[str, Any]:
    return {"name": "ban", "horizon": {"start": "2025", "end": "2025", "step": "year"},
            "coalition": ["XCC"], "priorities": {"ev": 1},
            "shocks": [{"type": "export_control", "country": "XAA", "materials": ["NdFeB"],
                        "stages": ["magnet"], "destinations": "all", "severity": 1.0,
                        "start": "2025-01"}],
            "measures": list(measures)}


def plan(line: dict[str, Any] | None = None, budget: float = 100.0, cost_weight: float = 1e-4,
         scenario: dict[str, Any] | None = None):
    """One MFA-fed line at XCC, up to 100 t/yr at 100,000 USD per t/yr (0.1 MUSD per t/yr)."""
    rec = {"id": "xcc-recycling", "country": "XCC", "good": "magnet/NdFeB",
           "max_t_per_year": 100, "capex_usd_per_t_per_year": 100000, "start_year": 2025,
           "feed": "mfa", **(line or {})}
    return plan_from_dict({
        "name": "toy", "coalition": ["XCC"], "horizon": {"start": 2025, "end": 2025},
        "scenarios": [{"definition": scenario or ban_2025(), "probability": 1.0}],
        "budget": {"coalition_musd": budget}, "cost_sharing": {"rule": "host"},
        "candidates": {"facilities": "none", "recycling": [rec]},
        "objective": {"cost_weight": cost_weight}})


def _line(r) -> tuple[float, float]:
    row = r.table.set_index("measure_id").loc["xcc-recycling"]
    return float(row["amount"]), float(row["cost_musd"])


def test_the_optimiser_builds_the_line_up_to_the_scrap(toys) -> None:
    """50 t short without the line. A t/yr of capacity costs 0.1 MUSD × 10⁻⁴ in the
    objective and saves 1 priority-weighted t while scrap is left: the line is built to the
    10 t of scrap, not to its 100 t/yr cap; 40 t stay short; cost 10 × 0.1 = 1 MUSD."""
    r = optimize_portfolio(magnet_importer(toys), plan())
    assert r.expected_t("magnet/NdFeB", after=False) == pytest.approx(50.0)
    assert _line(r) == pytest.approx((10.0, 1.0), abs=1e-6)
    assert r.expected_t("magnet/NdFeB") == pytest.approx(40.0)
    assert "feed: stocks MFA" in r.table.set_index("measure_id").loc["xcc-recycling",
                                                                      "cost_source"]


def test_a_separation_policy_raises_the_feed(toys) -> None:
    """Every collected magnet separated: 50 × 0.5 × 1.0 = 25 t of scrap, 25 t short."""
    r = optimize_portfolio(magnet_importer(toys), plan({"eol_rates": {"separation": 1.0}}))
    assert _line(r) == pytest.approx((25.0, 2.5), abs=1e-6)
    assert r.expected_t("magnet/NdFeB") == pytest.approx(25.0)
    assert r.measures == [{"type": "recycling", "country": "XCC", "stage": "magnet",
                           "material": "NdFeB", "capacity_t": pytest.approx(25.0),
                           "start": "2025-01", "feed": "mfa",
                           "eol_rates": {"separation": 1.0}}]


def test_the_budget_binds_before_the_feed(toys) -> None:
    """0.5 MUSD buys 5 t/yr: 45 t short."""
    r = optimize_portfolio(magnet_importer(toys), plan(budget=0.5))
    assert _line(r)[0] == pytest.approx(5.0, abs=1e-6)
    assert r.expected_t("magnet/NdFeB") == pytest.approx(45.0)


def test_a_line_that_does_not_pay_is_not_built(toys) -> None:
    """At cost weight 20 a t/yr costs 20 × 0.1 = 2 > 1 priority-weighted t saved: nothing
    is built and the 50 t stay short."""
    r = optimize_portfolio(magnet_importer(toys), plan(cost_weight=20.0))
    assert _line(r)[0] == pytest.approx(0.0, abs=1e-9)
    assert r.expected_t("magnet/NdFeB") == pytest.approx(50.0)


def test_the_scenarios_own_mfa_line_takes_its_share_of_the_scrap(toys) -> None:
    """The scenario already recycles up to 4 t/yr of the same scrap: 10 − 4 = 6 t are left
    for the candidate; 50 − 4 − 6 = 40 t short."""
    own = {"type": "recycling", "country": "XCC", "stage": "magnet", "material": "NdFeB",
           "capacity_t": 4, "feed": "mfa"}
    r = optimize_portfolio(magnet_importer(toys), plan(scenario=ban_2025([own])))
    assert r.expected_t("magnet/NdFeB", after=False) == pytest.approx(46.0)
    assert _line(r)[0] == pytest.approx(6.0, abs=1e-6)
    assert r.expected_t("magnet/NdFeB") == pytest.approx(40.0)


@pytest.mark.slow
def test_the_portfolio_simulates_to_the_same_shortfall(toys) -> None:
    """The chosen line as a scenario measure (``feed: mfa``) gives the simulation the same
    40 t short."""
    from critmin.optimize.measures import with_portfolio
    from critmin.scenarios import scenario_from_dict

    ds = magnet_importer(toys)
    r = optimize_portfolio(ds, plan())
    sc = with_portfolio(scenario_from_dict(ban_2025()), r.measures)
    assert float(simulate(ds, sc).shortfall["shortfall_t"].sum()) == pytest.approx(40.0)


def test_a_dataset_without_the_mfa_leaves_the_line_out_with_a_reason(toys) -> None:
    r = optimize_portfolio(magnet_importer(toys, mfa=False), plan())
    reasons = r.excluded.set_index("measure_id")["reason"]
    assert "stocks MFA" in reasons["xcc-recycling"]


@pytest.mark.parametrize(("line", "message"), [
    ({"good": "metal/Co"}, "feed: mfa needs a material of the stocks MFA"),
    ({"feed": "capacity", "eol_rates": {"separation": 1.0}}, "eol_rates only apply"),
    ({"eol_rates": {"separation": 1.5}}, "separation"),
])
def test_bad_mfa_lines_are_plan_errors(line: dict[str, Any], message: str) -> None:
    with pytest.raises(PlanError, match=message):
        plan(line)


def test_two_mfa_lines_at_one_node_are_a_plan_error() -> None:
    data = plan().model_dump(mode="json")
    data["candidates"]["recycling"].append({**data["candidates"]["recycling"][0], "id": "b"})
    with pytest.raises(PlanError, match="share one scrap feed"):
        plan_from_dict(data)


def test_an_unknown_cost_source_is_a_plan_error(toys) -> None:
    with pytest.raises(PlanError, match=r"candidates.recycling\[0\].source_id"):
        optimize_portfolio(magnet_importer(toys), plan({"source_id": "nowhere"}))


@pytest.mark.slow
def test_the_bundled_plan_offers_an_mfa_fed_line_with_a_sourced_cost() -> None:
    """us-japan-framework offers a US magnet-recycling line costed by the HyProMag USA
    feasibility study (USD 125m for 750 t/yr) and fed by the US scrap the MFA recovers with
    every collected magnet separated (the plan's stated assumption)."""
    from critmin import load_dataset
    from critmin.optimize.candidates import candidate_measures
    from critmin.optimize.plan import bundled_plan
    from critmin.stocks.model import recycled_feed

    ds = load_dataset()
    pl = bundled_plan()
    line = next(m for m in candidate_measures(ds, pl, ["USA", "JPN"])[0]
                if m.measure_id == "us-magnet-recycling-mfa")
    assert line.upper * line.unit_cost_musd == pytest.approx(125.0, rel=1e-5)
    assert "hypromag-usa-fs-2024" in line.cost_source
    assert "hypromag-usa-fs-2024" in set(ds.sources["source_id"])
    assert "recycling" in pl.assumptions
    assert line.feed_t == recycled_feed(ds, "USA", "NdFeB", (2025, 2030), {"separation": 1.0})
