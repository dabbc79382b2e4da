"""Shares against a published world total, as the publisher computes them."""

from __future__ import annotations

import pytest

from critmin.metrics import concentration
from critmin.testing import make_dataset, toy_tables


def test_published_total_is_the_denominator() -> None:
    """Rows XAA 60, XBB 30 and a rest-of-world 12 sum to 102 t, but the publisher prints a
    rounded world total of 100 t. Its arithmetic: XAA 60/100 = 0.60, XBB 0.30, HHI =
    10⁴ (0.6² + 0.3²) = 4,500 (named countries only); the rest of world is 0.12."""
    t = toy_tables()
    t["countries"].append({"country": "XOT", "name": "Other countries", "groups": ""})
    t["capacity"] = [
        {"country": c, "stage": "mining", "material": "Nd", "year": 2024, "production_t": q,
         "source_id": "toy"} for c, q in (("XAA", 60), ("XBB", 30), ("XOT", 12))]
    t["recipes"], t["trade"], t["demand"] = [], [], []
    rows_only = concentration(make_dataset(t)).iloc[0]
    assert rows_only["world_basis"] == "rows"
    assert rows_only["top1_share"] == pytest.approx(60 / 102)
    t["world_totals"] = [{"material": "Nd", "stage": "mining", "year": 2024,
                          "production_t": 100, "source_id": "toy"}]
    row = concentration(make_dataset(t)).iloc[0]
    assert row["world_basis"] == "published"
    assert (row["world_t"], row["rows_t"]) == (100, 102)
    assert row["top1_share"] == pytest.approx(0.60)
    assert row["hhi"] == pytest.approx(4500)
    assert row["other_share"] == pytest.approx(0.12)
