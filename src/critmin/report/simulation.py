"""The report of a simulation: the scenario in full, its results as charts and tables, and
every source its numbers came from. Used by ``critmin report`` and the dashboard."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from critmin.core.jsonio import dumps
from critmin.report import charts, static
from critmin.report.html import Section, render_html, report_folder

if TYPE_CHECKING:
    from critmin.data import Dataset
    from critmin.scenarios import Scenario

#: Dataset tables the simulation reads; their cited sources form the appendix.
MODEL_TABLES = ("capacity", "trade", "recipes", "demand", "stockpiles", "facilities",
                "policies", "prices", "countries", "materials")


def sources_used(ds: Dataset, scenario_sources: list[str] | None = None,
                 tables: tuple[str, ...] = MODEL_TABLES) -> pd.DataFrame:
    """Sources cited by ``tables`` of ``ds`` and by the scenario, with the rows citing each."""
    counts: dict[str, int] = {}
    for name in tables:
        df = ds.table(name)
        for col in ("source_id", "capacity_source_id"):
            if col in df.columns:
                for v in df[col]:
                    if v:
                        counts[v] = counts.get(v, 0) + 1
    for s in scenario_sources or []:
        counts.setdefault(s, 0)
    src = ds.sources[ds.sources["source_id"].isin(counts)].copy()
    src["rows_citing"] = src["source_id"].map(counts)
    cols = [c for c in ("source_id", "kind", "title", "publisher", "year", "url", "note",
                        "rows_citing") if c in src.columns]
    return src[cols].reset_index(drop=True)


def _summary_table(summary: dict[str, Any]) -> pd.DataFrame:
    rows = [(k, v if not isinstance(v, float) else round(v, 6)) for k, v in summary.items()
            if not isinstance(v, dict | list)]
    return pd.DataFrame(rows, columns=["item", "value"]).astype({"value": str})


def simulation_sections(result: Any, scenario: Scenario, ds: Dataset) -> list[Section]:
    """Sections of a simulation report (``result`` is a :class:`SimulationResult`)."""
    from critmin.scenarios import dump_scenario
    from critmin.simulate.summary import goods_frame, headline, stocks_frame

    sf = result.shortfall
    by = (sf.groupby(["country", "sector", "stage", "material"], as_index=False)
          [["demand_t", "supplied_t", "shortfall_t"]].sum()
          .sort_values("shortfall_t", ascending=False))
    by = by[by["shortfall_t"] > 0]
    return [
        Section("Summary", _summary_table(result.summary),
                note=" ".join(headline(result.summary))),
        Section("Per good over the horizon", goods_frame(result.summary),
                note="Tonnes of each good (stage/material), never added across goods; "
                     "share and months of that good's demand."),
        Section("Stockpiles and inventories", stocks_frame(result.summary)
                if result.summary.get("stocks") else None,
                note="Cover: opening stock ÷ the holder's average monthly demand of the "
                     "good; lasted: months from the first draw until empty (or the end of "
                     "the horizon)." if result.summary.get("stocks") else
                "The scenario draws no stockpile or inventory."),
        Section("Shortfall over time", note="Unmet demand in tonnes per period, by member "
                "and sector (coalition members only), one chart per good short.",
                figures=charts.shortfall_figures(sf, scenario.coalition)),
        Section("Shortfall over the horizon, by country, sector and material",
                by if not by.empty else None, note="" if not by.empty else "No shortfall."),
        Section("Stock levels", figures=[("stocks-chart", charts.stocks_figure(result.stocks))]),
        Section("Prices", note="Price per market (each controlling country's own, the rest "
                "of the world): base-year USD/kg from prices.csv, raised by the market's "
                "shortfall and the demand elasticity; inputs carry the scarcity rent of what "
                "they are made into, in proportion to their shadow price (docs/model.md). "
                "Without a base price the line is the index p/p0.",
                figures=[("prices-chart", charts.prices_figure(result.prices))]),
        Section("Scenario and its assumptions", extra_html=f"<pre>{_esc(dump_scenario(scenario))}"
                                                             "</pre>"),
        Section("Sources", sources_used(ds, list(scenario.sources)),
                note="Every source cited by the dataset tables the model read, and those "
                     "the scenario names."),
    ]


def _esc(text: str) -> str:
    import html

    return html.escape(text)


def write_simulation_report(result: Any, scenario: Scenario, ds: Dataset,
                            out_dir: str | Path) -> Path:
    """Write ``report.html`` (self-contained), PNG figures, the tables and ``summary.json``
    to ``out_dir`` atomically."""
    page = render_html(f"critmin simulation — {scenario.name}",
                       simulation_sections(result, scenario, ds),
                       subtitle=f"dataset {ds.name} v{ds.version}; {len(result.periods)} "
                                f"periods, {scenario.allocation} allocation")
    with report_folder(out_dir, page) as (tmp, figs):
        static.shortfall_png(result.shortfall, figs / "shortfall.png", scenario.coalition)
        if not result.stocks.empty:
            stocks = result.stocks.assign(key=result.stocks["country"] + " "
                                          + result.stocks["material"])
            static.lines_png(stocks, "period", "closing_t", "key", figs / "stocks.png",
                             "Stock levels", "closing stock (t)")
        pr = result.prices
        static.lines_png(pr.assign(key=pr["material"] + " (" + pr["stage"] + ")"
                                   + (", " + pr["market"] if "market" in pr else "")),
                         "period", "price_index", "key", figs / "prices.png",
                         "Scarcity price index", "p/p0")
        for name in ("shortfall", "production", "flows", "stocks", "prices"):
            getattr(result, name).to_csv(tmp / f"{name}.csv", index=False)
        (tmp / "summary.json").write_text(dumps(result.summary)
                                          + "\n", encoding="utf-8")
    return Path(out_dir)
