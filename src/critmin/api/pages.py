"""The dashboard's data pages: exposure, a material's chain, the world map of shares, the
policy timeline. Each page has selectors (form controls) for what it shows, and caches
what it computes from a dataset until the dataset changes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from critmin.api.deps import AppState, State, get_caller
from critmin.api.render import Table, chart, dataset_source, page
from critmin.core.defaults import DEFAULT_COALITION
from critmin.exceptions import ScenarioError
from critmin.report import charts
from critmin.report import dashboard_charts as dc

router = APIRouter(include_in_schema=False)

Coalition = Annotated[list[str] | None, Query()]


#: Where the dashboard serves the bundled country shapes of its map.
SHAPES_URL = "/static/world_110m.geojson"


@router.get(SHAPES_URL)
def world_shapes() -> Response:
    """Country shapes bundled with critmin (Natural Earth 1:110m, public domain)."""
    import json

    return Response(json.dumps(dc.world_shapes(), separators=(",", ":")),
                    media_type="application/geo+json",
                    headers={"Cache-Control": "public, max-age=86400"})


@router.get("/static/plotly.min.js")
def plotly_js() -> Response:
    """plotly.js from the installed plotly package: the dashboard needs no CDN."""
    return Response(charts.plotly_js(), media_type="application/javascript",
                    headers={"Cache-Control": "public, max-age=86400"})


def _members(ds: Any, coalition: list[str] | None) -> list[str]:
    """Countries of the coalition picked (several selector values or ``USA,JPN``)."""
    asked = [c.strip() for v in (coalition or [",".join(DEFAULT_COALITION)])
             for c in v.split(",") if c.strip()]
    try:
        return ds.resolve_countries(asked)
    except KeyError as exc:
        raise HTTPException(422, f"coalition: {exc.args[0]}") from None


def _years(ds: Any) -> list[int]:
    return sorted({int(y) for y in ds.capacity["year"].dropna()})


def _year(ds: Any, year: str | None) -> int | None:
    """The year picked (None: blank, the latest); 422 for one the dataset does not have."""
    if year is None or not year.strip():
        return None
    if not year.strip().isdigit() or int(year) not in _years(ds):
        raise HTTPException(422, f"year {year!r}: the dataset has "
                                 f"{', '.join(map(str, _years(ds)))}")
    return int(year)


def selectors(state: AppState, ds: Any, dataset: str, **picked: Any) -> dict[str, Any]:
    """Choices and picks of the selector forms (dataset, coalition, material, stage, year)."""
    stages = list(ds.stages.sort_values("order")["stage"])
    return {"datasets": state.dataset_names(), "dataset": dataset,
            "countries": ds.countries[["country", "name"]].to_dict("records"),
            "materials": sorted(ds.capacity["material"].unique()), "stages": stages,
            "years": _years(ds), **picked}


def _exposure_parts(ds: Any, members: list[str], year: int | None) -> dict[str, Any]:
    from critmin.metrics import coalition_exposure, crma_scorecard, exposure_warnings

    exposure = coalition_exposure(ds, members, year=year)
    order = list(ds.stages.sort_values("order")["stage"])
    shown = int(exposure["year"].iloc[0]) if not exposure.empty else ds.base_year
    heat = charts.heatmap_figure(
        exposure, "bottleneck_share", "Largest single-country share up the chain "
        "(traced), by material and stage", order, hover="bottleneck_origin",
        unknown="unknown_share")
    return {"exposure": exposure, "score": crma_scorecard(ds, members, year=year),
            "year": shown, "warnings": exposure_warnings(exposure, "+".join(members)),
            "figure": chart(heat, "exposure-heatmap",
                            dataset_source(ds, "capacity.csv, trade.csv, recipes.csv"))}


@router.get("/", response_class=HTMLResponse, dependencies=[Depends(get_caller)])
def overview(request: Request, state: State, dataset: str = "reference",
             coalition: Coalition = None, year: str | None = None) -> Response:
    """The coalition's exposure: heat map and table, worst first, and the CRMA scorecard."""
    ds = state.dataset(dataset)
    members = _members(ds, coalition)
    year = _year(ds, year)
    parts = state.cached(ds, ("overview", dataset, tuple(members), year),
                         lambda: _exposure_parts(ds, members, year))
    tables = [
        Table("Exposure, worst first", parts["exposure"],
              "bottleneck = the largest share of the coalition's supply held by one "
              "non-member country at any stage up the chain (see docs/metrics.md)."),
        Table("CRMA 2030 benchmarks as a coalition scorecard", parts["score"]),
    ]
    return page(request, "overview.html", tables=tables, title="Exposure", coalition=members,
                dataset_title=f"{ds.name} v{ds.version}", shown_year=parts["year"],
                n_sources=len(ds.sources), figures=[parts["figure"]],
                warnings=parts["warnings"],
                **selectors(state, ds, dataset, picked=members, year=year))


@router.get("/material", response_class=HTMLResponse, dependencies=[Depends(get_caller)])
def pick_material(material: str, dataset: str = "reference",
                  year: str | None = None) -> Response:
    """Where the material selector goes: the material's page."""
    query = urlencode({"dataset": dataset, **({"year": year} if year else {})})
    return RedirectResponse(f"/materials/{quote(material, safe='')}?{query}", status_code=303)


