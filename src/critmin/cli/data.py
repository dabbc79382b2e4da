"""``critmin data``: validate, list and show the tables of a dataset."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from critmin.cli._common import (
    DatasetOption,
    FormatOption,
    OutputFormat,
    console,
    dumps,
    emit_table,
    fail,
    handle_errors,
    load,
)
from critmin.cli.trade import balance, import_app

app = typer.Typer(help="Validate, list and show the tables of a dataset; import trade data.",
                  no_args_is_help=True)
app.add_typer(import_app, name="import")
app.command(name="balance")(balance)


@app.command()
@handle_errors
def validate(
    path: Annotated[Path | None, typer.Argument(
        help="Dataset folder (default: the bundled reference dataset).",
        show_default=False)] = None,
    fmt: FormatOption = OutputFormat.table,
    dataset: DatasetOption = None,
) -> None:
    """Check a dataset folder against every rule; list all problems, exit 2 if any."""
    from critmin.data import load_dataset
    from critmin.exceptions import DatasetError

    try:
        ds = load_dataset(path or dataset)
    except DatasetError as exc:
        if fmt is not OutputFormat.json:
            raise
        typer.echo(dumps({"valid": False, "path": exc.path,
                          "problems": [p.to_dict() for p in exc.problems]}))
        raise typer.Exit(2) from None
    rows = sum(len(t) for t in ds.tables.values())
    if fmt is OutputFormat.json:
        typer.echo(dumps({"valid": True, "path": str(ds.path), "problems": []}))
        return
    console().print(f"[green]valid[/]: {ds.name} v{ds.version} ({ds.path}) — "
                    f"{len(ds.tables)} tables, {rows:,} rows, {len(ds.sources)} sources",
                    highlight=False)


@app.command()
def tables(
    table: Annotated[str | None, typer.Argument(help="Show the columns of this table.",
                                                show_default=False)] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List the tables of the dataset layout, or the columns of one table."""
    import pandas as pd

    from critmin.data import table_schemas

    schemas = table_schemas()
    if table is None:
        df = pd.DataFrame([{"table": s.name, "file": s.file, "required": s.required,
                            "key": ", ".join(s.key), "description": s.description}
                           for s in schemas.values()])
        emit_table(df, fmt, title="Dataset tables")
        return
    if table not in schemas:
        msg = f"unknown table {table!r}; known tables: {', '.join(schemas)}"
        raise fail(msg)
    df = pd.DataFrame([{"column": c.name, "type": c.type, "unit": c.unit,
                        "required": c.required, "nullable": c.nullable, "key": c.key,
                        "description": c.description} for c in schemas[table].columns])
    emit_table(df, fmt, title=f"{table}.csv")


def _parse_where(where: list[str]) -> list[tuple[str, str]]:
    out = []
    for w in where:
        col, sep, value = w.partition("=")
        if not sep or not col:
            msg = f"--where {w!r}: expected COLUMN=VALUE"
            raise fail(msg)
        out.append((col.strip(), value.strip()))
    return out


@app.command()
@handle_errors
def show(
    table: Annotated[str, typer.Argument(help="Table name, e.g. capacity.")],
    where: Annotated[list[str] | None, typer.Option(
        "--where", "-w", help="Keep rows where COLUMN=VALUE (repeatable; all must hold).",
        show_default=False)] = None,
    fmt: FormatOption = OutputFormat.table,
    dataset: DatasetOption = None,
) -> None:
    """Print a table of the dataset, optionally filtered with --where COLUMN=VALUE."""
    conditions = _parse_where(where or [])
    ds = load(dataset)
    if table not in ds.tables:
        msg = f"unknown table {table!r}; known tables: {', '.join(ds.tables)}"
        raise fail(msg)
    df = ds.table(table)
    for col, value in conditions:
        if col not in df.columns:
            msg = (
                f"--where {col}={value}: table {table!r} has no column {col!r}; "
                       f"columns: {', '.join(map(str, df.columns))}"
            )
            raise fail(msg)
        df = df[df[col].astype(str) == value]
    emit_table(df, fmt, title=f"{table} ({len(df)} rows)")


@app.command()
@handle_errors
def sources(
    fmt: FormatOption = OutputFormat.table,
    dataset: DatasetOption = None,
    used: Annotated[bool, typer.Option(help="Count how many rows cite each source.")] = True,
) -> None:
    """List every source of the dataset, with how many rows cite it."""
    ds = load(dataset)
    df = ds.sources.copy()
    if used:
        counts = ds.source_citations()
        df["rows_citing"] = [counts.get(s, 0) for s in df["source_id"]]
    cols = [c for c in ("source_id", "kind", "title", "publisher", "year", "url", "rows_citing",
                        "note") if c in df.columns]
    if fmt is OutputFormat.table:
        cols = [c for c in cols if c != "note"]
    emit_table(df[cols], fmt, title=f"Sources of {ds.name} ({len(df)})")


@app.command()
@handle_errors
def coverage(
    material: Annotated[list[str] | None, typer.Option(
        "--material", "-m", help="Only this material (repeatable).", show_default=False)] = None,
    year: Annotated[int | None, typer.Option(help="Only this year.", show_default=False)] = None,
    fmt: FormatOption = OutputFormat.table,
    dataset: DatasetOption = None,
) -> None:
    """What the dataset holds of the world: production and demand rows against world totals.

    coverage = dataset_t / world_t; demand is compared with world output. A low demand
    coverage means a shock to that material can show too little shortfall: see the
    warnings of `critmin simulate`.
    """
    from critmin.data.coverage import world_coverage

    df = world_coverage(load(dataset), materials=material, years=year)
    emit_table(df, fmt, title="Coverage of the world (t/yr; coverage = dataset_t / world_t)")


@app.command()
@handle_errors
def reserves(
    material: Annotated[list[str] | None, typer.Option(
        "--material", "-m", help="Only this material (repeatable).", show_default=False)] = None,
    year: Annotated[int | None, typer.Option(help="Only this year.", show_default=False)] = None,
    fmt: FormatOption = OutputFormat.table,
    dataset: DatasetOption = None,
) -> None:
    """Reserves by country and each country's share of the published world total.

    share = reserves_t / world_t, with the world total as published (USGS rounds it and
    prints some as lower bounds: share_bound says when a share is a bound). Countries the
    source gives no figure for keep their qualifier (not-available, in-world-total).
    """
    from critmin.metrics.reserves import reserve_shares

    df = reserve_shares(load(dataset), materials=material, years=year)
    title = "Reserves (t; share of the published world total)"
    if fmt is OutputFormat.table and not df.empty:  # world totals in the title, rows narrow
        worlds = df.drop_duplicates(["material", "year"])
        title += ": world " + "; ".join(
            f"{m} {y} {'>' if q == 'lower-bound' else ''}{w:,.0f}"
            for m, y, w, q in zip(worlds["material"], worlds["year"], worlds["world_t"],
                                  worlds["world_qualifier"], strict=True))
        df = df.drop(columns=["world_t", "world_qualifier", "world_basis", "source_id"])
    emit_table(df, fmt, title=title)


__all__ = ["app"]
