"""Distributions and sensitivity of an ensemble's results.

Statistics of a quantity ``x`` over the runs (each run equally likely):

* ``mean``; ``p5``, ``p50``, ``p95`` — percentiles (linear interpolation);
* ``prob_any`` — share of runs with ``x > 10⁻⁶`` (the probability of any shortfall);
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


def good_table(runs: pd.DataFrame, shortfall: pd.DataFrame,
               column: str = "shortfall_t") -> pd.DataFrame:
    """Draw × good (``stage/material``) table of the coalition's ``column`` (t), every
    draw of ``runs`` present (0 where a draw has no row)."""
    if shortfall.empty:
        return pd.DataFrame(index=runs["draw"])
    key = shortfall["stage"].astype(str) + "/" + shortfall["material"].astype(str)
    return (shortfall.assign(good=key)
            .pivot_table(index="draw", columns="good", values=column, aggfunc="sum")
            .reindex(runs["draw"]).fillna(0.0))


def summarise(runs: pd.DataFrame, shortfall: pd.DataFrame) -> dict[str, Any]:
    """Distribution of the coalition's shortfall **per good** (t; never added across
    goods), per good and sector, the largest share of a good's demand left short
    (``worst_share``), the probability that any good runs short, and the months of cover
    of the coalition's stockpiles.

    Per good: ``mean, p5, p50, p95, prob_any, cvar95`` (t), ``p50_if_any`` (the median
    over the runs where it runs short: "if the ban happens"), and ``share_p95`` (P95 of
    the share of the coalition's demand of the good)."""
    n = len(runs)
    out: dict[str, Any] = {"runs": n, "worst_share": stats(runs["worst_share"]),
                           "prob_any_shortfall": float((runs["goods_short"] > 0).mean())
                           if n else float("nan")}
    short, dem = good_table(runs, shortfall), good_table(runs, shortfall, "demand_t")
    goods: dict[str, Any] = {}
    for c in short.columns:
        x = short[c]
        if x.abs().sum() <= 0:
            continue
        hit = x[x > TOL]
        share = (x / dem[c]).where(dem[c] > TOL, 0.0)
        goods[str(c)] = {**stats(x), "p50_if_any": float(hit.median()) if len(hit) else 0.0,
                         "share_p95": float(np.percentile(share, 95))}
    out["shortfall_by_good_t"] = goods
    by_sector: dict[str, dict[str, Any]] = {}
    if not shortfall.empty:
        key = shortfall["stage"].astype(str) + "/" + shortfall["material"].astype(str)
        table = (shortfall.assign(good=key)
                 .pivot_table(index="draw", columns=["good", "sector"], values="shortfall_t",
                              aggfunc="sum").reindex(runs["draw"]).fillna(0.0))
        for (g, sec) in table.columns:
            if table[(g, sec)].abs().sum() > 0:
                by_sector.setdefault(str(g), {})[str(sec)] = stats(table[(g, sec)])
    out["shortfall_by_good_sector_t"] = by_sector
    cover = runs["months_of_cover"].dropna()
    out["months_of_cover"] = {**stats(cover), "runs_with_stock_drawn": int(cover.size)}
    return out


def sensitivity(spec: Uncertainty, runs: pd.DataFrame,
                output: str = "worst_share") -> list[dict[str, Any]]:
    """Per parameter: RBD-FAST first-order index and Spearman rank correlation with
    ``output`` (a column of ``runs``; by default the largest share of a good's demand
    left short), most influential first."""
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


def distribution_frame(summary: dict[str, Any]) -> pd.DataFrame:
    """Display rows of an ensemble summary: the worst share of demand short, then per good
    its tonnes (and per sector), then the months of cover; never a cross-good total."""
    keys = ("mean", "p5", "p50", "p95", "prob_any", "cvar95")
    rows = [{"quantity": "largest share of a good's demand short (%)",
             **{k: (100 * v if k != "prob_any" else v)
                for k, v in summary["worst_share"].items() if k in keys}}]
    for good, v in summary.get("shortfall_by_good_t", {}).items():
        rows.append({"quantity": f"{good} short (t)", **{k: v[k] for k in keys}})
        for sec, w in summary.get("shortfall_by_good_sector_t", {}).get(good, {}).items():
            rows.append({"quantity": f"  {sec} (t)", **{k: w[k] for k in keys}})
    cover = summary.get("months_of_cover", {})
    if cover.get("runs_with_stock_drawn"):
        rows.append({"quantity": "months of cover of stockpiles drawn",
                     **{k: cover[k] for k in keys}})
    return pd.DataFrame(rows, columns=["quantity", *keys])
