"""``critmin assess``: the main job — a coalition's exposure on the bundled dataset.

The command grows with each capability: today it prints the dataset summary, the
concentration of every material at every stage, and (when the metrics, simulation and
optimisation layers are installed) the coalition's exposure, shocks and portfolio.
"""

from __future__ import annotations

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
    dataset: DatasetOption = None,
) -> None:
    """Assess a coalition's exposure on the dataset (the main job; `make demo` runs it)."""
    ds = load(dataset)
    members = ds.resolve_countries([c.strip() for c in coalition.split(",") if c.strip()])
    out = console()
    out.rule(f"[bold]critmin assess[/] — coalition {', '.join(members)}")
    out.print(f"Dataset: {ds.name} v{ds.version} ({len(ds.sources)} sources)", highlight=False)
    out.print(rich_table(ds.coverage(), title="Coverage of capacity and production"))
