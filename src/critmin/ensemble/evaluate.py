"""What one future yields: the coalition's demand and shortfall per good (stage/material)
and sector, never added across goods; the largest share of a good's demand left short;
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
    a :class:`~critmin.simulate.result.LightResult`); return its run row (``goods_short``,
    ``worst_share``, ``months_of_cover``) and its shortfall rows (coalition, by good ×
    sector: ``stage, material, sector, demand_t, shortfall_t``)."""
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
    dem = result.demand_t
    by: dict[tuple[str, str, str], list[float]] = {}
    goods: dict[tuple[str, str], list[float]] = {}
    for (_k, sector, stage, material), d, v in zip(
            (k for k, m in zip(result.demands, mine, strict=True) if m),
            dem[:, mine].sum(axis=0).tolist(), short[:, mine].sum(axis=0).tolist(),
            strict=True):
        acc = by.setdefault((stage, material, sector), [0.0, 0.0])
        acc[0] += d
        acc[1] += v
        tot = goods.setdefault((stage, material), [0.0, 0.0])
        tot[0] += d
        tot[1] += v
    shares = [v / d for d, v in goods.values() if d > TOL]
    run = {  # tonnes stay per good (the rows); a run's scalars are shares and counts
        "goods_short": sum(1 for _d, v in goods.values() if v > TOL),
        "worst_share": max(shares, default=0.0),
        "months_of_cover": months_of_cover(release, result.stocks["closing"][:, held], mpp),
    }
    rows = [{"stage": st, "material": m, "sector": sec, "demand_t": d, "shortfall_t": v}
            for (st, m, sec), (d, v) in sorted(by.items())]
    return run, rows
