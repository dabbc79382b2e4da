"""The Sankey page of a year's NdFeB flows (``critmin stocks --sankey YEAR --out F.html``):
one figure and one table per material, plotly.js inlined (opens with no network)."""

from __future__ import annotations

import pandas as pd

from critmin.report import charts
from critmin.report.html import Section, render_html

NOTE = ("t/yr of {material}{unit}: what enters use in {year}, each application's end of life "
        "and net addition to its stock in use (inflow − outflow = change in stock), and what "
        "is collected, separated and recycled at the dataset's end-of-life rates, with what "
        "is lost at each step. Applications without a sourced collection rate go to 'end of "
        "life, fate unknown'. docs/stocks.md.")


def sankey_page(links: pd.DataFrame, year: int, where: str) -> str:
    """The HTML page of ``links`` (:func:`critmin.stocks.sankey.sankey_links`)."""
    sections = []
    for material, rows in links.groupby("material", sort=False):
        unit = " (magnet mass)" if material == "NdFeB" else " contained in NdFeB magnets"
        fig = charts.sankey_figure(rows.rename(columns={"value_t": "value"}),
                                   f"{material} in {where}, {year} (t)")
        sections.append(Section(
            f"{material}: flows of {year} in {where}",
            rows[["source", "target", "value_t"]].reset_index(drop=True),
            note=NOTE.format(material=material, unit=unit, year=year),
            figures=[(f"sankey-{material}", fig)]))
    if not sections:
        sections.append(Section(f"Flows of {year} in {where}",
                                note="No magnets in use in this year and region."))
    return render_html(f"NdFeB flows in {year}: {where}", sections,
                       subtitle="critmin stocks (dynamic MFA on flodym)")
