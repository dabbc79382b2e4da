"""CEPII's BACI: ``BACI_HS22_Y2023_V202501.csv`` files into trade rows.

A BACI file has one row per year × exporter × importer × HS 6-digit product: ``t`` year,
``i`` exporter and ``j`` importer (BACI's numeric country codes, resolved with BACI's own
``country_codes_V*.csv``), ``k`` product (text, leading zeros kept), ``v`` value in
thousand current USD, ``q`` quantity in metric tons (blank or ``NA`` where unknown).
(CEPII, *BACI: description*, http://www.cepii.fr/DATA_DOWNLOAD/baci/doc/DescriptionBACI.html)

The file is scanned by DuckDB with every column as text and the product filter pushed
into the scan: only flows of mapped codes are parsed into numbers and aggregated, never
the whole file in pandas.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path
from typing import Any

from critmin.data.tradeio.common import (
    MAX_PROBLEMS,
    OTHERS,
    Progress,
    TradeFileError,
    TradeImport,
    check_header,
    connect,
    estimate_rows,
    fail,
    is_number,
    read_header,
    run_query,
)
from critmin.data.tradeio.hsmap import HsMap
from critmin.data.tradeio.rows import aggregate_flows
from critmin.exceptions import Problem

BACI_COLUMNS = ("t", "i", "j", "k", "v", "q")
COUNTRY_COLUMNS = ("country_code", "country_name", "country_iso3")
URL = "http://www.cepii.fr/CEPII/en/bdd_modele/bdd_modele_item.asp?id=37"
LICENCE = "Etalab Open Licence 2.0"
_NAME = re.compile(r"BACI_HS(\d\d)_Y(\d{4})_V(\d{6})", re.IGNORECASE)

_SQL = """
SELECT t, i, j, k,
       count(*) AS flows,
       count(*) FILTER (WHERE qn IS NULL) AS flows_no_quantity,
       sum(qn) AS quantity, sum(vn) AS value_kusd,
       count(*) FILTER (WHERE (q IS NOT NULL AND q <> 'NA' AND (qn IS NULL OR qn < 0))
                        OR vn IS NULL OR vn < 0 OR TRY_CAST(t AS INTEGER) IS NULL
                        OR TRY_CAST(i AS INTEGER) IS NULL OR TRY_CAST(j AS INTEGER) IS NULL)
         AS bad
FROM (SELECT trim(t) AS t, trim(i) AS i, trim(j) AS j, k, trim(q) AS q,
             TRY_CAST(trim(q) AS DOUBLE) AS qn, TRY_CAST(trim(v) AS DOUBLE) AS vn
      FROM read_csv(?, header = true, all_varchar = true, delim = ',', quote = '"')
      WHERE k IN (SELECT unnest(?::VARCHAR[])))
