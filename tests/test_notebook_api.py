"""Python API fit for notebooks (issue 15, Deliver 6): periods as pandas Periods, units
and sources attached to every table, canonical coalition labels, readable reprs and
to_excel() that round-trips."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from critmin.core.jsonio import dumps
from critmin.metrics._common import resolve_economy
from critmin.simulate import simulate


def test_periods_are_pandas_periods_months_or_years(toys, two_importers) -> None:
    ds = two_importers
    monthly = simulate(ds, toys.scenario(("2025-01", "2025-06", "month"), shocks=[toys.ban()]))
    yearly = simulate(ds, toys.scenario(("2025", "2026", "year"), shocks=[toys.ban()]))
    assert monthly.shortfall["period"].dtype == pd.PeriodDtype("M")
    assert yearly.shortfall["period"].dtype == pd.PeriodDtype("Y")
    assert list(monthly.period_index) == list(pd.period_range("2025-01", "2025-06", freq="M"))
    # arithmetic a notebook needs: the months after the first
    assert (monthly.shortfall["period"].max() - pd.Period("2025-01", "M")).n == 5
    # JSON keeps the labels
    assert json.loads(dumps(monthly.to_dict()))["shortfall"][0]["period"] == "2025-01"


def test_tables_carry_units_and_sources(toys, two_importers) -> None:
    ds = two_importers
    res = simulate(ds, toys.scenario(("2025", "2026", "year"), shocks=[toys.ban()]))
    units = res.shortfall.attrs["units"]
    assert units["shortfall_t"] == "t per period" and units["demand_t"] == "t per period"
    assert res.prices.attrs["units"]["usd_per_kg"] == "USD per kg of priced_as"
    sources = res.shortfall.attrs["sources"]
    assert sources and set(sources) <= ds.source_ids_used()


def test_to_excel_matches_the_json(toys, two_importers, tmp_path) -> None:
    ds = two_importers
    res = simulate(ds, toys.scenario(("2025-01", "2025-04", "month"), shocks=[toys.ban()]))
    path = res.to_excel(tmp_path / "run.xlsx")
    book = pd.read_excel(path, sheet_name=None)
    assert {"goods", "stocks cover", "shortfall", "prices"} <= set(book)
    rows = json.loads(dumps(res.to_dict()))["shortfall"]
    sheet = book["shortfall"]
    assert sheet["period"].astype(str).tolist() == [r["period"] for r in rows]
    assert sheet["shortfall_t"].tolist() == pytest.approx([r["shortfall_t"] for r in rows])
    good = book["goods"].iloc[0]
    assert good["shortfall_t"] == pytest.approx(res.summary["goods"][good["good"]]["shortfall_t"])


def test_repr_says_what_is_short(toys, two_importers) -> None:
    ds = two_importers
    res = simulate(ds, toys.scenario(("2025", "2025", "year"), shocks=[toys.ban()]))
    text = repr(res)
    assert text.startswith("<SimulationResult") and "separation/Dy" in text
    assert "DataFrame" not in text and len(text) < 300


def test_coalition_label_does_not_depend_on_order(sample) -> None:
    a = resolve_economy(sample, ["USA", "JPN"])
    b = resolve_economy(sample, ["JPN", "USA"])
    assert a.name == b.name == "JPN+USA"
    assert resolve_economy(sample, ["JPN"]).name == "JPN"
