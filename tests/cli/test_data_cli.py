"""The ``critmin data`` commands, run as a user runs them (a real subprocess where the
exit code and the absence of a traceback matter)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from critmin.cli import app
from critmin.data import bundled_path

runner = CliRunner()
SAMPLE = str(bundled_path("sample"))


def critmin(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "critmin", *args], capture_output=True,
                          text=True, check=False, timeout=120)


def test_show_capacity_json_matches_csv() -> None:
    """`data show capacity --format json` returns valid JSON rows with the CSV's numbers."""
    res = runner.invoke(app, ["data", "show", "capacity", "--format", "json", "-d", SAMPLE])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    with (bundled_path("sample") / "capacity.csv").open() as f:
        expected = list(csv.DictReader(f))
    assert len(rows) == len(expected)
    for got, exp in zip(rows, expected, strict=True):
        assert got["country"] == exp["country"]
        assert got["year"] == int(exp["year"])
        for col in ("capacity_t", "production_t"):
            assert got[col] == (float(exp[col]) if exp[col] else None)


def test_show_where_filters() -> None:
    res = runner.invoke(app, ["data", "show", "capacity", "-d", SAMPLE, "--where", "stage=mining",
                              "--where", "year=2024", "--where", "material=REO", "-f", "csv"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(res.stdout.splitlines()))
    assert {r["country"] for r in rows} == {"CHN", "USA", "MMR", "AUS", "MYS", "XOT"}
    assert sum(float(r["production_t"]) for r in rows) == 390_000


def test_show_bad_where_column_is_a_clean_error() -> None:
    res = critmin("data", "show", "capacity", "-d", SAMPLE, "--where", "colour=red")
    assert res.returncode == 2
    assert "no column 'colour'" in res.stderr
    assert "Traceback" not in res.stderr + res.stdout


def test_validate_ok() -> None:
    res = runner.invoke(app, ["data", "validate", SAMPLE])
    assert res.exit_code == 0
    assert "valid" in res.stdout
    assert "critmin-sample" in res.stdout


def test_validate_bad_dataset_lists_all_problems_and_exits_2(sample_copy: Path) -> None:
    cap = sample_copy / "capacity.csv"
    lines = cap.read_text().splitlines()
    lines[2] = lines[2].replace("41600", "-41600")
    lines[3] = lines[3].replace("MMR", "MMX")
    cap.write_text("\n".join(lines) + "\n")
    res = critmin("data", "validate", str(sample_copy))
    assert res.returncode == 2
    assert "2 problems" in res.stderr
    assert "capacity.csv, row 3, column 'production_t'" in res.stderr
    assert "[rule: non_negative]" in res.stderr
    assert "capacity.csv, row 4, column 'country'" in res.stderr
    assert "Traceback" not in res.stderr + res.stdout


def test_validate_json(sample_copy: Path) -> None:
    (sample_copy / "stages.csv").write_text("stage,order,description\nmining,first,x\n")
    res = runner.invoke(app, ["data", "validate", str(sample_copy), "--format", "json"])
    assert res.exit_code == 2
    out = json.loads(res.stdout)
    assert out["valid"] is False
    assert {"file": "stages.csv", "row": 2, "column": "order", "rule": "type"}.items() <= \
        out["problems"][0].items()


def test_other_commands_refuse_a_bad_dataset(sample_copy: Path) -> None:
    (sample_copy / "sources.csv").unlink()
    res = critmin("data", "show", "capacity", "--dataset", str(sample_copy))
    assert res.returncode == 2
    assert "sources.csv" in res.stderr
    assert "missing_table" in res.stderr
    assert "Traceback" not in res.stderr


def test_sources_lists_every_source_with_use_count() -> None:
    res = runner.invoke(app, ["data", "sources", "-d", SAMPLE, "-f", "json"])
    assert res.exit_code == 0
    rows = {r["source_id"]: r for r in json.loads(res.stdout)}
    with (bundled_path("sample") / "sources.csv").open() as f:
        assert set(rows) == {r["source_id"] for r in csv.DictReader(f)}
    # usgs-mcs-2025-ree is cited by the 12 REO mining rows, 5 price rows, 2 world totals
    assert rows["usgs-mcs-2025-ree"]["rows_citing"] == 19
    assert all(r["url"] for r in rows.values())


def test_tables_lists_schema() -> None:
    res = runner.invoke(app, ["data", "tables", "capacity", "-f", "json"])
    cols = {r["column"]: r for r in json.loads(res.stdout)}
    assert cols["production_t"]["unit"] == "t/yr"
    assert cols["country"]["key"] is True
    res = runner.invoke(app, ["data", "tables", "mines"])
    assert res.exit_code == 2


def test_unknown_table_is_refused() -> None:
    res = critmin("data", "show", "mines", "-d", SAMPLE)
    assert res.returncode == 2
    assert "unknown table 'mines'" in res.stderr


def test_bad_format_flag_exits_2() -> None:
    res = critmin("data", "show", "capacity", "-d", SAMPLE, "--format", "xml")
    assert res.returncode == 2
    assert "Traceback" not in res.stderr


def test_version_and_light_start_up() -> None:
    """`critmin --version` answers without importing pandas, solvers or the web stack
    (what keeps `critmin --help` fast)."""
    res = critmin("--version")
    assert res.returncode == 0
    assert res.stdout.startswith("critmin ")
    code = ("import sys, critmin.cli; heavy = {'pandas', 'numpy', 'linopy', 'highspy', 'dask', "
            "'fastapi', 'plotly', 'matplotlib', 'xarray'} & set(sys.modules); print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
