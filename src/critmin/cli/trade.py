"""``critmin data import baci|comtrade`` and ``critmin data balance``: bring your own trade
data, and check what each country has, sends and uses."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from critmin.cli._common import (
    DatasetOption,
    FormatOption,
    OutputFormat,
    console,
    emit_table,
    handle_errors,
    load,
    out_folder,
    rich_table,
)

if TYPE_CHECKING:
    from critmin.data.tradeio import ImportReport

import_app = typer.Typer(help="Import published trade data (BACI, UN Comtrade) into a dataset.",
                         no_args_is_help=True)

FilesArgument = Annotated[list[Path], typer.Argument(help="CSV files as published.",
                                                     show_default=False)]
OutOption = Annotated[Path, typer.Option(
    "--out", "-o", callback=out_folder,
        help="Dataset folder: extended if it is one, else created from --base.",
    show_default=False)]
BaseOption = Annotated[str, typer.Option(
    help="Dataset a new --out folder starts from: reference, sample or a folder.")]
MapOption = Annotated[Path | None, typer.Option(
    "--map", help="Your own HS map (the columns of the shipped hs_map.csv).",
    show_default=False)]
ReleaseOption = Annotated[str | None, typer.Option(
    help="Release when the file name does not say it (BACI: 'HS22 V202501'; Comtrade: the "
         "download date, e.g. 2026-11-30).", show_default=False)]


def _run(fmt: str, files: list[Path], out: Path, base: str, hs_map: Path | None,
         countries: Path | None, release: str | None) -> ImportReport:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from critmin.data.tradeio import import_trade

    with Progress(TextColumn("rows read (estimated)"), BarColumn(), MofNCompleteColumn(),
                  console=console(stderr=True), transient=True) as bar:
        task = bar.add_task("read", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return import_trade(fmt, files, out, base=base, hs_map=hs_map, countries=countries,
                            release=release, progress=progress)


def _print_report(rep: ImportReport, out: Path) -> None:
    w, p = rep.written, rep.parsed
    con = console()
    src = f" (new, from {w.created_from})" if w.created_from else " (extended)"
    con.print(f"[green]wrote[/] {out}{src}: {w.rows_added} trade rows added, "
              f"{w.rows_replaced} rows of the same stage, material and year replaced; "
              f"~{p.rows_read:,} rows read", highlight=False)
    if w.countries_added:
        con.print(f"countries added: {', '.join(w.countries_added)}", highlight=False)
    if w.sources_added:
        con.print(f"sources added: {', '.join(w.sources_added)}", highlight=False)
    left = {k: v for k, v in p.skipped.items() if v}
    if w.rows_without_stage_material:
        left["rows_whose_stage_or_material_the_dataset_lacks"] = w.rows_without_stage_material
    if left:
        con.print("left out: " + ", ".join(f"{k.replace('_', ' ')} {v:,}"
                                           for k, v in left.items()), highlight=False)
    if not rep.top.empty:
        cols = ["country", "stage", "material", "year", "supply_t", "exports_t",
                "consumption_t", "residual_t", "residual_share", "flagged"]
        con.print(rich_table(rep.top[cols], title="Largest balance residuals of the "
                             "imported rows (critmin data balance)"))


@import_app.command("baci")
@handle_errors
def baci(
    files: FilesArgument,
    out: OutOption,
    base: BaseOption = "reference",
    hs_map: MapOption = None,
    countries: Annotated[Path | None, typer.Option(
        help="BACI's country_codes_V*.csv (default: the one beside each file).",
        show_default=False)] = None,
    release: ReleaseOption = None,
) -> None:
    """Import CEPII BACI files (t,i,j,k,v,q) into a dataset's trade table."""
    _print_report(_run("baci", files, out, base, hs_map, countries, release), out)


@import_app.command("comtrade")
@handle_errors
def comtrade(
    files: FilesArgument,
    out: OutOption,
    base: BaseOption = "reference",
    hs_map: MapOption = None,
    release: ReleaseOption = None,
) -> None:
    """Import UN Comtrade CSV exports: importer-reported flows, exporter's mirror as fallback."""
    _print_report(_run("comtrade", files, out, base, hs_map, None, release), out)


@handle_errors
def balance(
    dataset: DatasetOption = None,
    fmt: FormatOption = OutputFormat.table,
    threshold: Annotated[float, typer.Option(
        help="Flag a residual above this share of supply (production + imports).")] = 0.2,
    year: Annotated[list[int] | None, typer.Option(help="Only this year (repeatable).",
                                                   show_default=False)] = None,
    material: Annotated[list[str] | None, typer.Option(
        "--material", "-m", help="Only this material (repeatable).", show_default=False)] = None,
    flagged: Annotated[bool, typer.Option(help="Only the flagged rows.")] = False,
) -> None:
    """Mass balance per country × stage × material × year: production + imports − exports
    − stated consumption − stock change; the residual, its share of supply, and a flag."""
    from critmin.data.balance import mass_balance

    df = mass_balance(load(dataset), threshold=threshold, years=year, materials=material)
    if flagged:
        df = df[df["flagged"]]
    n = int(df["flagged"].sum())
    emit_table(df, fmt, title=f"Mass balance (t/yr): {n} of {len(df)} rows flagged above "
               f"{threshold:.0%} of supply")


__all__ = ["balance", "import_app"]
