"""`critmin data import baci|comtrade` and `critmin data balance`, run as a user runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from critmin.cli import app
from critmin.data import bundled_path, load_dataset

runner = CliRunner()
SOURCES = Path(__file__).parents[1] / "data" / "sources"
BACI = SOURCES / "baci" / "BACI_HS22_Y2023_V202501.csv"
COMTRADE = SOURCES / "comtrade" / "TradeData_2023_HS6.csv"


def critmin(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "critmin", *args], capture_output=True,
                          text=True, check=False, timeout=300)


@pytest.mark.slow
def test_import_baci_then_simulate(tmp_path: Path) -> None:
    """A 2024 BACI extract imported into a new dataset, then a shock simulated on it."""
    folder = tmp_path / "baci"
    folder.mkdir()
    shutil.copy(BACI.with_name("country_codes_V202501.csv"), folder)
    file = folder / "BACI_HS22_Y2024_V202501.csv"
    file.write_text(BACI.read_text(encoding="utf-8").replace("\n2023,", "\n2024,"),
                    encoding="utf-8")
    out = tmp_path / "mine"
    res = critmin("data", "import", "baci", str(file), "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert "9 trade rows added" in res.stdout
    assert critmin("data", "validate", str(out)).returncode == 0
    ds = load_dataset(out)
    mag = ds.trade[(ds.trade.year == 2024) & (ds.trade.stage == "magnet")]
    assert set(zip(mag.exporter, mag.importer, mag.quantity_t, strict=True)) == {
        ("CHN", "USA", 20.0), ("CHN", "JPN", 10.0), ("JPN", "USA", 2.5), ("XOT", "USA", 0.5)}
    sim = critmin("simulate", "magnet-embargo-us", "--dataset", str(out), "--format", "json")
    assert sim.returncode == 0, sim.stderr
    result = json.loads(sim.stdout)
    assert result["shortfall"] is not None


def test_bad_file_exits_2_naming_row_and_column(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(BACI.with_name("country_codes_V202501.csv"), folder)
    file = folder / BACI.name
    file.write_text("t,i,j,k,v,q\n2023,156,842,850511,1000,20\n2023,156,392,850511,500,ten\n",
                    encoding="utf-8")
    out = tmp_path / "out"
    res = critmin("data", "import", "baci", str(file), "--out", str(out))
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    err = " ".join(res.stderr.split())
    assert f"{file.name}, row 3, column 'q'" in err and "'ten'" in err
    assert not out.exists()


def test_import_comtrade_into_the_sample(tmp_path: Path) -> None:
    out = tmp_path / "s"
    shutil.copytree(bundled_path("sample"), out)
    res = runner.invoke(app, ["data", "import", "comtrade", str(COMTRADE), "--out", str(out)])
    assert res.exit_code == 0, res.output
    ds = load_dataset(out)
    new = ds.trade[ds.trade.year == 2023].set_index(["exporter", "importer"])
    assert new.loc[("CHN", "USA"), "quantity_t"] == 20.0
    assert new.loc[("CHN", "JPN"), "reported_by"] == "exporter"


def test_balance_json_and_flagged(tmp_path: Path) -> None:
    res = runner.invoke(app, ["data", "balance", "-d", str(bundled_path("sample")),
                              "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    jpn = [r for r in rows if (r["country"], r["stage"], r["year"]) == ("JPN", "magnet", 2024)]
    assert jpn[0]["residual_t"] == pytest.approx(300)
    flagged = runner.invoke(app, ["data", "balance", "-d", str(bundled_path("sample")),
                                  "--format", "json", "--flagged"])
    got = json.loads(flagged.stdout)
    assert all(r["flagged"] for r in got)
    assert len(got) == sum(r["flagged"] for r in rows)


@pytest.mark.parametrize(("text", "where"), [
    ("t,i,j,k,v\n2023,156,842,850511,1000\n", "row 1, column 'q'"),
    ("t,i,j,k,v,q\n2023,156,842,850511,1000,20\n2023,999,392,850511,500,10\n",
     "row 3, column 'i'"),
])
def test_bad_baci_files_exit_2(tmp_path: Path, text: str, where: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(BACI.with_name("country_codes_V202501.csv"), folder)
    file = folder / BACI.name
    file.write_text(text, encoding="utf-8")
    res = runner.invoke(app, ["data", "import", "baci", str(file), "--out",
                              str(tmp_path / "out")])
    assert res.exit_code == 2
    assert where in " ".join(res.output.split())
    assert not (tmp_path / "out").exists()


def test_comtrade_without_a_country_code_exits_2(tmp_path: Path) -> None:
    text = COMTRADE.read_text(encoding="utf-8").replace(",842,USA,USA,M,", ",842,,USA,M,", 1)
    file = tmp_path / COMTRADE.name
    file.write_text(text, encoding="utf-8")
    res = runner.invoke(app, ["data", "import", "comtrade", str(file), "--out",
                              str(tmp_path / "out")])
    assert res.exit_code == 2
    assert "row 2, column 'reporterISO'" in " ".join(res.output.split())
