"""Equivalent inputs give identical yearly totals whether the horizon runs in months or
years, when the shock spans whole years."""

from __future__ import annotations

import pytest

from critmin.simulate import simulate


def chain(toys):
    """Two importers of Dy oxide (defense XCC, ev XDD), a magnet maker XBB using Dy metal made
    by XEE from XAA's oxide, spare oxide capacity in XBB, and a 50 t stockpile in XCC that
    may release 20 t/yr (so it lasts both years: a stock that ran out mid-year would make
    the monthly path differ from the yearly average, as it should)."""
    return toys.toy_dataset(
        capacity=[("XAA", "separation", "Dy", 100, 100), ("XBB", "separation", "Dy", 20, 0),
                  ("XEE", "metal", "Dy", 10, 5), ("XBB", "magnet", "NdFeB", 100, 100)],
        trade=[("XAA", "XCC", "separation", "Dy", 40), ("XAA", "XDD", "separation", "Dy", 40),
               ("XAA", "XEE", "separation", "Dy", 5), ("XEE", "XBB", "metal", "Dy", 5),
               ("XBB", "XCC", "magnet", "NdFeB", 100)],
        demand=[("XCC", "defense", "separation", "Dy", 40),
                ("XDD", "ev", "separation", "Dy", 40),
                ("XCC", "ev", "magnet", "NdFeB", 100)],
        recipes=[("metal", "Dy", "separation", "Dy", 1.0),
                 ("magnet", "NdFeB", "metal", "Dy", 0.05)],
        stockpiles=[("XCC", "separation", "Dy", 50, 20)])


@pytest.mark.parametrize("allocation", ["market", "contracts"])
def test_monthly_and_yearly_runs_agree(toys, allocation: str) -> None:
    """A ban at severity 0.7 over all of 2025 and 2026, with a stockpile release: the 24
    monthly periods summed per year equal the 2 yearly periods, for shortfall by country,
    sector and material, for production, and for the stock level at each year's end."""
    common = {"priorities": {"defense": 10, "ev": 3}, "allocation": allocation,
              "shocks": [toys.ban(severity=0.7, start="2025", end="2026")],
              "measures": [{"type": "stockpile_release", "country": "XCC",
                            "material": "Dy", "stage": "separation"}]}
    ds = chain(toys)
    yearly = simulate(ds, toys.scenario(("2025", "2026", "year"), **common))
    monthly = simulate(ds, toys.scenario(("2025-01", "2026-12", "month"), **common))
    assert yearly.summary["goods_short"]  # the shock bites

    def per_year(df, keys, col):
        d = df.assign(year=df["period"].dt.year)  # pandas Periods, month or year
        return d.groupby([*keys, "year"])[col].sum().round(6).to_dict()

    keys = ["country", "sector", "material"]
    assert per_year(monthly.shortfall, keys, "shortfall_t") == \
        per_year(yearly.shortfall, keys, "shortfall_t")
    assert per_year(monthly.production, ["country", "stage"], "production_t") == \
        per_year(yearly.production, ["country", "stage"], "production_t")
    dec = monthly.stocks[monthly.stocks["period"].dt.month == 12]  # pandas Periods
    assert dec["closing_t"].round(6).tolist() == yearly.stocks["closing_t"].round(6).tolist()
