"""Dashboard pages of runs: start one (simulation, ensemble, optimisation), follow it with
a progress bar and cancel it, see its charts, pick runs to compare."""

from __future__ import annotations

from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from critmin.api.compare_views import TITLES, compare_runs
from critmin.api.deps import State, get_caller
from critmin.api.render import Table, page
from critmin.api.run_views import run_view
from critmin.scenarios import dump_scenario, list_scenarios, load_library_scenario
from critmin.scenarios.io import scenario_from_dict

router = APIRouter(include_in_schema=False, dependencies=[Depends(get_caller)])

#: Budgets (MUSD) of the frontier the run form proposes.
DEFAULT_FRONTIER = "250, 500, 1000, 2000"


def title_of(run: dict[str, Any]) -> str:
    req = run["request"]
    if run["kind"] == "optimize":
        return f"plan {req.get('plan', {}).get('name', '')}"
    return str(req.get("scenario", {}).get("name", ""))


@router.get("/runs", response_class=HTMLResponse)
def runs_page(request: Request, state: State) -> Response:
    """Every run, newest first; tick two finished runs to compare them."""
    runs = [{**r, "title": title_of(r)} for r in state.list_runs()]
    return page(request, "runs.html", title="Runs", runs=runs)


def _scenario_choices(state: Any) -> list[dict[str, Any]]:
    out = []
    for name in list_scenarios():
        sc = load_library_scenario(name)
        out.append({"value": f"library:{name}", "label": name,
                    "uncertain": sc.uncertainty is not None})
    for s in state.list_scenarios():
        out.append({"value": f"stored:{s['id']}", "label": f"{s['name']} (stored {s['id']})",
                    "uncertain": s.get("scenario", {}).get("uncertainty") is not None})
    return out


@router.get("/runs/new", response_class=HTMLResponse)
def new_run(request: Request, state: State, kind: str = "simulate",
            scenario: str | None = None, dataset: str = "reference") -> Response:
    """The form that starts a simulation, an ensemble or an optimisation."""
    from critmin.optimize.plan import list_plans

    if kind not in ("simulate", "ensemble", "optimize"):
        raise HTTPException(422, f"kind {kind!r}: one of simulate, ensemble, optimize")
    state.dataset_path(dataset)  # 404 for an unknown dataset
    return page(request, "new_run.html", title="New run", kind=kind,
                scenarios=_scenario_choices(state), chosen=scenario, plans=list_plans(),
                datasets=state.dataset_names(), dataset=dataset,
                frontier=DEFAULT_FRONTIER)


@router.get("/runs/{run_id}", response_class=HTMLResponse)
def run_page(request: Request, run_id: str, state: State) -> Response:
    """A run: progress bar and cancel while it runs; its charts and tables once done."""
    run = state.run(run_id)
    if run["status"] == "done":  # a finished run never changes: build its page once
        figures, tables, summary = state.cached(run["finished_at"], ("run", run_id),
                                                lambda: run_view(run))
    else:
        figures, tables, summary = [], [], []
    yaml_text = ""
    if run["kind"] in ("simulate", "ensemble"):
        yaml_text = dump_scenario(scenario_from_dict(run["request"]["scenario"]))
    if summary:
        tables = [Table("Summary", pd.DataFrame(summary, columns=["quantity", "value"]),
                        slug="summary"), *tables]
    return page(request, "run.html", tables=tables, title=f"Run {run_id}", run=run,
                figures=figures, yaml_text=yaml_text, name=title_of(run))


def _picked(a: str | None, b: str | None, run: list[str]) -> tuple[str, str]:
    ids = [x for x in (a, b) if x] + [x for x in run if x]
    if len(ids) != 2:
        raise HTTPException(422, f"pick exactly two runs to compare ({len(ids)} picked)")
    return ids[0], ids[1]


@router.get("/compare", response_class=HTMLResponse)
def compare(request: Request, state: State, a: str | None = None, b: str | None = None,
            run: Annotated[list[str] | None, Query()] = None) -> Response:
    """Two finished runs of the same kind side by side: summaries, a chart each and their
    numbers per good with the difference."""
    ids = _picked(a, b, run or [])
    runs = [state.run(i) for i in ids]
    for found in runs:
        if found["status"] != "done":
            raise HTTPException(409, f"run {found['id']} is {found['status']}: only finished "
                                     "runs compare")
    if runs[0]["kind"] != runs[1]["kind"]:
        raise HTTPException(409, f"run {ids[0]} is a {runs[0]['kind']} run and {ids[1]} a "
                                 f"{runs[1]['kind']} run: pick two runs of the same kind")
    sides, diff = compare_runs(*runs)
    tables = [Table(TITLES[runs[0]["kind"]], diff, slug="difference")] if not diff.empty \
        else []
    return page(request, "compare.html", tables=tables, title="Compare", sides=sides)
