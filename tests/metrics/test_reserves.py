"""Reserve shares and concentration: against the published world total, bounds said."""

from __future__ import annotations

import math

import pytest

from critmin.metrics import MetricsError, reserve_concentration, reserve_shares
from critmin.testing import make_dataset, toy_tables


def _toy(world=None, world_q=""):
    t = toy_tables()
    t["countries"] += [{"country": "XOT", "name": "Other"}, {"country": "XWL", "name": "World"}]
    t["reserves"] = [
        {"country": "XAA", "material": "Nd", "year": 2024, "reserves_t": 50, "source_id": "toy"},
        {"country": "XBB", "material": "Nd", "year": 2024, "reserves_t": 30,
         "qualifier": "lower-bound", "source_id": "toy"},
        {"country": "XCC", "material": "Nd", "year": 2024, "qualifier": "in-world-total",
         "source_id": "toy"},
        {"country": "XOT", "material": "Nd", "year": 2024, "reserves_t": 10, "source_id": "toy"},
    ]
    if world is not None:
        t["reserves"].append({"country": "XWL", "material": "Nd", "year": 2024,
                              "reserves_t": world, "qualifier": world_q, "source_id": "toy"})
    return make_dataset(t)


def test_shares_use_the_published_world_total_never_added_to_the_rows():
    sh = reserve_shares(_toy(world=100)).set_index("country")
    assert "XWL" not in sh.index
    assert sh.loc["XAA", "share"] == 0.5 and sh.loc["XAA", "world_t"] == 100
    assert sh.loc["XBB", "share_bound"] == "lower"       # the country's figure is ">30"
    assert math.isnan(sh.loc["XCC", "share"])            # no figure: no share, not 0
    assert sh.loc["XOT", "share"] == 0.1 and sh["rank"].isna()["XOT"]
    assert list(sh["rank"].dropna()) == [1, 2]
    assert set(sh.world_basis) == {"published"}


def test_lower_bound_world_makes_shares_upper_bounds():
    sh = reserve_shares(_toy(world=100, world_q="lower-bound")).set_index("country")
    assert sh.loc["XAA", "share_bound"] == "upper"
    assert sh.loc["XBB", "share_bound"] == "unknown"


def test_without_a_published_total_the_rows_are_the_world():
    sh = reserve_shares(_toy()).set_index("country")
    assert sh.loc["XAA", "world_t"] == 90 and set(sh.world_basis) == {"rows"}


def test_concentration_lists_the_countries_without_a_figure():
    row = reserve_concentration(_toy(world=100)).iloc[0]
    assert row["hhi"] == pytest.approx(10_000 * (0.5**2 + 0.3**2))  # XOT is not a country
    assert row["top1_country"] == "XAA" and row["other_share"] == pytest.approx(0.1)
    assert row["in_world_total"] == "XCC" and row["hhi_bound"] == "lower"
    assert row["rows_t"] == 90 and row["world_t"] == 100


def test_reference_rare_earths(reference):
    """USGS MCS 2025: China 44 Mt of '>90 Mt' REO = 48.9% at most; Brazil second."""
    sh = reserve_shares(reference, "REO")
    top = sh.iloc[0]
    assert (top.country, round(top.share, 3), top.share_bound) == ("CHN", 0.489, "upper")
    assert sh.iloc[1].country == "BRA"
    row = reserve_concentration(reference, "REO").iloc[0]
    assert row["not_available"] == "MDG;MMR;MYS;NGA;XOT"
    assert row["hhi_bound"] == "upper" and row["world_qualifier"] == "lower-bound"


def test_reference_graphite_and_lithium(reference):
    c = reserve_concentration(reference, ["graphite", "Li"]).set_index("material")
    assert c.loc["graphite", "world_t"] == 290_000_000
    assert c.loc["graphite", "in_world_total"] == "AUT;DEU;UKR;USA"
    assert c.loc["Li", "top1_country"] == "CHL"
    assert c.loc["Li", "top1_share"] == pytest.approx(9_300_000 / 30_000_000)


def test_unknown_material_is_refused(reference):
    with pytest.raises(MetricsError, match="unknown material"):
        reserve_shares(reference, "Ga")


def test_a_dataset_without_reserves_gives_empty_tables(sample):
    assert reserve_shares(sample).empty and reserve_concentration(sample).empty
