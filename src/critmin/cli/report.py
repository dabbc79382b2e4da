"""``critmin report``: a self-contained HTML report (plus PNGs and tables) of a scenario
or of a run stored by the service."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from critmin.cli._common import DatasetOption, console, fail, handle_errors, load


def register(app: typer.Typer) -> None:
    """Add the ``report`` command to the root app."""
    app.command(name="report")(report)


@handle_errors
def report(
    scenario: Annotated[str | None, typer.Argument(
        help="Scenario or plan YAML file, or the name of a bundled scenario or plan.",
        show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("report"),
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
    us-japan-framework) is optimised, with the budget frontier.
    """
    from critmin.report.simulation import write_simulation_report

    if (scenario is None) == (run is None):
        raise fail("give a scenario or plan (file or bundled name) or --run RUN_ID, not both")
    if run is None and _is_plan(scenario):
        from critmin.optimize import PortfolioModel
        from critmin.optimize.plan import resolve_plan
        from critmin.report.portfolio import frontier_budgets, write_portfolio_report

        ds = load(dataset)
        plan = resolve_plan(scenario)
        model = PortfolioModel(ds, plan)
        result = model.solve()
        result.frontier = model.frontier(frontier_budgets(plan.budget.coalition_musd))
        write_portfolio_report(result, ds, out)
        console().print(f"report written to {out / 'report.html'}", highlight=False)
        return
    if run is not None:
        result, sc, ds = _stored_run(run, data_dir)
    else:
        from critmin.scenarios import load_library_scenario, load_scenario, validate_scenario
        from critmin.simulate import simulate

        path = Path(scenario)  # type: ignore[arg-type]
        sc = load_scenario(path) if path.suffix in (".yaml", ".yml") or path.exists() \
            else load_library_scenario(str(scenario))
        ds = load(dataset)
        validate_scenario(sc, ds)
        result = simulate(ds, sc)
    write_simulation_report(result, sc, ds, out)
    console().print(f"report written to {out / 'report.html'}", highlight=False)


def _is_plan(name: str) -> bool:
    """A plan file (top-level 'budget' or 'scenarios' and no 'horizon') or a bundled plan."""
    from critmin.core.yamlio import read_yaml
    from critmin.exceptions import ScenarioError
    from critmin.optimize import list_plans

    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.exists():
        data = read_yaml(path, "scenario or plan", ScenarioError)
        return isinstance(data, dict) and "horizon" not in data and (
            "budget" in data or "scenarios" in data)
    return name in list_plans()


def _stored_run(run_id: str, data_dir: Path | None):
    import pandas as pd

    from critmin.api.settings import Settings
    from critmin.api.store import Store
    from critmin.data import bundled_path, load_dataset
    from critmin.scenarios import scenario_from_dict
    from critmin.simulate.result import SimulationResult

    settings = Settings.from_env(data_dir)
    if not settings.database.exists():
        raise fail(f"--run: no service database at {settings.database}")
    rec = Store(settings.database).get_run(run_id)
    if rec is None:
        raise fail(f"--run: no run with id {run_id!r} in {settings.database}")
    if rec["status"] != "done":
        raise fail(f"--run: run {run_id} is {rec['status']}, not done")
    res = rec["result"]
    name = rec["request"]["dataset"]
    path = bundled_path(name) if name in ("reference", "sample") else \
        settings.datasets_dir / name
    result = SimulationResult(
        scenario=res["scenario"], periods=res["periods"],
        shortfall=pd.DataFrame(res["shortfall"]), stocks=pd.DataFrame(res["stocks"]),
        prices=pd.DataFrame(res["prices"]), production=pd.DataFrame(),
        flows=pd.DataFrame(), shadow_prices=pd.DataFrame(), summary=res["summary"])
    return result, scenario_from_dict(rec["request"]["scenario"]), load_dataset(path)
