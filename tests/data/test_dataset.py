"""Loading the sample dataset: values, types, groups, coverage and a save/load round trip."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from critmin.data import bundled_path, load_dataset, save_dataset


def test_values_match_the_csv(sample) -> None:
    """Every capacity number loaded equals the number written in capacity.csv."""
    with (bundled_path("sample") / "capacity.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(sample.capacity)
    for row, (_, loaded) in zip(rows, sample.capacity.iterrows(), strict=True):
        for col in ("capacity_t", "production_t"):
            if row[col] == "":
                assert pd.isna(loaded[col])
            else:
                assert loaded[col] == float(row[col])
        assert loaded["year"] == int(row["year"])


def test_usgs_world_mine_production_2024(sample) -> None:
    """USGS MCS 2025: world rare-earth mine production 2024 = 390,000 t REO, China 270,000 t."""
    reo = sample.capacity.query("stage == 'mining' and material == 'REO' and year == 2024")
    assert reo["production_t"].sum() == 390_000
    china = reo.set_index("country").loc["CHN", "production_t"]
    assert round(china / 390_000, 3) == 0.692


def test_dtypes(sample) -> None:
    cap = sample.capacity
    assert cap["year"].dtype == "int64"
    assert cap["capacity_t"].dtype == "float64"
    assert sample.facilities["start_year"].dtype == "Int64"


def test_groups_and_resolution(sample) -> None:
    assert sample.groups["QUAD"] == ["AUS", "JPN", "USA"]
    assert sample.resolve_countries(["G7", "AUS"]) == ["AUS", "JPN", "USA"]
    with pytest.raises(KeyError, match="NATO"):
        sample.resolve_countries(["NATO"])


def test_coverage(sample) -> None:
    cov = sample.coverage().set_index(["stage", "material"])
    row = cov.loc[("mining", "REO")]
    assert row["years"] == "2023–2024"
    assert row["production_t"] == 390_000
    assert row["countries"] == 6
    # stages come in chain order
    assert list(sample.coverage()["stage"].drop_duplicates()) == ["mining", "separation", "magnet"]


def test_save_load_round_trip(sample, tmp_path: Path) -> None:
    out = save_dataset(sample, tmp_path / "copy")
    again = load_dataset(out)
    for name, df in sample.tables.items():
        pd.testing.assert_frame_equal(again.table(name), df, check_dtype=True,
                                      obj=f"table {name}")
    assert again.meta == sample.meta


def test_save_replaces_an_existing_folder_whole(sample, tmp_path: Path) -> None:
    target = tmp_path / "ds"
    save_dataset(sample, target)
    (target / "stale.csv").write_text("x\n")
    save_dataset(sample, target)
    assert not (target / "stale.csv").exists()
    assert load_dataset(target).name == sample.name


def test_unknown_table(sample) -> None:
    with pytest.raises(KeyError, match="known tables"):
        sample.table("mines")


def test_save_refuses_to_replace_a_non_dataset_folder(sample, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    with pytest.raises(FileExistsError, match="not a critmin dataset"):
        save_dataset(sample, tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine\n"
