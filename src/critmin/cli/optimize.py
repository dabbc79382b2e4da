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

from critmin.cli._common import (
    DatasetOption,
    FormatOption,
    OutputFormat,
    fail,
    handle_errors,
    out_folder,
)

#: Most futures of the extensive form (one block per future × year in one MILP).
MAX_FUTURES = 200
#: Most fresh futures of an out-of-sample evaluation.
MAX_EVALUATE = 100_000


def _budgets(text: str | None) -> list[float] | None:
    from critmin.core.limits import check as check_limit
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
    check_limit(len(out), "frontier_budgets", "budgets (each one a MILP solve)",
                where="--frontier")
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
        "--out", "-o", callback=out_folder, show_default=False,
        help="Write portfolio.csv, by_scenario.csv, frontier.csv, excluded.csv and "
             "summary.json to this folder.")] = None,
    futures: Annotated[int | None, typer.Option(
        "--futures", min=1, max=MAX_FUTURES, show_default=False,
        help="Optimise over N futures sampled from the plan's uncertain scenarios "
             f"(sample-average approximation, extensive form; at most {MAX_FUTURES}).")] = None,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed of the futures.")] = 0,
    evaluate: Annotated[int | None, typer.Option(
        "--evaluate", min=1, max=MAX_EVALUATE, show_default=False,
        help="Then run the portfolio and doing nothing on M fresh futures (another seed) "
             "through the ensemble engine: in- vs out-of-sample, per good.")] = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", min=1, show_default=False,
        help="Dask worker processes for --evaluate (a LocalCluster).")] = None,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", show_default=False,
        help="Address of a running Dask scheduler for --evaluate.")] = None,
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
              frontier=tuple(_budgets(frontier) or ()), futures=futures, seed=seed,
              evaluate=evaluate, workers=workers, scheduler=scheduler)
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
        result.by_good.to_csv(tmp / "by_good.csv", index=False)
        result.benefit.to_csv(tmp / "benefit.csv", index=False)
        if result.picks is not None:
            result.picks.to_csv(tmp / "picks.csv", index=False)
        if result.evaluation is not None:
            result.evaluation.to_csv(tmp / "evaluation.csv", index=False)
        result.excluded.to_csv(tmp / "excluded.csv", index=False)
        if result.frontier is not None:
            result.frontier.to_csv(tmp / "frontier.csv", index=False)
        summary = {k: v for k, v in data.items() if k not in (
            "portfolio", "frontier", "by_scenario", "excluded", "by_good", "benefit", "picks",
            "evaluation")}
        (tmp / "summary.json").write_text(dumps(summary) + "\n", encoding="utf-8")


def _emit(result: Any, data: dict[str, Any], fmt: OutputFormat) -> None:

    from critmin.cli._common import console, dumps, emit_table, warn

    if fmt is OutputFormat.json:
        sys.stdout.write(dumps(data) + "\n")
        return
    if fmt is OutputFormat.csv:
        emit_table(result.table, fmt)
        return
    from critmin.optimize.explain import sentences

    c = console()
    s = result.solver
    c.rule(f"[bold]Joint portfolio: {result.plan}[/] — {', '.join(result.coalition)}, "
           f"{result.objective}")
    for line in sentences(result):
        c.print(line, highlight=False)
    c.print(f"Solver: {s['status']}, MIP gap {s['mip_gap']:.3g}, {s['time_s']:.2f} s, "
            f"{s['columns']:,} columns x {s['rows']:,} rows ({s['integers']} integers).",
            highlight=False)
    _tables(result, fmt)
    for k, v in result.assumptions.items():
        c.print(f"[bold]Assumption ({k}):[/] {v}", highlight=False)
    warn(result.warnings)
    c.print("Expected shortfall: probability-weighted tonnes of each good short over the "
            "horizon. The optimiser minimises the priority-weighted sum "
            f"({result.objective_before:,.6g} with no measure → {result.objective_after:,.6g}; "
            "a ranking measure, not tonnes). See docs/optimize.md.", highlight=False)


def _tables(result: Any, fmt: OutputFormat) -> None:
    import pandas as pd

    from critmin.cli._common import emit_table

    pk = result.picks
    if pk is not None and len(pk):
        emit_table(pd.DataFrame({
            "pick": pk["measure_id"], "MUSD": pk["cost_musd"], "pays": pk["cost_by_partner"],
            "good": pk["good"], "coalition t": pk["coalition_avoided_t"],
            "P95 t": pk["p95_coalition_avoided_t"], "t/MUSD": pk["coalition_t_per_musd"],
            "benefits": pk["benefit_by_partner"]}), fmt,
            title="Why each pick: expected t it avoids given the rest")
    g = result.by_good
    emit_table(pd.DataFrame({
        "good": g["good"], "world before t": g["expected_t_before"],
        "world after t": g["expected_t_after"],
        "coalition before t": g["coalition_expected_t_before"],
        "coalition after t": g["coalition_expected_t_after"]}), fmt,
        title="Expected shortfall per good over the horizon (never added across goods)")
    if len(result.benefit):
        emit_table(result.benefit, fmt, title="Who benefits: each partner's own demand")
    t = result.table
    emit_table(pd.DataFrame({
        "measure": t["measure_id"], "picked": t["selected"].map({True: "yes", False: ""}),
        "amount": t["amount"], "MUSD": t["cost_musd"], "where": t["country"],
        "good": t["stage"] + "/" + t["material"],
        "start": t["start_year"].map(lambda v: "" if v != v else f"{v:g}")}), fmt,
        title="Candidate measures (amount: 1/0, t or t/yr)")
    bs = result.by_scenario
    emit_table(pd.DataFrame({
        "scenario": bs["scenario"], "p": bs["probability"], "good": bs["good"],
        "world before t": bs["shortfall_t_before"], "world after t": bs["shortfall_t_after"],
        "coalition before t": bs["coalition_shortfall_t_before"],
        "coalition after t": bs["coalition_shortfall_t_after"]}), fmt,
        title="Shortfall by scenario and good, t over the horizon")
    fr = result.frontier
    if fr is not None:
        goods = [c for c in fr.columns if c.startswith("coalition_t[")]
        emit_table(pd.DataFrame({
            "budget": fr["budget_musd"], "spent": fr["cost_musd"],
            "value/MUSD": fr["marginal_per_musd"], "binding limit": fr["limit"],
            "entered": fr["entered"].str.replace(";", " "),
            **{f"{c[12:-1]} t": fr[c] for c in goods}}), fmt,
            title="Budget frontier (MUSD; value/MUSD: priority-weighted t avoided per MUSD "
                  "since the previous budget; per good the coalition's expected t)")
    if len(result.excluded):
        emit_table(result.excluded, fmt, title="Candidates left out")
    ev = result.evaluation
    if ev is not None and len(ev):
        emit_table(pd.DataFrame({
            "good": ev["good"], "arm": ev["arm"], "in-sample t": ev["in_sample_mean_t"],
            "out-of-sample t": ev["out_of_sample_mean_t"], "± 95 %": ev["ci95_t"],
            "P95 t": ev["p95_t"], "CVaR95 t": ev["cvar95_t"], "futures": ev["futures"]}),
            fmt, title="Out of sample: the coalition's expected shortfall on fresh futures "
                       "(t over the horizon, per good)")
