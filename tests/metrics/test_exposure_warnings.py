"""An empty exposure answer is no data, and an unknown origin is no safe source."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from critmin.cli import app
from critmin.metrics import coalition_exposure, exposure_warnings
from critmin.testing import make_dataset, toy_tables


def test_empty_answer_is_named() -> None:
    import pandas as pd

    w = exposure_warnings(pd.DataFrame(columns=["material", "stage", "unknown_share"]), "JPN",
                          "Tb")
    assert w == ["no rows: the data holds no supply of Tb for JPN (no production and no "
                 "recorded imports): an empty answer is no data, not no exposure"]


def test_unknown_origin_is_named() -> None:
    """The toy plus 60 t of metal from XCC, which mines nothing: 60 of XAA's 150 t of
    metal have no recorded mining origin (40 % unknown), and the warning says so."""
    tables = toy_tables()
    tables["trade"].append({"exporter": "XCC", "importer": "XAA", "stage": "metal",
                            "material": "Nd", "year": 2024, "quantity_t": 60,
                            "source_id": "toy"})
    df = coalition_exposure(make_dataset(tables), "XAA")
    row = df.set_index(["material", "stage"]).loc[("Nd", "metal")]
    assert row["unknown_share"] == pytest.approx(0.4)
    w = exposure_warnings(df, "XAA")
    assert "Nd (metal): 40% of XAA's supply traces to no recorded origin" in w[0]
    assert "'unknown' is missing data, not a safe source" in w[0]


def test_cli_warns_on_an_empty_answer() -> None:
    out = CliRunner().invoke(app, ["metrics", "exposure", "--country", "JPN", "--material",
                                   "Sm", "--format", "json"])
    assert out.exit_code == 0
    assert out.stdout.strip() == "[]"
    assert "no rows: the data holds no supply of Sm for JPN" in out.stderr


def test_unknown_share_stands_beside_every_stage_share() -> None:
    """With 60 t of metal from XCC (no recorded mining), XAA's metal at the mining stage:
    8/15·(8/9) from XAA, 1/15·... — whatever the split, each stage's origin share plus its
    unknown share never exceeds 1, and the mining stage's unknown is 60/150."""
    from critmin.metrics import exposure_bottlenecks

    tables = toy_tables()
    tables["trade"].append({"exporter": "XCC", "importer": "XAA", "stage": "metal",
                            "material": "Nd", "year": 2024, "quantity_t": 60,
                            "source_id": "toy"})
    b = exposure_bottlenecks(make_dataset(tables), "XAA", origin="XBB")
    row = b.set_index(["material", "stage"]).loc[("Nd", "metal")]
    assert row["unknown_mining"] == pytest.approx(0.4)
    assert row["unknown_metal"] == 0.0
    for stage in ("mining", "metal"):
        assert row[f"share_{stage}"] + row[f"unknown_{stage}"] <= 1 + 1e-12
