"""CRMA 2030 benchmarks as a coalition scorecard."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from critmin.metrics import crma_scorecard
from critmin.testing import make_dataset, toy_tables


def _card(df):
    return df.set_index(["material", "stage", "benchmark"])


def test_toy_scorecard_for_xcc() -> None:
    """XCC gets all 60 t of its magnets from XBB: single third country = 1.0 > 0.65
    (fails); traced, the metal in them is 100% XAA (also fails)."""
    ds = make_dataset(toy_tables())
    card = _card(crma_scorecard(ds, "XCC"))
    row = card.loc[("NdFeB", "magnet", "single_third_country")]
    assert row["value"] == pytest.approx(1.0)
    assert row["detail"] == "XBB"
    assert not row["meets"]
    traced = card.loc[("NdFeB", "magnet", "single_third_country_traced")]
    assert traced["detail"] == "XAA at metal"


def test_extraction_processing_and_missing_recycling() -> None:
    """Coalition XAA+XBB, toy: mining capacity 100 + 30 = 130 t vs apparent consumption
    (80 + 20 produced, no outside trade) 100 t → 1.3 ≥ 0.10. Metal (order 2): capacity
    90 vs consumption 90 → 1.0 ≥ 0.40. Recycling has no data: NaN, meets <NA>,
    missing 'recycling_t'; with recycling_t = 18 t → 0.2 < 0.25."""
    ds = make_dataset(toy_tables())
    card = _card(crma_scorecard(ds, ["XAA", "XBB"]))
    assert card.loc[("Nd", "mining", "extraction"), "value"] == pytest.approx(1.3)
    assert card.loc[("Nd", "metal", "processing"), "value"] == pytest.approx(1.0)
    rec = card.loc[("Nd", "metal", "recycling")]
    assert math.isnan(rec["value"])
    assert pd.isna(rec["meets"])
    assert rec["missing_inputs"] == "recycling_t"
    inputs = pd.DataFrame({"material": ["Nd"], "stage": ["metal"], "recycling_t": [18.0]})
    rec = _card(crma_scorecard(ds, ["XAA", "XBB"], inputs=inputs)).loc[
        ("Nd", "metal", "recycling")]
    assert rec["value"] == pytest.approx(0.2)
    assert not rec["meets"]


def test_sample_scorecard_flags_dysprosium(sample) -> None:
    """On the sample, US+Japan take all separated Dy from China: 1.0 > 0.65."""
    card = _card(crma_scorecard(sample, ["USA", "JPN"]))
    row = card.loc[("Dy", "separation", "single_third_country")]
    assert row["detail"] == "CHN"
    assert row["value"] == pytest.approx(1.0)
