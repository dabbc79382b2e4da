"""Distributions and sensitivity of an ensemble's results.

Statistics of a quantity ``x`` over the runs (each run equally likely):

* ``mean``; ``p5``, ``p50``, ``p95`` — percentiles (linear interpolation);
* ``prob_any`` — share of runs with ``x > 10⁻⁶`` t (the probability of any shortfall);
* ``cvar95`` — conditional value at risk: the mean of the worst 5% of runs (the
  ``⌈0.05·N⌉`` largest values), i.e. the expected shortfall in a 1-in-20 bad future.

Sensitivity: first-order indices from RBD-FAST (SALib ``rbd_fast``; Tarantola et al. 2006,
Plischke 2010), which work with any sample of the inputs, so Latin hypercube, Sobol and
random ensembles are all analysed alike; and Spearman rank correlations as a check that
needs no assumption. A parameter that does not vary (degenerate distribution) gets no index.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from critmin.scenarios.uncertainty import Uncertainty

TOL = 1e-6


def stats(x: np.ndarray | pd.Series) -> dict[str, float]:
    """``mean, p5, p50, p95, prob_any, cvar95`` of ``x``."""
    a = np.asarray(x, dtype=float)
    if a.size == 0:
        return {k: float("nan") for k in ("mean", "p5", "p50", "p95", "prob_any", "cvar95")}
    k = max(1, math.ceil(0.05 * a.size))
    worst = np.sort(a)[-k:]
    return {"mean": float(a.mean()), "p5": float(np.percentile(a, 5)),
            "p50": float(np.percentile(a, 50)), "p95": float(np.percentile(a, 95)),
            "prob_any": float((a > TOL).mean()), "cvar95": float(worst.mean())}


def summarise(runs: pd.DataFrame, shortfall: pd.DataFrame) -> dict[str, Any]:
    """Distribution of the coalition's shortfall (total, by material, by sector) and of the
    months of cover of its stockpiles."""
    n = len(runs)
    out: dict[str, Any] = {"runs": n,
                           "coalition_shortfall_t": stats(runs["coalition_shortfall_t"])}
    for key in ("material", "sector"):
        table = (shortfall.pivot_table(index="draw", columns=key, values="shortfall_t",
                                       aggfunc="sum")
                 .reindex(runs["draw"]).fillna(0.0)) if not shortfall.empty else pd.DataFrame()
        out[f"shortfall_by_{key}_t"] = {str(c): stats(table[c]) for c in table.columns
                                        if table[c].abs().sum() > 0}
    cover = runs["months_of_cover"].dropna()
    out["months_of_cover"] = {**stats(cover), "runs_with_stock_drawn": int(cover.size)}
    return out


def sensitivity(spec: Uncertainty, runs: pd.DataFrame,
                output: str = "coalition_shortfall_t") -> list[dict[str, Any]]:
    """Per parameter: RBD-FAST first-order index and Spearman rank correlation with
    ``output``, most influential first."""
    from SALib.analyze import rbd_fast

    y = runs[output].to_numpy(dtype=float)
    varied = [p for p in spec.parameters if runs[p.name].nunique() > 1]
    rows = []
    s1: dict[str, float] = {}
    if varied and len(runs) >= 10 and np.ptp(y) > 0:
        problem = {"num_vars": len(varied), "names": [p.name for p in varied],
                   "bounds": [[float(runs[p.name].min()), float(runs[p.name].max())]
                              for p in varied]}
        x = runs[[p.name for p in varied]].to_numpy(dtype=float)
        m = max(1, min(10, len(runs) // 20))
        with warnings.catch_warnings():  # a flat harmonic gives 0/0: reported as no index
            warnings.simplefilter("ignore", RuntimeWarning)
            res = rbd_fast.analyze(problem, x, y, M=m, print_to_console=False, seed=0)
        s1 = {n: float(v) for n, v in zip(res["names"], res["S1"], strict=True)
              if np.isfinite(v)}
    for p in spec.parameters:
        rho = float("nan")
        if p.name in s1 or (runs[p.name].nunique() > 1 and np.ptp(y) > 0):
            rho = float(spearmanr(runs[p.name], y).statistic)
        rows.append({"parameter": p.name, "kind": p.kind, "s1_rbd_fast": s1.get(p.name),
                     "spearman": None if math.isnan(rho) else rho})
    rows.sort(key=lambda r: -(abs(r["s1_rbd_fast"]) if r["s1_rbd_fast"] is not None else -1))
    return rows
