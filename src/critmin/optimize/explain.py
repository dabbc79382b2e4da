"""What a portfolio buys, per good and per partner, and why each pick is in it.

Tonnes of different goods are never added. A solution's shortfall is read per scenario ×
good (``stage/material``) × country (:func:`shortfall_frame`); from it:

* :func:`by_good` — expected shortfall of each good with no measure and with the
  portfolio, for the world and for the coalition;
* :func:`benefit` — per partner and good, the expected shortfall of its **own** demand
  avoided (who benefits), next to what it pays (who pays);
* :func:`pick_rows` — per pick, the shortfall it avoids *given the rest of the portfolio*
  (the portfolio re-solved with that pick removed and every other decision fixed): the
  expected tonnes per good, the probability-weighted P95 over the plan's scenarios, tonnes
  per MUSD, and each partner's benefit. The picks' marginal values need not add up to the
  portfolio's total (picks can substitute for or complement each other).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

TOL_T = 0.5  # t: below this a pick "avoids nothing" of a good over the plan's horizon


def shortfall_frame(cols: Sequence[int], scenario: Sequence[int], good: Sequence[str],
                    country: Sequence[str], x: np.ndarray) -> pd.DataFrame:
    """``scenario, good, country, t``: the solution ``x``'s shortfall summed over periods
    and sectors (t)."""
    v = np.maximum(0.0, x[np.asarray(cols, dtype=np.int64)])
    df = pd.DataFrame({"scenario": np.asarray(scenario, dtype=np.int64),
                       "good": np.asarray(good, dtype=object),
                       "country": np.asarray(country, dtype=object), "t": v})
    return df.groupby(["scenario", "good", "country"], as_index=False)["t"].sum()


def _expected(df: pd.DataFrame, probs: np.ndarray, keys: list[str]) -> pd.Series:
    w = df["t"] * probs[df["scenario"].to_numpy()]
    return w.groupby([df[k] for k in keys]).sum()


def by_good(before: pd.DataFrame, after: pd.DataFrame, probs: np.ndarray,
            members: set[str]) -> pd.DataFrame:
    """Per good: expected shortfall (t over the horizon) with no measure and with the
    portfolio, for the world and the coalition, and what the portfolio avoids.

    >>> b = pd.DataFrame({"scenario": [0, 1], "good": ["magnet/NdFeB"] * 2,
    ...                   "country": ["USA", "USA"], "t": [100.0, 300.0]})
    >>> a = b.assign(t=[40.0, 100.0])
    >>> r = by_good(b, a, np.array([0.5, 0.5]), {"USA"}).iloc[0]
    >>> float(r["expected_t_before"]), float(r["expected_t_after"]), float(r["coalition_avoided_t"])
    (200.0, 70.0, 130.0)
    """
    out = pd.DataFrame({"expected_t_before": _expected(before, probs, ["good"]),
                        "expected_t_after": _expected(after, probs, ["good"])}).fillna(0.0)
    mine_b = before[before["country"].isin(members)]
    mine_a = after[after["country"].isin(members)]
    out["avoided_t"] = out["expected_t_before"] - out["expected_t_after"]
    out["coalition_expected_t_before"] = _expected(mine_b, probs, ["good"])
    out["coalition_expected_t_after"] = _expected(mine_a, probs, ["good"])
    out = out.fillna(0.0)
    out["coalition_avoided_t"] = (out["coalition_expected_t_before"]
                                  - out["coalition_expected_t_after"])
    out = out[(out[["expected_t_before", "expected_t_after"]] > 1e-6).any(axis=1)]
    return out.rename_axis("good").reset_index()


def benefit(before: pd.DataFrame, after: pd.DataFrame, probs: np.ndarray,
            partners: Sequence[str]) -> pd.DataFrame:
    """Per partner and good: the expected shortfall of the partner's own demand with no
    measure and with the portfolio, and the part avoided (t)."""
    rows = []
    for k in partners:
        b = _expected(before[before["country"] == k], probs, ["good"])
        a = _expected(after[after["country"] == k], probs, ["good"])
        for g in sorted(set(b.index) | set(a.index)):
            tb, ta = float(b.get(g, 0.0)), float(a.get(g, 0.0))
            if tb > 1e-6 or ta > 1e-6:
                rows.append({"partner": k, "good": g, "expected_t_before": tb,
                             "expected_t_after": ta, "avoided_t": tb - ta})
    return pd.DataFrame(rows, columns=["partner", "good", "expected_t_before",
                                       "expected_t_after", "avoided_t"])


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The smallest value whose cumulative probability reaches ``q`` (the plan's scenarios
    are discrete, so P95 is one scenario's value).

    >>> weighted_quantile(np.array([0.0, 10.0, 50.0]), np.array([0.4, 0.5, 0.1]), 0.95)
    50.0
    >>> weighted_quantile(np.array([0.0, 10.0, 50.0]), np.array([0.4, 0.5, 0.1]), 0.5)
    10.0
    """
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order]) / weights.sum()
    return float(values[order][np.searchsorted(cum, q - 1e-12)])


