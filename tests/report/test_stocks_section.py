"""The assessment's stocks section: NdFeB in use and each member's secondary supply."""

from __future__ import annotations

import pytest

from critmin import load_dataset
from critmin.app.assess import assess
from critmin.data import bundled_path
from critmin.report.assessment import write_report

pytestmark = pytest.mark.slow


def test_stock_build_up_and_secondary_supply_per_member(tmp_path) -> None:
    ds = load_dataset()
    res = assess(ds, scenarios=False, portfolio=False, runs=0)
    s = res.tables["stocks"].set_index(["region", "year"])
    assert s.loc[("XWL", 2024), "stock_t"] == pytest.approx(2.42e6, rel=0.01)
    for member in ("USA", "JPN"):
        row = s.loc[(member, 2030)]
        assert 0 < row["recycled_t"] <= row["recyclable_t"] < row["outflow_t"] < row["stock_t"]
    assert s.loc[("USA", 2050), "stock_t"] > s.loc[("USA", 2024), "stock_t"]
    assert any("no sourced collection rate" in w for w in res.warnings)
    page = (write_report(res, ds, tmp_path) / "report.html").read_text(encoding="utf-8")
    assert "NdFeB magnets in use and at end of life (stocks MFA)" in page
    assert "stocks-chart" in page


def test_a_dataset_without_the_mfa_tables_gets_a_note() -> None:
    res = assess(load_dataset(bundled_path("sample")), scenarios=False, portfolio=False, runs=0)
    assert "stocks" not in res.tables
    assert "lifetimes.csv" in res.notes["stocks"]
