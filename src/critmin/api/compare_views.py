"""What the comparison of two finished runs of the same kind shows: for each run a title,
summary rows and a chart; and one table of both runs' numbers side by side with the
difference (per good, never added across goods)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from critmin.api.render import chart, run_source
from critmin.api.run_views import result_tables, summary_rows
from critmin.core.formatting import format_number
from critmin.report import charts
from critmin.report import dashboard_charts as dc
from critmin.scenarios.io import scenario_from_dict

#: Per kind: the title of the side-by-side table.
TITLES = {
    "simulate": "Shortfall by good, member and sector (t over the horizon)",
    "ensemble": "Coalition shortfall per good over the futures (t over the horizon)",
    "optimize": "Expected coalition shortfall per good, without and with the portfolio (t)",
}


def _simulate(run: dict[str, Any]) -> tuple[dict[str, Any], pd.Series]:
    t = result_tables(run["result"])
    sc = scenario_from_dict(run["request"]["scenario"])
    side = {"name": sc.name, "summary": summary_rows(run["result"]),
            "figure": chart(charts.shortfall_figure(t["shortfall"], sc.coalition),
                            f"shortfall-{run['id']}", run_source(run))}
    sf = t["shortfall"]
    values = (sf.assign(good=sf["stage"] + "/" + sf["material"])
              .groupby(["good", "country", "sector"])["shortfall_t"].sum()
              if not sf.empty else pd.Series(dtype=float))
    return side, values


def _ensemble(run: dict[str, Any]) -> tuple[dict[str, Any], pd.Series]:
    r = run["result"]
    s = r["summary"]
    side = {"name": run["request"]["scenario"]["name"],
            "summary": [("futures", str(r["runs"])), ("seed", str(r["seed"])),
                        ("probability that any good runs short",
                         format_number(s.get("prob_any_shortfall", float("nan"))))],
            "figure": chart(dc.ensemble_risk_figure(s), f"risk-{run['id']}", run_source(run))}
    rows = {(g, k): v[k] for g, v in (s.get("shortfall_by_good_t") or {}).items()
            for k in ("mean", "p50", "p95", "cvar95")}
    return side, pd.Series(rows, dtype=float).rename_axis(["good", "statistic"])


def _optimize(run: dict[str, Any]) -> tuple[dict[str, Any], pd.Series]:
    r = run["result"]
    side = {"name": f"plan {r.get('plan', '')}",
            "summary": [("cost (MUSD)", format_number(r["cost_musd"])),
                        *((f"paid by {k} (MUSD)", format_number(v))
                          for k, v in (r.get("cost_by_partner") or {}).items())],
            "figure": chart(dc.partners_figure(r.get("cost_by_partner") or {},
                                               r.get("benefit") or []),
                            f"partners-{run['id']}", run_source(run))}
    rows = {}
    for g in r.get("by_good") or []:
        rows[(g["good"], "before")] = g["coalition_expected_t_before"]
        rows[(g["good"], "after")] = g["coalition_expected_t_after"]
        rows[(g["good"], "avoided")] = g["coalition_avoided_t"]
    return side, pd.Series(rows, dtype=float).rename_axis(["good", "quantity"])


SIDES = {"simulate": _simulate, "ensemble": _ensemble, "optimize": _optimize}


def compare_runs(a: dict[str, Any], b: dict[str, Any]) -> tuple[list[dict], pd.DataFrame]:
    """Both sides and the side-by-side table (rows where either run has a number)."""
    sides, values = [], []
    for run in (a, b):
        side, v = SIDES[run["kind"]](run)
        sides.append({"run": run, **side})
        values.append(v)
    diff = pd.concat(values, axis=1, keys=[f"{a['id']} (t)", f"{b['id']} (t)"]).fillna(0.0)
    diff["difference (t)"] = diff.iloc[:, 1] - diff.iloc[:, 0]
    diff = diff[(diff.iloc[:, :2].abs() > 0).any(axis=1)].reset_index()
    return sides, diff
