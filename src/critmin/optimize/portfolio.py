"""The joint-response portfolio: a two-stage stochastic MILP on HiGHS, and its frontier.

First stage: which facility phases to build (binary), stockpile targets per member and
good (t), recycling capacity (t/yr) and substitution programmes (binary), within the
coalition budget, each partner's budget and the plan's cost-sharing rule. Second stage:
the simulation's allocation LP for every scenario × year of the plan, weighted by the
scenario's probability. Equations and assumptions: ``docs/optimize.md``.

>>> from critmin.optimize.plan import bundled_plan
>>> bundled_plan().name
'us-japan-framework'
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from critmin.chain import Solution, Status
from critmin.chain import highs as hs
from critmin.core.jsonio import json_safe, records
from critmin.data import Dataset
from critmin.exceptions import SolveError
from critmin.optimize.candidates import Measure, candidate_measures, resolve
from critmin.optimize.measures import scenario_measures
from critmin.optimize.plan import Plan, PlanError, resolve_plan
from critmin.optimize.stack import Stacked, stack_model

logger = logging.getLogger(__name__)

#: A continuous measure counts as selected above this amount (t, t/yr or share of 1).
SELECTED_TOL = 1e-6

TABLE_COLUMNS = ["measure_id", "type", "selected", "amount", "cost_musd", "cost_by_partner",
                 "country", "stage", "material", "capacity_t", "start_year", "cost_source"]


@dataclass
class PortfolioResult:
    """The recommended portfolio of a plan, with expected shortfall before and after.

    Attributes
    ----------
    table : DataFrame
        One row per candidate: ``measure_id, type, selected, amount`` (1/0 for a binary
        measure, t for a stockpile target, t/yr for recycling), ``cost_musd``,
        ``cost_by_partner`` (text ``"USA: 12.5; JPN: 7.5"``, MUSD), where and when.
    expected_shortfall_t_before, expected_shortfall_t_after : float
        Probability-weighted total shortfall over the horizon (t), with no measure and
        with the portfolio.
    cost_musd : float
        Cost of the portfolio (MUSD); ``cost_by_partner`` splits it.
    by_scenario : DataFrame
        ``scenario, probability, shortfall_t_before, shortfall_t_after,
        coalition_shortfall_t_before, coalition_shortfall_t_after``.
    frontier : DataFrame or None
        ``budget_musd, expected_shortfall_t, cost_musd, selected, entered, status, mip_gap``.
    excluded : DataFrame
        Candidates left out, with the reason.
    measures : list of dict
        The selected measures as scenario measures (``invest``, ``stockpile_release``,
        ``recycling``, ``substitution``); see :mod:`critmin.optimize.measures`.
    warnings : list of str
        Per scenario, what it asks that does nothing on this dataset and the data gaps
        that touch its answer (see :func:`critmin.model.gaps.coverage_warnings`).
    solver : dict
        ``status, mip_gap, time_s`` and the problem size.
    assumptions : dict
        The plan's labelled assumptions.
    """

    plan: str
    coalition: list[str]
    table: pd.DataFrame
    expected_shortfall_t_before: float
    expected_shortfall_t_after: float
    expected_coalition_shortfall_t_before: float
    expected_coalition_shortfall_t_after: float
    cost_musd: float
    cost_by_partner: dict[str, float]
    by_scenario: pd.DataFrame
    excluded: pd.DataFrame
    solver: dict[str, Any]
    budget_musd: float
    objective: str
    assumptions: dict[str, str] = field(default_factory=dict)
    frontier: pd.DataFrame | None = None
    measures: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def selected(self) -> pd.DataFrame:
        """Rows of :attr:`table` that are selected."""
        return self.table[self.table["selected"]].reset_index(drop=True)

    def summary_frame(self) -> pd.DataFrame:
        """``item, value`` rows for a report: totals, solver and the labelled assumptions."""
        s = self.solver
        items = [("plan", self.plan), ("coalition", ", ".join(self.coalition)),
                 ("budget_musd", f"{self.budget_musd:,.6g}"),
                 ("cost_musd", f"{self.cost_musd:,.6g}"),
                 *((f"cost_musd[{k}]", f"{v:,.6g}") for k, v in self.cost_by_partner.items()),
                 ("expected_shortfall_t_before", f"{self.expected_shortfall_t_before:,.6g}"),
                 ("expected_shortfall_t_after", f"{self.expected_shortfall_t_after:,.6g}"),
                 ("expected_coalition_shortfall_t_before",
                  f"{self.expected_coalition_shortfall_t_before:,.6g}"),
                 ("expected_coalition_shortfall_t_after",
                  f"{self.expected_coalition_shortfall_t_after:,.6g}"),
                 ("solver", f"{s['status']}, MIP gap {s['mip_gap']:.3g}, {s['time_s']:.2f} s"),
                 *((f"assumption: {k}", v) for k, v in self.assumptions.items())]
        return pd.DataFrame(items, columns=["item", "value"])

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (the CLI's ``--format json``); NaN and ∞ become None."""
        def recs(df: pd.DataFrame | None) -> list[dict[str, Any]] | None:
            return None if df is None else records(df)

        return json_safe({
            "plan": self.plan, "coalition": self.coalition, "objective": self.objective,
            "budget_musd": self.budget_musd, "portfolio": recs(self.table),
            "expected_shortfall_t_before": self.expected_shortfall_t_before,
            "expected_shortfall_t_after": self.expected_shortfall_t_after,
            "expected_coalition_shortfall_t_before": self.expected_coalition_shortfall_t_before,
            "expected_coalition_shortfall_t_after": self.expected_coalition_shortfall_t_after,
            "cost_musd": self.cost_musd, "cost_by_partner": self.cost_by_partner,
            "by_scenario": recs(self.by_scenario), "frontier": recs(self.frontier),
            "excluded": recs(self.excluded), "solver": self.solver,
            "assumptions": self.assumptions, "measures": self.measures,
            "warnings": self.warnings,
        })


