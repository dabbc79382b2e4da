"""``/api/runs``: start a simulation as a background job, follow it, cancel it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException

from critmin.api.deps import Page, Scoped, State, get_caller
from critmin.api.routes.scenarios import check_against_dataset, unprocessable
from critmin.api.schemas import (
    LOOKUP_RESPONSES,
    WRITE_RESPONSES,
    ErrorDetail,
    RunInfo,
    RunRequest,
)
from critmin.app.access import ownership
from critmin.app.jobs import Job
from critmin.app.sharing import overlays_for
from critmin.exceptions import ScenarioError
from critmin.optimize.plan import Plan
from critmin.scenarios import Scenario, load_library_scenario

router = APIRouter(prefix="/api/runs", tags=["runs"], responses=LOOKUP_RESPONSES,
                   dependencies=[Depends(get_caller)])

def resolve_scenario(req: RunRequest, state: Scoped) -> Scenario:
    """The scenario a run request names (exactly one of id, library name or inline)."""
    given = [x for x in ("scenario_id", "library", "scenario") if getattr(req, x) is not None]
    if len(given) != 1:
        raise HTTPException(422, [{"loc": ["body"], "type": "value_error",
                                   "msg": "give exactly one of scenario_id, library, scenario"}])
    if req.scenario is not None:
        return req.scenario
    if req.library is not None:
        try:
            return load_library_scenario(req.library)
        except ScenarioError as exc:
            raise HTTPException(404, str(exc)) from None
    return Scenario.model_validate(state.scenario(req.scenario_id or "")["scenario"])


def _reject(loc: list, msg: str) -> HTTPException:
    return HTTPException(422, [{"loc": ["body", *loc], "type": "value_error", "msg": msg}])


def _plan(req: RunRequest, state: Scoped) -> Plan:
    """The plan of an optimisation request, checked against the dataset (names only: the
    model is built by the worker)."""
    from critmin.optimize.plan import list_plans, resolve_plan
    from critmin.optimize.validate import plan_problems

    if req.plan_spec is not None and req.plan is not None:
        raise _reject([], "give plan or plan_spec, not both")
    if req.plan_spec is not None:
        for i, ref in enumerate(req.plan_spec.scenarios):
            if ref.file is not None:
                raise _reject(["plan_spec", "scenarios", i, "file"],
                              "file references are not allowed in the service; use a "
                              "library name or an inline definition")
        plan = req.plan_spec
    else:
        name = req.plan or "us-japan-framework"
        if name not in list_plans():
            raise HTTPException(404, f"unknown plan {name!r}; bundled: {', '.join(list_plans())}")
        plan = resolve_plan(name)
    problems = plan_problems(state.dataset(req.dataset), plan)
    if problems:
        where = "plan_spec" if req.plan_spec is not None else "plan"
        raise HTTPException(422, [{"loc": ["body", where], "type": "value_error", "msg": p}
                                  for p in problems])
    return plan


QUEUE_FULL = {429: {"model": ErrorDetail, "description": "The run queue is full "
                   "(CRITMIN_MAX_QUEUED); try again after Retry-After seconds.",
                   "headers": {"Retry-After": {"schema": {"type": "integer"},
                                               "description": "Seconds to wait."}}}}


def _check_queue(state: Scoped) -> None:
    queued = state.store.count_runs("queued")
    if queued >= state.settings.max_queued:
        raise HTTPException(429, f"{queued} runs are waiting, the most this server queues; "
                                 "try again later", headers={"Retry-After": "30"})


@router.post("", response_model=RunInfo, status_code=202,
             responses={**QUEUE_FULL, **WRITE_RESPONSES})
def start(req: RunRequest, state: State) -> dict[str, Any]:
    """Start a run in the background and return its id at once (status ``queued``).

    Partner-private overlays of the dataset (figures a partner feeds its coalition's runs
    without publishing them) are applied for every coalition member that has one; other
    partners see those figures as coalition totals only."""
    state.require_write()
    _check_queue(state)
    folder = str(state.dataset_path(req.dataset))
    record: dict[str, Any] = {"dataset": req.dataset}
    if req.kind == "optimize":
        plan = _plan(req, state)
        coalition = plan.coalition
        job = Job("optimize", dataset=folder, plan=plan, budget_musd=req.budget_musd,
                  frontier=tuple(req.frontier))
        record.update(plan=plan.model_dump(mode="json"), budget_musd=req.budget_musd,
                      frontier=list(req.frontier))
    else:
        scenario = resolve_scenario(req, state)  # its horizon is within the periods limit
        problems = check_against_dataset(scenario, state, req.dataset)
        if problems:
            raise unprocessable(problems)
        if req.kind == "ensemble":
            if scenario.uncertainty is None:
                raise _reject(["scenario", "uncertainty"], "an ensemble needs a scenario "
                              "with an 'uncertainty' block")
            record.update(runs=req.runs, seed=req.seed)
        coalition = scenario.coalition
        job = Job(req.kind, dataset=folder, scenario=scenario, runs=req.runs, seed=req.seed)
        record.update(scenario=scenario.model_dump(mode="json"), scenario_id=req.scenario_id,
                      library=req.library)
    members = state.dataset(req.dataset).resolve_countries(coalition)
    job, private = _with_overlays(job, state, req.dataset, members)
    run = state.store.add_run(req.kind, record, ownership(state.caller, req.visibility,
                                                           members), private)
    state.record("run", "run", run, detail=req.kind)
    state.runner.submit(run["id"], job.to_dict())
    return run


def _with_overlays(job: Job, state: Scoped, dataset: str,
                   members: list[str]) -> tuple[Job, list[dict[str, Any]]]:
    """``job`` fed with the overlays of ``dataset`` of the coalition's ``members``, and the
    private keys they bring (checked now: a malformed overlay is the deployment's problem
    and stops the run with its file and row, 409)."""
    from dataclasses import replace

    from critmin.data.overlay import apply_overlays
    from critmin.exceptions import DatasetError

    try:
        overlays = overlays_for(state.settings.data_dir, dataset, members)
        if not overlays:
            return job, []
        _, private = apply_overlays(state.dataset(dataset), overlays)
    except DatasetError as exc:
        raise HTTPException(409, {"message": "a partner's private overlay is invalid",
                                  "problems": [p.to_dict() for p in exc.problems]}) from None
    return replace(job, overlays=tuple(str(o.folder) for o in overlays)), private


@router.get("", response_model=list[RunInfo])
def list_runs(state: State, page: Page) -> list[dict[str, Any]]:
    """Runs the caller may see, newest first (without results), a page at a time."""
    return state.list_runs(page.limit, page.offset)


@router.get("/{run_id}", response_model=RunInfo)
def get_run(run_id: str, state: State) -> dict[str, Any]:
    """A run's status, progress and, once done, its results."""
    return state.run(run_id)


@router.post("/{run_id}/cancel", response_model=RunInfo, responses=WRITE_RESPONSES)
def cancel(run_id: str, state: State) -> dict[str, Any]:
    """Cancel a queued or running run (a finished run is left as it is)."""
    from critmin.app.access import may_delete

    run = state.run(run_id, with_result=False)
    if not may_delete(state.caller, run):
        raise HTTPException(403, f"{state.caller.name} may not cancel this run "
                                 f"(started by {run['owner']})")
    if state.runner.cancel(run_id) is None:
        raise HTTPException(404, f"no run with id {run_id!r}")
    state.record("cancel", "run", run)
    return state.store.get_run(run_id, with_result=False)  # type: ignore[return-value]
