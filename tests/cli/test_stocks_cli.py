"""``critmin stocks``: rows and columns, JSON, and clean errors (exit 2, no traceback)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from critmin.cli import app
from critmin.data import bundled_path

runner = CliRunner()
COLUMNS = ["year", "region", "application", "material", "inflow_t", "stock_t", "outflow_t",
           "recyclable_t", "recycled_t"]


@pytest.mark.slow
def test_world_json_rows_carry_the_2007_nd_stock() -> None:
    res = runner.invoke(app, ["stocks", "--region", "XWL", "--material", "Nd",
                              "--years", "2007", "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert [list(r) for r in rows] == [COLUMNS] * 7  # one row per application
    assert {r["year"] for r in rows} == {2007} and {r["region"] for r in rows} == {"XWL"}
    assert sum(r["stock_t"] for r in rows) == pytest.approx(73_800, rel=0.01)
    wind = next(r for r in rows if r["application"] == "wind")
    assert wind["recyclable_t"] is None  # no sourced collection rate: unknown, not 0
    assert "no sourced collection rate" in res.stderr


@pytest.mark.slow
def test_csv_of_a_group_and_a_range() -> None:
    res = runner.invoke(app, ["stocks", "-r", "G7", "-m", "NdFeB", "-m", "Dy", "-y",
                              "2024:2026", "-f", "csv"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.strip().splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert len(lines) == 1 + 3 * 7 * 2  # years x applications x materials


@pytest.mark.parametrize(("args", "message"), [
    (["--years", "20x0"], "--years '20x0'"),
    (["--years", "2050:2000"], "first <= last"),
    (["--material", "Fe"], "unknown material 'Fe'"),
    (["--region", "Mars"], "'Mars' is neither a country nor a group"),
])
@pytest.mark.slow
def test_bad_flags_exit_2_with_the_reason(args: list[str], message: str) -> None:
    res = runner.invoke(app, ["stocks", *args])
    assert res.exit_code == 2
    assert message in res.stderr
    assert "Traceback" not in res.output


def test_a_dataset_without_the_mfa_tables_is_refused_cleanly() -> None:
    res = runner.invoke(app, ["stocks", "-d", str(bundled_path("sample"))])
    assert res.exit_code == 2
    assert "lifetimes.csv" in res.stderr and "Traceback" not in res.output


def test_a_bad_years_flag_fails_before_any_work() -> None:
    res = runner.invoke(app, ["stocks", "--years", "soon"])
    assert res.exit_code == 2 and "give a year (2030) or a range A:B" in res.stderr