def _run(h: Any, m_: Stacked, plan: Plan) -> Solution:
    h.setOptionValue("time_limit", float(plan.solver.time_limit_s))
    h.setOptionValue("mip_rel_gap", float(plan.solver.mip_rel_gap))
    return hs.run(h, duals=False, mip=any(m_.lp.integer))


def _shortfalls(m_: Stacked, x: np.ndarray, members: set[str]) -> tuple[np.ndarray, np.ndarray]:
    """Total and coalition shortfall (t) per scenario."""
    n = len(m_.scenario_names)
    v = np.maximum(0.0, x[np.asarray(m_.shortfall_col, dtype=np.int64)])
    scen = np.asarray(m_.shortfall_scenario, dtype=np.int64)
    mine = np.isin(np.asarray(m_.shortfall_country, dtype=object), list(members))
    return (np.bincount(scen, weights=v, minlength=n),
            np.bincount(scen[mine], weights=v[mine], minlength=n))


def _fmt_partner(costs: dict[str, float]) -> str:
    return "; ".join(f"{k}: {v:.6g}" for k, v in costs.items() if abs(v) > 0)


def _table(measures: list[Measure], x: np.ndarray | None, m_: Stacked) -> pd.DataFrame:
    rows = []
    for meas, j in zip(measures, m_.measure_cols, strict=True):
        amount = 0.0 if x is None else float(x[j])
        amount = 0.0 if abs(amount) < SELECTED_TOL else amount
        if meas.integer:
            amount = float(round(amount))
        cost = amount * meas.unit_cost_musd
        by = {k: cost * sh for k, sh in meas.shares.items()}
        rows.append({
            "measure_id": meas.measure_id, "type": meas.type,
            "selected": bool(amount > SELECTED_TOL), "amount": amount, "cost_musd": cost,
            "cost_by_partner": _fmt_partner(by),
            "country": meas.country or ";".join(meas.countries),
            "stage": meas.good[0], "material": meas.good[1],
            "capacity_t": meas.capacity_t if meas.type == "facility" else math.nan,
            "start_year": meas.start_year, "cost_source": meas.cost_source})
    df = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    df["selected"] = df["selected"].astype(bool)
    for c in ("amount", "cost_musd", "capacity_t", "start_year"):
        df[c] = df[c].astype(float)
    return df


