"""The mass balance (critmin data balance) on the sample dataset and on hand-made changes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from critmin.data import load_dataset
from critmin.data.balance import mass_balance


def _one(b, country, stage, material, year):
    hit = b[(b.country == country) & (b.stage == stage) & (b.material == material)
            & (b.year == year)]
    assert len(hit) == 1
    return hit.iloc[0]


def test_sample_japan_magnets(sample) -> None:
    """JPN NdFeB 2024 in the sample: production 10,000 t, exports 1,000 t (to USA),
    demand 2,600 + 3,400 + 2,700 = 8,700 t: residual 300 t, 3 % of supply."""
    r = _one(mass_balance(sample), "JPN", "magnet", "NdFeB", 2024)
    assert (r.production_t, r.imports_t, r.exports_t) == (10000, 0, 1000)
    assert r.consumption_t == pytest.approx(8700)
    assert r.residual_t == pytest.approx(300) and r.residual_share == pytest.approx(0.03)
    assert not r.flagged


def test_stock_change(sample_copy: Path) -> None:
    """A stockpile of JPN NdFeB that grows from 100 t (2023) to 400 t (2024) takes 300 t
    of the 2024 supply: residual 0."""
    st = sample_copy / "stockpiles.csv"
    old = pd.read_csv(st, dtype=str, keep_default_na=False)
    source = old.source_id.iloc[0]
    new = pd.DataFrame([{"country": "JPN", "holder": "test-holder", "stage": "magnet",
                         "material": "NdFeB", "as_of": as_of, "quantity_t": q,
                         "source_id": source} for as_of, q in (("2023-06", "100"),
                                                                ("2024-12", "400"))])
    pd.concat([old, new]).fillna("").to_csv(st, index=False)
    ds = load_dataset(sample_copy)
    r = _one(mass_balance(ds), "JPN", "magnet", "NdFeB", 2024)
    assert r.stock_change_t == pytest.approx(300) and r.residual_t == pytest.approx(0)


@pytest.mark.parametrize(("threshold", "flagged"), [(0.01, True), (0.05, False)])
def test_threshold(sample, threshold: float, flagged: bool) -> None:
    """The 3 % residual of JPN NdFeB 2024 is flagged above a 1 % threshold, not 5 %."""
    assert _one(mass_balance(sample, threshold=threshold), "JPN", "magnet", "NdFeB",
                2024).flagged == flagged


def test_more_out_than_in_is_flagged_without_stated_use(sample) -> None:
    b = mass_balance(sample)
    neg = b[(b.residual_t < 0) & ~b.consumption_stated & (b.supply_t > 0)]
    assert (neg.flagged == (neg.residual_share.abs() > 0.2)).all()
    ok = b[(b.residual_t >= 0) & ~b.consumption_stated]
    assert not ok.flagged.any()  # apparent consumption, not a mismatch
