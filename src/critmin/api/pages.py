"""The dashboard: server-rendered pages with Plotly charts (plotly.js served locally)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from critmin.api.deps import State
from critmin.core.defaults import DEFAULT_COALITION
from critmin.core.formatting import format_number
from critmin.ensemble.summary import distribution_frame
from critmin.exceptions import ScenarioError
from critmin.report import charts
from critmin.report.html import table_html
from critmin.scenarios import dump_scenario, list_scenarios, load_library_scenario
from critmin.scenarios.io import scenario_from_dict
from critmin.simulate.summary import goods_frame, stocks_frame

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))

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


def _page(request: Request, template: str, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, context)


def _coalition(ds: Any, coalition: str) -> list[str]:
    try:
        return ds.resolve_countries([c.strip() for c in coalition.split(",") if c.strip()])
    except KeyError as exc:
        raise HTTPException(422, f"coalition: {exc.args[0]}") from None


@router.get("/static/plotly.min.js")
def plotly_js() -> Response:
    """plotly.js from the installed plotly package: the dashboard needs no CDN."""
    return Response(charts.plotly_js(), media_type="application/javascript",
                    headers={"Cache-Control": "public, max-age=86400"})


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, state: State, dataset: str = "reference",
             coalition: str = ",".join(DEFAULT_COALITION)) -> HTMLResponse:
    """The coalition's exposure: heat map and table, worst first, and the CRMA scorecard."""
    return state.cached_page(("overview", coalition), dataset,
                             lambda: _overview(request, state, dataset, coalition))


def _overview(request: Request, state: State, dataset: str, coalition: str) -> HTMLResponse:
    from critmin.metrics import coalition_exposure, crma_scorecard, exposure_warnings

    ds = state.dataset(dataset)
    members = _coalition(ds, coalition)
    exposure = coalition_exposure(ds, members)
    order = list(ds.stages.sort_values("order")["stage"])
    year = int(exposure["year"].iloc[0]) if not exposure.empty else ds.base_year
    heat = charts.heatmap_figure(
        exposure, "bottleneck_share", "Largest single-country share up the chain "
        "(traced), by material and stage", order, hover="bottleneck_origin",
                       unknown="unknown_share")
    score = crma_scorecard(ds, members)
    tables = [
        {"title": "Exposure, worst first", "html": table_html(exposure),
         "note": "bottleneck = the largest share of the coalition's supply held by one "
                 "non-member country at any stage up the chain (see docs/metrics.md)."},
        {"title": "CRMA 2030 benchmarks as a coalition scorecard", "html": table_html(score),
         "note": ""},
    ]
    return _page(request, "overview.html", title="Exposure", coalition=members,
                 dataset_title=f"{ds.name} v{ds.version}", year=year,
                 n_sources=len(ds.sources), figures=[charts.figure_html(heat, "exposure-heatmap")],
                 tables=tables, materials=sorted(ds.capacity["material"].unique()),
                 warnings=exposure_warnings(exposure, "+".join(members)))


@router.get("/materials/{material}", response_class=HTMLResponse)
def material_page(request: Request, material: str, state: State,
                  dataset: str = "reference", year: int | None = None) -> HTMLResponse:
    """A material's chain as a Sankey and its concentration over time."""
    return state.cached_page(("material", material, year), dataset,
                             lambda: _material(request, material, state, dataset, year))


def _material(request: Request, material: str, state: State, dataset: str,
              year: int | None) -> HTMLResponse:
    from critmin.metrics import concentration

    ds = state.dataset(dataset)
    known = set(ds.materials["material"])
    if material not in known:
        raise HTTPException(404, f"unknown material {material!r}")
    conc = concentration(ds, materials=material)
    if year is None:
        has = ds.capacity[(ds.capacity["material"] == material)
                          & ds.capacity["production_t"].notna()]
        year = int(has["year"].max()) if not has.empty else ds.base_year
    links = charts.chain_links(ds.capacity, ds.trade, ds.demand, ds.recipes, material, year)
    figs = [
        charts.figure_html(charts.sankey_figure(
            links, f"{material}: from mines to end uses, {year} (t; each stage in its own unit)"),
            "sankey"),
        charts.figure_html(charts.lines_figure(
            conc, "year", "top1_share", "stage", f"{material}: top-1 country share by stage",
            "share of world production"), "concentration-top1"),
        charts.figure_html(charts.lines_figure(
            conc, "year", "hhi", "stage", f"{material}: HHI by stage", "HHI (0-10,000)"),
            "concentration-hhi"),
    ]
    name = ds.materials.set_index("material").loc[material, "name"]
    return _page(request, "material.html", title=material, material=material, name=name,
                 dataset_title=f"{ds.name} v{ds.version}", figures=figs,
                 tables=[{"title": "Concentration", "html": table_html(conc)}])


