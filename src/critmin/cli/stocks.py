"""``critmin stocks``: in-use stocks, end-of-life flows and secondary supply of NdFeB magnets
and their elements (a thin adapter over :mod:`critmin.stocks.model`; see docs/stocks.md)."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from critmin.cli._common import (
    DatasetOption,
    FormatOption,
    OutputFormat,
    emit_table,
    fail,
    handle_errors,
    load,
    warn,
)

_YEARS = re.compile(r"^\s*(\d{4})\s*(?::\s*(\d{4})\s*)?$")


def _years(text: str) -> tuple[int, int]:
    m = _YEARS.match(text)
    if not m:
        raise fail(f"--years {text!r}: give a year (2030) or a range A:B (2000:2050)")
    first = int(m.group(1))
    return first, int(m.group(2) or first)


@handle_errors
def stocks(
    material: Annotated[list[str] | None, typer.Option(
        "--material", "-m", help="NdFeB or an element (Nd, Pr, Dy, Tb); repeat for several "
        "(default: all).", show_default=False)] = None,
    region: Annotated[list[str] | None, typer.Option(
        "--region", "-r", help="Country code, group name or XWL (world), each summed over its "
        "members; repeat for several (default: every country with demand).",
        show_default=False)] = None,
    years: Annotated[str, typer.Option(
        "--years", "-y", help="Year or range A:B of the rows shown.")] = "2000:2050",
    outlook: Annotated[str, typer.Option(
        help="Outlook that sets inflows after the base year: a world outlook of demand.csv "
        "(IEA-APS, McKinsey-2025), a bundled demand outlook with paths per application "
        "(iea-ev-steps) or an outlook YAML file (docs/stocks.md).")]
    = "IEA-APS",
    fmt: FormatOption = OutputFormat.table,
    dataset: DatasetOption = None,
) -> None:
    """Stocks in use, end-of-life outflows and recyclable and recycled flows of NdFeB magnets
    and their Nd, Pr, Dy and Tb, by year, region and application (dynamic MFA on flodym).

    Rows: year, region, application, material, inflow_t, stock_t, outflow_t, recyclable_t,
    recycled_t (t and t/yr). recyclable_t and recycled_t are blank where no collection,
    separation or recovery rate is sourced; the warnings say which.
    """
    from critmin.stocks.model import run_stocks

    first, last = _years(years)
    try:
        result = run_stocks(load(dataset), materials=material, regions=region,
                            years=(first, last), outlook=outlook)
    except ValueError as exc:
        raise fail(str(exc)) from None
    title = (f"NdFeB stocks {first}-{last}" if first != last else f"NdFeB stocks {first}")
    emit_table(result.table, fmt, title=title)
    warn(result.notes)