def _partner_costs(measures: list[Measure], x: np.ndarray, m_: Stacked,
                   partners: list[str]) -> dict[str, float]:
    out = dict.fromkeys(partners, 0.0)
    for meas, j in zip(measures, m_.measure_cols, strict=True):
        v = float(x[j]) if abs(float(x[j])) >= SELECTED_TOL else 0.0
        for k, sh in meas.shares.items():
            out[k] = out.get(k, 0.0) + v * meas.unit_cost_musd * sh
    return out


class PortfolioModel:
    """A built portfolio MILP that can be solved at several budgets.

    Parameters
    ----------
    ds : Dataset
    plan : Plan, bundled plan name, path, or None (bundled ``us-japan-framework``)
    coalition : list of str, optional
        Replaces the plan's coalition (codes or group names).
    """

    def __init__(self, ds: Dataset, plan: Plan | str | os.PathLike[str] | None = None,
                 coalition: Sequence[str] | None = None) -> None:
        self.plan = resolve_plan(plan)
        if coalition is not None:
            self.plan = self.plan.model_copy(update={"coalition": list(coalition)})
        self.ds = ds
        self.partners = resolve(ds, self.plan.coalition, "coalition")
        t = time.perf_counter()
        self.measures, self.excluded = candidate_measures(ds, self.plan, self.partners)
        self.model = stack_model(ds, self.plan, self.measures, self.partners)
        self.build_s = time.perf_counter() - t
        self.highs = hs.load(self.model.lp.arrays())
        self._before: tuple[np.ndarray, np.ndarray] | None = None
        logger.info("portfolio %s: %d measures, %d columns, %d rows", self.plan.name,
                    len(self.measures), self.model.lp.num_col, self.model.lp.num_row)

    @property
    def size(self) -> dict[str, int]:
        m_ = self.model
        return {"columns": m_.lp.num_col, "rows": m_.lp.num_row, "nonzeros": m_.lp.num_nz,
                "integers": int(sum(m_.lp.integer)), "measures": len(self.measures),
                "scenarios": len(m_.scenario_names), "blocks": m_.blocks}

    def _set_budget(self, budget: float) -> None:
        i = self.model.budget_rows["coalition"]
        self.highs.changeRowBounds(i, -self.highs.getInfinity(), float(budget))

    def _set_measures_off(self, off: bool) -> None:
        for meas, j in zip(self.measures, self.model.measure_cols, strict=True):
            self.highs.changeColBounds(j, 0.0, 0.0 if off else meas.upper)

    def _set_target(self, on: bool) -> None:
        i = self.model.target_row
        if i is not None:
            inf = self.highs.getInfinity()
            self.highs.changeRowBounds(i, -inf, self.model.lp.row_upper[i] if on else inf)

    def before(self) -> tuple[np.ndarray, np.ndarray]:
        """Shortfall (t) per scenario with no measure: total and coalition."""
        if self._before is None:
            self._set_measures_off(True)
            self._set_target(False)
            sol = _run(self.highs, self.model, self.plan)
            self._set_measures_off(False)
            self._set_target(True)
            if not sol.has_solution:
                msg = "with no measure: " + self._explain(sol, self.plan.budget.coalition_musd)
                raise SolveError(msg)
            self._before = _shortfalls(self.model, sol.col_value, set(self.partners))
        return self._before

    def solve(self, budget_musd: float | None = None) -> PortfolioResult:
        """Solve at ``budget_musd`` (default: the plan's coalition budget).

        Raises
        ------
        SolveError
            If no portfolio meets the plan (e.g. an unreachable shortfall target), with
            an explanation; or if HiGHS fails.
        """
        budget = self.plan.budget.coalition_musd if budget_musd is None else float(budget_musd)
        if budget < 0:
            msg = f"budget must not be negative, not {budget:g} MUSD"
            raise PlanError(msg)
        before_tot, before_coal = self.before()
        self._set_budget(budget)
        sol = _run(self.highs, self.model, self.plan)
        if not sol.has_solution:
            raise SolveError(self._explain(sol, budget))
        probs = np.asarray(self.model.probabilities)
        tot, coal = _shortfalls(self.model, sol.col_value, set(self.partners))
        table = _table(self.measures, sol.col_value, self.model)
        by = pd.DataFrame({
            "scenario": self.model.scenario_names, "probability": probs,
            "shortfall_t_before": before_tot, "shortfall_t_after": tot,
            "coalition_shortfall_t_before": before_coal, "coalition_shortfall_t_after": coal})
        solver = {"status": str(sol.status), "mip_gap": sol.mip_gap, "time_s": sol.time_s,
                  "objective": sol.objective,
                  "build_s": self.build_s, **self.size}
        p = self.plan
        return PortfolioResult(
            plan=p.name, coalition=list(self.partners), table=table,
            expected_shortfall_t_before=float(probs @ before_tot),
            expected_shortfall_t_after=float(probs @ tot),
            expected_coalition_shortfall_t_before=float(probs @ before_coal),
            expected_coalition_shortfall_t_after=float(probs @ coal),
            cost_musd=float(table["cost_musd"].sum()),
            cost_by_partner=_partner_costs(self.measures, sol.col_value, self.model, self.partners),
            by_scenario=by, excluded=self.excluded, solver=solver, budget_musd=budget,
            objective=p.objective.kind, assumptions=dict(p.assumptions),
            measures=scenario_measures(self.measures, table["amount"].tolist(), p),
            warnings=list(dict.fromkeys(self.model.warnings)))

    def _explain(self, sol: Any, budget: float) -> str:
        p = self.plan
        parts = [f"coalition {budget:g} MUSD"]
        parts += [f"{k} {v:g} MUSD" for k, v in p.budget.partners.items()]
        if sol.status is Status.INFEASIBLE and p.objective.kind == "min_cost":
            reach = self._best_reachable(budget)
            return (f"plan {p.name!r}: no portfolio within the budgets ({', '.join(parts)}) "
                    f"brings the expected shortfall down to the target "
                    f"{p.objective.shortfall_target_t:g} t{reach}. Raise a budget, add "
                    f"candidates or relax objective.shortfall_target_t.")
        if sol.status is Status.INFEASIBLE:
            return (f"plan {p.name!r}: the constraints cannot all hold (budgets "
                    f"{', '.join(parts)}; cost sharing {p.cost_sharing.rule!r}).")
        return (f"plan {p.name!r}: HiGHS stopped with status {str(sol.status)!r} and no feasible "
                f"portfolio after {sol.time_s:.1f} s; raise solver.time_limit_s.")

    def _best_reachable(self, budget: float) -> str:
        p = self.plan
        alt = p.model_copy(update={"objective": p.objective.model_copy(
            update={"kind": "min_shortfall", "cost_weight": 0.0, "cvar": None})})
        try:
            r = PortfolioModel(self.ds, alt).solve(budget)
        except SolveError:
            return ""
        return (f": the lowest expected shortfall any affordable portfolio reaches is "
                f"{r.expected_shortfall_t_after:,.6g} t (for {r.cost_musd:,.6g} MUSD; "
                f"{r.expected_shortfall_t_before:,.6g} t with no measure)")

    def frontier(self, budgets: Sequence[float]) -> pd.DataFrame:
        """Expected shortfall and portfolio at each budget (coalition budget varied;
        partner budgets kept as in the plan).

        Returns
        -------
        DataFrame
            ``budget_musd, expected_shortfall_t, expected_coalition_shortfall_t,
            cost_musd, selected, entered, left, status, mip_gap, time_s``; ``selected``
            lists the measure ids (``;``-separated), ``entered``/``left`` the change from
            the previous (smaller) budget.
        """
        rows = []
        prev: set[str] = set()
        for b in sorted(float(v) for v in budgets):
            try:
                r = self.solve(b)
            except SolveError as exc:
                rows.append({"budget_musd": b, "expected_shortfall_t": math.nan,
                             "expected_coalition_shortfall_t": math.nan, "cost_musd": math.nan,
                             "selected": "", "entered": "", "left": "",
                             "status": str(exc).split(":")[0], "mip_gap": math.inf,
                             "time_s": 0.0})
                continue
            sel = list(r.selected["measure_id"])
            rows.append({"budget_musd": b,
                         "expected_shortfall_t": r.expected_shortfall_t_after,
                         "expected_coalition_shortfall_t": r.expected_coalition_shortfall_t_after,
                         "cost_musd": r.cost_musd, "selected": ";".join(sel),
                         "entered": ";".join(s for s in sel if s not in prev),
                         "left": ";".join(sorted(prev - set(sel))),
                         "status": r.solver["status"], "mip_gap": r.solver["mip_gap"],
                         "time_s": r.solver["time_s"]})
            prev = set(sel)
        return pd.DataFrame(rows)