@router.get("/scenarios", response_class=HTMLResponse)
def scenarios_page(request: Request, state: State) -> HTMLResponse:
    library = []
    for name in list_scenarios():
        sc = load_library_scenario(name)
        library.append({"name": name, "description": sc.description})
    return _page(request, "scenarios.html", title="Scenarios", library=library,
                 stored=state.store.list_scenarios())


@router.get("/scenarios/library/{name}", response_class=HTMLResponse)
def library_page(request: Request, name: str, dataset: str = "reference") -> HTMLResponse:
    try:
        sc = load_library_scenario(name)
    except ScenarioError as exc:
        raise HTTPException(404, str(exc)) from None
    return _page(request, "scenario.html", title=name, name=name, description=sc.description,
                 yaml_text=dump_scenario(sc), source=f"library:{name}",
                 run_body={"kind": "simulate", "dataset": dataset, "library": name})


@router.get("/scenarios/stored/{scenario_id}", response_class=HTMLResponse)
def stored_page(request: Request, scenario_id: str, state: State,
                dataset: str = "reference") -> HTMLResponse:
    sc = scenario_from_dict(state.scenario(scenario_id)["scenario"])
    return _page(request, "scenario.html", title=sc.name, name=sc.name,
                 description=sc.description, yaml_text=dump_scenario(sc),
                 source=f"stored:{scenario_id}",
                 run_body={"kind": "simulate", "dataset": dataset, "scenario_id": scenario_id})


@router.get("/editor", response_class=HTMLResponse)
def editor(request: Request, state: State, dataset: str = "reference",
           source: Annotated[str | None, Query(alias="from")] = None) -> HTMLResponse:
    """Scenario editor that validates as you type."""
    text = EXAMPLE
    if source and source.startswith("library:"):
        try:
            text = dump_scenario(load_library_scenario(source.removeprefix("library:")))
        except ScenarioError as exc:
            raise HTTPException(404, str(exc)) from None
    elif source and source.startswith("stored:"):
        found = state.scenario(source.removeprefix("stored:"))
        text = dump_scenario(scenario_from_dict(found["scenario"]))
    return _page(request, "editor.html", title="Editor", yaml_text=text, dataset=dataset)


@router.get("/runs", response_class=HTMLResponse)
def runs_page(request: Request, state: State) -> HTMLResponse:
    return _page(request, "runs.html", title="Runs", runs=state.store.list_runs())


def _result_tables(result: dict[str, Any]) -> dict[str, pd.DataFrame]:
    return {k: pd.DataFrame(result.get(k) or []) for k in ("shortfall", "stocks", "prices")}


