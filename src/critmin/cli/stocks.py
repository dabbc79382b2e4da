"""``critmin stocks``: in-use stocks, end-of-life flows and secondary supply of NdFeB magnets
and their elements (a thin adapter over :mod:`critmin.stocks.model`; see docs/stocks.md)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from critmin.cli._common import (
    DatasetOption,
    FormatOption,
    OutputFormat,
    console,
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
    sankey: Annotated[int | None, typer.Option(
        help="Write the Sankey of this year's flows (into use → in use by application → end "
        "of life → collected → separated → recycled, with the losses), one per material, "
        "to --out as a self-contained HTML page.", show_default=False)] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="HTML file of the --sankey page.", show_default=False)] = None,
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

    if sankey is not None or out is not None:
        _sankey(sankey, out, material, region, outlook, dataset)
        return
    first, last = _years(years)
    try:
        result = run_stocks(load(dataset), materials=material, regions=region,
                            years=(first, last), outlook=outlook)
    except ValueError as exc:
        raise fail(str(exc)) from None
    title = (f"NdFeB stocks {first}-{last}" if first != last else f"NdFeB stocks {first}")
    emit_table(result.table, fmt, title=title)
    warn(result.notes)


def _sankey(year: int | None, out: Path | None, material: list[str] | None,
            region: list[str] | None, outlook: str, dataset: Path | None) -> None:
    from critmin.core.files import atomic_write_text
    from critmin.report.stocks import sankey_page
    from critmin.stocks.sankey import sankey_links

    if year is None or out is None:
        raise fail("--sankey YEAR and --out F.html go together")
    try:
        links = sankey_links(load(dataset), year, materials=material, regions=region,
                             outlook=outlook)
    except ValueError as exc:
        raise fail(str(exc)) from None
    where = ", ".join(region) if region else "the world"
    atomic_write_text(out, sankey_page(links, year, where))
    console().print(f"wrote {out}: the flows of {year} in {where}, "
                    f"{links['material'].nunique()} material(s)")
