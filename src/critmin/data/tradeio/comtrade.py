"""UN Comtrade: bulk or API CSV exports into trade rows.

Columns read (as the Comtrade+ API and bulk CSV name them): ``refYear, reporterISO,
partnerISO, flowCode`` (``M`` import, ``X`` export; re-imports and re-exports are not
read), ``cmdCode`` (HS six digits, kept as text), ``netWgt`` (kg), ``qty`` with
``qtyUnitAbbr`` (used when ``netWgt`` is blank and the unit is ``kg``) and
``primaryValue`` (USD). When the export has the breakdown columns ``partner2Code``,
``customsCode`` and ``motCode`` only their totals are read (``0``, ``C00``, ``0``), so
that no flow is counted twice. Partner ``W00`` (World) is left out.

Each flow exists twice in Comtrade: as the importer's import and the exporter's export.
critmin takes the importer's report (``flowCode M``) and falls back on the exporter's
(the mirror flow, ``X``) when the importer reported none with a quantity; the choice is
stated per row (``reported_by`` and the note).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from critmin.data.tradeio.common import (
    MAX_PROBLEMS,
    Progress,
    TradeFileError,
    TradeImport,
    check_header,
    connect,
    estimate_rows,
    fail,
    is_number,
    iso3_or_others,
    read_header,
    run_query,
)
from critmin.data.tradeio.hsmap import HsMap
from critmin.data.tradeio.rows import aggregate_flows
from critmin.exceptions import Problem

COMTRADE_COLUMNS = ("refYear", "reporterISO", "partnerISO", "flowCode", "cmdCode", "netWgt",
                    "qty", "qtyUnitAbbr", "primaryValue")
TOTALS = {"partner2Code": "0", "customsCode": "C00", "motCode": "0"}
WORLD = "W00"
URL = "https://comtradeplus.un.org/"
LICENCE = "UN Comtrade terms of use (https://comtradeplus.un.org/)"

_SQL = """
SELECT refYear AS year, reporterISO AS reporter, partnerISO AS partner, flowCode AS flow,
       cmdCode AS k, count(*) AS flows,
       count(*) FILTER (WHERE wt IS NULL) AS flows_no_quantity,
       sum(wt) AS quantity, sum(val) / 1000 AS value_kusd,
       count(*) FILTER (WHERE (netWgt IS NOT NULL AND (TRY_CAST(netWgt AS DOUBLE) IS NULL
                                                       OR TRY_CAST(netWgt AS DOUBLE) < 0))
                        OR (qty IS NOT NULL AND TRY_CAST(qty AS DOUBLE) IS NULL)
                        OR val IS NULL OR val < 0 OR TRY_CAST(refYear AS INTEGER) IS NULL
                        OR reporterISO IS NULL OR partnerISO IS NULL) AS bad
FROM (SELECT *, TRY_CAST(primaryValue AS DOUBLE) AS val,
             coalesce(TRY_CAST(netWgt AS DOUBLE),
                      CASE WHEN lower(qtyUnitAbbr) = 'kg' THEN TRY_CAST(qty AS DOUBLE) END)
               / 1000 AS wt
      FROM read_csv(?, header = true, all_varchar = true, delim = ',', quote = '"')
      WHERE cmdCode IN (SELECT unnest(?::VARCHAR[])) AND flowCode IN ('M', 'X')
            AND coalesce(partnerISO, '') <> 'W00' {totals})