def _summary_rows(result: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for k, v in (result.get("summary") or {}).items():
        if isinstance(v, float):
            v = format_number(v)
        elif isinstance(v, dict | list):
            continue
        out.append((k, str(v)))
    return out


def _title(run: dict[str, Any]) -> str:
    req = run["request"]
    if run["kind"] == "optimize":
        return f"plan {req.get('plan', {}).get('name', '')}"
    return str(req.get("scenario", {}).get("name", ""))


@router.get("/runs/{run_id}", response_class=HTMLResponse)
def run_page(request: Request, run_id: str, state: State) -> HTMLResponse:
    """A run: progress while it runs; its charts and tables once it is done."""
    run = state.run(run_id)
    figures, tables, summary, yaml_text = [], [], [], ""
    result = run["result"] if run["status"] == "done" else None
    if run["kind"] in ("simulate", "ensemble"):
        scenario = scenario_from_dict(run["request"]["scenario"])
        yaml_text = dump_scenario(scenario)
    if result and run["kind"] == "simulate":
        t = _result_tables(result)
        figures = [
            charts.figure_html(charts.shortfall_figure(t["shortfall"], scenario.coalition),
                               "shortfall-chart"),
            charts.figure_html(charts.stocks_figure(t["stocks"]), "stocks-chart"),
            charts.figure_html(charts.prices_figure(t["prices"]), "prices-chart"),
        ]
        summary = _summary_rows(result)
        goods = goods_frame(result.get("summary") or {})
        tables.append({"title": "Per good over the horizon (t of each good, never added "
                                "across goods)", "html": table_html(goods)})
        stocks = stocks_frame(result.get("summary") or {})
        if not stocks.empty:
            tables.append({"title": "Stockpiles and inventories: months of cover",
                           "html": table_html(stocks)})
        sf = t["shortfall"]
        if not sf.empty:
            by = (sf.groupby(["country", "sector", "stage", "material"], as_index=False)
                  [["demand_t", "supplied_t", "shortfall_t"]].sum()
                  .sort_values("shortfall_t", ascending=False))
            tables.append({"title": "Shortfall over the horizon (t)",
                           "html": table_html(by[by["shortfall_t"] > 0].head(50))})
    elif result and run["kind"] == "ensemble":
        s = result["summary"]
        rows = distribution_frame(s)
        summary = [("runs", str(result["runs"])), ("seed", str(result["seed"])),
                   ("runs per second", format_number(result["throughput_runs_per_s"]))]
        tables = [{"title": "Distribution over the futures (t per good, never added "
                            "across goods)", "html": table_html(rows)},
                  {"title": "Sensitivity", "html": table_html(
                      pd.DataFrame(result["sensitivity"]))}]
    elif result and run["kind"] == "optimize":
        sv = result["solver"]
        summary = [("cost (MUSD)", format_number(result["cost_musd"])),
                   *((f"paid by {k} (MUSD)", format_number(v))
                     for k, v in (result.get("cost_by_partner") or {}).items()),
                   ("solver", f"{sv['status']}, MIP gap {sv['mip_gap']:.3g}, "
                              f"{sv['time_s']:.2f} s")]
        port = pd.DataFrame(result["portfolio"] or [])
        tables = [{"title": "Portfolio", "html": table_html(
                      port[port["selected"]] if "selected" in port else port)},
                  {"title": "Why each pick (expected t it avoids given the rest)",
                   "html": table_html(pd.DataFrame(result.get("picks") or []))},
                  {"title": "Expected shortfall per good (t over the horizon; never added "
                            "across goods)",
                   "html": table_html(pd.DataFrame(result.get("by_good") or []))},
                  {"title": "Who benefits (each partner's own demand)",
                   "html": table_html(pd.DataFrame(result.get("benefit") or []))},
                  {"title": "Assumptions of the plan", "html": table_html(pd.DataFrame(
                      list(result["assumptions"].items()), columns=["assumption", "text"]))}]
    return _page(request, "run.html", title=f"Run {run_id}", run=run, figures=figures,
                 tables=tables, summary=summary, yaml_text=yaml_text, name=_title(run))


@router.get("/compare", response_class=HTMLResponse)
def compare(request: Request, state: State, a: str, b: str) -> HTMLResponse:
    """Two runs side by side: summaries, shortfall charts and the difference by member."""
    sides, totals = [], []
    for run_id in (a, b):
        run = state.run(run_id)
        if run["status"] != "done" or run["kind"] != "simulate":
            raise HTTPException(409, f"run {run_id} is a {run['kind']} run that is "
                                     f"{run['status']}: only finished simulations compare")
        t = _result_tables(run["result"])
        sc = scenario_from_dict(run["request"]["scenario"])
        sides.append({"run": run, "summary": _summary_rows(run["result"]),
                      "figure": charts.figure_html(
                          charts.shortfall_figure(t["shortfall"], sc.coalition),
                          f"shortfall-{run_id}")})
        sf = t["shortfall"]
        totals.append(sf.assign(good=sf["stage"] + "/" + sf["material"])
                      .groupby(["good", "country", "sector"])["shortfall_t"].sum()
                      if not sf.empty else pd.Series(dtype=float))
    diff = pd.concat(totals, axis=1, keys=[f"{a} (t)", f"{b} (t)"]).fillna(0.0)
    diff["difference (t)"] = diff.iloc[:, 1] - diff.iloc[:, 0]
    diff = diff[(diff.iloc[:, :2] > 0).any(axis=1)].reset_index()
    return _page(request, "compare.html", title="Compare", sides=sides,
                 difference=table_html(diff) if not diff.empty else "")


