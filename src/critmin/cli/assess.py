"""``critmin assess``: the main job — a coalition's exposure on the bundled dataset."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from critmin.cli._common import DatasetOption, console, handle_errors, load, rich_table

DEFAULT_COALITION = "USA,JPN"


def register(app: typer.Typer) -> None:
    """Add the ``assess`` command to the root app."""
    app.command(name="assess")(assess)


@handle_errors
def assess(
    coalition: Annotated[str, typer.Option(
        "--coalition", "-c", help="Comma-separated ISO3 codes or group names."),
    ] = DEFAULT_COALITION,
    year: Annotated[int | None, typer.Option(help="Data year (default: latest with data).",
                                             show_default=False)] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Write report.html, the tables (CSV) and summary.json here.",
        show_default=False)] = None,
    dataset: DatasetOption = None,
) -> None:
    """Assess a coalition on the dataset (the main job; `make demo` runs it)."""
    from critmin.assess import assess as run_assess
    from critmin.assess import write_report

    ds = load(dataset)
    names = [c.strip() for c in coalition.split(",") if c.strip()]
    try:
        result = run_assess(ds, names, year=year)
    except KeyError as exc:
        from critmin.cli._common import fail

        msg = f"--coalition: {exc.args[0]}"
        raise fail(msg) from None
    con = console()
    con.rule(f"[bold]critmin assess[/] — coalition {', '.join(result.coalition)}")
    con.print(f"Dataset {result.dataset}, year {result.year}, "
              f"{len(result.sources) if result.sources is not None else 0} sources cited",
              highlight=False)
    for name, df in result.tables.items():
        con.print(rich_table(df, title=name.replace("_", " ").capitalize()))
    for name, note in result.notes.items():
        con.print(f"[yellow]not run[/] {name}: {note}", highlight=False)
    if out is not None:
        write_report(result, out)
        con.print(f"report written to {out / 'report.html'}", highlight=False)