def pick_rows(measure_id: str, kind: str, cost_musd: float, cost_by_partner: str,
              with_all: pd.DataFrame, without_it: pd.DataFrame, probs: np.ndarray,
              members: set[str], partners: Sequence[str]) -> list[dict]:
    """The rows explaining one pick: per good it changes, what it avoids given the rest
    of the portfolio (``without_it`` is the solution with the pick removed)."""
    keys = ["scenario", "good", "country"]
    diff = (without_it.set_index(keys)["t"].sub(with_all.set_index(keys)["t"], fill_value=0.0)
            .rename("t").reset_index())
    n = len(probs)
    rows = []
    for g, d in diff.groupby("good"):
        world = d.groupby("scenario")["t"].sum().reindex(range(n), fill_value=0.0)
        mine = (d[d["country"].isin(members)].groupby("scenario")["t"].sum()
                .reindex(range(n), fill_value=0.0))
        exp_w, exp_c = float(probs @ world.to_numpy()), float(probs @ mine.to_numpy())
        if abs(exp_w) < TOL_T and abs(exp_c) < TOL_T and world.abs().max() < TOL_T:
            continue
        by_p = {k: float(probs @ d[d["country"] == k].groupby("scenario")["t"].sum()
                         .reindex(range(n), fill_value=0.0).to_numpy()) for k in partners}
        rows.append({
            "measure_id": measure_id, "type": kind, "cost_musd": cost_musd,
            "cost_by_partner": cost_by_partner, "good": g,
            "expected_avoided_t": exp_w, "coalition_avoided_t": exp_c,
            "p95_coalition_avoided_t": weighted_quantile(mine.to_numpy(), probs, 0.95),
            "coalition_t_per_musd": exp_c / cost_musd if cost_musd > 0 else math.inf,
            "benefit_by_partner": "; ".join(f"{k}: {v:,.1f} t" for k, v in by_p.items()),
            "why": ""})
    if not rows:
        rows.append({
            "measure_id": measure_id, "type": kind, "cost_musd": cost_musd,
            "cost_by_partner": cost_by_partner, "good": "", "expected_avoided_t": 0.0,
            "coalition_avoided_t": 0.0, "p95_coalition_avoided_t": 0.0,
            "coalition_t_per_musd": 0.0, "benefit_by_partner": "",
            "why": (f"avoids less than {TOL_T:g} t of any good in every scenario given the "
                    "rest of the portfolio")})
    return rows


PICK_COLUMNS = ["measure_id", "type", "cost_musd", "cost_by_partner", "good",
                "expected_avoided_t", "coalition_avoided_t", "p95_coalition_avoided_t",
                "coalition_t_per_musd", "benefit_by_partner", "why"]


def sentences(result: object) -> list[str]:
    """Plain sentences for a :class:`~critmin.optimize.portfolio.PortfolioResult`: what
    it costs and who pays, per good what it avoids and for whom, each pick's tonnes per
    MUSD, and the picks dropped because they avoided nothing."""
    r = result
    pays = ", ".join(f"{k} {v:,.0f}" for k, v in r.cost_by_partner.items() if v > 0)
    out = [f"The portfolio costs {r.cost_musd:,.0f} MUSD of the {r.budget_musd:,.0f} MUSD "
           f"budget ({pays or 'nobody pays'})."]
    for g in r.by_good.itertuples():
        if g.coalition_expected_t_before <= 1e-6:
            continue
        share = g.coalition_avoided_t / g.coalition_expected_t_before
        who = r.benefit[r.benefit["good"] == g.good]
        gains = ", ".join(f"{b.partner} {b.avoided_t:,.0f} t" for b in who.itertuples())
        out.append(f"{g.good}: the coalition's expected shortfall falls from "
                   f"{g.coalition_expected_t_before:,.0f} t to "
                   f"{g.coalition_expected_t_after:,.0f} t over the horizon ({share:.0%} "
                   f"avoided; own demand: {gains or 'none'}).")
    if r.picks is not None:
        for p in r.picks.itertuples():
            if p.why:
                out.append(f"{p.measure_id} ({p.cost_musd:,.0f} MUSD): {p.why}.")
                continue
            out.append(f"{p.measure_id} ({p.cost_musd:,.0f} MUSD; pays {p.cost_by_partner}) "
                       f"avoids {p.coalition_avoided_t:,.0f} t of {p.good} for the coalition "
                       f"given the rest ({p.coalition_t_per_musd:,.1f} t per MUSD; P95 over "
                       f"the scenarios {p.p95_coalition_avoided_t:,.0f} t; benefits "
                       f"{p.benefit_by_partner}).")
    for p in r.pruned:
        out.append(f"Not picked: {p['measure_id']} ({p['cost_musd']:,.0f} MUSD) — {p['why']}.")
    sampling = r.solver.get("sampling")
    if sampling:
        drawn = ", ".join(f"{k} {v}" for k, v in sampling["sampled"].items())
        out.append(f"Optimised over {sampling['futures']} sampled futures (seed "
                   f"{sampling['seed']}: {drawn}) and the plan's {len(sampling['exact'])} "
                   "scenarios without uncertainty, each once with its probability.")
    ev = getattr(r, "evaluation", None)
    if ev is not None and len(ev):
        for e in ev[ev["arm"] == "portfolio"].itertuples():
            out.append(f"Out of sample ({e.futures} fresh futures), {e.good}: "
                       f"{e.out_of_sample_mean_t:,.0f} ± {e.ci95_t:,.0f} t expected with the "
                       f"portfolio against {e.in_sample_mean_t:,.0f} t in sample; P95 "
                       f"{e.p95_t:,.0f} t, CVaR95 {e.cvar95_t:,.0f} t.")
    return out