GROUP BY ALL
"""


def _first_bad_lines(path: Path, codes: set[str], header: list[str]) -> list[Problem]:
    problems: list[Problem] = []
    with path.open(encoding="utf-8-sig", newline="") as f:
        for line, r in enumerate(csv.DictReader(f), start=2):
            if (r.get("cmdCode") or "").strip() not in codes or r.get("flowCode") not in ("M", "X"):
                continue
            checks = [("refYear", (r["refYear"] or "").strip().isdigit(), "type",
                       "is not a year"),
                      ("netWgt", is_number(r["netWgt"] or "", ("",)), "type",
                       "is not a non-negative number of kg (nor blank)"),
                      ("qty", is_number(r["qty"] or "", ("",)), "type", "is not a number"),
                      ("primaryValue", is_number(r["primaryValue"] or "", ()), "type",
                       "is not a non-negative value in USD")]
            checks += [(c, bool((r[c] or "").strip()), "unknown_country",
                        "is blank: no country code") for c in ("reporterISO", "partnerISO")]
            for col, ok, rule, what in checks:
                if not ok:
                    problems.append(Problem(str(path), line, col, rule,
                                            f"{(r[col] or '').strip()!r} {what}"))
            if len(problems) >= MAX_PROBLEMS:
                break
    return problems or [Problem(str(path), None, None, "type",
                                "DuckDB found a malformed value the line scan could not place")]


def _choose_reporter(df: Any) -> Any:
    """One flow per year × exporter × importer × code: the importer's report if it has a
    quantity, else the exporter's (mirror)."""
    imp = df["flow"] == "M"
    df["exporter"] = [iso3_or_others(p if m else r)
                      for p, r, m in zip(df["partner"], df["reporter"], imp, strict=True)]
    df["importer"] = [iso3_or_others(r if m else p)
                      for p, r, m in zip(df["partner"], df["reporter"], imp, strict=True)]
    df["reported_by"] = ["importer" if m else "exporter" for m in imp]
    key = ["year", "exporter", "importer", "k", "reported_by"]
    df = df.groupby(key, as_index=False)[["flows", "flows_no_quantity", "quantity",
                                          "value_kusd"]].sum(min_count=1)
    df["has_q"] = df["quantity"].notna()
    df["rank"] = [0 if (q and b == "importer") else 1 if q else 2
                  for q, b in zip(df["has_q"], df["reported_by"], strict=True)]
    df = df.sort_values("rank").drop_duplicates(["year", "exporter", "importer", "k"])
    return df.drop(columns=["has_q", "rank"])


def parse_comtrade(files: list[Path], hs_map: HsMap, release: str | None = None,
                   progress: Progress | None = None) -> TradeImport:
    """Read Comtrade CSV exports into trade rows of t of material (see :mod:`rows`).

    Raises
    ------
    TradeFileError
        Wrong columns, text in a number column, a blank country code, naming file, row
        (line, header = 1) and column.
    """
    import pandas as pd

    codes = hs_map.imported_codes
    totals = [estimate_rows(f) for f in files]
    frames = []
    con = connect()
    today = date.today().isoformat()
    sid = f"uncomtrade-{(release or today).lower().replace(' ', '-')}"
    for n, file in enumerate(files):
        if not file.is_file():
            raise fail(file, None, None, "missing_file", "no such file")
        header = read_header(file)
        check_header(file, header, COMTRADE_COLUMNS, "Comtrade")
        where = "".join(f" AND {c} = '{v}'" for c, v in TOTALS.items() if c in header)

        def report(x: float, n: int = n) -> None:
            if progress is not None:
                progress(sum(totals[:n]) + int(x * totals[n]), sum(totals))

        df = run_query(con, _SQL.format(totals=where), [str(file), codes], file, report)
        if df["bad"].sum():
            raise TradeFileError(_first_bad_lines(file, set(codes), header))
        df["year"] = df["year"].astype(int)
        frames.append(df)
    con.close()
    flows = _choose_reporter(pd.concat(frames, ignore_index=True))
    flows["source_id"] = sid
    trade, skipped = aggregate_flows(flows, hs_map, label="Comtrade")
    source = {
        "source_id": sid, "title": f"UN Comtrade export ({release or 'downloaded'}): "
                                   f"{', '.join(f.name for f in files)}",
        "publisher": "United Nations Statistics Division (UN Comtrade)",
        "year": int((release or today)[:4]) if (release or today)[:4].isdigit()
        else date.today().year,
        "url": URL, "kind": "primary", "licence": LICENCE,
        "accessed": f"imported with critmin data import comtrade on {today}",
        "note": f"Licence: {LICENCE}. Net weight in kg (qty where netWgt is blank and the "
                "unit is kg) converted to t, then to t of the row's material with the "
                f"factors of critmin's HS map (codes read: {', '.join(codes)}); values "
                "primaryValue in USD. Importer-reported flows (M) by default, the "
                "exporter's mirror report (X) where the importer gave none with a quantity; "
                "each row says which (reported_by). Areas without an ISO 3166 code pooled "
                "as XOT.",
    }
    return TradeImport(trade=trade, countries={}, sources=[source, *hs_map.cited_sources(
        sorted(set(flows["k"])))], skipped=skipped, rows_read=sum(totals))
