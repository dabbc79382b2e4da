"""Invariants of the portfolio MILP on random toy problems (hypothesis).

Each example: XAA supplies separated Dy to XBB; XBB needs more than it gets; a calm and a
cut scenario with a random probability; 1-4 random candidate projects in XBB (capacity,
cost, start year) and optionally a stockpile option; a coalition of XBB and XCC under a
host-pays rule with random host share and random partner budgets.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from critmin.optimize.plan import plan_from_dict
from critmin.optimize.portfolio import PortfolioModel
from critmin.testing import make_dataset

SRC = "toy"
TOL = 1e-6

projects = st.lists(st.tuples(st.integers(10, 120), st.integers(5, 80), st.integers(2025, 2027)),
                    min_size=1, max_size=4)

pytestmark = pytest.mark.slow


def _dataset(projs: list[tuple[int, int, int]]):
    tables: dict[str, list[dict[str, Any]]] = {
        "sources": [{"source_id": SRC, "title": "Toy", "publisher": "critmin", "year": 2025,
                     "url": "https://example.org/toy", "kind": "illustrative",
                     "note": "Invented numbers for property tests."}],
        "materials": [{"material": "Dy", "name": "Dysprosium", "group": "HREE",
                       "basis": "element", "element_per_oxide": 0.8713}],
        "stages": [{"stage": "separation", "order": 1, "description": "oxide"}],
        "countries": [{"country": c, "name": c, "wgi_scaled": 1.0, "groups": "G1"}
                      for c in ("XAA", "XBB", "XCC")],
        "capacity": [{"country": "XAA", "stage": "separation", "material": "Dy", "year": 2024,
                      "capacity_t": 100, "production_t": 100, "source_id": SRC}],
        "trade": [{"exporter": "XAA", "importer": "XBB", "stage": "separation",
                   "material": "Dy", "year": 2024, "quantity_t": 100, "source_id": SRC}],
        "demand": [{"country": "XBB", "sector": s, "stage": "separation", "material": "Dy",
                    "year": 2024, "demand_t": d, "source_id": SRC}
                   for s, d in (("defense", 40), ("ev", 160))],
        "facilities": [{"facility_id": f"f{i}", "name": f"f{i}", "owner": "x",
                        "country": "XBB", "stage": "separation", "material": "Dy",
                        "capacity_t": cap, "status": "planned", "start_year": y,
                        "capex_musd": cost, "unit_cost_usd_per_kg": None, "partners": "",
                        "source_id": SRC} for i, (cap, cost, y) in enumerate(projs)],
    }
    return make_dataset(tables)


def _plan(p_cut: float, budget: float, host_share: float, xcc_budget: float | None,
          stock: bool, cost_weight: float, defense: float = 10.0):
    prio = {"defense": defense, "ev": 1}
    cut = {"name": "cut", "horizon": {"start": "2025", "end": "2027", "step": "year"},
           "coalition": ["XBB"], "priorities": prio,
           "shocks": [{"type": "export_control", "country": "XAA", "materials": ["Dy"],
                       "stages": ["separation"], "destinations": "all", "severity": 0.7,
                       "start": "2026-01", "end": "2026-12"}]}
    calm = {"name": "calm", "horizon": {"start": "2025", "end": "2027", "step": "year"},
            "coalition": ["XBB"], "priorities": prio}
    partners = {"XCC": xcc_budget} if xcc_budget is not None else {}
    cand: dict[str, Any] = {"facilities": "default"}
    if stock:
        cand["stockpiles"] = {"members": ["XBB"], "goods": ["separation/Dy"], "max_t": 80,
                              "prices_usd_per_kg": {"Dy": 300}}
    return plan_from_dict({
        "name": "prop", "coalition": ["XBB", "XCC"], "horizon": {"start": 2025, "end": 2027},
        "scenarios": [{"definition": calm, "probability": round(1 - p_cut, 6)},
                      {"definition": cut, "probability": round(p_cut, 6)}],
        "budget": {"coalition_musd": budget, "partners": partners},
        "cost_sharing": {"rule": "host", "host_share": host_share},
        "candidates": cand, "objective": {"cost_weight": cost_weight},
        "solver": {"mip_rel_gap": 0.0}})


common = settings(max_examples=12, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow])


@common
@given(projs=projects, p_cut=st.floats(0.0, 1.0), b1=st.integers(0, 150),
       extra=st.integers(0, 150), stock=st.booleans(), defense=st.sampled_from([1.0, 10.0]))
def test_more_budget_never_raises_expected_shortfall(projs, p_cut, b1, extra, stock,
                                                     defense) -> None:
    """With no cost weight the optimum at a larger budget is at least as good: the
    smaller budget's portfolio is still affordable. The optimum is the expected
    priority-weighted shortfall; with equal priorities that is the expected tonnes short
    (with unequal ones a larger budget may trade tonnes for priority)."""
    model = PortfolioModel(_dataset(projs), _plan(p_cut, 1000, 0.5, None, stock, 0.0,
                                                  defense))
    lo, hi = model.solve(b1), model.solve(b1 + extra)
    obj_lo, obj_hi = lo.solver["objective"], hi.solver["objective"]
    # solver tolerance: HiGHS' feasibility tolerances move an objective by ~1e-6 relative,
    # and the larger budget's solution is only proven within its reported MIP gap
    tol = 1e-5 * max(1.0, abs(obj_lo)) + hi.solver["mip_gap"] * abs(obj_hi)
    assert obj_hi <= obj_lo + tol
    if defense == 1.0:
        assert hi.expected_t() <= lo.expected_t() + 1e-5
        assert lo.expected_t() <= lo.expected_t(after=False) + 1e-5


@common
@given(projs=projects, p_cut=st.floats(0.0, 1.0), budget=st.integers(0, 200),
       host_share=st.floats(0.0, 1.0), xcc=st.one_of(st.none(), st.integers(0, 60)),
       stock=st.booleans())
def test_portfolio_never_exceeds_any_budget(projs, p_cut, budget, host_share, xcc,
                                            stock) -> None:
    """Cost ≤ coalition budget, each partner's share ≤ its budget, and the partner costs
    add up to the total (the shares of every measure sum to 1)."""
    r = PortfolioModel(_dataset(projs), _plan(p_cut, budget, host_share, xcc, stock,
                                              1e-3)).solve()
    assert r.cost_musd <= budget + TOL
    if xcc is not None:
        assert r.cost_by_partner["XCC"] <= xcc + TOL
    assert sum(r.cost_by_partner.values()) == pytest.approx(r.cost_musd, abs=1e-6)
    assert r.table.loc[r.table["selected"], "cost_musd"].sum() == pytest.approx(r.cost_musd)


@common
@given(projs=projects.filter(lambda p: len(p) >= 2), p_cut=st.floats(0.0, 1.0),
       budget=st.integers(0, 200), drop=st.integers(0, 3))
def test_removing_a_candidate_never_improves_the_optimum(projs, p_cut, budget, drop) -> None:
    """The problem without candidate ``drop`` is a restriction of the full one, so its
    optimal objective is no lower."""
    full = PortfolioModel(_dataset(projs), _plan(p_cut, budget, 0.5, None, False, 1e-3))
    rest = [p for i, p in enumerate(projs) if i != drop % len(projs)]
    less = PortfolioModel(_dataset(rest), _plan(p_cut, budget, 0.5, None, False, 1e-3))
    a, b = full.solve(), less.solve()
    assert b.solver["objective"] >= a.solver["objective"] - 1e-6 * max(
        1.0, abs(a.solver["objective"]))
