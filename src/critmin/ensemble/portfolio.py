"""A plan's portfolio over thousands of futures: the same draws with and without it.

:func:`run_portfolio_ensemble` solves the plan (``critmin optimize``), adds the chosen
measures to the scenario (:func:`critmin.optimize.measures.with_portfolio`) and runs the
scenario's ensemble twice with the same seed, so every future is met once without and
once with the portfolio; the per-future difference is the shortfall the portfolio avoids.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from critmin.data import Dataset
from critmin.ensemble.apply import check_spec
from critmin.ensemble.run import EnsembleResult, run_ensemble
from critmin.ensemble.summary import good_table, stats
from critmin.exceptions import ScenarioError
from critmin.scenarios import Scenario


@dataclass
class PortfolioEnsemble:
    """An ensemble without and with a plan's portfolio.

    Attributes
    ----------
    plan : name of the plan.
    measures : the portfolio as scenario measures.
    cost_musd : its cost.
    without, with_portfolio : the two ensembles (same draws).
    avoided : per good (``stage/material``): ``mean, p5, p50, p95`` of the coalition's
        shortfall of it avoided per future (t), ``prob_worse`` (share of futures where the
        portfolio leaves more of it short, e.g. a stock bought where it is not needed) and
        ``prob_better``. Tonnes of different goods are never added.
    """

    plan: str
    measures: list[dict[str, Any]]
    cost_musd: float
    without: EnsembleResult
    with_portfolio: EnsembleResult
    avoided: dict[str, float]

    def __repr__(self) -> str:
        goods = "; ".join(f"{g} mean {a['mean']:,.0f} t avoided, better in "
                          f"{a['prob_better']:.0%}" for g, a in self.avoided.items())
        return (f"<PortfolioEnsemble {self.plan!r}: {len(self.measures)} measures, "
                f"{self.cost_musd:,.0f} MUSD, {len(self.without.runs)} futures; "
                f"{goods or 'nothing avoided'}>")

    def table(self) -> pd.DataFrame:
        """``good, quantity, mean, p5, p50, p95, prob_any`` rows per good: the coalition's
        shortfall of it without and with the portfolio, and what it avoids (t per
        future)."""
        w = self.without.summary["shortfall_by_good_t"]
        p = self.with_portfolio.summary["shortfall_by_good_t"]
        keys = ("mean", "p5", "p50", "p95", "prob_any")
        zero = dict.fromkeys(keys, 0.0)
        rows = []
        for good, a in self.avoided.items():
            rows += [{"good": good, "quantity": "shortfall without the portfolio (t)",
                      **{k: w.get(good, zero)[k] for k in keys}},
                     {"good": good, "quantity": "shortfall with the portfolio (t)",
                      **{k: p.get(good, zero)[k] for k in keys}},
                     {"good": good, "quantity": "shortfall avoided (t)",
                      **{k: a[k] for k in keys[:4]}, "prob_any": a["prob_better"]}]
        return pd.DataFrame(rows, columns=["good", "quantity", *keys])

    def to_dict(self) -> dict[str, Any]:
        return {"plan": self.plan, "measures": self.measures, "cost_musd": self.cost_musd,
                "summary_without": self.without.summary,
                "summary_with_portfolio": self.with_portfolio.summary,
                "coalition_shortfall_avoided_t_by_good": self.avoided}


def run_portfolio_ensemble(ds: Dataset, scenario: Scenario, plan: Any, runs: int, seed: int,
                           *, budget_musd: float | None = None,
                           out: str | os.PathLike[str] | None = None,
                           **kwargs: Any) -> PortfolioEnsemble:
    """Run ``scenario``'s ensemble without and with the portfolio ``plan`` recommends.

    ``plan``: a Plan, a bundled plan name or a path (see :func:`critmin.optimize.
    optimize_portfolio`), or an already solved
    :class:`~critmin.optimize.portfolio.PortfolioResult`; ``budget_musd`` replaces the
    plan's coalition budget. ``out``: the
    two ensembles go to ``out/without`` and ``out/with-portfolio``. Other keyword
    arguments go to :func:`run_ensemble` (``workers``, ``scheduler``, ``resume``,
    ``progress``, which counts the runs of both ensembles).
    """
    from critmin.model.network import build_network
    from critmin.optimize import optimize_portfolio
    from critmin.optimize.measures import with_portfolio
    from critmin.optimize.portfolio import PortfolioResult

    if scenario.uncertainty is None:
        msg = f"scenario {scenario.name!r} has no 'uncertainty' block to sample from"
        raise ScenarioError(msg)
    result = plan if isinstance(plan, PortfolioResult) else optimize_portfolio(
        ds, plan, budget_musd=budget_musd)
    held = {(k, st, m): q for (k, (st, m)), q in
            build_network(ds, scenario.demand_outlook).stock_held.items()}
    sc_with = with_portfolio(scenario, result.measures, held)
    # delays may name facilities the portfolio builds, or candidates it left out (no-ops)
    candidates = frozenset(result.table.loc[result.table["type"] == "facility", "measure_id"])
    check_spec(scenario.uncertainty, sc_with, ds, optional=candidates)
    base = Path(out) if out is not None else None
    progress = kwargs.pop("progress", None)

    def part(offset: int):  # one progress count over both ensembles
        return None if progress is None else (lambda d, n: progress(offset + d, 2 * n))

    without = run_ensemble(ds, scenario, runs, seed, check=False, progress=part(0),
                           out=None if base is None else base / "without", **kwargs)
    with_p = run_ensemble(ds, sc_with, runs, seed, check=False, progress=part(runs),
                          out=None if base is None else base / "with-portfolio", **kwargs)
    a = good_table(without.runs, without.shortfall)
    b = good_table(without.runs, with_p.shortfall)
    avoided: dict[str, dict[str, float]] = {}
    for good in sorted(set(a.columns) | set(b.columns)):
        before = a[good] if good in a.columns else 0.0 * a.index.to_series()
        after = b[good] if good in b.columns else 0.0 * a.index.to_series()
        diff = (before - after).to_numpy(dtype=float)
        if not (abs(before).sum() > 0 or abs(after).sum() > 0):
            continue
        s = stats(diff)
        avoided[good] = {**{k: s[k] for k in ("mean", "p5", "p50", "p95")},
                         "prob_better": float((diff > 1e-6).mean()),
                         "prob_worse": float((diff < -1e-6).mean())}
    return PortfolioEnsemble(plan=result.plan, measures=result.measures,
                             cost_musd=result.cost_musd, without=without,
                             with_portfolio=with_p, avoided=avoided)


__all__ = ["PortfolioEnsemble", "run_portfolio_ensemble"]
