"""What one future yields: the coalition's shortfall by material and sector, its total,
and how long the coalition's stockpiles lasted."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from critmin.data import Dataset
from critmin.scenarios import Scenario
from critmin.scenarios.uncertainty import Uncertainty

TOL = 1e-6

Simulator = Callable[[Dataset, Scenario, Uncertainty, Mapping[str, float]], Any]


def months_of_cover(release: np.ndarray, closing: np.ndarray, months_per_period: float) -> float:
    """Shortest time (months) a drawn stockpile lasted.

    ``release`` and ``closing`` are periods × stockpiles. For each stockpile with a
    release: months from the first period with a release to the end of the period in which
    it ran out (closing stock ≤ TOL); a stockpile that never ran out counts until the
    horizon's end (censored). NaN if none was drawn.
    """
    covers = []
    for j in range(release.shape[1] if release.ndim == 2 else 0):
        released = np.flatnonzero(release[:, j] > TOL)
        if released.size == 0:
            continue
        first = released[0]
        empty = np.flatnonzero(closing[first:, j] <= TOL)
        last = first + (empty[0] if empty.size else release.shape[0] - 1 - first)
        covers.append((last - first + 1) * months_per_period)
    return float(min(covers)) if covers else float("nan")


def evaluate(ds: Dataset, scenario: Scenario, spec: Uncertainty, values: Mapping[str, float],
             simulator: Simulator) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Simulate one draw (``simulator(ds, scenario, spec, values)`` applies it and returns
    a :class:`~critmin.simulate.result.LightResult`); return its run row and its shortfall
    rows (coalition, by material × sector)."""
    result = simulator(ds, scenario, spec, values)
    members = ds.resolve_countries(scenario.coalition)
    mine = result.demands.mask(country=members)
    held = result.stock_nodes.mask(country=members)
    if result.private.size:  # stockpiles only: private inventories are not released by policy
        held = held & ~result.private
    periods = scenario.periods()
    mpp = periods[0].months if periods else 1.0
    short = result.shortfall_t
    release = result.stocks["release"][:, held]
    run = {
        "coalition_demand_t": float(result.demand_t[:, mine].sum()),
        "coalition_shortfall_t": float(short[:, mine].sum()),
        "world_shortfall_t": float(short.sum()),
        "months_of_cover": months_of_cover(release, result.stocks["closing"][:, held], mpp),
        "stock_released_t": float(release.sum()),
    }
    by: dict[tuple[str, str], float] = {}
    for (_k, sector, _stage, material), v in zip(
            (k for k, m in zip(result.demands, mine, strict=True) if m),
            short[:, mine].sum(axis=0).tolist(), strict=True):
        by[(material, sector)] = by.get((material, sector), 0.0) + v
    rows = [{"material": m, "sector": sec, "shortfall_t": v} for (m, sec), v in sorted(by.items())]
    return run, rows
