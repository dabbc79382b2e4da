"""``critmin ensemble``: thousands of uncertain futures of a scenario, locally or on Dask."""

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
    fail,
    handle_errors,
    load,
    rich_table,
)


def register(app: typer.Typer) -> None:
    """Add the ``ensemble`` command to the root app."""
    app.command(name="ensemble")(ensemble)


@handle_errors
def ensemble(
    scenario: Annotated[str, typer.Argument(
        help="Scenario YAML with an 'uncertainty' block (or a bundled scenario name).")],
    runs: Annotated[int, typer.Option("--runs", "-n", min=1, help="Number of futures.")] = 100,
    seed: Annotated[int, typer.Option("--seed", "-s", help="Seed of the draws.")] = 0,
    workers: Annotated[int | None, typer.Option(
        "--workers", "-w", min=1, help="Run on a local Dask cluster of this many processes.",
        show_default=False)] = None,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="Address of an existing Dask scheduler (tcp://host:8786).",
        show_default=False)] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Folder for the batches (Parquet), manifest and summary.",
        show_default=False)] = None,
    resume: Annotated[bool, typer.Option(
        "--resume", help="Complete an interrupted ensemble in --out.")] = False,
    fmt: FormatOption = OutputFormat.table,
    dataset: DatasetOption = None,
) -> None:
    """Sample the scenario's uncertain inputs and summarise the coalition's shortfall."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from critmin.ensemble import run_ensemble
    from critmin.scenarios import load_library_scenario, load_scenario

    if workers is not None and scheduler is not None:
        raise fail("give --workers or --scheduler, not both")
    path = Path(scenario)
    sc = load_scenario(path) if path.suffix in (".yaml", ".yml") or path.exists() \
        else load_library_scenario(scenario)
    ds = load(dataset)
    columns = [TextColumn("[bold]ensemble"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]} runs/s"), TimeRemainingColumn()]
    with Progress(*columns, console=console(stderr=True), transient=fmt is OutputFormat.json,
                  disable=fmt is not OutputFormat.table) as bar:
        task = bar.add_task("runs", total=runs, rate="–")
        import time

        t0 = time.perf_counter()
        first: list[int] = []

        def progress(done: int, total: int) -> None:
            if not first:
                first.append(done)
            dt = time.perf_counter() - t0
            rate = (done - first[0]) / dt if dt > 0 and done > first[0] else 0.0
            bar.update(task, completed=done, rate=f"{rate:.1f}")

        res = run_ensemble(ds, sc, runs=runs, seed=seed, workers=workers, scheduler=scheduler,
                           out=out, resume=resume, progress=progress)
    payload = {"runs": len(res.runs), "seed": seed, "summary": res.summary,
               "sensitivity": res.sensitivity,
               "throughput_runs_per_s": res.throughput_runs_per_s}
    if fmt is OutputFormat.json:
        typer.echo(dumps(payload))
        return
    _print(res, seed)
    if out is not None:
        console().print(f"batches, manifest and summary in {out}", highlight=False)


def _print(res, seed: int) -> None:
    import pandas as pd

    con = console()
    s = res.summary
    con.rule(f"[bold]{res.manifest['scenario']}[/] — {s['runs']} runs, seed {seed}, "
             f"{res.throughput_runs_per_s:.1f} runs/s")
    rows = [{"quantity": "coalition shortfall (t)", **s["coalition_shortfall_t"]}]
    rows += [{"quantity": f"  {k} (t)", **v} for k, v in s["shortfall_by_material_t"].items()]
    rows += [{"quantity": f"  sector {k} (t)", **v} for k, v in s["shortfall_by_sector_t"].items()]
    cover = {k: v for k, v in s["months_of_cover"].items() if k != "runs_with_stock_drawn"}
    rows.append({"quantity": "months of cover", **cover})
    con.print(rich_table(pd.DataFrame(rows), title="Distribution over the futures"))
    con.print(rich_table(pd.DataFrame(res.sensitivity), title="Sensitivity of the coalition's "
                         "shortfall (RBD-FAST first-order index, Spearman rank correlation)"))
