"""``critmin economics``: NPV, IRR, breakeven price and price-floor cost of one facility.

A thin adapter over :mod:`critmin.economics`; it holds no maths. The lead's
``cli/__init__.py`` calls :func:`register`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from critmin.cli._common import DatasetOption, FormatOption, OutputFormat, handle_errors

#: Materials whose default price path is the bundled NdPr example (prices per kg NdPr oxide).
_DEFAULT_PATHS = {"NdPr": "ndpr-example"}



@handle_errors
def economics(
    facility_id: Annotated[str, typer.Argument(help="Facility id from facilities.csv.",
                                               metavar="FACILITY_ID", show_default=False)],
    price_path: Annotated[Path | None, typer.Option(
        "--price-path", "-p", show_default=False,
        help="Price-path file: CSV 'year,price_usd_per_kg' (optional 'path', 'probability') or "
             "YAML with named paths and probabilities. Default for NdPr: the bundled "
             "ndpr-example.")] = None,
    price_basis: Annotated[str | None, typer.Option(
        "--price-basis", show_default=False,
        help="What a kg of price refers to: oxide, element or product (default: the file's "
             "'basis'; CSV files have none). Oxide prices for a separation plant are "
             "converted with element_per_oxide.")] = None,
    price_floor: Annotated[float | None, typer.Option(
        "--price-floor", min=0, show_default=False,
        help="Government price floor, USD/kg: report its expected cost.")] = None,
    discount_rate: Annotated[float | None, typer.Option(
        "--discount-rate", "-r", show_default=False,
        help="Real discount rate per year (default 0.08).")] = None,
    upside_share: Annotated[float, typer.Option(
        "--upside-share", min=0, max=1,
        help="Share of the price above the floor paid back to the government.")] = 0.0,
    upside_from_year: Annotated[int | None, typer.Option(
        "--upside-from-year", show_default=False,
        help="First year of the upside share (default: first floor year).")] = None,
    floor_years: Annotated[int | None, typer.Option(
        "--floor-years", min=0, show_default=False,
        help="Years the floor lasts from the first output year (default: whole life).")] = None,
    capex_musd: Annotated[float | None, typer.Option(
        "--capex-musd", min=0, show_default=False,
        help="Override or fill the capital cost, MUSD.")] = None,
    unit_cost_usd_per_kg: Annotated[float | None, typer.Option(
        "--unit-cost-usd-per-kg", min=0, show_default=False,
        help="Override or fill the operating cost, USD/kg.")] = None,
    capacity_t: Annotated[float | None, typer.Option(
        "--capacity-t", min=0, show_default=False,
        help="Override or fill the capacity, t/yr of output.")] = None,
    start_year: Annotated[int | None, typer.Option(
        "--start-year", show_default=False, help="Override the first output year.")] = None,
    life_years: Annotated[int | None, typer.Option(
        "--life-years", min=1, show_default=False,
        help="Operating life in years (default 20).")] = None,
    dataset: DatasetOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """NPV, IRR and breakeven price of a facility, and the cost of a price floor.

    NPV and IRR on every path of the price-path file and their
    probability-weighted mean; the constant price at which NPV = 0;
    with --price-floor, the expected discounted cost to the government.
    Equations and assumptions: docs/economics.md.
    """
    import critmin.economics as econ
    from critmin.cli._common import load
    from critmin.economics.price_paths import load_price_paths
    from critmin.exceptions import ScenarioError

    ds = load(dataset)
    rate = econ.DEFAULT_DISCOUNT_RATE if discount_rate is None else discount_rate
    row = _facility_row(ds, facility_id)
    if price_path is None:
        name = _DEFAULT_PATHS.get(str(row.get("material", "")))
        if name is None:
            msg = (f"no bundled price path for {row.get('material')!r} "
                   f"({row.get('stage')}); pass --price-path FILE")
            raise ScenarioError(msg)
        paths = load_price_paths(name)
    else:
        paths = load_price_paths(price_path)
    wanted = (paths.material or row.get("material"), paths.stage or row.get("stage"))
    if wanted != (row.get("material"), row.get("stage")):
        typer.echo(f"warning: price paths {paths.name!r} are for {wanted[0]} ({wanted[1]}); "
                   f"facility {facility_id} makes {row.get('material')} ({row.get('stage')})",
                   err=True)
    overrides: dict[str, Any] = {k: v for k, v in {
        "capex_musd": capex_musd, "unit_cost_usd_per_kg": unit_cost_usd_per_kg,
        "capacity_t": capacity_t, "start_year": start_year,
        "life_years": life_years}.items() if v is not None}
    basis = price_basis or paths.basis
    if basis not in (None, "oxide", "element", "product"):
        msg = f"--price-basis must be oxide, element or product, got {basis!r}"
        raise ScenarioError(msg)
    project = econ.project_from_facility(ds, facility_id, price_basis=basis, **overrides)
    floor = None
    if price_floor is not None:
        floor = econ.PriceFloor(price_floor, term_years=floor_years, upside_share=upside_share,
                                upside_from_year=upside_from_year)
    result = econ.appraise(project, paths, discount_rate=rate, floor=floor)
    _emit(result, paths, fmt)


def _facility_row(ds: Any, facility_id: str) -> dict[str, Any]:
    from critmin.economics import project_from_facility

    ids = [str(x) for x in ds.facilities["facility_id"]]
    if facility_id not in ids:
        project_from_facility(ds, facility_id)  # raises ScenarioError with close matches
    return ds.facilities.iloc[ids.index(facility_id)].to_dict()


def _summary(result: Any, paths: Any) -> dict[str, Any]:
    p = result.project
    out: dict[str, Any] = {
        "facility_id": p.facility_id, "name": p.name, "material": p.material, "stage": p.stage,
        "capacity_t": p.capacity_t, "start_year": p.start_year, "capex_musd": p.capex_musd,
        "unit_cost_usd_per_kg": p.unit_cost_usd_per_kg, "life_years": p.life_years,
        "construction_years": p.construction_years, "ramp_up": list(p.ramp_up),
        "price_factor": p.price_factor, "price_paths": paths.name,
        "discount_rate": result.discount_rate, "valuation_year": p.first_year,
        "expected_npv_musd": result.expected_npv_musd,
        "breakeven_price_usd_per_kg": result.breakeven_price_usd_per_kg,
    }
    if result.floor_cost is not None:
        f = result.floor_cost.floor
        out |= {"price_floor_usd_per_kg": f.floor_usd_per_kg, "upside_share": f.upside_share,
                "floor_years": f.term_years,
                "expected_floor_cost_musd": result.floor_cost.expected_cost_musd}
    return out


def _emit(result: Any, paths: Any, fmt: OutputFormat) -> None:
    import pandas as pd

    from critmin.cli._common import console, dumps, emit_table, records

    summary = _summary(result, paths)
    if fmt is OutputFormat.json:
        sys.stdout.write(dumps({**summary, "paths": records(result.by_path)}) + "\n")
        return
    if fmt is OutputFormat.csv:
        emit_table(result.by_path, fmt)
        return
    kv = pd.DataFrame({"item": list(summary), "value": [_fmt(v) for v in summary.values()]})
    emit_table(kv, fmt, title=f"Project economics: {result.project.facility_id}")
    emit_table(result.by_path, fmt, title="By price path (MUSD; IRR as a fraction)")
    console().print("NPV discounted to the valuation year; see docs/economics.md for the "
                    "equations and assumptions.", highlight=False)


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.4g}"
    if isinstance(value, list):
        return ", ".join(_fmt(v) for v in value)
    return str(value)
