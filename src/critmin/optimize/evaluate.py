"""Out-of-sample proof of a portfolio: the chosen measures and doing nothing, on fresh
futures of the plan, through the ensemble engine.

Every scenario of the plan is run over the plan's horizon, yearly, with its priorities
(as in the optimisation). A scenario with an uncertainty block gets a share of the ``m``
futures in proportion to its probability (:func:`critmin.optimize.futures.allocate`),
drawn with a seed of its own and run by :func:`critmin.ensemble.run_ensemble` once
without and once with the portfolio (same draws); a scenario without one is simulated
once per arm. Per good (tonnes of different goods are never added) and arm: the
coalition's expected shortfall over the futures (each future weighted ``p / k``), its 95 %
confidence interval (stratified: ``1.96 √(Σ p² s² / k)``), the probability-weighted P95
and CVaR95 — next to the in-sample expectation the optimisation reported.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from critmin.data import Dataset
from critmin.optimize.explain import weighted_quantile
from critmin.optimize.futures import SEED_STRIDE, allocate
from critmin.optimize.plan import Plan

EVAL_COLUMNS = ["good", "arm", "in_sample_mean_t", "out_of_sample_mean_t", "ci95_t",
                "p95_t", "cvar95_t", "futures"]


def cvar(values: np.ndarray, weights: np.ndarray, alpha: float = 0.95) -> float:
    """Mean of the worst ``1 − alpha`` of the probability mass.

    >>> round(cvar(np.array([0.0, 10.0, 100.0]), np.array([0.9, 0.06, 0.04])), 6)
    82.0
    """
    order = np.argsort(values)[::-1]
    v, w = values[order], weights[order] / weights.sum()
    tail = 1.0 - alpha
    take = np.minimum(w, np.maximum(0.0, tail - (np.cumsum(w) - w)))
    return float((v * take).sum() / tail)


def _scenario(ds: Dataset, plan: Plan, i: int) -> Any:
    from critmin.optimize.stack import load_ref
    from critmin.scenarios.definitions import Horizon

    ref = plan.scenarios[i]
    sc = load_ref(ref, ds, i)
    upd: dict[str, Any] = {"horizon": Horizon(start=str(plan.horizon.start),
                                              end=str(plan.horizon.end), step="year"),
                           "coalition": list(plan.coalition)}
    if plan.priorities:
        upd["priorities"] = {**sc.priorities, **plan.priorities}
    return sc.model_copy(update=upd)


def _delayed(measures: list[dict[str, Any]], years: float) -> list[dict[str, Any]]:
    """The portfolio's investments ``years`` later (a plan scenario's ``delay_years``)."""
    from critmin.scenarios.periods import month_label, period_start

    if not years:
        return measures
    return [{**m, "start": month_label(period_start(m["start"]) + round(12 * years))}
            if m.get("type") == "invest" and m.get("start") else m for m in measures]


def _arm_samples(ds: Dataset, sc: Any, k: int, seed: int, **kwargs: Any) -> pd.DataFrame:
    """Draw × good table of the coalition's shortfall (t) over ``k`` futures of ``sc``
    (one row if it has no uncertainty block)."""
    from critmin.ensemble import run_ensemble
    from critmin.ensemble.summary import good_table
    from critmin.simulate import simulate

    if sc.uncertainty is None:
        goods = simulate(ds, sc).summary["goods"]
        return pd.DataFrame([{g: v["coalition_shortfall_t"] for g, v in goods.items()}])
    res = run_ensemble(ds, sc, k, seed, check=False, **kwargs)
    return good_table(res.runs, res.shortfall).reset_index(drop=True)


def evaluate_portfolio(ds: Dataset, plan: Plan, result: Any, m: int, seed: int,
                       **kwargs: Any) -> pd.DataFrame:
    """The portfolio of ``result`` and doing nothing on ``m`` fresh futures of ``plan``
    (``seed``: use another seed than the optimisation's); ``kwargs`` go to
    :func:`critmin.ensemble.run_ensemble` (``workers``, ``scheduler``). Columns
    :data:`EVAL_COLUMNS`, one row per good × arm."""
    from critmin.model.network import build_network
    from critmin.optimize.measures import with_portfolio

    scenarios = [_scenario(ds, plan, i) for i in range(len(plan.scenarios))]
    uncertain = [i for i, sc in enumerate(scenarios) if sc.uncertainty is not None]
    counts = dict(zip(uncertain, allocate(m, [plan.scenarios[i].probability
                                              for i in uncertain]), strict=True)) \
        if uncertain else {}
    arms: dict[str, list[tuple[float, pd.DataFrame]]] = {"do nothing": [], "portfolio": []}
    for i, sc in enumerate(scenarios):
        ref, k = plan.scenarios[i], counts.get(i, 1)
        held = {(c, st, mat): q for (c, (st, mat)), q in
                build_network(ds, sc.demand_outlook).stock_held.items()}
        with_p = with_portfolio(sc, _delayed(result.measures, ref.delay_years), held)
        s = seed + SEED_STRIDE * i
        arms["do nothing"].append((ref.probability, _arm_samples(ds, sc, k, s, **kwargs)))
        arms["portfolio"].append((ref.probability, _arm_samples(ds, with_p, k, s, **kwargs)))
    inside = result.by_good.set_index("good")
    short = {g for _, parts in arms.items() for _, t in parts for g in t.columns
             if (t[g] > 1e-6).any()}
    rows = []
    for arm, parts in arms.items():
        col = "coalition_expected_t_before" if arm == "do nothing" else \
            "coalition_expected_t_after"
        goods = sorted(short)
        for g in goods:
            vals, wts, var = [], [], 0.0
            for p, table in parts:
                x = table[g].to_numpy(dtype=float) if g in table.columns else \
                    np.zeros(len(table))
                vals.append(x)
                wts.append(np.full(len(x), p / len(x)))
                if len(x) > 1:
                    var += p * p * float(np.var(x, ddof=1)) / len(x)
            v, w = np.concatenate(vals), np.concatenate(wts)
            rows.append({"good": g, "arm": arm,
                         "in_sample_mean_t": float(inside[col].get(g, 0.0))
                         if len(inside) else 0.0,
                         "out_of_sample_mean_t": float(v @ w / w.sum()),
                         "ci95_t": 1.96 * math.sqrt(var),
                         "p95_t": weighted_quantile(v, w, 0.95), "cvar95_t": cvar(v, w),
                         "futures": len(v)})
    return pd.DataFrame(rows, columns=EVAL_COLUMNS)
