"""What one future yields: the coalition's shortfall by material and sector, its total,
and how long the coalition's stockpiles lasted."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from critmin.data import Dataset
from critmin.ensemble.apply import apply_draw
from critmin.scenarios import Scenario
from critmin.scenarios.uncertainty import Uncertainty

TOL = 1e-6

Simulator = Callable[[Dataset, Scenario], Any]


def months_of_cover(stocks: pd.DataFrame, members: list[str], months_per_period: float) -> float:
    """Shortest time (months) a drawn coalition stockpile lasted.

    For each coalition stockpile with a release: months from the first period with a
    release to the end of the period in which it ran out (closing stock ≤ TOL); a stockpile
    that never ran out counts until the horizon's end (censored). NaN if none was drawn.
    """
    if stocks.empty:
        return float("nan")
    s = stocks[stocks["country"].isin(members)]
    covers = []
    for _, g in s.groupby(["country", "stage", "material"], sort=False):
        g = g.reset_index(drop=True)
        released = np.flatnonzero(g["release_t"].to_numpy() > TOL)
        if released.size == 0:
            continue
        first = released[0]
        empty = np.flatnonzero(g["closing_t"].to_numpy()[first:] <= TOL)
        last = first + (empty[0] if empty.size else len(g) - 1 - first)
        covers.append((last - first + 1) * months_per_period)
    return float(min(covers)) if covers else float("nan")


def evaluate(ds: Dataset, scenario: Scenario, spec: Uncertainty, values: Mapping[str, float],
             simulator: Simulator) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Simulate one draw; return its run row and its shortfall rows (material × sector)."""
    ds_i, sc_i = apply_draw(ds, scenario, spec, values)
    result = simulator(ds_i, sc_i)
    members = ds.resolve_countries(scenario.coalition)
    sf = result.shortfall
    mine = sf[sf["country"].isin(members)]
    periods = scenario.periods()
    mpp = periods[0].months if periods else 1.0
    run = {
        "coalition_demand_t": float(mine["demand_t"].sum()),
        "coalition_shortfall_t": float(mine["shortfall_t"].sum()),
        "world_shortfall_t": float(sf["shortfall_t"].sum()),
        "months_of_cover": months_of_cover(result.stocks, members, mpp),
        "stock_released_t": float(result.stocks.loc[result.stocks["country"].isin(members),
                                                    "release_t"].sum())
        if not result.stocks.empty else 0.0,
    }
    by = (mine.groupby(["material", "sector"], as_index=False)["shortfall_t"].sum()
          if not mine.empty else pd.DataFrame(columns=["material", "sector", "shortfall_t"]))
    rows = [{"material": r.material, "sector": r.sector, "shortfall_t": float(r.shortfall_t)}
            for r in by.itertuples(index=False)]
    return run, rows
