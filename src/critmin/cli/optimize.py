"""``critmin optimize PLAN.yaml``: the joint-response portfolio of a plan, and its frontier.

A thin adapter over :mod:`critmin.optimize.portfolio`; it holds no maths. The lead's
``cli/__init__.py`` calls :func:`register`.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from critmin.cli._common import DatasetOption, FormatOption, OutputFormat, fail, handle_errors

#: Most budgets a frontier solves (each one a MILP).
MAX_FRONTIER = 50


def _budgets(text: str | None) -> list[float] | None:
    from critmin.optimize.plan import PlanError

    if text is None:
        return None
    try:
        out = [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        msg = f"--frontier must be comma-separated numbers (MUSD), not {text!r}"
        raise PlanError(msg) from None
    if not out or any(not math.isfinite(b) or b < 0 for b in out):
        msg = f"--frontier needs one or more finite budgets >= 0 (MUSD), not {text!r}"
        raise PlanError(msg)
    if len(out) > MAX_FRONTIER:
        msg = f"--frontier: at most {MAX_FRONTIER} budgets (each is a MILP solve), not {len(out)}"
        raise PlanError(msg)
    return out


@handle_errors
def optimize(
    plan: Annotated[str, typer.Argument(
        help="Plan YAML file, or the name of a bundled plan (us-japan-framework).",
        metavar="PLAN.yaml", show_default=False)] = "us-japan-framework",
    budget_musd: Annotated[float | None, typer.Option(
        "--budget-musd", "-b", min=0, show_default=False,
        help="Coalition budget in MUSD (replaces the plan's).")] = None,
    frontier: Annotated[str | None, typer.Option(
        "--frontier", show_default=False,
        help="Also solve at these coalition budgets, MUSD, comma-separated (B1,B2,...).")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", show_default=False,
        help="Write portfolio.csv, by_scenario.csv, frontier.csv, excluded.csv and "
             "summary.json to this folder.")] = None,
    dataset: DatasetOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Which facilities, stockpiles, recycling and substitution a coalition should fund.

    A two-stage stochastic MILP on HiGHS: first-stage measures within the coalition's and
    each partner's budget under the plan's cost-sharing rule; second stage the shock
    simulation of every scenario of the plan, weighted by its probability. Prints the
    portfolio, expected shortfall before and after, and the solver's status, MIP gap and
    time. Equations and assumptions: docs/optimize.md.
    """
    from critmin.app import resolve
    from critmin.app.jobs import Job, run_job

    if budget_musd is not None and not math.isfinite(budget_musd):
        raise fail(f"--budget-musd must be a finite number of MUSD, not {budget_musd}")
    named = resolve.plan(plan)
    job = Job("optimize", plan=named.value, budget_musd=budget_musd,
              frontier=tuple(_budgets(frontier) or ()))
    result = run_job(job, ds=resolve.dataset(named, dataset))
    data = result.to_dict()
    if out is not None:
        _write(result, data, out)
    _emit(result, data, fmt)


def _write(result: Any, data: dict[str, Any], out: Path) -> None:
    from critmin.cli._common import dumps
    from critmin.core.files import atomic_directory

    with atomic_directory(out) as tmp:
        result.table.to_csv(tmp / "portfolio.csv", index=False)
        result.by_scenario.to_csv(tmp / "by_scenario.csv", index=False)
        result.excluded.to_csv(tmp / "excluded.csv", index=False)
        if result.frontier is not None:
            result.frontier.to_csv(tmp / "frontier.csv", index=False)
        summary = {k: v for k, v in data.items() if k not in ("portfolio", "frontier",
                                                             "by_scenario", "excluded")}
        (tmp / "summary.json").write_text(dumps(summary) + "\n", encoding="utf-8")


def _emit(result: Any, data: dict[str, Any], fmt: OutputFormat) -> None:
    import pandas as pd

    from critmin.cli._common import console, dumps, emit_table, warn

    if fmt is OutputFormat.json:
        sys.stdout.write(dumps(data) + "\n")
        return
    if fmt is OutputFormat.csv:
        emit_table(result.table, fmt)
        return
    s = result.solver
    kv = pd.DataFrame({"item": [
        "plan", "coalition", "objective", "budget_musd", "cost_musd",
        *(f"cost_musd[{k}]" for k in result.cost_by_partner),
        "expected_shortfall_t_before", "expected_shortfall_t_after",
        "expected_coalition_shortfall_t_before", "expected_coalition_shortfall_t_after",
        "solver status", "mip_gap", "time_s", "columns x rows (integers)"], "value": [
        result.plan, ", ".join(result.coalition), result.objective, _f(result.budget_musd),
        _f(result.cost_musd), *(_f(v) for v in result.cost_by_partner.values()),
        _f(result.expected_shortfall_t_before), _f(result.expected_shortfall_t_after),
        _f(result.expected_coalition_shortfall_t_before),
        _f(result.expected_coalition_shortfall_t_after), s["status"], f"{s['mip_gap']:.3g}",
        f"{s['time_s']:.2f}", f"{s['columns']} x {s['rows']} ({s['integers']})"]})
    emit_table(kv, fmt, title=f"Joint portfolio: {result.plan}")
    cols = ["measure_id", "type", "selected", "amount", "cost_musd", "cost_by_partner",
            "country", "stage", "material", "start_year"]
    table = result.table[cols].assign(
        start_year=result.table["start_year"].map(lambda v: "" if v != v else f"{v:g}"))
    emit_table(table, fmt, title="Candidate measures (amount: 1/0, t or t/yr)")
    emit_table(result.by_scenario, fmt, title="Shortfall by scenario, t over the horizon")
    if result.frontier is not None:
        emit_table(result.frontier, fmt, title="Budget frontier")
    if len(result.excluded):
        emit_table(result.excluded, fmt, title="Candidates left out")
    c = console()
    for k, v in result.assumptions.items():
        c.print(f"[bold]Assumption ({k}):[/] {v}", highlight=False)
    warn(result.warnings)
    c.print("Expected shortfall: probability-weighted tonnes short over the horizon, all "
            "countries (coalition members separately). See docs/optimize.md.",
            highlight=False)


def _f(v: float) -> str:
    return f"{v:,.6g}"
