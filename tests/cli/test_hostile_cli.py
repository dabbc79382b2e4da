"""Bad paths, bad numbers and oversized runs on the command line: one line, exit 2, no
traceback, nothing half-written (issue 16)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from critmin.cli import app
from critmin.optimize.plan import plans_path

runner = CliRunner()


def _refused(args: list[str], *expected: str) -> str:
    res = runner.invoke(app, args)
    text = " ".join(res.output.split())
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output and not isinstance(res.exception, AssertionError)
    for e in expected:
        assert e in text, res.output
    return text


@pytest.mark.parametrize(("args", "expected"), [
    (["simulate", "china-2025-04-controls", "--out", "/etc/passwd"],
     "/etc/passwd exists and is not a folder"),
    (["simulate", "china-2025-04-controls", "--out", "/"], "/ is the root folder"),
    (["metrics", "risk", "--inputs", "/etc/passwd"], "/etc/passwd: cannot be read as CSV"),
    (["serve", "--data-dir", "/dev/null"], "/dev/null: not a folder"),
    (["metrics", "risk", "--inputs", "/dev/null"], "/dev/null: no CSV file at this path"),
])
def test_bad_paths_are_one_line(args: list[str], expected: str) -> None:
    _refused(args, expected)
    assert Path("/etc/passwd").is_file()


def test_an_inputs_cell_that_is_not_a_number_names_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "inputs.csv"
    path.write_text("material,eol_rir\nDy,0.1\nTb,nan\n", encoding="utf-8")
    _refused(["metrics", "risk", "--inputs", str(path)],
             "the inputs table, row 3, column 'eol_rir': 'nan' is not a number")


@pytest.mark.parametrize(("table", "column", "value"), [
    ("capacity.csv", "capacity_t", "nan"),
    ("capacity.csv", "capacity_t", "١٢٣"),
    ("capacity.csv", "capacity_t", "１２３"),
    ("capacity.csv", "capacity_t", "1_000"),
    ("capacity.csv", "capacity_t", "inf"),
    ("capacity.csv", "capacity_t", "9" * 5000),
    ("stages.csv", "order", "100000000000000000000"),
])
def test_validator_and_loader_agree_on_numbers(sample_copy: Path, table: str, column: str,
                                               value: str) -> None:
    path = sample_copy / table
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows[0][column] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    text = _refused(["data", "validate", str(sample_copy)])
    assert f"{table}, row 2, column '{column}'" in text and "[rule: type]" in text
    _refused(["metrics", "concentration", "--dataset", str(sample_copy)],
             f"{table}, row 2, column '{column}'")


@pytest.mark.parametrize(("horizon", "expected"), [
    ("{start: 999, end: 2030}", "horizon: start 999 is not a calendar year"),
    ("{start: 2025, end: 10000}", "horizon: end 10000 is not a calendar year"),
    ("{start: 2025, end: 2199}", "175 years exceeds the limit of 30 years"),
])
def test_plan_years_are_checked(tmp_path: Path, horizon: str, expected: str) -> None:
    text = (plans_path() / "us-japan-framework.yaml").read_text(encoding="utf-8")
    path = tmp_path / "plan.yaml"
    path.write_text(text.replace("horizon: {start: 2025, end: 2030}", f"horizon: {horizon}"),
                    encoding="utf-8")
    _refused(["optimize", str(path)], expected)


def test_a_10000_month_horizon_is_refused_before_building(tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    path.write_text("name: long\nhorizon: {start: 2025-01, end: 2858-04, step: month}\n",
                    encoding="utf-8")
    out = tmp_path / "out"
    _refused(["simulate", str(path), "--out", str(out)],
             "10,000 monthly periods exceeds the limit of 240 periods (CRITMIN_PERIODS)")
    assert not out.exists()


def test_the_limit_is_configured_in_one_place(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CRITMIN_PERIODS", "6")
    path = tmp_path / "year.yaml"
    path.write_text("name: y\nhorizon: {start: 2025-01, end: 2025-12, step: month}\n",
                    encoding="utf-8")
    _refused(["simulate", str(path)], "12 monthly periods exceeds the limit of 6 periods")


@pytest.mark.slow
def test_a_plan_whose_lp_is_too_big_is_refused_with_the_limit(monkeypatch) -> None:
    monkeypatch.setenv("CRITMIN_LP_COLUMNS", "1000")
    _refused(["optimize", "us-japan-framework"], "LP columns exceeds the limit of 1,000",
             "CRITMIN_LP_COLUMNS")


@pytest.mark.slow
def test_an_unreachable_scheduler_is_one_line(monkeypatch) -> None:
    monkeypatch.setenv("CRITMIN_SCHEDULER_TIMEOUT_S", "1")
    _refused(["ensemble", "heavy-ree-ban-24m", "--runs", "4", "--scheduler",
              "tcp://127.0.0.1:9"], "cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'")




@pytest.mark.slow
def test_a_scheduler_without_workers_is_one_line(monkeypatch) -> None:
    from dask.distributed import LocalCluster

    monkeypatch.setenv("CRITMIN_SCHEDULER_TIMEOUT_S", "1")
    with LocalCluster(n_workers=0, processes=False, dashboard_address=":0") as cluster:
        _refused(["ensemble", "heavy-ree-ban-24m", "--runs", "4", "--scheduler",
                  cluster.scheduler_address], "has no worker (none joined within 1 s)")