GROUP BY t, i, j, k
"""


def release_of(path: Path, release: str | None = None) -> tuple[str, str]:
    """``(hs_revision, version)`` from a BACI file name, e.g. ``('22', '202501')``; or from
    ``release`` (``HS22 V202501``) when the file was renamed."""
    m = _NAME.search(path.name) or (re.search(r"HS(\d\d)\D+V?(\d{6})", release, re.I)
                                    if release else None)
    if m is None:
        raise fail(path, None, None, "release",
                   "cannot tell the BACI release from the file name (expected "
                   "BACI_HS22_Y2023_V202501.csv): pass --release 'HS22 V202501'")
    return m.group(1), m.groups()[-1]


def read_country_table(path: Path) -> dict[str, tuple[str, str]]:
    """BACI's ``country_codes_V*.csv``: numeric code → (ISO3 code or XOT, name).

    Areas without an ISO 3166 code (``Other Asia, nes`` = S19 …) map to ``XOT``.
    """
    from critmin.data.tradeio.common import iso3_or_others

    check_header(path, read_header(path), COUNTRY_COLUMNS, "BACI country table")
    out = {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        for line, r in enumerate(csv.DictReader(f), start=2):
            code = (r["country_code"] or "").strip()
            if not code.isdigit():
                raise fail(path, line, "country_code", "type", f"{code!r} is not a number")
            out[str(int(code))] = (iso3_or_others(r["country_iso3"] or ""),
                                   (r["country_name"] or "").strip())
    return out


def find_country_table(file: Path, version: str) -> Path | None:
    """BACI's country table beside ``file``: ``country_codes_V{version}.csv`` or the
    newest ``country_codes_V*.csv``."""
    exact = file.with_name(f"country_codes_V{version}.csv")
    if exact.is_file():
        return exact
    found = sorted(file.parent.glob("country_codes_V*.csv"))
    return found[-1] if found else None


def _code(text: str | None) -> str:
    text = (text or "").strip()
    return str(int(text)) if text.isdigit() else text


def _first_bad_lines(path: Path, codes: set[str], countries: dict[str, Any]) -> list[Problem]:
    """Stream the file once more, in Python, to name the rows DuckDB counted as bad."""
    problems: list[Problem] = []
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        for line, r in enumerate(reader, start=2):
            if (r.get("k") or "").strip() not in codes:
                continue
            for col, ok, rule, what in (
                ("t", (r["t"] or "").strip().isdigit(), "type", "is not a year"),
                ("v", is_number(r["v"] or "", ()), "type", "is not a non-negative number"),
                ("q", is_number(r["q"] or ""), "type",
                 "is not a non-negative number (nor blank or NA)"),
                ("i", _code(r["i"]) in countries, "unknown_country",
                 "is not in BACI's country table"),
                ("j", _code(r["j"]) in countries, "unknown_country",
                 "is not in BACI's country table"),
            ):
                if not ok:
                    problems.append(Problem(str(path), line, col, rule,
                                            f"{(r[col] or '').strip()!r} {what}"))
            if len(problems) >= MAX_PROBLEMS:
                break
    return problems or [Problem(str(path), None, None, "type",
                                "DuckDB found a malformed value the line scan could not "
                                "place; check the file's quoting")]


def parse_baci(files: list[Path], hs_map: HsMap, countries: Path | None = None,
               release: str | None = None, progress: Progress | None = None) -> TradeImport:
    """Read BACI files into trade rows of t of material (see :mod:`rows`).

    Parameters
    ----------
    files : list of Path
        BACI CSV files (one per year as CEPII ships them).
    hs_map : HsMap
        Codes to read and their (stage, material, factor).
    countries : Path, optional
        BACI's country table; by default ``country_codes_V*.csv`` beside each file.
    release : str, optional
        ``HS22 V202501`` when a file's name does not say it.
    progress : callable, optional
        Called with (rows read, rows in total), both estimated from the bytes read.

    Raises
    ------
    TradeFileError
        Wrong columns, text in a number column, a country code not in BACI's table,
        naming file, row (line, header = 1) and column.
    """
    import pandas as pd

    codes = hs_map.imported_codes
    totals = [estimate_rows(f) for f in files]
    frames, sources, names = [], [], {}
    con = connect()
    for n, file in enumerate(files):
        if not file.is_file():
            raise fail(file, None, None, "missing_file", "no such file")
        rev, version = release_of(file, release)
        table = countries or find_country_table(file, version)
        if table is None:
            raise fail(file, None, None, "country_table",
                       f"BACI's country table (country_codes_V{version}.csv) is not beside "
                       "the file: pass --countries FILE")
        lookup = read_country_table(table)
        check_header(file, read_header(file), BACI_COLUMNS, "BACI")
        done = sum(totals[:n])

        def report(x: float, done: int = done, n: int = n) -> None:
            if progress is not None:
                progress(done + int(x * totals[n]), sum(totals))

        df = run_query(con, _SQL, [str(file), codes], file, report)
        if df["bad"].sum():
            raise TradeFileError(_first_bad_lines(file, set(codes), lookup))
        for col in ("i", "j"):
            df[col] = [str(int(c)) for c in df[col]]
        if not (set(df["i"]) | set(df["j"])) <= set(lookup):
            raise TradeFileError(_first_bad_lines(file, set(codes), lookup))
        df["exporter"] = [lookup[c][0] for c in df["i"]]
        df["importer"] = [lookup[c][0] for c in df["j"]]
        df["year"] = df["t"].astype(int)
        df["quantity_t"] = df["quantity"]
        df["reported_by"] = "reconciled"
        sid = f"baci-hs{rev}-v{version}"
        df["source_id"] = sid
        frames.append(df)
        names.update({iso: name for iso, name in lookup.values() if iso != OTHERS})
        sources.append(_source(sid, rev, version, file, table, codes))
    con.close()
    flows = pd.concat(frames, ignore_index=True)
    trade, skipped = aggregate_flows(flows, hs_map, label="BACI")
    merged = _merge_sources(sources) + hs_map.cited_sources(sorted(set(flows["k"])))
    return TradeImport(trade=trade, countries=names, sources=merged, skipped=skipped,
                       rows_read=sum(totals))


def _source(sid: str, rev: str, version: str, file: Path, table: Path,
            codes: list[str]) -> dict[str, Any]:
    today = date.today().isoformat()
    return {
        "source_id": sid,
        "title": f"BACI: International Trade Database at the Product-Level, HS{rev} "
                 f"nomenclature, version {version}",
        "publisher": "CEPII (Gaulier and Zignago, CEPII Working Paper 2010-23)",
        "year": int(version[:4]), "url": URL, "kind": "primary", "licence": LICENCE,
        "accessed": f"imported with critmin data import baci on {today}",
        "note": f"Files: {file.name}; country codes: {table.name}. Licence: {LICENCE}. "
                "Values in thousand current USD (kept as value_usd x 1000), quantities in "
                "metric tons converted to t of the row's material with the factors of "
                f"critmin's HS map (codes read: {', '.join(codes)}); flows without a "
                "quantity are left out and counted in each row's note; areas without an "
                "ISO 3166 code pooled as XOT.",
    }


def _merge_sources(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One source row per BACI release; the file names of a release listed together."""
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["source_id"] in out:
            old = out[r["source_id"]]
            first = r["note"].split(";")[0].removeprefix("Files: ")
            old["note"] = old["note"].replace(";", f", {first};", 1)
        else:
            out[r["source_id"]] = dict(r)
    return list(out.values())
