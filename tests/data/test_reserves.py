"""reserves.csv of the reference dataset: USGS MCS 2025 reserves (as of 2024), pinned.

Figures are those of the "World Mine Production and Reserves" tables of the MCS 2025
chapters (t REO for rare earths, t natural graphite, else t contained element; copper
converted from thousand t). The world total is the row XWL: a denominator, never a country.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from critmin import load_dataset
from critmin.data.checks import check_reserves_qualifiers
from critmin.testing import make_dataset, raw_table, toy_tables

MATERIALS = {"REO", "Li", "Co", "Ni", "graphite", "Cu", "Sb", "W"}


@pytest.fixture(scope="module")
def res() -> pd.DataFrame:
    return load_dataset().reserves


def _value(res: pd.DataFrame, material: str, country: str) -> tuple[float, str]:
    row = res[(res.material == material) & (res.country == country) & (res.year == 2024)]
    assert len(row) == 1, (material, country)
    return float(row["reserves_t"].iloc[0]), str(row["qualifier"].iloc[0])


# (material, country, t, qualifier) as printed in MCS 2025
PINNED = [
    ("REO", "XWL", 90_000_000, "lower-bound"),   # ">90,000,000"
    ("REO", "CHN", 44_000_000, ""),
    ("REO", "BRA", 21_000_000, ""),
    ("REO", "AUS", 5_700_000, ""),
    ("REO", "VNM", 3_500_000, ""),               # revised from 22,000,000 in MCS 2024
    ("graphite", "XWL", 290_000_000, ""),
    ("graphite", "CHN", 81_000_000, ""),
    ("Li", "XWL", 30_000_000, ""),
    ("Li", "CHL", 9_300_000, ""),
    ("Co", "XWL", 11_000_000, ""),
    ("Co", "COD", 6_000_000, ""),
    ("Ni", "XWL", 130_000_000, "lower-bound"),   # ">130,000,000"
    ("Ni", "XOT", 9_100_000, "lower-bound"),     # "Other countries >9,100,000"
    ("Ni", "IDN", 55_000_000, ""),
    ("Cu", "XWL", 980_000_000, ""),              # 980,000 thousand t
    ("Cu", "CHL", 190_000_000, ""),
    ("Cu", "JPN", 0, ""),                        # printed "—" (zero)
    ("Sb", "XWL", 2_000_000, "lower-bound"),
    ("Sb", "CHN", 670_000, ""),
    ("W", "XWL", 4_600_000, "lower-bound"),
    ("W", "CHN", 2_400_000, ""),
]


@pytest.mark.parametrize(("material", "country", "tonnes", "qualifier"), PINNED)
def test_headline_reserves_as_printed(res, material, country, tonnes, qualifier):
    assert _value(res, material, country) == (tonnes, qualifier)


def test_every_material_has_one_world_total_for_2024(res):
    world = res[res.country == "XWL"]
    assert set(world.material) == MATERIALS
    assert world.groupby("material").size().eq(1).all()
    assert (world.year == 2024).all() and world.reserves_t.notna().all()


def test_no_reserves_for_gallium_and_germanium(res):
    """USGS gives no reserves for Ga and Ge: no rows (a gap), never zeros."""
    assert not res.material.isin(["Ga", "Ge"]).any()


def test_china_share_of_rare_earth_reserves_is_against_the_printed_total(res):
    """44 Mt of '>90 Mt': 48.9% at most (the world total is a lower bound)."""
    china, _ = _value(res, "REO", "CHN")
    world, q = _value(res, "REO", "XWL")
    assert q == "lower-bound"
    assert round(china / world * 100, 1) == 48.9


def test_australia_jorc_subset(res):
    aus = res[res.country == "AUS"].set_index("material")
    assert aus.loc["REO", "reserves_jorc_t"] == 3_300_000
    assert aus.loc["Li", "reserves_jorc_t"] == 4_800_000
    assert aus.loc["Cu", "reserves_jorc_t"] == 27_000_000
    assert (aus["reserves_jorc_t"] <= aus["reserves_t"]).all()
    assert res.loc[res.country != "AUS", "reserves_jorc_t"].isna().all()


def test_country_rows_never_exceed_their_world_total(res):
    world = res[res.country == "XWL"].set_index("material")["reserves_t"]
    countries = res[res.country != "XWL"].dropna(subset=["reserves_t"])
    assert (countries.reserves_t <= countries.material.map(world)).all()


def test_country_rows_sum_to_the_world_total_within_rounding(res):
    """Where the total is printed as a number, the rows (with XOT) sum to it within half a
    unit of its second significant digit; where it is a lower bound or some countries are
    only 'included in the world total', the rows may not exceed it by more than that."""
    for material, g in res.groupby("material"):
        world = g[g.country == "XWL"].iloc[0]
        rows = g[g.country != "XWL"]
        total = rows.reserves_t.sum()
        tol = 0.5 * 10 ** (math.floor(math.log10(world.reserves_t)) - 1)
        if world.qualifier == "" and not (rows.qualifier == "in-world-total").any():
            assert abs(total - world.reserves_t) <= tol, material
        elif world.qualifier == "":
            assert total <= world.reserves_t + tol, material


def test_qualifiers_are_consistent(res):
    """A lower bound or a plain row has a figure; not-available and in-world-total none."""
    assert set(res.qualifier) <= {"", "lower-bound", "not-available", "in-world-total"}
    has = res.reserves_t.notna()
    assert has[res.qualifier.isin(["", "lower-bound"])].all()
    assert not has[res.qualifier.isin(["not-available", "in-world-total"])].any()
    graphite = res[(res.material == "graphite") & (res.qualifier == "in-world-total")]
    assert set(graphite.country) == {"USA", "AUT", "DEU", "UKR"}


def test_every_row_cites_its_usgs_chapter():
    ds = load_dataset()
    src = ds.sources.set_index("source_id")
    for sid in set(ds.reserves.source_id):
        assert sid.startswith("usgs-mcs2025-"), sid
        assert "reserves.csv" in src.loc[sid, "note"]
        assert "footnote" in src.loc[sid, "accessed"]  # how the figures were read


def test_the_rule_catches_a_figure_that_contradicts_its_qualifier():
    raw = raw_table("reserves", [
        {"country": "XAA", "material": "Nd", "year": 2024, "reserves_t": 5,
         "qualifier": "not-available", "source_id": "toy"},
        {"country": "XBB", "material": "Nd", "year": 2024, "source_id": "toy"},
        {"country": "XCC", "material": "Nd", "year": 2024, "qualifier": "in-world-total",
         "source_id": "toy"}])
    problems: list = []
    check_reserves_qualifiers(raw, problems)
    assert [(p.row, p.rule) for p in problems] == [(2, "reserves_qualifier"),
                                                    (3, "reserves_qualifier")]
    tables = toy_tables()
    tables["reserves"] = [{"country": "XAA", "material": "Nd", "year": 2024,
                           "reserves_t": 0, "qualifier": "not-available", "source_id": "toy"}]
    with pytest.raises(Exception, match="reserves_qualifier"):
        make_dataset(tables)
