"""``critmin data reserves``: reserves and shares of the published world total."""

from __future__ import annotations

import csv
import json

from typer.testing import CliRunner

from critmin.cli import app

runner = CliRunner()


def test_reserves_json_for_one_material() -> None:
    res = runner.invoke(app, ["data", "reserves", "--material", "REO", "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert {r["material"] for r in rows} == {"REO"}
    assert "XWL" not in {r["country"] for r in rows}  # the world total is the denominator
    china = next(r for r in rows if r["country"] == "CHN")
    assert china["reserves_t"] == 44_000_000 and china["world_t"] == 90_000_000
    assert china["share_bound"] == "upper" and china["rank"] == 1


def test_reserves_csv_and_table() -> None:
    res = runner.invoke(app, ["data", "reserves", "-m", "graphite", "-f", "csv"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(res.stdout.splitlines()))
    usa = next(r for r in rows if r["country"] == "USA")
    assert usa["qualifier"] == "in-world-total" and usa["share"] == ""
    table = runner.invoke(app, ["data", "reserves", "-m", "Li"])
    assert table.exit_code == 0 and "CHL" in table.stdout


def test_reserves_unknown_material_is_a_clean_error() -> None:
    res = runner.invoke(app, ["data", "reserves", "-m", "Zz"])
    assert res.exit_code == 2
    assert "unknown material" in res.output
