"""The main job: assess a coalition on a dataset.

:func:`assess` gathers, for a coalition (default the United States and Japan), what every
layer of critmin says — the data's coverage, the concentration of every material at every
stage, the coalition's exposure (traced upstream) and its CRMA-style scorecard, the bundled
shock scenarios run against it, and the recommended joint portfolio — into an
:class:`Assessment` of tidy tables. ``critmin assess`` prints it and writes the report.
It ends with the recommended portfolio over uncertain futures of a bundled scenario.
This module orchestrates; the maths lives in the layers it calls.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from critmin.core.files import atomic_directory
from critmin.core.jsonio import dumps
from critmin.data import Dataset

logger = logging.getLogger(__name__)

DEFAULT_COALITION = ("USA", "JPN")
#: Bundled scenario whose uncertainty block the assessment's ensemble samples.
ENSEMBLE_SCENARIO = "heavy-ree-ban-24m"
Progress = Callable[[str, int, int], None]


@dataclass
class Assessment:
    """Tables of an assessment, each a tidy DataFrame, plus notes on what was not run."""

    coalition: list[str]
    year: int | None
    dataset: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    sources: pd.DataFrame | None = None
    portfolio: Any = None
    ensemble: Any = None

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"coalition": self.coalition, "year": self.year,
                               "dataset": self.dataset,
                               "tables": {k: len(v) for k, v in self.tables.items()},
                               "notes": self.notes}
        if self.portfolio is not None:
            p = self.portfolio
            out["portfolio"] = {"cost_musd": p.cost_musd,
                                "expected_shortfall_t_before": p.expected_shortfall_t_before,
                                "expected_shortfall_t_after": p.expected_shortfall_t_after,
                                "solver": p.solver}
        if self.ensemble is not None:
            out["ensemble"] = {"scenario": ENSEMBLE_SCENARIO,
                               "runs": len(self.ensemble.without.runs),
                               "coalition_shortfall_avoided_t": self.ensemble.avoided}
        return out


def shock_library(ds: Dataset, coalition: Sequence[str], names: Sequence[str] | None = None,
                  progress: Progress | None = None) -> tuple[pd.DataFrame, dict[str, str]]:
    """Run the bundled shock scenarios (and the baseline) for ``coalition``.

    Scenarios that do not fit ``ds`` (they name a country, material, stage, facility or
    source it does not have) are skipped; the second value maps each to the reason.

    Returns one row per scenario × member × sector × stage × material with demand:
    ``demand_t`` and ``shortfall_t`` summed over the scenario's horizon, the baseline's
    shortfall over the same horizon (``baseline_shortfall_t``: what the data cannot
    supply even without a shock) and ``added_shortfall_t`` = shortfall − baseline
    shortfall (≥ 0 up to solver tolerance): the shortfall the shock causes.
    """
    from critmin.scenarios import list_scenarios, load_library_scenario
    from critmin.scenarios.validate import scenario_problems
    from critmin.simulate import simulate

    members = ds.resolve_countries(list(coalition))
    names = [n for n in list_scenarios() if n != "baseline"] if names is None else list(names)
    keys = ["country", "sector", "stage", "material"]
    base_cache: dict[tuple, pd.DataFrame] = {}
    frames = []
    skipped: dict[str, str] = {}
    for i, name in enumerate(names):
        if progress:
            progress(name, i, len(names))
        sc = load_library_scenario(name).model_copy(update={"coalition": members})
        problems = scenario_problems(sc, ds)
        if problems:
            skipped[name] = "does not fit this dataset: " + "; ".join(problems[:3])
            continue
        h = sc.horizon
        if (h.start, h.end, h.step) not in base_cache:
            base = load_library_scenario("baseline").model_copy(
                update={"horizon": h, "coalition": members, "sources": []})
            bsf = simulate(ds, base).shortfall
            base_cache[(h.start, h.end, h.step)] = (
                bsf[bsf["country"].isin(members)].groupby(keys)["shortfall_t"].sum())
        sf = simulate(ds, sc).shortfall
        sf = sf[sf["country"].isin(members)]
        g = sf.groupby(keys, as_index=False)[["demand_t", "shortfall_t"]].sum()
        base = base_cache[(h.start, h.end, h.step)]
        g["baseline_shortfall_t"] = [float(base.get(tuple(k), 0.0)) for k in
                                     g[keys].itertuples(index=False, name=None)]
        g["added_shortfall_t"] = (g["shortfall_t"] - g["baseline_shortfall_t"]).clip(lower=0.0)
        g.insert(0, "scenario", name)
        g.insert(1, "horizon", f"{h.start}–{h.end}")
        frames.append(g)
    if progress:
        progress("", len(names), len(names))
    if not frames:
        return pd.DataFrame(columns=["scenario", "horizon", *keys, "demand_t", "shortfall_t",
                                     "baseline_shortfall_t", "added_shortfall_t"]), skipped
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["scenario", "added_shortfall_t"], ascending=[True, False],
                           ignore_index=True), skipped


def assess(ds: Dataset, coalition: Sequence[str] = DEFAULT_COALITION, year: int | None = None,
           scenarios: bool = True, portfolio: bool = True, runs: int = 200,
           progress: Progress | None = None) -> Assessment:
    """Assess ``coalition`` (country codes or group names) on ``ds``.

    ``year`` is the data year (default: the latest year with production data).
    ``scenarios`` runs the bundled shock library; ``portfolio`` the bundled plan's
    portfolio optimisation; ``runs`` futures of the bundled uncertain heavy rare-earth ban
    (``ENSEMBLE_SCENARIO``) are then run without and with that portfolio (0: none).
    """
    from critmin.metrics import coalition_exposure, concentration, crma_scorecard

    members = ds.resolve_countries(coalition)
    if year is None and not ds.capacity.empty:
        year = int(ds.capacity.loc[ds.capacity["production_t"].notna(), "year"].max())
    out = Assessment(coalition=members, year=year, dataset=f"{ds.name} v{ds.version}")
    out.tables["coverage"] = ds.coverage()
    conc = concentration(ds, years=year)
    out.tables["concentration"] = conc[["material", "stage", "year", "world_t", "world_basis",
                                        "hhi", "top1_country", "top1_share", "top3_share",
                                        "hhi_wgi"]].sort_values(
        ["top1_share", "hhi"], ascending=False, ignore_index=True)
    exposure = coalition_exposure(ds, members, year=year)
    out.tables["exposure"] = exposure
    out.tables["scorecard"] = crma_scorecard(ds, members, year=year)
    if scenarios:
        lib, skipped = shock_library(ds, members, progress=progress)
        out.tables["shocks"] = lib
        for name, why in skipped.items():
            out.notes[f"scenario {name}"] = why
        if not lib.empty:
            out.tables["shocks_by_member"] = (
                lib.groupby(["scenario", "country", "sector"], as_index=False)
                [["demand_t", "added_shortfall_t"]].sum()
                .query("added_shortfall_t > 1e-6")
                .sort_values(["scenario", "added_shortfall_t"], ascending=[True, False],
                             ignore_index=True))
    else:
        out.notes["shocks"] = "skipped (--no-scenarios)"
    if portfolio:
        from critmin.exceptions import CritminError
        from critmin.optimize import recommend_portfolio

        try:
            out.portfolio = recommend_portfolio(ds, members)
            out.tables["portfolio"] = out.portfolio.table
            out.tables["portfolio_summary"] = out.portfolio.summary_frame()
        except CritminError as exc:  # the bundled plan may not fit a user's dataset
            out.notes["portfolio"] = f"the bundled plan does not fit this dataset: {exc}"
    else:
        out.notes["portfolio"] = "skipped (--no-portfolio)"
    if out.portfolio is not None and runs > 0:
        _ensemble(ds, out, runs, progress)
    elif runs > 0:
        out.notes["uncertainty"] = "needs the portfolio"
    out.sources = ds.sources[ds.sources["source_id"].isin(ds.source_ids_used())].reset_index(
        drop=True)
    return out


def _ensemble(ds: Dataset, out: Assessment, runs: int, progress: Progress | None) -> None:
    """The recommended portfolio over ``runs`` futures of the bundled uncertain scenario."""
    from critmin.ensemble import run_portfolio_ensemble
    from critmin.scenarios import load_library_scenario
    from critmin.scenarios.validate import scenario_problems

    sc = load_library_scenario(ENSEMBLE_SCENARIO).model_copy(
        update={"coalition": out.coalition})
    problems = scenario_problems(sc, ds)
    if problems:
        out.notes["uncertainty"] = (f"{ENSEMBLE_SCENARIO} does not fit this dataset: "
                                    + "; ".join(problems[:3]))
        return

    def tick(done: int, total: int) -> None:
        if progress:
            progress(f"futures ({ENSEMBLE_SCENARIO})", done, total)

    out.ensemble = run_portfolio_ensemble(ds, sc, out.portfolio, runs, 0, progress=tick)
    out.tables["ensemble"] = out.ensemble.table()


def write_report(result: Assessment, ds: Dataset, out_dir: str | Path) -> Path:
    """Write ``report.html`` (self-contained), PNG figures, one CSV per table and
    ``summary.json`` atomically to ``out_dir``."""
    from critmin.report import charts, static
    from critmin.report.html import Section, render_html

    order = list(ds.stages.sort_values("order")["stage"])
    t = result.tables
    sections = [Section("What the data covers", t["coverage"],
                        note="Capacity and production rows by stage and material; sums over "
                             "countries in the latest year (blanks are not counted as zero).")]
    conc = t["concentration"]
    sections.append(Section(
        "Concentration by material and stage", conc,
        note="Share of world production of the largest producer (top-1), of the three largest, "
             "HHI (0-10,000) and governance-weighted HHI (0-10); docs/metrics.md.",
        figures=[("concentration-chart", charts.grouped_bars_figure(
            conc, "material", "top1_share", "stage",
            "Largest producer's share of world production, by stage", order))]))
    exp = t["exposure"]
    sections.append(Section(
        f"Exposure of {', '.join(result.coalition)} (worst first)", exp,
        note="bottleneck = the largest share of the coalition's supply held by one non-member "
             "country at any stage up the chain, traced through trade and recipes.",
        figures=[("exposure-heatmap", charts.heatmap_figure(
            exp, "bottleneck_share", "Largest single-country share up the chain (traced)",
            order, hover="bottleneck_origin"))]))
    sections.append(Section("CRMA 2030 benchmarks as a coalition scorecard", t["scorecard"]))
    for material in _key_materials(ds):
        links = charts.chain_links(ds.capacity, ds.trade, ds.demand, ds.recipes, material,
                                   result.year or 0)
        if not links.empty:
            sections.append(Section(f"The {material} chain, {result.year}", figures=[
                (f"sankey-{material}", charts.sankey_figure(
                    links, f"{material}: from mines to end uses (t; each stage in its unit)"))]))
    if "shocks_by_member" in t:
        sections.append(Section(
            "Bundled shock scenarios: added shortfall by member and sector", t["shocks_by_member"],
            note="Shortfall caused by each scenario over its horizon (t), net of the baseline's "
                 "shortfall over the same horizon."))
    if result.portfolio is not None:
        p = result.portfolio
        sections.append(Section(
            "Recommended joint portfolio", t["portfolio"],
            note=f"Cost {p.cost_musd:,.0f} MUSD; expected shortfall "
                 f"{p.expected_shortfall_t_before:,.0f} t without the portfolio, "
                 f"{p.expected_shortfall_t_after:,.0f} t with it; solver {p.solver}. "
                 "Probabilities and budgets are the bundled plan's assumptions "
                 "(docs/optimize.md)."))
    if result.ensemble is not None:
        e = result.ensemble
        sections.append(Section(
            f"The portfolio over {len(e.without.runs)} uncertain futures of {ENSEMBLE_SCENARIO}",
            t["ensemble"],
            note="The same futures (whether the ban comes, when, how long, how tight: the "
                 "scenario's uncertainty block, whose distributions are assumptions) without "
                 "and with the recommended portfolio; prob_any of the last row is the share of "
                 f"futures in which the portfolio helps; it does worse in "
                 f"{e.avoided['prob_worse']:.0%} of them. docs/ensemble.md.",
            figures=[("ensemble-histogram", charts.paired_histogram_figure(
                e.without.runs["coalition_shortfall_t"],
                e.with_portfolio.runs["coalition_shortfall_t"],
                ("without the portfolio", "with the portfolio"),
                "Coalition shortfall per future (t)"))]))
    sections += [Section(f"Not run: {k}", note=v) for k, v in result.notes.items()]
    if result.sources is not None:
        cols = [c for c in ("source_id", "kind", "title", "publisher", "year", "url", "note")
                if c in result.sources.columns]
        sections.append(Section("Sources", result.sources[cols],
                                note="Every source a number of this dataset comes from."))
    page = render_html(f"critmin assessment — {', '.join(result.coalition)}", sections,
                       subtitle=f"dataset {result.dataset}, year {result.year}")
    with atomic_directory(out_dir) as tmp:
        (tmp / "report.html").write_text(page, encoding="utf-8")
        figs = tmp / "figures"
        figs.mkdir()
        if not exp.empty:
            static.heatmap_png(exp, "bottleneck_share", figs / "exposure.png", order,
                               "Largest single-country share up the chain (traced)")
        static.heatmap_png(conc, "top1_share", figs / "concentration.png", order,
                           "Largest producer's share of world production")
        for k, df in t.items():
            df.to_csv(tmp / f"{k}.csv", index=False)
        (tmp / "summary.json").write_text(dumps(result.summary())
                                          + "\n", encoding="utf-8")
    return Path(out_dir)


def _key_materials(ds: Dataset) -> list[str]:
    """Materials whose chain reaches the magnet stage, or the first two with mining data."""
    rec = ds.recipes
    magnet_inputs = sorted(set(rec.loc[rec["stage"] == "magnet", "input_material"]))
    mats = [m for m in ("NdPr", "Nd", "Dy") if m in magnet_inputs] or magnet_inputs[:2]
    return mats[:2]
