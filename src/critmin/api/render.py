"""Rendering of dashboard pages: templates, tables with their downloads, error pages.

Every table a page shows is a :class:`Table` (a title and a DataFrame). The page links each
one as CSV, Excel (xlsx) and JSON: the same URL with ``download=<slug>.<format>`` added, so
a download is always the table the page shows, computed by the same code.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from critmin.core.version import __version__
from critmin.report.html import table_html

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))

#: Download formats and their media types.
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def slugify(title: str) -> str:
    """``"Exposure, worst first"`` → ``"exposure-worst-first"`` (a file name)."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "table"


@dataclass
class Table:
    """A table of a page: shown as HTML, downloadable as CSV, xlsx and JSON."""

    title: str
    frame: pd.DataFrame
    note: str = ""
    slug: str = ""

    def __post_init__(self) -> None:
        self.slug = self.slug or slugify(self.title)


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with cells that are lists or dicts written as text (Excel takes scalars)."""
    out = df.reset_index(drop=True).copy()
    for c in out.columns:
        if out[c].dtype == object:
            out[c] = out[c].map(lambda v: v if not isinstance(v, list | dict | tuple)
                                else str(v))
    out.columns = [str(c) for c in out.columns]
    return out


def table_file(df: pd.DataFrame, slug: str, fmt: str) -> Response:
    """``df`` as a file download (``fmt`` one of :data:`FORMATS`)."""
    df = _plain(df)
    if fmt == "csv":
        body: bytes = df.to_csv(index=False).encode()
    elif fmt == "xlsx":
        buf = io.BytesIO()
        df.to_excel(buf, index=False, sheet_name=slug[:31], engine="openpyxl")
        body = buf.getvalue()
    else:
        body = df.to_json(orient="records", double_precision=15).encode()
    return Response(body, media_type=FORMATS[fmt], headers={
        "Content-Disposition": f'attachment; filename="{slug}.{fmt}"'})


def _download(tables: list[Table], wanted: str) -> Response:
    slug, _, fmt = wanted.rpartition(".")
    if fmt not in FORMATS:
        raise HTTPException(404, f"unknown download format {fmt!r}; use one of "
                                 f"{', '.join(FORMATS)}")
    for t in tables:
        if t.slug == slug:
            return table_file(t.frame, slug, fmt)
    raise HTTPException(404, f"this page has no table {slug!r}; it has: "
                             f"{', '.join(t.slug for t in tables) or 'none'}")


def _links(request: Request, slug: str) -> list[tuple[str, str]]:
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "download"]
    return [(fmt, f"{request.url.path}?{urlencode([*params, ('download', f'{slug}.{fmt}')])}")
            for fmt in FORMATS]


def chart(fig: Any, div_id: str, source: str) -> str:
    """A figure as HTML with its source line under it."""
    from critmin.report.charts import figure_html

    return (figure_html(fig, div_id) +
            f'<p class="source" id="source-{div_id}">Source: {html.escape(source)}</p>')


def dataset_source(ds: Any, tables: str) -> str:
    """The source line of a chart drawn from a dataset's ``tables``."""
    return (f"{ds.name} dataset v{ds.version}, {tables} ({len(ds.sources)} sources listed "
            f"in sources.csv); critmin {__version__}")


def run_source(run: dict[str, Any]) -> str:
    """The source line of a chart drawn from a stored run."""
    req = run["request"]
    what = (f"plan {req.get('plan', {}).get('name', '')}" if run["kind"] == "optimize"
            else f"scenario {req.get('scenario', {}).get('name', '')}")
    return (f"critmin run {run['id']} ({run['kind']}) of {what} on the "
            f"{req.get('dataset', '')} dataset, finished {run.get('finished_at') or '-'}; "
            f"critmin {__version__}")


def page(request: Request, template: str, tables: list[Table] | None = None,
         **context: Any) -> Response:
    """Render ``template``; or, when the URL asks for ``download=<slug>.<fmt>``, the file of
    that table."""
    tables = tables or []
    wanted = request.query_params.get("download")
    if wanted:
        return _download(tables, wanted)
    shown = [{"title": t.title, "note": t.note, "slug": t.slug, "html": table_html(t.frame),
              "downloads": _links(request, t.slug)} for t in tables]
    return templates.TemplateResponse(request, template, {**context, "tables": shown})


# --- error pages -----------------------------------------------------------------------

#: Paths that answer in JSON even when they fail (the API, its docs, static files).
JSON_PREFIXES = ("/api/", "/static/", "/docs", "/redoc", "/openapi.json")

TITLES = {404: "Not found", 409: "Conflict", 422: "Check your input", 500: "Server error"}


def wants_html(request: Request) -> bool:
    """True for dashboard pages (their errors are pages), False for the JSON API."""
    return not request.url.path.startswith(JSON_PREFIXES)


def error_lines(detail: Any) -> list[str]:
    """Readable lines of an error ``detail`` (a message, a dict with problems, or FastAPI's
    list of ``{loc, msg}``)."""
    if isinstance(detail, str):
        return [detail]
    if isinstance(detail, dict):
        lines = [str(detail.get("message", ""))] if detail.get("message") else []
        for p in detail.get("problems", []):
            lines.append(" · ".join(str(v) for v in p.values()) if isinstance(p, dict)
                         else str(p))
        return lines or [str(detail)]
    if isinstance(detail, list):
        out = []
        for d in detail:
            if isinstance(d, dict):
                loc = ".".join(str(x) for x in d.get("loc", []) if x not in ("query", "path"))
                out.append(f"{loc}: {d.get('msg', '')}" if loc else str(d.get("msg", "")))
            else:
                out.append(str(d))
        return out
    return [str(detail)]


def error_page(request: Request, status: int, detail: Any) -> HTMLResponse:
    """The friendly HTML page of an error (status, what went wrong, where to go next)."""
    return templates.TemplateResponse(
        request, "error.html", {"title": TITLES.get(status, "Error"), "status": status,
                                "lines": error_lines(detail), "tables": []},
        status_code=status)
