"""Dashboard pages of scenarios: the bundled library, stored scenarios, the editor."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from critmin.api.deps import State, get_caller
from critmin.api.render import page
from critmin.exceptions import ScenarioError
from critmin.scenarios import dump_scenario, list_scenarios, load_library_scenario
from critmin.scenarios.io import scenario_from_dict

router = APIRouter(include_in_schema=False, dependencies=[Depends(get_caller)])

EXAMPLE = """name: my-scenario
horizon: {start: 2025-01, end: 2026-12, step: month}
coalition: [USA, JPN]
allocation: market
priorities: {defense: 10, ev: 3, wind: 3, electronics: 1}
shocks:
  - type: export_control
    country: CHN
    materials: [Dy, Tb]
    stages: [separation, metal, magnet]
    destinations: all
    severity: 0.8
    start: 2025-04
    end: 2025-12
"""


@router.get("/scenarios", response_class=HTMLResponse)
def scenarios_page(request: Request, state: State) -> Response:
    library = []
    for name in list_scenarios():
        sc = load_library_scenario(name)
        library.append({"name": name, "description": sc.description})
    return page(request, "scenarios.html", title="Scenarios", library=library,
                stored=state.list_scenarios())


@router.get("/scenarios/library/{name}", response_class=HTMLResponse)
def library_page(request: Request, name: str, dataset: str = "reference") -> Response:
    try:
        sc = load_library_scenario(name)
    except ScenarioError as exc:
        raise HTTPException(404, str(exc)) from None
    return page(request, "scenario.html", title=name, name=name, description=sc.description,
                yaml_text=dump_scenario(sc), source=f"library:{name}",
                uncertain=sc.uncertainty is not None,
                run_body={"kind": "simulate", "dataset": dataset, "library": name})


@router.get("/scenarios/stored/{scenario_id}", response_class=HTMLResponse)
def stored_page(request: Request, scenario_id: str, state: State,
                dataset: str = "reference") -> Response:
    sc = scenario_from_dict(state.scenario(scenario_id)["scenario"])
    return page(request, "scenario.html", title=sc.name, name=sc.name,
                description=sc.description, yaml_text=dump_scenario(sc),
                source=f"stored:{scenario_id}", uncertain=sc.uncertainty is not None,
                run_body={"kind": "simulate", "dataset": dataset, "scenario_id": scenario_id})


@router.get("/editor", response_class=HTMLResponse)
def editor(request: Request, state: State, dataset: str = "reference",
           source: Annotated[str | None, Query(alias="from")] = None) -> Response:
    """Scenario editor: every problem at once, beside its line, as you type."""
    text = EXAMPLE
    if source and source.startswith("library:"):
        try:
            text = dump_scenario(load_library_scenario(source.removeprefix("library:")))
        except ScenarioError as exc:
            raise HTTPException(404, str(exc)) from None
    elif source and source.startswith("stored:"):
        found = state.scenario(source.removeprefix("stored:"))
        text = dump_scenario(scenario_from_dict(found["scenario"]))
    state.dataset_path(dataset)  # 404 for an unknown dataset
    return page(request, "editor.html", title="Editor", yaml_text=text, dataset=dataset,
                datasets=state.dataset_names())
