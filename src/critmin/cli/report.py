"""``critmin report``: a self-contained HTML report (plus PNGs and tables) of a scenario
or of a run stored by the service."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from critmin.cli._common import DatasetOption, console, fail, handle_errors, out_folder


@handle_errors
def report(
    scenario: Annotated[str | None, typer.Argument(
        help="Scenario or plan YAML file, or the name of a bundled scenario or plan.",
        show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", callback=out_folder,
        help="Output folder.")] = Path("report"),
    run: Annotated[str | None, typer.Option(
        "--run", help="Report a run stored by `critmin serve` instead.", show_default=False)]
    = None,
    data_dir: Annotated[Path | None, typer.Option(
        "--data-dir", help="Data directory of the service (with --run; default "
        "$CRITMIN_DATA_DIR or ~/.critmin).", show_default=False)] = None,
    dataset: DatasetOption = None,
) -> None:
    """Write report.html (opens offline), PNG figures and the result tables to --out.

    A scenario is simulated; a plan (a file with 'budget' and 'scenarios', or the bundled
    us-japan-framework) is optimised, with the budget frontier. The dataset is --dataset,
    else the file's `dataset:`, else the bundled reference dataset.
    """
    from critmin.app import resolve
    from critmin.app.jobs import Job, run_job
    from critmin.report.simulation import write_simulation_report

    if (scenario is None) == (run is None):
        raise fail("give a scenario or plan (file or bundled name) or --run RUN_ID, not both")
    if run is not None:
        from critmin.app.stored import stored_simulation

        result, sc, ds = stored_simulation(run, data_dir)
        write_simulation_report(result, sc, ds, out)
    elif resolve.is_plan(scenario):
        from critmin.report.portfolio import frontier_budgets, write_portfolio_report

        named = resolve.plan(scenario)
        ds = resolve.dataset(named, dataset)
        budgets = tuple(frontier_budgets(named.value.budget.coalition_musd))
        result = run_job(Job("optimize", plan=named.value, frontier=budgets), ds=ds)
        write_portfolio_report(result, ds, out)
    else:
        named = resolve.scenario(scenario)
        ds = resolve.dataset(named, dataset)
        result = run_job(Job("simulate", scenario=named.value), ds=ds)
        write_simulation_report(result, named.value, ds, out)
    console().print(f"report written to {out / 'report.html'}", highlight=False)
