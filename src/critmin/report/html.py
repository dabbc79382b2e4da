"""A self-contained HTML report: tables, notes and the sources appendix, inline CSS only.

Opening the file needs no network: there are no external scripts, fonts or styles.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from critmin.core.files import atomic_directory
from critmin.core.formatting import format_cell
from critmin.core.version import __version__
from critmin.report.charts import figure_html, plotly_js

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;
max-width:1100px;color:#1b1f24;line-height:1.45;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;
border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
.meta{color:#57606a;font-size:.9rem}.note{color:#57606a;font-size:.9rem;max-width:80ch}
table{border-collapse:collapse;font-size:.85rem;margin:.6rem 0}
th,td{border-bottom:1px solid #eaeef2;padding:.25rem .6rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
pre{background:#f6f8fa;padding:.6rem;overflow:auto;font-size:.8rem}
"""


@dataclass
class Section:
    """One section of a report: a heading, a note, Plotly figures, a table, raw HTML.

    ``figures`` are ``(div_id, plotly Figure)`` pairs; a report that has any inlines
    plotly.js once, so the file still opens with no network.
    """

    title: str
    table: pd.DataFrame | None = None
    note: str = ""
    extra_html: str = ""
    columns_as_percent: tuple[str, ...] = field(default_factory=tuple)
    figures: list[tuple[str, Any]] = field(default_factory=list)


def table_html(df: pd.DataFrame, percent: tuple[str, ...] = ()) -> str:
    """An HTML table of ``df``: numbers right-aligned and readable, blanks empty."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    rows = []
    numeric = {c: pd.api.types.is_numeric_dtype(df[c]) for c in df.columns}
    for row in df.itertuples(index=False, name=None):
        cells = []
        for c, v in zip(df.columns, row, strict=True):
            if v is None or (numeric[c] and pd.isna(v)):
                cells.append("<td></td>")
            elif numeric[c] and c in percent:
                cells.append(f'<td class="num">{100 * float(v):.1f}%</td>')
            elif numeric[c]:
                cells.append(f'<td class="num">{format_cell(v, c)}</td>')
            else:
                cells.append(f"<td>{html.escape(str(v))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def render_html(title: str, sections: list[Section], subtitle: str = "",
                head_html: str = "") -> str:
    """The whole report as one HTML string."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if any(s.figures for s in sections):
        head_html = f"<script>{plotly_js()}</script>{head_html}"
    body = [f"<h1>{html.escape(title)}</h1>",
            f'<p class="meta">{html.escape(subtitle)} · critmin {__version__} · {stamp}</p>']
    for s in sections:
        body.append(f"<h2>{html.escape(s.title)}</h2>")
        if s.note:
            body.append(f'<p class="note">{html.escape(s.note)}</p>')
        for div_id, fig in s.figures:
            body.append(figure_html(fig, div_id))
        if s.extra_html:
            body.append(s.extra_html)
        if s.table is not None:
            body.append(table_html(s.table, s.columns_as_percent))
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{CSS}</style>{head_html}</head>"
            f"<body>{''.join(body)}</body></html>\n")


@contextlib.contextmanager
def report_folder(out_dir: str | Path, page: str) -> Iterator[tuple[Path, Path]]:
    """An output folder, written atomically (see :func:`critmin.core.files.
    atomic_directory`), holding ``report.html`` (``page``) and a ``figures`` folder: yields
    both paths for the caller to add its figures and tables."""
    with atomic_directory(out_dir) as tmp:
        (tmp / "report.html").write_text(page, encoding="utf-8")
        figs = tmp / "figures"
        figs.mkdir()
        yield tmp, figs
