"""The assessment of a coalition as tables, and its report.

:class:`Assessment` holds what ``critmin assess`` gathers (:func:`critmin.app.assess.
assess`); :func:`write_report` writes it as a self-contained HTML report with PNG figures,
one CSV per table and ``summary.json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from critmin.core.jsonio import dumps, records
from critmin.data import Dataset
from critmin.optimize.explain import sentences
from critmin.report import charts, static
from critmin.report.findings import findings
from critmin.report.html import Section, render_html, report_folder

#: Bundled scenario whose uncertainty block the assessment's ensemble samples.
ENSEMBLE_SCENARIO = "heavy-ree-ban-24m"


@dataclass
class Assessment:
    """Tables of an assessment, each a tidy DataFrame, plus notes on what was not run and
    warnings on the data gaps that touch its answers."""

    coalition: list[str]
    year: int | None
    dataset: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    sources: pd.DataFrame | None = None
    portfolio: Any = None
    ensemble: Any = None

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"coalition": self.coalition, "year": self.year,
                               "dataset": self.dataset, "findings": findings(self),
                               "tables": {k: len(v) for k, v in self.tables.items()},
                               "notes": self.notes, "warnings": self.warnings}
        if self.portfolio is not None:
            p = self.portfolio
            out["portfolio"] = {"cost_musd": p.cost_musd,
                                "cost_by_partner": p.cost_by_partner,
                                "by_good": records(p.by_good), "benefit": records(p.benefit),
                                "pruned": p.pruned, "solver": p.solver}
        if self.ensemble is not None:
            out["ensemble"] = {"scenario": ENSEMBLE_SCENARIO,
                               "runs": len(self.ensemble.without.runs),
                               "coalition_shortfall_avoided_t_by_good": self.ensemble.avoided}
        return out


def write_report(result: Assessment, ds: Dataset, out_dir: str | Path) -> Path:
    """Write ``report.html`` (self-contained), PNG figures, one CSV per table and
    ``summary.json`` atomically to ``out_dir``."""
    order = list(ds.stages.sort_values("order")["stage"])
    t = result.tables
    sections = [*_data_sections(result, ds, order), *_stocks_section(result),
                *_response_sections(result)]
    if result.warnings:
        sections.insert(0, Section(
            "Read first: data gaps that touch these answers",
            pd.DataFrame({"warning": result.warnings}),
            note="Where the data has no demand or no recorded origin, a zero shortfall or a "
                 "pale cell is no answer (critmin data coverage shows the gaps)."))
    sections.insert(0, _findings_section(result))
    sections += [Section(f"Not run: {k}", note=v) for k, v in result.notes.items()]
    if result.sources is not None:
        cols = [c for c in ("source_id", "kind", "title", "publisher", "year", "url", "note")
                if c in result.sources.columns]
        sections.append(Section("Sources", result.sources[cols],
                                note="Every source a number of this dataset comes from."))
    page = render_html(f"critmin assessment — {', '.join(result.coalition)}", sections,
                       subtitle=f"dataset {result.dataset}, year {result.year}")
    with report_folder(out_dir, page) as (tmp, figs):
        if not t["exposure"].empty:
            static.heatmap_png(t["exposure"], "bottleneck_share", figs / "exposure.png", order,
                               "Largest single-country share up the chain (traced)",
                               unknown="unknown_share")
        static.heatmap_png(t["concentration"], "top1_share", figs / "concentration.png", order,
                           "Largest producer's share of world production")
        for k, df in t.items():
            df.to_csv(tmp / f"{k}.csv", index=False)
        (tmp / "summary.json").write_text(dumps(result.summary()) + "\n", encoding="utf-8")
    return Path(out_dir)


def _findings_section(result: Assessment) -> Section:
    """The findings, as the report's first section."""
    import html

    items = "".join(f"<li>{html.escape(s)}</li>" for s in findings(result))
    return Section("Findings", note="Generated from the results below; tonnes are never "
                   "added across materials except where a sentence says so.",
                   extra_html=f"<ul class='findings'>{items}</ul>")


def _data_sections(result: Assessment, ds: Dataset, order: list[str]) -> list[Section]:
    """Coverage, concentration, exposure, scorecard and the key materials' chains."""
    t = result.tables
    conc, exp = t["concentration"], t["exposure"]
    out = [Section("What the data covers", t["coverage"],
                   note="Capacity and production rows by stage and material; sums over "
                        "countries in the latest year (blanks are not counted as zero)."),
           Section("Concentration by material and stage", conc,
                   note="Share of world production of the largest producer (top-1), of the "
                        "three largest, HHI (0-10,000) and governance-weighted HHI (0-10); "
                        "docs/metrics.md.",
                   figures=[("concentration-chart", charts.grouped_bars_figure(
                       conc, "material", "top1_share", "stage",
                       "Largest producer's share of world production, by stage", order))]),
           Section(f"Exposure of {', '.join(result.coalition)} (worst first)", exp,
                   note="bottleneck = the largest share of the coalition's supply held by one "
                        "non-member country at any stage up the chain, traced through trade "
                        "and recipes.",
                   figures=[("exposure-heatmap", charts.heatmap_figure(
                       exp, "bottleneck_share",
                       "Largest single-country share up the chain (traced)", order,
                       hover="bottleneck_origin",
                       unknown="unknown_share"))]),
           Section("CRMA 2030 benchmarks as a coalition scorecard", t["scorecard"])]
    for material in _key_materials(ds):
        links = charts.chain_links(ds.capacity, ds.trade, ds.demand, ds.recipes, material,
                                   result.year or 0)
        if not links.empty:
            out.append(Section(f"The {material} chain, {result.year}", figures=[
                (f"sankey-{material}", charts.sankey_figure(
                    links, f"{material}: from mines to end uses (t; each stage in its unit)"))]))
    return out


