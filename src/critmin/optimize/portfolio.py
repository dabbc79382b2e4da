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
from typing import Any

import numpy as np
import pandas as pd

from critmin.chain import Solution, Status
from critmin.chain import highs as hs
from critmin.data import Dataset
from critmin.exceptions import SolveError
from critmin.optimize.candidates import candidate_measures, resolve
from critmin.optimize.explain import (
    PICK_COLUMNS,
    benefit,
    by_good,
    pick_rows,
)
from critmin.optimize.futures import sample_futures
from critmin.optimize.measures import scenario_measures
from critmin.optimize.plan import Plan, PlanError, resolve_plan
from critmin.optimize.result import (
    SELECTED_TOL,
    PortfolioResult,
    by_scenario_table,
    fmt_partner,
    measure_table,
    partner_costs,
    solution_frame,
    target_total,
    weighted_shortfall,
)
from critmin.optimize.stack import Stacked, stack_model

logger = logging.getLogger(__name__)

def _run(h: Any, m_: Stacked, plan: Plan) -> Solution:
    h.setOptionValue("time_limit", float(plan.solver.time_limit_s))
    h.setOptionValue("mip_rel_gap", float(plan.solver.mip_rel_gap))
    return hs.run(h, duals=False, mip=any(m_.lp.integer))


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
                 coalition: Sequence[str] | None = None, futures: int | None = None,
                 seed: int = 0) -> None:
        self.plan = resolve_plan(plan)
        if coalition is not None:
            self.plan = self.plan.model_copy(update={"coalition": list(coalition)})
        self.ds = ds
        self.partners = resolve(ds, self.plan.coalition, "coalition")
        t = time.perf_counter()
        self.measures, self.excluded = candidate_measures(ds, self.plan, self.partners)
        self.sampling: dict[str, Any] = {}
        datasets = None
        if futures is not None:  # sample-average approximation over drawn futures
            f = sample_futures(ds, self.plan, futures, seed)
            self.plan, datasets = f.plan, f.datasets
            self.sampling = {"futures": f.n, "seed": f.seed, "sampled": f.sampled,
                             "exact": f.exact, "blocks": len(f.plan.scenarios)}
        self.model = stack_model(ds, self.plan, self.measures, self.partners, datasets)
        self.build_s = time.perf_counter() - t
        self.highs = hs.load(self.model.lp.arrays())
        self._before: np.ndarray | None = None
        self.last_x: np.ndarray | None = None
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

    def before(self) -> np.ndarray:
        """The solution with no measure (the columns' values)."""
        if self._before is None:
            self._set_measures_off(True)
            self._set_target(False)
            sol = _run(self.highs, self.model, self.plan)
            self._set_measures_off(False)
            self._set_target(True)
            if not sol.has_solution:
                msg = "with no measure: " + self._explain(sol, self.plan.budget.coalition_musd)
                raise SolveError(msg)
            self._before = np.asarray(sol.col_value)
        return self._before

    def _amounts(self, x: np.ndarray) -> list[float]:
        out = []
        for meas, j in zip(self.measures, self.model.measure_cols, strict=True):
            v = float(x[j]) if abs(float(x[j])) >= SELECTED_TOL else 0.0
            out.append(float(round(v)) if meas.integer else v)
        return out

    def _fixed(self, amounts: list[float]) -> Any:
        """Solve with every measure fixed at ``amounts`` (no shortfall target)."""
        for j, v in zip(self.model.measure_cols, amounts, strict=True):
            self.highs.changeColBounds(j, v, v)
        self._set_target(False)
        try:
            return _run(self.highs, self.model, self.plan)
        finally:
            self._set_measures_off(False)
            self._set_target(True)

    def _objective(self, x: np.ndarray) -> float:
        """The plan's objective at ``x`` (priority-weighted shortfall and weighted cost)."""
        return float(np.asarray(self.model.lp.cost) @ x)

    def _pick(self, i: int, amounts: list[float], x: np.ndarray,
              base: pd.DataFrame) -> tuple[list[dict[str, Any]], np.ndarray | None]:
        """Rows explaining pick ``i`` and, if the plan's objective is no worse without it
        (within the solver's gap), the solution without it."""
        meas = self.measures[i]
        sol = self._fixed([0.0 if k == i else a for k, a in enumerate(amounts)])
        cost = amounts[i] * meas.unit_cost_musd
        by = fmt_partner({k: cost * sh for k, sh in meas.shares.items()})
        if not sol.has_solution:
            return [{**dict.fromkeys(PICK_COLUMNS, None), "measure_id": meas.measure_id,
                     "type": meas.type, "cost_musd": cost, "cost_by_partner": by,
                     "why": f"not explained: re-solve without it: {sol.status}"}], None
        alt = np.asarray(sol.col_value)
        rows = pick_rows(meas.measure_id, meas.type, cost, by, base,
                         solution_frame(self.model, alt), np.asarray(self.model.probabilities),
                         set(self.partners), self.partners)
        obj = self._objective(x)
        tol = float(self.plan.solver.mip_rel_gap) * abs(obj) + 1e-6
        target = self.plan.objective.shortfall_target_t
        meets = self.plan.objective.kind != "min_cost" or \
            target_total(self.model, alt) <= float(target or 0.0) + 1e-6
        return rows, (alt if meets and self._objective(alt) <= obj + tol else None)

    def _picks(self, x: np.ndarray) -> tuple[np.ndarray, pd.DataFrame, list[dict[str, Any]]]:
        """Explain every pick of ``x`` by re-solving without it, others fixed; drop the
        picks without which the plan's objective is no worse (they only cost), one at a
        time, and explain again."""
        pruned: list[dict[str, Any]] = []
        while True:
            amounts = self._amounts(x)
            base = solution_frame(self.model, x)
            rows: list[dict[str, Any]] = []
            drop: tuple[int, np.ndarray, list[dict[str, Any]]] | None = None
            for i, v in enumerate(amounts):
                if v > 0:
                    got, alt = self._pick(i, amounts, x, base)
                    rows += got
                    if alt is not None and drop is None:
                        drop = (i, alt, got)
            if drop is None:
                return x, pd.DataFrame(rows, columns=PICK_COLUMNS), pruned
            i, alt, got = drop
            meas = self.measures[i]
            what = ("it avoids no shortfall of any good in any scenario given the rest" if
                    got[0]["why"] else "what it avoids given the rest (" + ", ".join(
                        f"{r['coalition_avoided_t']:,.1f} t of {r['good']} for the coalition"
                        for r in got) + ") is worth less than its cost by the plan's own "
                    "objective")
            pruned.append({"measure_id": meas.measure_id, "type": meas.type,
                           "cost_musd": amounts[i] * meas.unit_cost_musd,
                           "why": f"in the MILP's optimum within its gap, but {what}: "
                                  "dropped"})
            x = alt

    def solve(self, budget_musd: float | None = None, *, explain: bool = True) -> PortfolioResult:
        """Solve at ``budget_musd`` (default: the plan's coalition budget).

        ``explain``: also say what each pick avoids given the rest (one re-solve per pick)
        and drop picks that avoid nothing; the frontier's points skip it.

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
        x0 = self.before()
        self._set_budget(budget)
        sol = _run(self.highs, self.model, self.plan)
        if not sol.has_solution:
            raise SolveError(self._explain(sol, budget))
        x = np.asarray(sol.col_value)
        self.last_x = x
        picks, pruned = None, []
        if explain:
            x, picks, pruned = self._picks(x)
        m_ = self.model
        probs = np.asarray(m_.probabilities)
        members = set(self.partners)
        fb, fa = solution_frame(m_, x0), solution_frame(m_, x)
        table = measure_table(self.measures, x, m_)
        solver = {"status": str(sol.status), "mip_gap": sol.mip_gap, "time_s": sol.time_s,
                  "objective": sol.objective,
                  "build_s": self.build_s, **self.size,
                  **({"sampling": self.sampling} if self.sampling else {})}
        p = self.plan
        return PortfolioResult(
            plan=p.name, coalition=list(self.partners), table=table,
            by_good=by_good(fb, fa, probs, members),
            benefit=benefit(fb, fa, probs, self.partners),
            cost_musd=float(table["cost_musd"].sum()),
            cost_by_partner=partner_costs(self.measures, x, m_, self.partners),
            by_scenario=by_scenario_table(fb, fa, probs, m_.scenario_names, members),
            excluded=self.excluded, solver=solver, budget_musd=budget,
            objective=p.objective.kind, assumptions=dict(p.assumptions),
            measures=scenario_measures(self.measures, table["amount"].tolist(), p),
            warnings=list(dict.fromkeys(m_.warnings)), picks=picks, pruned=pruned,
            objective_before=weighted_shortfall(m_, x0), objective_after=weighted_shortfall(m_, x))

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
        r_model = PortfolioModel(self.ds, alt)
        try:
            r = r_model.solve(budget, explain=False)
        except SolveError:
            return ""
        m_ = r_model.model
        total = target_total(m_, r_model.last_x)
        return (f": the lowest expected shortfall any affordable portfolio reaches is "
                f"{total:,.6g} t as the target counts it (every good's tonnes together; for "
                f"{r.cost_musd:,.6g} MUSD; {target_total(m_, r_model.before()):,.6g} t "
                "with no measure)")

    def frontier(self, budgets: Sequence[float]) -> pd.DataFrame:
        """The portfolio at each budget (coalition budget varied; partner budgets kept as
        in the plan).

        Returns
        -------
        DataFrame
            ``budget_musd, cost_musd, objective`` (expected priority-weighted shortfall, the
            optimiser's measure), ``marginal_per_musd`` (objective bought by each MUSD
            from the previous budget), ``limit`` (``budget`` when the portfolio spends it;
            else what stops more spending buying more: the menu, lead times or upstream
            supply), ``selected, entered, left, status, mip_gap, time_s`` and one
            ``coalition_t[stage/material]`` column per good (expected t; tonnes of
            different goods are never added).
        """
        rows = []
        prev: set[str] = set()
        last: tuple[float, float] | None = None
        for b in sorted(float(v) for v in budgets):
            try:
                r = self.solve(b, explain=False)
            except SolveError as exc:
                rows.append({"budget_musd": b, "cost_musd": math.nan, "objective": math.nan,
                             "marginal_per_musd": math.nan, "limit": "",
                             "selected": "", "entered": "", "left": "",
                             "status": str(exc).split(":")[0], "mip_gap": math.inf,
                             "time_s": 0.0})
                continue
            sel = list(r.selected["measure_id"])
            marginal = math.nan
            if last is not None and b > last[0]:
                marginal = (last[1] - r.objective_after) / (b - last[0])
            spent = r.cost_musd >= b * (1 - 1e-3) - 1e-6
            row = {"budget_musd": b, "cost_musd": r.cost_musd, "objective": r.objective_after,
                   "marginal_per_musd": marginal,
                   "limit": "budget" if spent else "menu, lead times or upstream supply",
                   "selected": ";".join(sel),
                   "entered": ";".join(s for s in sel if s not in prev),
                   "left": ";".join(sorted(prev - set(sel))),
                   "status": r.solver["status"], "mip_gap": r.solver["mip_gap"],
                   "time_s": r.solver["time_s"]}
            for g in r.by_good.itertuples():
                row[f"coalition_t[{g.good}]"] = g.coalition_expected_t_after
            rows.append(row)
            prev, last = set(sel), (b, r.objective_after)
        return pd.DataFrame(rows)


def optimize_portfolio(ds: Dataset, plan: Plan | str | os.PathLike[str] | None = None, *,
                       budget_musd: float | None = None,
                       frontier: Sequence[float] | None = None,
                       coalition: Sequence[str] | None = None,
                       futures: int | None = None, seed: int = 0) -> PortfolioResult:
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
    futures, seed : int, optional
        Optimise over ``futures`` futures sampled from the plan's uncertain scenarios with
        ``seed`` (sample-average approximation, :mod:`critmin.optimize.futures`); the
        solver's ``sampling`` entry says how they were drawn.

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
    model = PortfolioModel(ds, plan, coalition=coalition, futures=futures, seed=seed)
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
