"""The main job: assess a coalition on a dataset.

:func:`assess` gathers, for a coalition (default the United States and Japan), what every
layer of critmin says — the data's coverage, the concentration of every material at every
stage, the coalition's exposure (traced upstream) and its CRMA-style scorecard, the bundled
shock scenarios run against it, and the recommended joint portfolio — into an
:class:`~critmin.report.assessment.Assessment` of tidy tables. ``critmin assess`` prints
it and writes the report (:func:`critmin.report.assessment.write_report`).
It ends with the recommended portfolio over uncertain futures of a bundled scenario.
This module orchestrates; the maths lives in the layers it calls.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import pandas as pd

from critmin.core.defaults import DEFAULT_COALITION
from critmin.data import Dataset
from critmin.report.assessment import ENSEMBLE_SCENARIO, Assessment

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


def shock_library(ds: Dataset, coalition: Sequence[str], names: Sequence[str] | None = None,
                  progress: Progress | None = None, stocks: list[dict] | None = None,
                  ) -> tuple[pd.DataFrame, dict[str, str]]:
    """Run the bundled shock scenarios (and the baseline) for ``coalition``.

    ``stocks``: if given, a row per member stockpile or inventory a shock draws is
    appended (``scenario`` and the simulation summary's ``stocks`` fields: opening and
    released t, months of cover, months lasted, exhausted).

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
        res = simulate(ds, sc)
        if stocks is not None:  # every member's stockpile and inventory the shock draws
            stocks += [{"scenario": name, **row} for row in res.summary.get("stocks", [])
                       if row["country"] in members and row["released_t"] > 0]
        sf = res.shortfall
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
    from critmin.metrics import (
        coalition_exposure,
        concentration,
        crma_scorecard,
        default_year,
        exposure_warnings,
    )

    members = ds.resolve_countries(coalition)
    if year is None and ds.capacity["production_t"].notna().any():
        year = default_year(ds)  # the base year, not the latest year with any row
    out = Assessment(coalition=members, year=year, dataset=f"{ds.name} v{ds.version}")
    out.tables["coverage"] = ds.coverage()
    conc = concentration(ds, years=year)
    out.tables["concentration"] = conc[["material", "stage", "year", "world_t", "world_basis",
                                        "hhi", "top1_country", "top1_share", "top3_share",
                                        "hhi_wgi"]].sort_values(
        ["top1_share", "hhi"], ascending=False, ignore_index=True)
    exposure = coalition_exposure(ds, members, year=year)
    out.tables["exposure"] = exposure
    out.warnings += exposure_warnings(exposure, "+".join(members))
    out.tables["scorecard"] = crma_scorecard(ds, members, year=year)
    _stocks(ds, out)
    if scenarios:
        _shocks(ds, out, progress)
    else:
        out.notes["shocks"] = "skipped (--no-scenarios)"
    if portfolio:
        _portfolio(ds, out)
    else:
        out.notes["portfolio"] = "skipped (--no-portfolio)"
    if out.portfolio is not None and runs > 0:
        _ensemble(ds, out, runs, progress)
    elif runs > 0:
        out.notes["uncertainty"] = "needs the portfolio"
    out.sources = ds.sources[ds.sources["source_id"].isin(ds.source_ids_used())].reset_index(
        drop=True)
    return out


def _shocks(ds: Dataset, out: Assessment, progress: Progress | None) -> None:
    """The bundled shocks against the coalition, net of the baseline, and their data gaps."""
    from critmin.model.network import build_network
    from critmin.scenarios import load_library_scenario
    from critmin.simulate.inputs import coverage_gaps

    drawn: list[dict] = []
    lib, skipped = shock_library(ds, out.coalition, progress=progress, stocks=drawn)
    out.tables["shocks"] = lib
    out.tables["shock_stocks"] = pd.DataFrame(drawn, columns=[
        "scenario", "kind", "country", "good", "opening_t", "released_t", "cover_months",
        "lasted_months", "exhausted"])
    for name, why in skipped.items():
        out.notes[f"scenario {name}"] = why
    net = build_network(ds)
    for name in dict.fromkeys(lib["scenario"]):
        out.warnings += [f"{name}: {w}"
                         for w in coverage_gaps(net, load_library_scenario(name))]
    if not lib.empty:
        out.tables["shocks_by_member"] = (
            lib.groupby(["scenario", "stage", "material", "country", "sector"], as_index=False)
            [["demand_t", "added_shortfall_t"]].sum()
            .query("added_shortfall_t > 1e-6")
            .sort_values(["scenario", "added_shortfall_t"], ascending=[True, False],
                         ignore_index=True))


#: Years of the assessment's stocks table.
STOCK_YEARS = (2024, 2030, 2040, 2050)


def _stocks(ds: Dataset, out: Assessment) -> None:
    """NdFeB in use and at end of life (the stocks MFA): the world's build-up by application
    and each member's secondary-supply potential (a note where the dataset cannot run it)."""
    from critmin.exceptions import CritminError
    from critmin.stocks.model import run_stocks

    try:
        res = run_stocks(ds, materials=["NdFeB"], regions=["XWL", *out.coalition])
    except (CritminError, ValueError) as exc:
        out.notes["stocks"] = f"the stocks model cannot run on this dataset: {exc}"
        return
    t = res.table
    world = t[t["region"] == "XWL"]
    out.tables["stocks_world"] = world[["year", "application", "stock_t", "outflow_t"]]
    flows = ["stock_t", "outflow_t", "recyclable_t", "recycled_t"]
    per = t[t["year"].isin(STOCK_YEARS)].groupby(["region", "year"], as_index=False, sort=False)
    out.tables["stocks"] = per[flows].sum(min_count=1).sort_values(["region", "year"],
                                                                  ignore_index=True)
    out.warnings += [f"stocks: {n}" for n in res.notes]
    from critmin.stocks.sankey import sankey_links

    out.tables["stocks_sankey"] = sankey_links(ds, STOCK_YEARS[0], materials=["NdFeB"]).assign(
        year=STOCK_YEARS[0])


def _portfolio(ds: Dataset, out: Assessment) -> None:
    """The bundled plan's portfolio for the coalition (a note where it does not fit)."""
    from critmin.exceptions import CritminError
    from critmin.optimize import recommend_portfolio

    try:
        out.portfolio = recommend_portfolio(ds, out.coalition)
        out.tables["portfolio"] = out.portfolio.table
        out.tables["portfolio_summary"] = out.portfolio.summary_frame()
    except CritminError as exc:  # the bundled plan may not fit a user's dataset
        out.notes["portfolio"] = f"the bundled plan does not fit this dataset: {exc}"


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
