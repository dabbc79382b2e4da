"""What a run page shows for each kind of run: charts (each with its source line), tables
(each downloadable) and summary rows. Thin: every number comes from the stored result."""

from __future__ import annotations

from typing import Any

import pandas as pd

from critmin.api.render import Table, chart, run_source
from critmin.core.formatting import format_number
from critmin.ensemble.summary import distribution_frame
from critmin.report import charts
from critmin.report import dashboard_charts as dc
from critmin.scenarios.io import scenario_from_dict
from critmin.simulate.summary import goods_frame, stocks_frame

View = tuple[list[str], list[Table], list[tuple[str, str]]]


def summary_rows(result: dict[str, Any]) -> list[tuple[str, str]]:
    """The scalar entries of a result's summary, numbers made readable."""
    out = []
    for k, v in (result.get("summary") or {}).items():
        if isinstance(v, float):
            v = format_number(v)
        elif isinstance(v, dict | list):
            continue
        out.append((k, str(v)))
    return out


def result_tables(result: dict[str, Any]) -> dict[str, pd.DataFrame]:
    return {k: pd.DataFrame(result.get(k) or []) for k in ("shortfall", "stocks", "prices")}


def simulate_view(run: dict[str, Any]) -> View:
    result, src = run["result"], run_source(run)
    scenario = scenario_from_dict(run["request"]["scenario"])
    t = result_tables(result)
    figures = [chart(fig, div, src)
               for div, fig in charts.shortfall_figures(t["shortfall"], scenario.coalition)]
    figures += [chart(charts.stocks_figure(t["stocks"]), "stocks-chart", src),
                chart(charts.prices_figure(t["prices"]), "prices-chart", src)]
    s = result.get("summary") or {}
    tables = [Table("Per good over the horizon (t of each good, never added across goods)",
                    goods_frame(s), slug="per-good")]
    stocks = stocks_frame(s)
    if not stocks.empty:
        tables.append(Table("Stockpiles and inventories: months of cover", stocks,
                            slug="stocks"))
    sf = t["shortfall"]
    if not sf.empty:
        by = (sf.groupby(["country", "sector", "stage", "material"], as_index=False)
              [["demand_t", "supplied_t", "shortfall_t"]].sum()
              .sort_values("shortfall_t", ascending=False))
        tables.append(Table("Shortfall over the horizon (t)", by[by["shortfall_t"] > 0],
                            slug="shortfall"))
    return figures, tables, summary_rows(result)


def ensemble_view(run: dict[str, Any]) -> View:
    result, src = run["result"], run_source(run)
    s = result["summary"]
    figures = [
        chart(dc.ensemble_distribution_figure(s, result.get("shortfall_by_draw_t")),
              "distribution-chart", src),
        chart(dc.ensemble_risk_figure(s), "risk-chart", src),
        chart(dc.sensitivity_figure(result.get("sensitivity") or []), "sensitivity-chart",
              src),
    ]
    summary = [("futures", str(result["runs"])), ("seed", str(result["seed"])),
               ("probability that any good runs short",
                format_number(s.get("prob_any_shortfall", float("nan")))),
               ("runs per second", format_number(result["throughput_runs_per_s"]))]
    tables = [Table("Distribution over the futures (t per good, never added across goods)",
                    distribution_frame(s), slug="distribution"),
              Table("Sensitivity", pd.DataFrame(result["sensitivity"]), slug="sensitivity")]
    return figures, tables, summary


def optimize_view(run: dict[str, Any]) -> View:
    result, src = run["result"], run_source(run)
    figures = [
        chart(dc.portfolio_figure(result.get("picks") or []), "portfolio-chart", src),
        chart(dc.partners_figure(result.get("cost_by_partner") or {},
                                 result.get("benefit") or []), "partners-chart", src),
        chart(dc.frontier_figure(result.get("frontier")), "frontier-chart", src),
    ]
    sv = result["solver"]
    summary = [("cost (MUSD)", format_number(result["cost_musd"])),
               *((f"paid by {k} (MUSD)", format_number(v))
                 for k, v in (result.get("cost_by_partner") or {}).items()),
               ("solver", f"{sv['status']}, MIP gap {sv['mip_gap']:.3g}, "
                          f"{sv['time_s']:.2f} s")]
    port = pd.DataFrame(result["portfolio"] or [])
    tables = [Table("Portfolio", port[port["selected"]] if "selected" in port else port),
              Table("Why each pick (expected t it avoids given the rest)",
                    pd.DataFrame(result.get("picks") or []), slug="picks"),
              Table("Expected shortfall per good (t over the horizon; never added across "
                    "goods)", pd.DataFrame(result.get("by_good") or []), slug="by-good"),
              Table("Who benefits (each partner's own demand)",
                    pd.DataFrame(result.get("benefit") or []), slug="benefit")]
    if result.get("frontier"):
        tables.append(Table("Budget frontier", pd.DataFrame(result["frontier"]),
                            slug="frontier"))
    tables.append(Table("Assumptions of the plan", pd.DataFrame(
        list(result["assumptions"].items()), columns=["assumption", "text"]),
        slug="assumptions"))
    return figures, tables, summary


VIEWS = {"simulate": simulate_view, "ensemble": ensemble_view, "optimize": optimize_view}


def run_view(run: dict[str, Any]) -> View:
    """Charts, tables and summary of a finished run (nothing while it is not done)."""
    if run["status"] != "done" or not run.get("result"):
        return [], [], []
    return VIEWS[run["kind"]](run)