def optimize_portfolio(ds: Dataset, plan: Plan | str | os.PathLike[str] | None = None, *,
                       budget_musd: float | None = None,
                       frontier: Sequence[float] | None = None,
                       coalition: Sequence[str] | None = None) -> PortfolioResult:
    """Solve the joint-response portfolio of ``plan`` on ``ds``.

    Parameters
    ----------
    ds : Dataset
    plan : Plan, bundled plan name, path to a plan YAML, or None (``us-japan-framework``)
    budget_musd : float, optional
        Coalition budget (MUSD) replacing the plan's.
    frontier : list of float, optional
        Also solve at these coalition budgets (MUSD); see :meth:`PortfolioModel.frontier`.
    coalition : list of str, optional
        Replaces the plan's coalition.

    Returns
    -------
    PortfolioResult

    Raises
    ------
    PlanError
        If the plan names something the dataset lacks.
    SolveError
        If no portfolio meets the plan; the message says why.
    """
    model = PortfolioModel(ds, plan, coalition=coalition)
    result = model.solve(budget_musd)
    if frontier:
        result.frontier = model.frontier(frontier)
    return result


def budget_frontier(ds: Dataset, plan: Plan | str | os.PathLike[str] | None,
                    budgets: Sequence[float]) -> pd.DataFrame:
    """Expected shortfall versus coalition budget (see :meth:`PortfolioModel.frontier`)."""
    return PortfolioModel(ds, plan).frontier(budgets)


def recommend_portfolio(ds: Dataset, coalition: Sequence[str],
                        plan: Plan | str | os.PathLike[str] | None = None) -> PortfolioResult:
    """The recommended joint portfolio of ``coalition`` (for ``critmin assess``).

    Uses the bundled ``us-japan-framework`` plan unless ``plan`` is given; the
    coalition replaces the plan's (partner budgets of non-members are an error).
    """
    p = resolve_plan(plan)
    members = resolve(ds, list(coalition), "coalition")
    if sorted(members) != sorted(ds.resolve_countries(p.coalition)):
        budget = p.budget.model_copy(update={"partners": {
            k: v for k, v in p.budget.partners.items() if k in members}})
        p = p.model_copy(update={"budget": budget})
    return optimize_portfolio(ds, p, coalition=list(coalition))
