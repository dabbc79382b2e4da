"""``critmin ensemble``: thousands of uncertain futures of a scenario, locally or on Dask."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    out_folder,
    rich_table,
    warn,
)


@handle_errors
def ensemble(
    scenario: Annotated[str, typer.Argument(
        help="Scenario YAML with an 'uncertainty' block (or a bundled scenario name).")],
    runs: Annotated[int, typer.Option("--runs", "-n", min=1, max=1_000_000,
                                      help="Number of futures.")] = 100,
    seed: Annotated[int, typer.Option("--seed", "-s", min=0, help="Seed of the draws.")] = 0,
    workers: Annotated[int | None, typer.Option(
        "--workers", "-w", min=1, help="Run on a local Dask cluster of this many processes.",
        show_default=False)] = None,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="Address of an existing Dask scheduler (tcp://host:8786).",
        show_default=False)] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", callback=out_folder,
        help="Folder for the batches (Parquet), manifest and summary.",
        show_default=False)] = None,
    resume: Annotated[bool, typer.Option(
        "--resume", help="Complete an interrupted ensemble in --out.")] = False,
    plan: Annotated[str | None, typer.Option(
        "--plan", help="Also run the futures with the portfolio this plan recommends (a plan "
        "YAML or bundled plan name) and report the shortfall it avoids.",
        show_default=False)] = None,
    budget: Annotated[float | None, typer.Option(
        "--budget", min=0, help="Coalition budget (MUSD) replacing the plan's.",
        show_default=False)] = None,
    fmt: FormatOption = OutputFormat.table,
    dataset: DatasetOption = None,
) -> None:
    """Sample the scenario's uncertain inputs and summarise the coalition's shortfall.

    The dataset is --dataset, else the scenario's `dataset:` path, else the bundled
    reference dataset.
    """
    from critmin.app import resolve
    from critmin.app.jobs import Job, payload, run_job

    if workers is not None and scheduler is not None:
        raise fail("give --workers or --scheduler, not both")
    if budget is not None and plan is None:
        raise fail("--budget needs --plan")
    named = resolve.scenario(scenario)
    ds = resolve.dataset(named, dataset)
    job = Job("ensemble", scenario=named.value,
              plan=resolve.plan(plan).value if plan is not None else None,
              budget_musd=budget, runs=runs, seed=seed, workers=workers, scheduler=scheduler,
              out=str(out) if out is not None else None, resume=resume)
    total = runs * (2 if plan else 1)
    with run_progress(total, fmt) as progress:
        result = run_job(job, progress, ds=ds)
    if fmt is OutputFormat.json:
        typer.echo(dumps(payload(job, result)))
        return
    both = result if plan is not None else None
    res = both.without if both is not None else result
    _print(res, seed)
    if both is not None:
        _print_portfolio(both)
    if out is not None:
        console().print(f"batches, manifest and summary in {out}", highlight=False)


@contextmanager
def run_progress(total: int, fmt: OutputFormat) -> Iterator[Callable[[float, str], None]]:
    """A progress bar over ``total`` runs (shown for table output), as a job's
    ``progress(fraction, message)``."""
    import time

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = [TextColumn("[bold]ensemble"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]} runs/s"), TimeRemainingColumn()]
    with Progress(*columns, console=console(stderr=True), transient=fmt is OutputFormat.json,
                  disable=fmt is not OutputFormat.table) as bar:
        task = bar.add_task("runs", total=total, rate="–")
        t0, first = time.perf_counter(), []

        def progress(fraction: float, message: str = "") -> None:
            done = round(fraction * total)
            if not first:
                first.append(done)
            dt = time.perf_counter() - t0
            rate = (done - first[0]) / dt if dt > 0 and done > first[0] else 0.0
            bar.update(task, completed=done, rate=f"{rate:.1f}")

        yield progress


def _print(res, seed: int) -> None:
    import pandas as pd

    from critmin.ensemble.summary import distribution_frame

    con = console()
    s = res.summary
    con.rule(f"[bold]{res.manifest['scenario']}[/] — {s['runs']} runs, seed {seed}, "
             f"{res.throughput_runs_per_s:.1f} runs/s")
    con.print(f"Any of the coalition's goods runs short in {s['prob_any_shortfall']:.0%} of "
              "the futures.", highlight=False)
    for good, v in s["shortfall_by_good_t"].items():
        con.print(f"{good}: P50 {v['p50']:,.0f} t, P95 {v['p95']:,.0f} t, short in "
                  f"{v['prob_any']:.0%} of futures; if it runs short, P50 "
                  f"{v['p50_if_any']:,.0f} t; P95 share of demand "
                  f"{100 * v['share_p95']:.1f} %.", highlight=False)
    if s["months_of_cover"].get("runs_with_stock_drawn") == 0:
        con.print("No stockpile of the coalition is drawn in any future (none held or "
                  "released by the scenario): months of cover are not defined.",
                  highlight=False)
    con.print(rich_table(distribution_frame(s), title="Distribution over the futures (t "
                         "per good, never added across goods)"))
    con.print(rich_table(pd.DataFrame(res.sensitivity), title="Sensitivity of the largest "
                         "share of a good's demand short (RBD-FAST first-order index, "
                         "Spearman rank correlation)"))
    warn(s.get("warnings", []))


def _print_portfolio(both) -> None:
    import pandas as pd

    con = console()
    con.rule(f"[bold]with the portfolio of {both.plan}[/] — {len(both.measures)} measures, "
             f"{both.cost_musd:,.1f} MUSD")
    con.print(rich_table(pd.DataFrame({"measure": [_describe(m) for m in both.measures]}),
                         title="Portfolio"))
    con.print(rich_table(both.table(), title="Same futures, without and with (t per good)"))
    for good, a in both.avoided.items():
        con.print(f"{good} avoided per future: mean {a['mean']:,.1f} t, P5 {a['p5']:,.1f} t, "
                  f"P50 {a['p50']:,.1f} t, P95 {a['p95']:,.1f} t; better in "
                  f"{a['prob_better']:.0%} of futures, worse in {a['prob_worse']:.0%}.",
                  highlight=False)


def _describe(m: dict) -> str:
    """One line for a portfolio measure."""
    start = f" from {m['start']}" if m.get("start") else ""
    if m["type"] == "invest":
        return f"invest in {m['facility_id']}: {m['capacity_t']:,.0f} t/yr{start}"
    good = f"{m['stage']}/{m['material']}"
    if m["type"] == "stockpile_release":
        rate = m.get("max_release_t_per_year")
        limit = f", ≤ {rate:,.0f} t/yr" if rate is not None else ""
        return f"stockpile {m['quantity_t']:,.0f} t of {good} in {m['country']}{start}{limit}"
    if m["type"] == "recycling":
        fed = ", fed by the stocks MFA" if m.get("feed") == "mfa" else ""
        return f"recycle {m['capacity_t']:,.0f} t/yr of {good} in {m['country']}{start}{fed}"
    return (f"substitute {m['cut_share']:.0%} of {m['sector']} demand for {good} in "
            f"{', '.join(m['countries'])}{start}")
