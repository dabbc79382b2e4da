"""Benchmark: `critmin data import baci` on a BACI-shaped file of 10 million rows.

Generates (with DuckDB, in a temporary folder) a file with BACI's columns and dtypes
(``t,i,j,k,v,q``: year; numeric exporter and importer codes of BACI's country table,
exporters and importers skewed towards large traders; HS 6-digit product codes as text
with leading zeros, the 22 codes of critmin's HS map among about 5,000; values in
thousand USD and quantities in t with three decimals, 2 % of quantities blank) and its
``country_codes_V202501.csv``. Then, each in a fresh process:

* the import: read, map, write a new dataset from the reference dataset, validate it and
  compute the balance (``critmin.data.tradeio.import_trade``, what the command runs);
* a plain DuckDB scan of the same file: ``SELECT count(*), sum(v), sum(q)`` over
  ``read_csv`` with DuckDB's type detection.

Each runs twice; the best time of each is kept. Prints ``import_10m_rows_s:``,
``peak_rss_mb:`` (the largest peak resident memory of the import processes) and
``ratio_to_scan:`` (import time / scan time). Aims: under 60 s, under
1.5 GB, ratio under 3.

Run: ``python benchmarks/import.py [--rows N] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: BACI's own codes where they differ from ISO 3166 numeric (BACI country table).
BACI_CODES = {"USA": 842, "FRA": 251, "IND": 699, "CHE": 757, "NOR": 579}
#: Runs of the import and of the scan; the best of each is compared (the machine is shared).
REPEAT = 2


def write_country_table(folder: Path) -> list[int]:
    import pycountry

    lines = ["country_code,country_name,country_iso2,country_iso3"]
    codes = []
    for c in pycountry.countries:
        code = BACI_CODES.get(c.alpha_3, int(c.numeric))
        codes.append(code)
        lines.append(f'{code},"{c.name}",{c.alpha_2},{c.alpha_3}')
    lines.append('490,"Other Asia, nes",,S19')
    codes.append(490)
    (folder / "country_codes_V202501.csv").write_text("\n".join(lines) + "\n",
                                                      encoding="utf-8")
    return codes


def product_codes() -> list[str]:
    from critmin.data.tradeio import load_hs_map

    mapped = list(load_hs_map().rows)
    others = [f"{ch:02d}{h:02d}{s:02d}" for ch in range(1, 98) for h in range(1, 11)
              for s in (10, 20, 30, 90, 11)]
    return sorted(set(mapped) | set(others[: 5000 - len(mapped)]))


def generate(file: Path, rows: int) -> None:
    import duckdb

    countries = write_country_table(file.parent)
    codes = product_codes()
    n, nk = len(countries), len(codes)
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute(f"CREATE TABLE c AS SELECT unnest({countries}) AS code, "
                "generate_subscripts([" + ",".join(["0"] * n) + "], 1) - 1 AS idx")
    con.execute("CREATE TABLE p AS SELECT unnest(?::VARCHAR[]) AS k, "
                "generate_subscripts(?::VARCHAR[], 1) - 1 AS idx", [codes, codes])
    con.execute(f"""
        COPY (
          SELECT 2023 AS t, ci.code AS i, cj.code AS j, p.k,
                 round(1 + pow(random(), 3) * 20000, 3) AS v,
                 CASE WHEN random() < 0.02 THEN NULL
                      ELSE round(pow(random(), 3) * 5000, 3) END AS q
          FROM (SELECT floor(pow(random(), 2) * {n})::INT AS a,
                       floor(random() * ({n} - 1))::INT AS b,
                       floor(random() * {nk})::INT AS kk
                FROM range({rows})) r
          JOIN c ci ON ci.idx = r.a
          JOIN c cj ON cj.idx = (r.a + 1 + r.b) % {n}
          JOIN p ON p.idx = r.kk
        ) TO '{file}' (HEADER, DELIMITER ',')""")
    con.close()


def child_import(file: str, out: str) -> None:
    from critmin.data.tradeio import import_trade

    t = time.perf_counter()
    rep = import_trade("baci", [Path(file)], out)
    print(f"{time.perf_counter() - t:.3f} {rep.written.rows_added}")


def child_scan(file: str) -> None:
    import duckdb

    t = time.perf_counter()
    duckdb.connect().execute(f"SELECT count(*), sum(v), sum(q) FROM read_csv('{file}')"
                             ).fetchall()
    print(f"{time.perf_counter() - t:.3f}")


def run_child(*args: str) -> str:
    res = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True,
                         text=True, check=True)
    return res.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--keep", type=Path, default=None)
    parser.add_argument("--child", nargs="+", default=None)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        child_import(*rest) if kind == "import" else child_scan(*rest)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        file = folder / "BACI_HS22_Y2023_V202501.csv"
        t = time.perf_counter()
        generate(file, args.rows)
        print(f"generated {args.rows:,} rows, {file.stat().st_size / 1e6:,.0f} MB in "
              f"{time.perf_counter() - t:.1f} s")
        runs = [run_child("import", str(file), str(Path(tmp) / f"dataset{n}")).split()
                for n in range(REPEAT)]
        rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        scans = [float(run_child("scan", str(file))) for _ in range(REPEAT)]
        seconds, scan = min(float(r[0]) for r in runs), min(scans)
        print(f"import wrote {runs[0][1]} trade rows; import runs "
              f"{', '.join(r[0] for r in runs)} s; plain DuckDB scans "
              f"{', '.join(f'{x:.3f}' for x in scans)} s (the best of each is used)")
        print(f"import_10m_rows_s: {seconds:.2f}")
        print(f"peak_rss_mb: {rss_mb:.0f}")
        print(f"ratio_to_scan: {seconds / scan:.2f}")


if __name__ == "__main__":
    main()
