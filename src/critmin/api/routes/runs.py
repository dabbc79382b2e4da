"""``/api/runs``: start a simulation as a background job, follow it, cancel it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from critmin.api.deps import AppState, State
from critmin.api.routes.scenarios import check_against_dataset, unprocessable
from critmin.api.schemas import RunInfo, RunRequest
from critmin.exceptions import ScenarioError
from critmin.scenarios import Scenario, load_library_scenario

router = APIRouter(prefix="/api/runs", tags=["runs"])

#: Longest horizon a service run may have (10 years of months, or 240 years): a guard
#: against requests that would occupy a worker for hours.
MAX_PERIODS = 240


def resolve_scenario(req: RunRequest, state: AppState) -> Scenario:
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
    stored = state.store.get_scenario(req.scenario_id or "")
    if stored is None:
        raise HTTPException(404, f"no scenario with id {req.scenario_id!r}")
    return Scenario.model_validate(stored["scenario"])


@router.post("", response_model=RunInfo, status_code=202)
def start(req: RunRequest, state: State) -> dict[str, Any]:
    """Start a run in the background and return its id at once (status ``queued``)."""
    scenario = resolve_scenario(req, state)
    n = len(scenario.periods())
    if n > MAX_PERIODS:
        raise HTTPException(422, [{"loc": ["body", "scenario", "horizon"], "type": "value_error",
                                   "msg": f"{n} periods; a service run may have at most "
                                          f"{MAX_PERIODS} (use the CLI for longer runs)"}])
    problems = check_against_dataset(scenario, state, req.dataset)
    if problems:
        raise unprocessable(problems)
    record = state.store.add_run(req.kind, {"dataset": req.dataset,
                                            "scenario": scenario.model_dump(mode="json"),
                                            "scenario_id": req.scenario_id,
                                            "library": req.library})
    state.runner.submit(record["id"], {"kind": req.kind,
                                       "dataset_path": str(state.dataset_path(req.dataset)),
                                       "scenario": scenario.model_dump(mode="json")})
    return record


@router.get("", response_model=list[RunInfo])
def list_runs(state: State) -> list[dict[str, Any]]:
    """Every run, newest first (without results)."""
    return state.store.list_runs()


@router.get("/{run_id}", response_model=RunInfo)
def get_run(run_id: str, state: State) -> dict[str, Any]:
    """A run's status, progress and, once done, its results."""
    run = state.store.get_run(run_id)
    if run is None:
        raise HTTPException(404, f"no run with id {run_id!r}")
    return run


@router.post("/{run_id}/cancel", response_model=RunInfo)
def cancel(run_id: str, state: State) -> dict[str, Any]:
    """Cancel a queued or running run (a finished run is left as it is)."""
    if state.runner.cancel(run_id) is None:
        raise HTTPException(404, f"no run with id {run_id!r}")
    return state.store.get_run(run_id, with_result=False)  # type: ignore[return-value]