def _material_parts(ds: Any, material: str, year: int) -> dict[str, Any]:
    from critmin.metrics import concentration

    conc = concentration(ds, materials=material)
    links = charts.chain_links(ds.capacity, ds.trade, ds.demand, ds.recipes, material, year)
    src = dataset_source(ds, "capacity.csv, trade.csv, demand.csv, recipes.csv")
    figs = [
        chart(charts.sankey_figure(links, f"{material}: from mines to end uses, {year} (t; "
                                          "each stage in its own unit)"), "sankey", src),
        chart(charts.lines_figure(conc, "year", "top1_share", "stage",
                                  f"{material}: top-1 country share by stage",
                                  "share of world production"), "concentration-top1",
              dataset_source(ds, "capacity.csv")),
        chart(charts.lines_figure(conc, "year", "hhi", "stage", f"{material}: HHI by stage",
                                  "HHI (0-10,000)"), "concentration-hhi",
              dataset_source(ds, "capacity.csv")),
    ]
    return {"conc": conc, "figures": figs}


@router.get("/materials/{material}", response_class=HTMLResponse,
            dependencies=[Depends(get_caller)])
def material_page(request: Request, material: str, state: State,
                  dataset: str = "reference", year: str | None = None) -> Response:
    """A material's chain as a Sankey and its concentration over time."""
    ds = state.dataset(dataset)
    if material not in set(ds.materials["material"]):
        raise HTTPException(404, f"unknown material {material!r}")
    year = _year(ds, year)
    if year is None:
        has = ds.capacity[(ds.capacity["material"] == material)
                          & ds.capacity["production_t"].notna()]
        year = int(has["year"].max()) if not has.empty else ds.base_year
    parts = state.cached(ds, ("material", dataset, material, year),
                         lambda: _material_parts(ds, material, year))
    name = ds.materials.set_index("material").loc[material, "name"]
    return page(request, "material.html", tables=[Table("Concentration", parts["conc"])],
                title=material, material=material, name=name,
                dataset_title=f"{ds.name} v{ds.version}", figures=parts["figures"],
                **selectors(state, ds, dataset, year=year))


def _map_parts(ds: Any, material: str, stage: str, year: int | None) -> dict[str, Any]:
    from critmin.metrics.concentration import country_shares

    shares = country_shares(ds, material, stage, year)
    if year is None and not shares.empty:
        shares = shares[shares["year"] == shares["year"].max()]
    shown = int(shares["year"].iloc[0]) if not shares.empty else year
    fig = dc.choropleth_figure(shares, f"{material} {stage}: share of world production by "
                                       f"country, {shown}", geojson=SHAPES_URL)
    return {"shares": shares, "year": shown,
            "figure": chart(fig, "share-map", dataset_source(ds, "capacity.csv "
                                                             "(world_totals.csv)") +
                            "; country shapes: Natural Earth 1:110m (public domain)")}


@router.get("/map", response_class=HTMLResponse, dependencies=[Depends(get_caller)])
def map_page(request: Request, state: State, dataset: str = "reference",
             material: str | None = None, stage: str | None = None,
             year: str | None = None) -> Response:
    """A world map of each country's share of a material × stage's production."""
    ds = state.dataset(dataset)
    made = ds.capacity[ds.capacity["production_t"].notna()]
    material = material or str(made["material"].value_counts().idxmax())
    if material not in set(ds.materials["material"]):
        raise HTTPException(404, f"unknown material {material!r}")
    order = list(ds.stages.sort_values("order")["stage"])
    if stage is None:
        has = set(made.loc[made["material"] == material, "stage"])
        stage = next((s for s in order if s in has), order[0])
    if stage not in order:
        raise HTTPException(404, f"unknown stage {stage!r}; stages: {', '.join(order)}")
    year = _year(ds, year)
    parts = state.cached(ds, ("map", dataset, material, stage, year),
                         lambda: _map_parts(ds, material, stage, year))
    return page(request, "map.html", title="Map", figures=[parts["figure"]],
                no_base_map=dc.NO_BASE_MAP,
                tables=[Table("Shares by country", parts["shares"], slug="shares")],
                dataset_title=f"{ds.name} v{ds.version}", shown_year=parts["year"],
                **selectors(state, ds, dataset, material=material, stage=stage, year=year))


@router.get("/policies", response_class=HTMLResponse, dependencies=[Depends(get_caller)])
def policies_page(request: Request, state: State, dataset: str = "reference",
                  as_of: str | None = None, country: str | None = None) -> Response:
    """Which export controls are in force, suspended, not yet or expired on a date (for
    one country: those it issued or that name it as a destination)."""
    from critmin.app.policies import policies_on

    ds = state.dataset(dataset)
    as_of = as_of or datetime.now(UTC).date().isoformat()
    country = country or None
    try:
        table = state.cached(ds, ("policies", dataset, as_of, country),
                             lambda: policies_on(ds, as_of, country))
    except ScenarioError as exc:
        raise HTTPException(422, str(exc).replace("--as-of", "date")
                            .replace("--country", "country")) from None
    fig = chart(dc.policy_timeline_figure(table, as_of), "policy-timeline",
                dataset_source(ds, "policies.csv"))
    counts = table["status"].value_counts().to_dict() if not table.empty else {}
    return page(request, "policies.html", title="Policies", figures=[fig], as_of=as_of,
                counts=counts, tables=[Table(f"Policies on {as_of}", table, slug="policies")],
                dataset_title=f"{ds.name} v{ds.version}", country=country,
                **selectors(state, ds, dataset))
