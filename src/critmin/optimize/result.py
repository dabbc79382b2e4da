"""The result of a portfolio solve and how it is read from a solution.

:class:`PortfolioResult` holds the portfolio, what it costs and who pays, and per good what
it avoids and for whom (tonnes of different goods are never added); the helpers read those
tables from a solution of the stacked MILP (:mod:`critmin.optimize.stack`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from critmin.core.jsonio import json_safe, records
from critmin.optimize.candidates import Measure
from critmin.optimize.explain import shortfall_frame
from critmin.optimize.stack import Stacked

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
    by_good : DataFrame
        Per good (``stage/material``; tonnes of different goods are never added):
        ``expected_t_before, expected_t_after, avoided_t`` (world) and the coalition's
        ``coalition_expected_t_before, coalition_expected_t_after, coalition_avoided_t``,
        probability-weighted over the plan's scenarios, t over the horizon.
    benefit : DataFrame
        Who benefits: per partner and good, the expected shortfall of its own demand
        before and after, and ``avoided_t``.
    picks : DataFrame or None
        Why each pick is in the portfolio: per pick and good, the shortfall it avoids
        given the rest of the portfolio (expected, coalition, P95 over the scenarios),
        coalition t per MUSD, each partner's cost and benefit
        (see :mod:`critmin.optimize.explain`). None for the points of a frontier.
    evaluation : DataFrame or None
        Out of sample (``critmin optimize --evaluate M``): per good, doing nothing and
        the portfolio on fresh futures — in-sample vs out-of-sample expected shortfall
        with its 95 % interval, P95, CVaR95 (:mod:`critmin.optimize.evaluate`).
    pruned : list of dict
        Picks of the MILP's optimum that avoided nothing given the rest (within the
        solver's tolerance), dropped with the cost they would have wasted.
    cost_musd : float
        Cost of the portfolio (MUSD); ``cost_by_partner`` splits it.
    by_scenario : DataFrame
        ``scenario, probability, good, shortfall_t_before, shortfall_t_after,
        coalition_shortfall_t_before, coalition_shortfall_t_after``.
    frontier : DataFrame or None
        ``budget_musd, cost_musd, objective, marginal_per_musd, limit, selected, entered,
        left, status, mip_gap, time_s`` and, per good, the coalition's expected shortfall
        ``coalition_t[stage/material]``.
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
    by_good: pd.DataFrame
    benefit: pd.DataFrame
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
    picks: pd.DataFrame | None = None
    pruned: list[dict[str, Any]] = field(default_factory=list)
    objective_before: float = math.nan
    objective_after: float = math.nan
    evaluation: pd.DataFrame | None = None

    def __repr__(self) -> str:
        goods = "; ".join(f"{g.good} {g.coalition_expected_t_before:,.0f} → "
                          f"{g.coalition_expected_t_after:,.0f} t"
                          for g in self.by_good.itertuples())
        return (f"<PortfolioResult {self.plan!r} ({'+'.join(sorted(self.coalition))}): "
                f"{len(self.selected)} measures, {self.cost_musd:,.0f} of "
                f"{self.budget_musd:,.0f} MUSD; coalition's expected shortfall "
                f"{goods or 'none'}>")

    def to_excel(self, path: Any) -> Any:
        """Write every table of the result (portfolio, picks, per good, who benefits, by
        scenario, frontier, left out, summary) to one xlsx file, atomically."""
        from pathlib import Path

        from critmin.core.files import atomic_file

        sheets = {"summary": self.summary_frame(), "portfolio": self.table,
                  "picks": self.picks, "by good": self.by_good, "who benefits": self.benefit,
                  "by scenario": self.by_scenario, "frontier": self.frontier,
                  "out of sample": self.evaluation,
                  "left out": self.excluded}
        with atomic_file(path) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as xw:
            for name, df in sheets.items():
                if df is not None:
                    df.to_excel(xw, sheet_name=name, index=False)
        return Path(path)

    def expected_t(self, good: str | None = None, *, after: bool = True,
                   coalition: bool = False) -> float:
        """Expected shortfall of ``good`` (``stage/material``; may be left out when one good
        is short) over the horizon, t: with the portfolio (``after``) or with no measure,
        for the world or the ``coalition``. 0 for a good never short."""
        col = ("coalition_" if coalition else "") + ("expected_t_after" if after
                                                     else "expected_t_before")
        g = self.by_good
        if good is None:
            if len(g) > 1:
                msg = f"several goods are short ({', '.join(g['good'])}): name one"
                raise ValueError(msg)
            return float(g[col].iloc[0]) if len(g) else 0.0
        row = g[g["good"] == good]
        return float(row[col].iloc[0]) if len(row) else 0.0

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
                 *((f"coalition expected shortfall of {r.good} (t): before → after",
                    f"{r.coalition_expected_t_before:,.0f} → {r.coalition_expected_t_after:,.0f}")
                   for r in self.by_good.itertuples()),
                 ("priority-weighted shortfall (the optimiser's measure): before → after",
                  f"{self.objective_before:,.6g} → {self.objective_after:,.6g}"),
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
            "by_good": recs(self.by_good), "benefit": recs(self.benefit),
            "picks": recs(self.picks), "pruned": self.pruned,
            "evaluation": recs(self.evaluation),
            "objective_before": self.objective_before,
            "objective_after": self.objective_after,
            "cost_musd": self.cost_musd, "cost_by_partner": self.cost_by_partner,
            "by_scenario": recs(self.by_scenario), "frontier": recs(self.frontier),
            "excluded": recs(self.excluded), "solver": self.solver,
            "assumptions": self.assumptions, "measures": self.measures,
            "warnings": self.warnings,
        })


def solution_frame(m_: Stacked, x: np.ndarray) -> pd.DataFrame:
    """``scenario, good, country, t`` of the solution ``x``."""
    return shortfall_frame(m_.shortfall_col, m_.shortfall_scenario, m_.shortfall_good,
                           m_.shortfall_country, x)


def weighted_shortfall(m_: Stacked, x: np.ndarray) -> float:
    """Expected priority-weighted shortfall of ``x`` (the optimiser's measure, in
    priority-weighted t: not a tonnage)."""
    v = np.maximum(0.0, x[np.asarray(m_.shortfall_col, dtype=np.int64)])
    p = np.asarray(m_.probabilities)[np.asarray(m_.shortfall_scenario, dtype=np.int64)]
    return float(v @ (p * np.asarray(m_.shortfall_weight)))


def target_total(m_: Stacked, x: np.ndarray | None) -> float:
    """The expected shortfall as a ``min_cost`` plan's ``shortfall_target_t`` counts it:
    every good's tonnes together (the plan's own measure, not an output of critmin)."""
    if x is None:
        return math.nan
    v = np.maximum(0.0, x[np.asarray(m_.shortfall_col, dtype=np.int64)])
    return float(v @ np.asarray(m_.probabilities)[np.asarray(m_.shortfall_scenario,
                                                              dtype=np.int64)])


def by_scenario_table(fb: pd.DataFrame, fa: pd.DataFrame, probs: np.ndarray,
                      names: list[str], members: set[str]) -> pd.DataFrame:
    """Per scenario and good: shortfall (t) with no measure and with the portfolio."""
    def agg(df: pd.DataFrame, mine: bool) -> pd.Series:
        d = df[df["country"].isin(members)] if mine else df
        return d.groupby(["scenario", "good"])["t"].sum()

    t = pd.DataFrame({"shortfall_t_before": agg(fb, False), "shortfall_t_after": agg(fa, False),
                      "coalition_shortfall_t_before": agg(fb, True),
                      "coalition_shortfall_t_after": agg(fa, True)}).fillna(0.0)
    t = t[(t > 1e-6).any(axis=1)].reset_index()
    t.insert(1, "probability", probs[t["scenario"].to_numpy(dtype=np.int64)])
    t["scenario"] = [names[i] for i in t["scenario"]]
    return t


def fmt_partner(costs: dict[str, float]) -> str:
    return "; ".join(f"{k}: {v:.6g}" for k, v in costs.items() if abs(v) > 0)


def measure_table(measures: list[Measure], x: np.ndarray | None,
                  m_: Stacked) -> pd.DataFrame:
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
            "cost_by_partner": fmt_partner(by),
            "country": meas.country or ";".join(meas.countries),
            "stage": meas.good[0], "material": meas.good[1],
            "capacity_t": meas.capacity_t if meas.type == "facility" else math.nan,
            "start_year": meas.start_year, "cost_source": meas.cost_source})
    df = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    df["selected"] = df["selected"].astype(bool)
    for c in ("amount", "cost_musd", "capacity_t", "start_year"):
        df[c] = df[c].astype(float)
    return df


def partner_costs(measures: list[Measure], x: np.ndarray, m_: Stacked,
                   partners: list[str]) -> dict[str, float]:
    out = dict.fromkeys(partners, 0.0)
    for meas, j in zip(measures, m_.measure_cols, strict=True):
        v = float(x[j]) if abs(float(x[j])) >= SELECTED_TOL else 0.0
        for k, sh in meas.shares.items():
            out[k] = out.get(k, 0.0) + v * meas.unit_cost_musd * sh
    return out
