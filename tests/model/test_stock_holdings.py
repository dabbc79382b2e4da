"""The model reads holdings only: rows of stockpiles.csv with a quantity or a release limit,
the latest dated row of each holder. Rows that state a cover, a target or planned
acquisitions are never read as 0-t stocks and never lift another holder's release limit."""

from __future__ import annotations

from critmin.model.gaps import stock_warnings
from critmin.model.network import build_network
from critmin.testing import make_dataset, toy_tables


def test_a_cover_only_row_does_not_lift_another_holders_limit():
    """Before, a blank limit summed to inf and lifted a known limit of the same good."""
    t = toy_tables()
    t["stockpiles"] = [
        {"country": "XAA", "holder": "agency", "stage": "metal", "material": "Nd",
         "quantity_t": 100, "max_release_t_per_year": 10, "source_id": "toy", "as_of": "2024"},
        {"country": "XAA", "holder": "carmakers", "stage": "metal", "material": "Nd",
         "cover_low": 2, "cover_high": 3, "cover_unit": "months", "source_id": "toy",
         "as_of": "2025-04"},
        {"country": "XAA", "holder": "agency", "stage": "metal", "material": "Nd",
         "quantity_t": 40, "source_id": "toy", "as_of": "2011"},
    ]
    net = build_network(make_dataset(t))
    row = net.stockpiles.iloc[0]
    assert len(net.stockpiles) == 1
    assert (row.quantity_t, row.max_release_t_per_year) == (100, 10)  # latest dated holding


def test_rows_with_only_cover_or_targets_hold_nothing():
    t = toy_tables()
    t["stockpiles"] = [
        {"country": "XBB", "holder": "agency", "holder_type": "state", "stage": "metal",
         "material": "Nd", "as_of": "2025-06", "cover_low": 68.5, "cover_high": 68.5,
         "cover_unit": "days", "target_days": 100, "source_id": "toy"},
        {"country": "XCC", "holder": "maker", "holder_type": "private", "stage": "magnet",
         "material": "NdFeB", "as_of": "2025-07", "cover_until": "2025-06", "source_id": "toy"},
    ]
    net = build_network(make_dataset(t))
    assert net.stockpiles.empty and net.stock_held == {}


def test_stocks_an_answer_depends_on_are_named_never_zero():
    """A shock to Nd metal with a stated cover (2-3 months) and no release: the answer says
    the stock is not drawn and what cover the data states. A release from a holder with no
    public quantity and no quantity_t counts 0 t, and says so."""
    t = toy_tables()
    t["stockpiles"] = [
        {"country": "XAA", "holder": "carmakers", "stage": "metal", "material": "Nd",
         "cover_low": 2, "cover_high": 3, "cover_unit": "months", "source_id": "toy",
         "as_of": "2025-04"},
        {"country": "XBB", "holder": "agency", "stage": "metal", "material": "Nd",
         "target_days": 60, "source_id": "toy", "as_of": "2020"}]
    net = build_network(make_dataset(t))
    w = stock_warnings(net, {("metal", "Nd")})
    assert len(w) == 1
    assert w[0].startswith("Nd (metal): stocks are not drawn in this run (")
    assert "XAA carmakers: 2-3 months (2025-04)" in w[0]
    assert "XBB agency: holdings not public" in w[0]
    w = stock_warnings(net, {("metal", "Nd")}, [("XBB", ("metal", "Nd"), False)])
    assert w == ["Nd (metal): XBB's stockpile has no public quantity, so its release counts "
                 "0 t; give the measure a quantity_t to test one"]
    assert stock_warnings(net, {("metal", "Nd")}, [("XBB", ("metal", "Nd"), True)]) == []
    w = stock_warnings(net, {("metal", "Nd")}, inventories={("metal", "Nd"): 76.0})
    assert w[0].startswith("Nd (metal): the scenario's private inventories are drawn (76 days "
                           "of use); no other stock is (")
