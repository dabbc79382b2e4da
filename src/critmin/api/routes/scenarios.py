"""``/api/scenarios`` (stored scenarios) and ``/api/library`` (the bundled ones)."""

from __future__ import annotations

import functools
from typing import Annotated, Any, Literal

import yaml
from fastapi import APIRouter, Depends, HTTPException, Query, Response
from pydantic import ValidationError

from critmin.api.deps import Page, State, get_caller, parse_field_path
from critmin.api.schemas import (
    LOOKUP_RESPONSES,
    WRITE_RESPONSES,
    FieldProblem,
    LibraryEntry,
    StoredScenario,
    ValidateRequest,
    ValidateResponse,
)
from critmin.app.access import may_delete, ownership
from critmin.core.yamlio import line_of, load_yaml_text
from critmin.exceptions import ScenarioError
from critmin.scenarios import Scenario, list_scenarios, load_library_scenario
from critmin.scenarios.io import error_message, field_path
from critmin.scenarios.validate import raw_name_problems, scenario_problems

router = APIRouter(tags=["scenarios"], responses=LOOKUP_RESPONSES,
                   dependencies=[Depends(get_caller)])


def _name_problems(problems: list[str]) -> list[FieldProblem]:
    out = []
    for p in problems:
        field, _, message = p.partition(": ")
        out.append(FieldProblem(field=field, message=message))
    return out


def check_against_dataset(scenario: Scenario, state: State, dataset: str) -> list[FieldProblem]:
    """Names in ``scenario`` that ``dataset`` does not know, as field problems."""
    return _name_problems(scenario_problems(scenario, state.dataset(dataset)))


def unprocessable(problems: list[FieldProblem]) -> HTTPException:
    return HTTPException(422, [{"loc": ["body", *parse_field_path(p.field)], "msg": p.message,
                                "type": "value_error"} for p in problems])


@router.post("/api/scenarios/validate", response_model=ValidateResponse)
def validate(req: ValidateRequest, state: State) -> ValidateResponse:
    """Validate scenario YAML (as the editor does while one types); never an error status.

    Every problem at once: the fields that do not parse and, in the same answer, the names
    the dataset does not know (with the closest known name); each with its line."""
    try:
        data = load_yaml_text(req.yaml)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "yaml"
        return ValidateResponse(valid=False, problems=[FieldProblem(
            field=where, message=str(exc), line=mark.line + 1 if mark else None)])
    if not isinstance(data, dict):
        return ValidateResponse(valid=False, problems=[FieldProblem(
            field="(top level)", message="a scenario is a mapping of fields", line=1)])
    scenario = None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems = [FieldProblem(field=field_path(tuple(e["loc"])) or "(top level)",
                                 message=error_message(e)) for e in exc.errors()]
        seen = {p.field for p in problems}
        problems += [p for p in _name_problems(raw_name_problems(data, state.dataset(
            req.dataset))) if p.field not in seen]
    else:
        problems = check_against_dataset(scenario, state, req.dataset)
    for p in problems:
        p.line = p.line or line_of(req.yaml, parse_field_path(p.field))
    return ValidateResponse(valid=not problems, problems=problems,
                            scenario=scenario.model_dump(mode="json")
                            if scenario is not None and not problems else None)


@router.get("/api/scenarios", response_model=list[StoredScenario])
def list_stored(state: State, page: Page) -> list[dict[str, Any]]:
    """Stored scenarios, oldest first, a page at a time."""
    return state.list_scenarios(page.limit, page.offset)


@router.post("/api/scenarios", response_model=StoredScenario, status_code=201,
             responses=WRITE_RESPONSES)
def create(scenario: Scenario, state: State,
           dataset: Annotated[str, Query()] = "reference",
           visibility: Annotated[Literal["private", "coalition", "public"] | None, Query(
               description="Who may see it: the caller's partner (private, the default "
               "once users exist), also the scenario's coalition members, or every user."
           )] = None) -> dict[str, Any]:
    """Store a scenario after checking it against ``dataset`` (422 names the field)."""
    state.require_write()
    problems = check_against_dataset(scenario, state, dataset)
    if problems:
        raise unprocessable(problems)
    members = state.dataset(dataset).resolve_countries(scenario.coalition)
    stored = state.store.add_scenario(scenario.name, scenario.model_dump(mode="json"),
                                      ownership(state.caller, visibility, members))
    state.record("create", "scenario", stored)
    return stored


@router.get("/api/scenarios/{scenario_id}", response_model=StoredScenario)
def read(scenario_id: str, state: State) -> dict[str, Any]:
    """One stored scenario."""
    return state.scenario(scenario_id)


@router.delete("/api/scenarios/{scenario_id}", status_code=204, responses=WRITE_RESPONSES)
def delete(scenario_id: str, state: State) -> Response:
    """Delete a stored scenario (an analyst their own, an admin any of their partner's)."""
    found = state.scenario(scenario_id)
    if not may_delete(state.caller, found):
        raise HTTPException(403, f"{state.caller.name} may not delete this scenario "
                                 f"(created by {found['owner']})")
    if not state.store.delete_scenario(scenario_id):
        raise HTTPException(404, f"no scenario with id {scenario_id!r}")
    state.record("delete", "scenario", found)
    return Response(status_code=204)


@router.get("/api/library", response_model=list[LibraryEntry])
def library(page: Page) -> list[LibraryEntry]:
    """The bundled scenario library, a page at a time."""
    return page.slice(_library())


@functools.cache
def _library() -> list[LibraryEntry]:
    """The library's entries (bundled files: read once)."""
    out = []
    for name in list_scenarios():
        sc = load_library_scenario(name)
        out.append(LibraryEntry(name=name, title=sc.name, description=sc.description))
    return out


@router.get("/api/library/{name}", response_model=dict)
def library_scenario(name: str) -> dict[str, Any]:
    """One bundled scenario, as data."""
    try:
        return load_library_scenario(name).model_dump(mode="json")
    except ScenarioError as exc:
        raise HTTPException(404, str(exc)) from None
