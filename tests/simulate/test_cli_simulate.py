"""``critmin simulate`` and ``critmin scenarios``, run through Typer's test runner, and
:func:`run_library` (the call behind ``critmin assess``)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import typer
import yaml
from typer.testing import CliRunner

from critmin.app.assess import shock_library
from critmin.cli.simulate import scenarios_app, simulate_command
from critmin.data import load_dataset, save_dataset
from critmin.testing import shortfall_of

runner = CliRunner()


def ban(**kw) -> dict:
    """A full ban on XAA's Dy oxide from January 2025, with fields overridden by ``kw``."""
    return {"type": "export_control", "country": "XAA", "materials": ["Dy"],
            "stages": ["separation"], "severity": 1.0, "start": "2025-01", **kw}


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    a = typer.Typer()

    @a.callback()
    def _root() -> None:
        """test root"""

    a.command(name="simulate")(simulate_command)
    a.add_typer(scenarios_app, name="scenarios")
    return a


@pytest.fixture
def toy_files(toys, two_importers, tmp_path: Path) -> tuple[Path, Path]:
    """The two-importer toy saved as a dataset folder, and a scenario banning XAA's oxide."""
    ds_path = save_dataset(two_importers, tmp_path / "toy")
    sc = {"name": "toy-ban", "coalition": ["XCC", "XDD"],
          "horizon": {"start": "2025-01", "end": "2025-12", "step": "month"},
          "priorities": {"defense": 10, "ev": 3}, "shocks": [toys.ban()]}
    sc_path = tmp_path / "ban.yaml"
    sc_path.write_text(yaml.safe_dump(sc))
    return ds_path, sc_path


def test_simulate_json(app, toy_files) -> None:
    """JSON output is one object with scenario, periods, shortfall, stocks, inventories,
    prices, coproduction, thrift and summary; the year's shortfall is the 80 t of the hand-derived
    market answer."""
    ds_path, sc_path = toy_files
    res = runner.invoke(app, ["simulate", str(sc_path), "-d", str(ds_path), "-f", "json"])
    assert res.exit_code == 0, res.output
    obj = json.loads(res.stdout)
    assert set(obj) == {"scenario", "periods", "shortfall", "stocks", "inventories", "prices",
                        "coproduction", "thrift", "summary"}
    assert obj["scenario"] == "toy-ban"
    assert len(obj["periods"]) == 12
    assert sum(r["shortfall_t"] for r in obj["shortfall"]) == pytest.approx(80.0)
    assert shortfall_of(obj["summary"]) == pytest.approx(80.0)


def test_simulate_out_writes_tables(app, toy_files, tmp_path: Path) -> None:
    """--out writes every table as CSV and Parquet (same rows) plus summary.json, and a
    second run replaces the folder."""
    ds_path, sc_path = toy_files
    out = tmp_path / "run"
    for _ in range(2):
        res = runner.invoke(app, ["simulate", str(sc_path), "-d", str(ds_path), "--out", str(out)])
        assert res.exit_code == 0, res.output
    for name in ("shortfall", "production", "flows", "stocks", "inventories", "prices",
                 "shadow_prices"):
        csv = pd.read_csv(out / f"{name}.csv")
        pq = pd.read_parquet(out / f"{name}.parquet")
        assert len(csv) == len(pq)
    summary = json.loads((out / "summary.json").read_text())
    assert shortfall_of(summary) == pytest.approx(80.0)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".run")]


def test_simulate_table_names_the_short_countries(app, toy_files) -> None:
    ds_path, sc_path = toy_files
    res = runner.invoke(app, ["simulate", str(sc_path), "-d", str(ds_path)])
    assert res.exit_code == 0, res.output
    assert "XDD" in res.stdout
    assert "toy-ban" in res.stdout


@pytest.mark.parametrize(("change", "field"), [
    ({"shocks": [ban(country="XZZ")]}, "shocks[0].country"),
    ({"shocks": [ban(severity=2)]}, "shocks[0].severity"),
    ({"shocks": [ban(start="2024-01")]}, "shocks[0].start"),
    ({"shocks": [ban(materials=["Dy", "Kr"])]}, "shocks[0].materials[1]"),
    ({"priorities": {"farming": 2}}, "priorities.farming"),
    ({"measures": [{"type": "invest", "facility_id": "ghost"}]}, "measures[0].facility_id"),
])
def test_bad_scenario_exits_2_naming_the_field(app, toy_files, change, field) -> None:
    """Unknown names, a severity outside [0, 1] or a window outside the horizon: exit 2,
    the field named, no traceback."""
    ds_path, sc_path = toy_files
    data = {**yaml.safe_load(sc_path.read_text()), **change}
    sc_path.write_text(yaml.safe_dump(data))
    res = runner.invoke(app, ["simulate", str(sc_path), "-d", str(ds_path)])
    assert res.exit_code == 2
    assert field in res.stderr
    assert "Traceback" not in res.output


def test_scenarios_list_and_show(app) -> None:
    """`scenarios list` names the seven bundled scenarios; `show` prints a YAML scenario
    that parses back with the same name."""
    res = runner.invoke(app, ["scenarios", "list", "-f", "json"])
    assert res.exit_code == 0, res.output
    names = {r["name"] for r in json.loads(res.stdout)}
    assert {"baseline", "china-2025-04-controls", "ga-ge-sb-ban-us"} <= names
    res = runner.invoke(app, ["scenarios", "show", "china-2025-04-controls"])
    assert res.exit_code == 0, res.output
    assert yaml.safe_load(res.stdout)["name"] == "china-2025-04-controls"
    res = runner.invoke(app, ["scenarios", "show", "nope"])
    assert res.exit_code == 2
    assert "bundled scenarios" in res.stderr


def test_shock_library_summarises_members_only() -> None:
    """The library call behind ``critmin assess`` on the reference dataset for the April
    2025 controls: rows only for USA and JPN, shortfall between 0 and demand, never below
    the baseline's, and some NdFeB shortfall added by the shock (the controls cover
    Dy/Tb-bearing magnets, of which China makes most)."""
    ds = load_dataset()
    out, skipped = shock_library(ds, ["USA", "JPN"], names=["china-2025-04-controls"])
    assert skipped == {}
    assert set(out["country"]) <= {"USA", "JPN"}
    assert (out["shortfall_t"] >= -1e-9).all()
    assert (out["shortfall_t"] <= out["demand_t"] + 1e-6).all()
    assert (out["shortfall_t"] >= out["baseline_shortfall_t"] - 1e-6).all()
    mag = out[out["material"] == "NdFeB"]
    assert mag["added_shortfall_t"].sum() > 0


def test_scenario_dataset_path_is_used(app, toy_files) -> None:
    """Without --dataset, a scenario's `dataset:` path (relative to its file) is loaded."""
    ds_path, sc_path = toy_files
    data = {**yaml.safe_load(sc_path.read_text()), "dataset": ds_path.name}
    sc_path.write_text(yaml.safe_dump(data))
    res = runner.invoke(app, ["simulate", str(sc_path), "-f", "json"])
    assert res.exit_code == 0, res.output
    assert shortfall_of(json.loads(res.stdout)["summary"]) == pytest.approx(80.0)