def _stocks_section(result: Assessment) -> list[Section]:
    """NdFeB in use and at end of life, and each member's secondary-supply potential."""
    t = result.tables
    if "stocks" not in t:
        return []
    return [Section(
        "NdFeB magnets in use and at end of life (stocks MFA)", t["stocks"],
        note="t of magnets: in use at the end of the year, reaching end of life, recyclable "
             "(collected and separated magnets, the feed a recycling plant can take) and "
             "recycled, at today's sourced rates; blank or partial where a sector has no "
             "sourced collection rate (wind, industrial, other). XWL is the world. "
             "docs/stocks.md.",
        figures=[("stocks-chart", charts.lines_figure(
            t["stocks_world"], "year", "stock_t", "application",
            "World NdFeB in use by application (t)", "t in use")),
            *_stocks_sankey(t)])]


def _stocks_sankey(t: dict[str, Any]) -> list[tuple[str, Any]]:
    """The world's NdFeB flows of the first stocks year as a Sankey (t of magnets)."""
    links = t.get("stocks_sankey")
    if links is None or links.empty:
        return []
    return [("stocks-sankey", charts.sankey_figure(
        links.rename(columns={"value_t": "value"}),
        f"World NdFeB flows in {int(links['year'].iloc[0])}: into use, end of life, collected, "
        "separated, recycled and lost (t of magnets)"))]


def _response_sections(result: Assessment) -> list[Section]:
    """The shocks, the recommended portfolio and the portfolio over uncertain futures."""
    t, out = result.tables, []
    if "shocks_by_member" in t:
        out.append(Section(
            "Bundled shock scenarios: added shortfall by member and sector", t["shocks_by_member"],
            note="Shortfall caused by each scenario over its horizon (t), net of the baseline's "
                 "shortfall over the same horizon."))
    st = t.get("shock_stocks")
    if st is not None and "shocks" in t:
        out.append(Section(
            "Stocks drawn in the shocks: how long they last", st if not st.empty else None,
            note="Per member stockpile or private inventory a shock draws: opening stock, "
                 "released t, cover (opening ÷ the holder's average monthly demand) and the "
                 "months from the first draw until it ran out (or the end of the horizon)."
            if not st.empty else "No bundled shock draws a stockpile or inventory of the "
                                 "coalition (the data gives no releasable holdings)."))
    if result.portfolio is not None:
        p = result.portfolio
        out.append(Section(
            "Recommended joint portfolio", t["portfolio"],
            note=" ".join(sentences(p)) + " Solver "
                 f"{p.solver.get('status', '')}, MIP gap {p.solver.get('mip_gap', 0.0):.2g}. "
                 "Probabilities and budgets are the bundled plan's assumptions "
                 "(docs/optimize.md)."))
    if result.ensemble is not None:
        e = result.ensemble
        out.append(Section(
            f"The portfolio over {len(e.without.runs)} uncertain futures of {ENSEMBLE_SCENARIO}",
            t["ensemble"],
            note="The same futures (whether the ban comes, when, how long, how tight: the "
                 "scenario's uncertainty block, whose distributions are assumptions) without "
                 "and with the recommended portfolio, per good; prob_any of each 'avoided' row "
                 "is the share of futures in which the portfolio helps; it does worse in "
                 + (", ".join(f"{a['prob_worse']:.0%} of them for {g}"
                              for g, a in e.avoided.items()) or "none of them")
                 + ". docs/ensemble.md.",
            figures=_ensemble_histograms(e)))
    return out


def _ensemble_histograms(e: Any) -> list[tuple[str, Any]]:
    """Per good short in the futures (the two largest), its coalition shortfall per future
    without and with the portfolio."""
    from critmin.ensemble.summary import good_table

    a = good_table(e.without.runs, e.without.shortfall)
    b = good_table(e.without.runs, e.with_portfolio.shortfall)
    goods = [g for g in a.sum().sort_values(ascending=False).index if a[g].max() > 0][:2]
    return [(f"ensemble-histogram-{i}" if i else "ensemble-histogram",
             charts.paired_histogram_figure(
                 a[g], b[g] if g in b.columns else 0.0 * a[g],
                 ("without the portfolio", "with the portfolio"),
                 f"Coalition shortfall of {g} per future", f"{g} short (t per future)"))
            for i, g in enumerate(goods)]


def _key_materials(ds: Dataset) -> list[str]:
    """Materials whose chain reaches the magnet stage, or the first two with mining data."""
    rec = ds.recipes
    magnet_inputs = sorted(set(rec.loc[rec["stage"] == "magnet", "input_material"]))
    mats = [m for m in ("NdPr", "Nd", "Dy") if m in magnet_inputs] or magnet_inputs[:2]
    return mats[:2]
