"""Pieces shared by the trade importers: the error they raise, what they return, country
codes and the DuckDB scan with its progress.

DuckDB and pandas are imported inside functions, so importing this module stays cheap.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from critmin.exceptions import CritminError, Problem

if TYPE_CHECKING:
    import pandas as pd

#: ``progress(rows_read, rows_total)``: both estimated from the bytes DuckDB has read.
Progress = Callable[[int, int], None]

#: Country code of rows that pool every trading area that is not an ISO 3166 country.
OTHERS = "XOT"
MAX_PROBLEMS = 10


class TradeFileError(CritminError, ValueError):
    """A trade file (or HS map) breaks a rule; ``problems`` names file, row, column, rule."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def fail(file: str | Path, row: int | None, column: str | None, rule: str,
         message: str) -> TradeFileError:
    """One-problem :class:`TradeFileError` to raise."""
    return TradeFileError([Problem(str(file), row, column, rule, message)])


@dataclass
class TradeImport:
    """What an importer read, ready to be written into a dataset.

    ``trade`` has the columns of ``trade.csv`` (``exporter, importer, stage, material,
    year, quantity_t, source_id, note``) and ``value_usd``, ``hs_codes``,
    ``reported_by``. ``countries`` maps each code used to a name; ``sources`` are
    ``sources.csv`` rows (the import's own and the HS map's cited ones); ``skipped`` counts
    what was left out, by reason.
    """

    trade: pd.DataFrame
    countries: dict[str, str]
    sources: list[dict[str, Any]]
    skipped: dict[str, float] = field(default_factory=dict)
    rows_read: int = 0


def iso3_or_others(code: str) -> str:
    """``code`` if it is an ISO 3166-1 alpha-3 code (pycountry), else :data:`OTHERS`."""
    import pycountry

    code = code.strip().upper()
    return code if len(code) == 3 and pycountry.countries.get(alpha_3=code) else OTHERS


def estimate_rows(path: Path) -> int:
    """Lines of a CSV file estimated from its size and its first 64 kB (header excluded)."""
    size = path.stat().st_size
    with path.open("rb") as f:
        head = f.read(65536)
    lines = head.count(b"\n")
    if lines <= 1 or size <= len(head):
        return max(lines - 1, 0) if size <= len(head) else max(size // 30, 1)
    return max(int(size / (len(head) / lines)) - 1, 1)


def connect() -> Any:
    """A DuckDB connection with a memory cap and no console progress bar of its own."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET memory_limit = '1GB'")
    con.execute("SET enable_progress_bar = true")
    con.execute("SET enable_progress_bar_print = false")
    return con


def run_query(con: Any, sql: str, params: list[Any], file: Path,
              on_fraction: Callable[[float], None] | None = None) -> pd.DataFrame:
    """Run ``sql`` in a worker thread; report DuckDB's progress (0–1) while it runs.

    Raises
    ------
    TradeFileError
        When DuckDB cannot parse the file (wrong number of fields, bad encoding…).
    """
    import duckdb

    out: dict[str, Any] = {}

    def work() -> None:
        try:
            out["df"] = con.execute(sql, params).df()
        except duckdb.Error as exc:
            out["error"] = exc

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.1)
        if on_fraction is not None:
            done = con.query_progress()
            if done >= 0:
                on_fraction(min(done / 100.0, 1.0))
    if "error" in out:
        first = str(out["error"]).strip().splitlines()[0]
        raise fail(file, None, None, "unreadable", f"cannot be read as CSV: {first}")
    if on_fraction is not None:
        on_fraction(1.0)
    return out["df"]


def read_header(path: Path) -> list[str]:
    """The column names of the first line of a CSV file (BOM and spaces stripped)."""
    import csv

    with path.open(encoding="utf-8-sig", newline="") as f:
        return [c.strip() for c in next(csv.reader(f), [])]


def check_header(path: Path, header: list[str], required: tuple[str, ...], what: str) -> None:
    """Every required column is in ``header``; else an error naming row 1 and the column."""
    missing = [c for c in required if c not in header]
    if missing:
        problems = [Problem(str(path), 1, c, "missing_column",
                            f"required {what} column '{c}' is missing (header: "
                            f"{','.join(header) or 'empty'})") for c in missing]
        raise TradeFileError(problems)


def is_number(text: str, allow_missing: tuple[str, ...] = ("", "NA")) -> bool:
    """True for a non-negative number or an allowed missing marker."""
    text = text.strip()
    if text in allow_missing:
        return True
    try:
        return float(text) >= 0
    except ValueError:
        return False
