"""Concentration: hand-computed shares and HHI, rest-of-world handling, USGS MCS 2025."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from critmin.data import bundled_path, load_dataset
from critmin.metrics import MetricsError, concentration, country_shares
from critmin.testing import make_dataset, toy_tables

# USGS Mineral Commodity Summaries 2025, Rare earths, world mine production 2024e (t REO)
MCS2025_REE_2024 = {"CHN": 270_000, "USA": 45_000, "MMR": 31_000, "AUS": 13_000,
                    "NGA": 13_000, "THA": 13_000, "IND": 2_900, "RUS": 2_500, "MDG": 2_000,
                    "VNM": 300, "MYS": 130, "BRA": 20}
MCS2025_REE_WORLD_2024 = 390_000


def _usgs_hhi() -> float:
    """USGS arithmetic: shares of named countries over the published (rounded) world total."""
    return sum((q / MCS2025_REE_WORLD_2024 * 100) ** 2 for q in MCS2025_REE_2024.values())


def _market(rows: dict[str, float | None], wgi: dict[str, float | None] | None = None):
    tables = toy_tables()
    wgi = wgi or {}
    codes = sorted(rows)
    tables["countries"] = [{"country": c, "name": c, "wgi_scaled": wgi.get(c),
                            "groups": "G1" if c in ("XAA", "XBB") else ""} for c in codes]
    tables["capacity"] = [{"country": c, "stage": "mining", "material": "Nd", "year": 2024,
                           "capacity_t": None, "production_t": q, "source_id": "toy"}
                          for c, q in rows.items()]
    tables["trade"], tables["demand"], tables["recipes"] = [], [], []
    return make_dataset(tables)


def test_hand_computed_shares_hhi_and_rest_of_world() -> None:
    """XAA 50, XBB 30, XCC 20 and 'other countries' (XOT) 25 t: world = 125 t (XOT
    counts in the total); shares 0.4/0.24/0.16, other_share 0.2; HHI over named
    countries = 1,600 + 576 + 256 = 2,432; top-3 = 0.8; HHI_WGI with WGI 5/2/1 =
    0.16·5 + 0.0576·2 + 0.0256·1 = 0.9408; G1 (XAA, XBB) holds 0.64."""
    ds = _market({"XAA": 50, "XBB": 30, "XCC": 20, "XOT": 25},
                 {"XAA": 5.0, "XBB": 2.0, "XCC": 1.0})
    row = concentration(ds, group="G1").iloc[0]
    assert row["world_t"] == pytest.approx(125.0)
    assert row["top1_country"] == "XAA"
    assert row["top1_share"] == pytest.approx(0.4)
    assert row["top2_country"] == "XBB"
    assert row["top3_share"] == pytest.approx(0.8)
    assert row["other_share"] == pytest.approx(0.2)
    assert row["hhi"] == pytest.approx(2432.0)
    assert row["hhi_wgi"] == pytest.approx(0.9408)
    assert row["group_share"] == pytest.approx(0.64)
    assert row["n_countries"] == 3
    out = concentration(ds, group="G1", outside=True).iloc[0]
    assert out["group_share"] == pytest.approx(0.36)
    assert out["group"] == "outside G1"


def test_blank_production_is_reported_not_filled() -> None:
    """A producer with blank production_t is left out of every number and named in
    missing_production; a producer without WGI is named in missing_wgi."""
    ds = _market({"XAA": 60, "XBB": None, "XCC": 40}, {"XAA": 4.0})
    row = concentration(ds).iloc[0]
    assert row["world_t"] == pytest.approx(100.0)
    assert row["hhi"] == pytest.approx(3600 + 1600)
    assert row["missing_production"] == "XBB"
    assert row["missing_wgi"] == "XCC"
    assert row["hhi_wgi"] == pytest.approx(0.36 * 4.0)


def test_only_blank_production_gives_nan_not_zero() -> None:
    """With every production blank the row exists but its numbers are NaN."""
    ds = _market({"XAA": None})
    row = concentration(ds).iloc[0]
    assert math.isnan(row["hhi"])
    assert math.isnan(row["world_t"])
    assert row["missing_production"] == "XAA"


def test_usgs_mcs2025_rare_earth_mining_known_answer() -> None:
    """USGS MCS 2025: world mine production 2024 = 390,000 t REO, China 270,000 t =
    69.2%, top-3 (China, US, Burma) = 88.7%. With the named producers of MCS 2025 and
    the rest of the world as XOT = 390,000 − Σ named (so the total is the published
    one) our share and top-3 equal the USGS arithmetic, and HHI the sum of squared
    percentage shares of the named countries."""
    named = {"CHN": 270_000, "USA": 45_000, "MMR": 31_000, "AUS": 13_000, "MYS": 130}
    rows = {**named, "XOT": MCS2025_REE_WORLD_2024 - sum(named.values())}
    tables = toy_tables()
    tables["countries"] = [{"country": c, "name": c, "wgi_scaled": 5.0} for c in rows]
    tables["capacity"] = [{"country": c, "stage": "mining", "material": "Nd", "year": 2024,
                           "production_t": q, "source_id": "toy"} for c, q in rows.items()]
    tables["trade"], tables["demand"], tables["recipes"] = [], [], []
    row = concentration(make_dataset(tables)).iloc[0]
    assert row["world_t"] == MCS2025_REE_WORLD_2024
    assert round(row["top1_share"] * 100, 1) == 69.2
    assert round(row["top3_share"] * 100, 1) == 88.7
    expected = sum((q / 390_000 * 100) ** 2 for q in named.values())
    assert row["hhi"] == pytest.approx(expected)
    assert row["hhi"] == pytest.approx(5000.33, abs=0.01)


def test_sample_dataset_matches_usgs(sample) -> None:
    """The bundled sample dataset reproduces MCS 2025: China 69.2% of 390,000 t REO."""
    row = concentration(sample, materials="REO", stages="mining", years=2024).iloc[0]
    assert row["world_t"] == pytest.approx(390_000)
    assert row["top1_country"] == "CHN"
    assert round(row["top1_share"], 3) == 0.692


def test_reference_dataset_matches_usgs_mcs2026() -> None:
    """On the bundled reference dataset (2024 rare earths as revised by MCS 2026), China's
    2024 share of rare-earth mining and the HHI follow the USGS arithmetic exactly: divide
    by the rounded world total (380,000 t, stored in world_totals.csv; the rows listed sum
    to 384,000 t): China 270,000 / 380,000 = 71.1%, HHI = Σ (100·q/380,000)² over the
    named producers ('Other' is not a producer)."""
    ds = load_dataset(bundled_path("reference"))
    conc = concentration(ds, stages="mining", years=2024)
    conc = conc.loc[conc["material"] == "REO"]
    assert len(conc) == 1, "reference dataset needs mining REO rows for 2024"
    row = conc.iloc[0]
    assert row["top1_country"] == "CHN"
    assert row["world_basis"] == "published"
    assert row["top1_share"] == pytest.approx(270_000 / 380_000, rel=1e-12)
    assert round(row["top1_share"], 3) == 0.711
    mcs2026 = {"USA": 45_500, "AUS": 29_000, "BRA": 560, "MMR": 27_000, "CHN": 270_000,
               "IND": 2_900, "MDG": 1_400, "MYS": 140, "NGA": 1_500, "RUS": 2_600,
               "THA": 2_100, "VNM": 300}
    expected = sum((q / 380_000 * 100) ** 2 for q in mcs2026.values())
    assert row["hhi"] == pytest.approx(expected, rel=1e-9)
    shares = country_shares(ds, "REO", "mining", 2024).set_index("country")
    assert shares.loc["CHN", "production_t"] == pytest.approx(270_000)
    assert shares.loc["CHN", "share"] == pytest.approx(row["top1_share"])


def test_country_shares_rank_named_countries(sample) -> None:
    """Shares sum to 1 and rank 1 is China; the rest-of-world row has no rank."""
    s = country_shares(sample, "REO", "mining", 2024)
    assert s["share"].sum() == pytest.approx(1.0)
    assert s.iloc[0]["country"] == "CHN"
    assert s.iloc[0]["rank"] == 1
    assert pd.isna(s.set_index("country").loc["XOT", "rank"])


def test_unknown_material_is_a_clear_error(sample) -> None:
    with pytest.raises(MetricsError, match="unknown material 'Xx'"):
        concentration(sample, materials="Xx")
