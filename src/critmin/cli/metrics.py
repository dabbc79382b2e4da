"""``critmin metrics``: concentration, exposure, supply risk and the CRMA scorecard.

Thin adapters over :mod:`critmin.metrics`; pandas is imported inside the commands.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from critmin.cli._common import (
    COALITION_TEXT,
    DatasetOption,
    FormatOption,
    OutputFormat,
    emit_table,
    fail,
    handle_errors,
    load,
    warn,
)

if TYPE_CHECKING:
    import pandas as pd

app = typer.Typer(help="Where are we exposed? Concentration, import reliance, upstream-traced "
                  "exposure, EU/USGS supply risk and the CRMA 2030 scorecard.",
                  no_args_is_help=True)


MaterialOption = Annotated[list[str] | None, typer.Option(
    "--material", "-m", help="Material code (repeat for several).", show_default=False)]
StageOption = Annotated[list[str] | None, typer.Option(
    "--stage", "-s", help="Stage code (repeat for several).", show_default=False)]
YearOption = Annotated[int | None, typer.Option(
    "--year", "-y", help="Year (default: the dataset's base year).", show_default=False)]
CountryOption = Annotated[str | None, typer.Option(
    "--country", "-c", help="One country (ISO3) or group name.", show_default=False)]
CoalitionOption = Annotated[str | None, typer.Option(
    "--coalition", help="Comma-separated countries/groups treated as one economy "
    f"(default {COALITION_TEXT}).", show_default=False)]
FallbackOption = Annotated[bool, typer.Option(
    "--trade-fallback/--strict-trade-year",
    help="Where a trade pair has no row in --year, use its latest earlier row (the chain in "
    "a year the simulation reads; trade_year reports the latest year used), or use none.")]
InputsOption = Annotated[Path | None, typer.Option(
    "--inputs", help="CSV of method inputs: material[,stage],eol_rir,si_sr,si_ei,ei,dp,te,ev,"
    "recycling_t (see docs/metrics.md).", show_default=False)]


class View(enum.StrEnum):
    """What ``metrics exposure`` shows."""

    summary = "summary"
    traced = "traced"
    reliance = "reliance"
    sources = "sources"


class Method(enum.StrEnum):
    """Supply-risk method."""

    eu = "eu"
    usgs = "usgs"


def _economy(country: str | None, coalition: str | None, default: str) -> list[str]:
    if country and coalition:
        msg = "give either --country or --coalition, not both"
        raise fail(msg)
    text = country or coalition or default
    return [c.strip() for c in text.split(",") if c.strip()]


def _data_and_economy(dataset: Path | None, country: str | None, coalition: str | None,
                      default: str = COALITION_TEXT):
    """The dataset of ``--dataset`` and the economy of ``--country`` / ``--coalition``."""
    return load(dataset), _economy(country, coalition, default)


def _read_csv(path: Path | None) -> pd.DataFrame | None:
    if path is None:
        return None
    from critmin.data.io import read_csv_text

    return read_csv_text(path, str(path))


@app.command()
@handle_errors
def concentration(
    material: MaterialOption = None,
    stage: StageOption = None,
    year: YearOption = None,
    group: Annotated[str | None, typer.Option(
        "--group", "-g", help="Countries/groups (comma-separated) whose combined share to "
        "report, e.g. CHN.", show_default=False)] = None,
    outside: Annotated[bool, typer.Option(
        "--outside", help="Report the share held outside --group instead.")] = False,
    fmt: FormatOption = OutputFormat.table,
    dataset: DatasetOption = None,
) -> None:
    """World total, shares, HHI (0-10,000), top-1/top-3 and HHI_WGI per material × stage × year."""
    from critmin.metrics import concentration as conc

    ds = load(dataset)
    groups = [g.strip() for g in group.split(",")] if group else None
    df = conc(ds, materials=material, stages=stage, years=year, group=groups, outside=outside)
    emit_table(df, fmt, title="Production concentration (shares are fractions)")


@app.command()
@handle_errors
def exposure(
    country: CountryOption = None,
    coalition: CoalitionOption = None,
    material: MaterialOption = None,
    stage: StageOption = None,
    year: YearOption = None,
    view: Annotated[View, typer.Option(
        "--view", help="summary: one row per material × stage, worst first; traced: origin "
        "shares per upstream stage; reliance: net import reliance; sources: import sources."
    )] = View.summary,
    origin: Annotated[str | None, typer.Option(
        "--origin", help="With --view summary: exposure to this origin (e.g. CHN) at each "
        "stage.", show_default=False)] = None,
    trade_fallback: FallbackOption = True,
    fmt: FormatOption = OutputFormat.table,
    dataset: DatasetOption = None,
) -> None:
    """Exposure of a country or coalition: reliance, sources and upstream-traced origins."""
    from critmin import metrics

    ds, eco = _data_and_economy(dataset, country, coalition)
    if view is View.traced:
        df = metrics.traced_exposure(ds, eco, materials=material, stages=stage, year=year,
                                     trade_fallback=trade_fallback)
        df = df.loc[df["share"] > 0].reset_index(drop=True)
        title = "Origin of supply, traced upstream (share of each upstream stage)"
    elif view is View.reliance:
        df = metrics.import_reliance(ds, eco, materials=material, stages=stage, year=year)
        title = "Net import reliance (coalition = one economy)"
    elif view is View.sources:
        df = metrics.import_sources(ds, eco, materials=material, stages=stage, year=year)
        title = "Import sources"
    elif origin is not None:
        df = metrics.exposure_bottlenecks(ds, eco, materials=material, stages=stage, year=year,
                                          origin=origin, trade_fallback=trade_fallback)
        title = f"Exposure to {origin} at each upstream stage"
    else:
        df = metrics.coalition_exposure(ds, eco, year=year, trade_fallback=trade_fallback)
        if material:
            df = df.loc[df["material"].isin(material)]
        if stage:
            df = df.loc[df["stage"].isin(stage)]
        df = df.reset_index(drop=True)
        title = "Exposure, worst first (bottleneck = largest non-member share at any stage)"
    if not df.empty or fmt is not OutputFormat.table:
        emit_table(df, fmt, title=title)
    if view in (View.summary, View.traced):
        asked = ", ".join([*(material or []), *(stage or [])])
        warn(metrics.exposure_warnings(df, "+".join(eco), asked))


@app.command()
@handle_errors
def risk(
    method: Annotated[Method, typer.Option("--method", help="eu (JRC CRM) or usgs "
                                           "(DP × TE × EV).")] = Method.eu,
    country: CountryOption = None,
    coalition: CoalitionOption = None,
    material: MaterialOption = None,
    stage: StageOption = None,
    year: YearOption = None,
    inputs: InputsOption = None,
    trade_factors: Annotated[Path | None, typer.Option(
        "--trade-factors", help="CSV country,t_c[,material] for the EU method (default t_c=1).",
        show_default=False)] = None,
    by_stage: Annotated[bool, typer.Option(
        "--by-stage", help="One row per stage instead of the highest stage.")] = False,
    trade_fallback: FallbackOption = True,
    fmt: FormatOption = OutputFormat.table,
    dataset: DatasetOption = None,
) -> None:
    """Supply risk by a published method; inputs the data lacks are listed, never zero."""
    from critmin import metrics

    ds = load(dataset)
    table = _read_csv(inputs)
    if method is Method.eu:
        eco = _economy(country, coalition, COALITION_TEXT)
        df = metrics.eu_supply_risk(ds, eco, inputs=table, trade_factors=_read_csv(trade_factors),
                                    materials=material, stages=stage, year=year,
                                    by_stage=by_stage, trade_fallback=trade_fallback)
        title = "EU CRM supply risk (Blengini et al. 2017)"
    else:
        eco = _economy(country, coalition, "USA")
        df = metrics.usgs_supply_risk(ds, eco, inputs=table, materials=material, stages=stage,
                                      year=year, by_stage=by_stage,
                                      trade_fallback=trade_fallback)
        title = "USGS supply risk DP × TE × EV (Nassar et al. 2020)"
    emit_table(df, fmt, title=title)


@app.command()
@handle_errors
def scorecard(
    coalition: CoalitionOption = None,
    country: CountryOption = None,
    year: YearOption = None,
    inputs: InputsOption = None,
    trade_fallback: FallbackOption = True,
    fmt: FormatOption = OutputFormat.table,
    dataset: DatasetOption = None,
) -> None:
    """The coalition against the EU CRMA 2030 benchmarks (65% single country; 10/40/25%)."""
    from critmin.metrics import crma_scorecard

    ds, eco = _data_and_economy(dataset, country, coalition)
    df = crma_scorecard(ds, eco, year=year, inputs=_read_csv(inputs),
                        trade_fallback=trade_fallback)
    emit_table(df, fmt, title="CRMA 2030 benchmarks")
