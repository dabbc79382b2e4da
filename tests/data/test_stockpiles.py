"""stockpiles.csv: dated state stockpiles and private inventories, as public sources state them.

What is public is mostly cover (days, weeks or months) and targets, rarely tonnes: a
blank quantity must stay blank (unknown), never become a 0-t stock.
"""

from __future__ import annotations

import pandas as pd
import pytest

from critmin import load_dataset
from critmin.data.checks import check_cover
from critmin.model.network import build_network, stock_holdings
from critmin.testing import raw_table


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


@pytest.fixture(scope="module")
def st(ds) -> pd.DataFrame:
    return ds.stockpiles


def _row(st: pd.DataFrame, country: str, holder: str, material: str, as_of: str) -> pd.Series:
    r = st[(st.country == country) & (st.holder == holder) & (st.material == material)
           & (st.as_of == as_of)]
    assert len(r) == 1, (country, holder, material, as_of)
    return r.iloc[0]


def test_every_row_is_typed_dated_and_sourced(ds, st):
    assert set(st.holder_type) == {"state", "private"}
    assert (st.as_of != "").all()
    assert set(st.source_id) <= set(ds.sources.source_id)
    assert not st.duplicated(["country", "holder", "stage", "material", "as_of"]).any()


def test_cover_ranges_are_consistent(st):
    """low <= high, a unit wherever a cover is given; an open range keeps its low end."""
    lo, hi = st.cover_low, st.cover_high
    both = lo.notna() & hi.notna()
    assert (lo[both] <= hi[both]).all()
    assert (st.loc[lo.notna() | hi.notna(), "cover_unit"] != "").all()
    assert (st.loc[lo.isna() & hi.isna(), "cover_unit"] == "").all()
    t = st.dropna(subset=["target_days", "target_days_max"])
    assert (t.target_days <= t.target_days_max).all()


def test_japan_target_range_and_secret_holdings(st):
    jp = _row(st, "JPN", "JOGMEC", "REO", "2020-03")
    assert (jp.target_days, jp.target_days_max) == (60, 180)
    assert pd.isna(jp.quantity_t)


def test_korea_state_stockpile_cover_and_targets(st):
    """KOMIR rare metals: 54 days (Dec 2022, target 100), 42 (2023), 52 (May 2024), 68.5
    (June 2025); PPS non-ferrous 50 days (target 60), lithium 12.3 days (Sept 2022, target
    55); magnet rare earths target 180 days;
    Dy and Y over six months (April 2025); Nd about 180 days of carmakers' use (May 2024)."""
    basket = st[(st.country == "KOR") & (st.holder == "KOMIR") & (st.material == "basket")]
    cover = dict(zip(basket.as_of, basket.cover_low, strict=True))
    assert cover == {"2022-12": 54, "2023": 42, "2024-05": 52, "2025-06": 68.5}
    assert (basket.cover_low == basket.cover_high).all()
    assert _row(st, "KOR", "KOMIR", "basket", "2023").target_days == 100
    pps = _row(st, "KOR", "PPS", "basket", "2022-12")
    assert (pps.cover_low, pps.target_days) == (50, 60)
    assert _row(st, "KOR", "KOMIR", "REO", "2026-01").target_days == 180
    for el in ("Dy", "Y"):
        r = _row(st, "KOR", "KOMIR", el, "2025-04-07")
        assert (r.cover_low, r.cover_unit) == (6, "months") and pd.isna(r.cover_high)
    li = _row(st, "KOR", "PPS", "Li", "2022-09")
    assert (li.cover_low, li.target_days) == (12.3, 55)
    nd = _row(st, "KOR", "KOMIR", "Nd", "2024-05-02")
    assert (nd.cover_low, nd.cover_high, nd.cover_unit) == (180, 180, "days")
    assert st.loc[st.country == "KOR", "quantity_t"].isna().all()


def test_private_magnet_inventories(st):
    priv = st[st.holder_type == "private"]
    assert set(priv.material) == {"NdFeB"} and set(priv.stage) == {"magnet"}
    clepa = _row(st, "XEU", "automotive suppliers (CLEPA members)", "NdFeB", "2025-06-04")
    assert (clepa.cover_low, clepa.cover_high, clepa.cover_unit) == (3, 4, "weeks")
    india = _row(st, "IND", "EV makers (OEMs)", "NdFeB", "2025-06")
    assert (india.cover_low, india.cover_high, india.cover_unit) == (6, 8, "weeks")
    trader = _row(st, "XWL", "carmakers and their suppliers (trader's estimate)", "NdFeB",
                  "2025-04")
    assert (trader.cover_low, trader.cover_high, trader.cover_unit) == (2, 3, "months")
    assert _row(st, "IND", "Bajaj Auto", "NdFeB", "2025-07").cover_until == "2025-06"
    assert priv.quantity_t.isna().all()  # no company publishes tonnes


def test_nds_rows_kept(st):
    nds = st[st.holder == "DLA (NDS)"].set_index("material")
    assert nds.loc["La", "potential_acquisition_fy2024_t"] == 1_300
    assert nds.loc["Ge", "max_release_t_per_year"] == 5
    assert (nds.holder_type == "state").all()


def test_rows_without_holdings_are_not_stocks(ds):
    """Cover-only, target-only and acquisition-plan rows never become 0-t stocks: the model
    reads only rows with a quantity or a release limit."""
    net = build_network(ds)
    assert net.stock_held == {("USA", ("refining", "Ge")): 0.0,
                              ("USA", ("refining", "Ni")): 9_700.0}
    held = stock_holdings(ds.stockpiles)
    assert set(zip(held.country, held.material, strict=True)) == {("USA", "Ge"), ("USA", "Ni")}


def test_the_rule_catches_bad_ranges():
    raw = raw_table("stockpiles", [
        {"country": "XAA", "holder": "a", "stage": "metal", "material": "Nd", "cover_low": 8,
         "cover_high": 6, "cover_unit": "weeks", "source_id": "toy"},
        {"country": "XAA", "holder": "b", "stage": "metal", "material": "Nd", "cover_low": 2,
         "source_id": "toy"},
        {"country": "XAA", "holder": "c", "stage": "metal", "material": "Nd",
         "target_days": 180, "target_days_max": 60, "source_id": "toy"}])
    problems: list = []
    check_cover(raw, problems)
    assert [(p.row, p.column, p.rule) for p in problems] == [
        (2, "cover_high", "cover_range"), (3, "cover_unit", "cover_range"),
        (4, "target_days_max", "cover_range")]
