"""The numbers of a period as numpy vectors aligned to a run's fixed key lists.

A :class:`Layout` fixes, once per :class:`~critmin.simulate.build.Structure`, the order of
every keyed quantity (producers, trade pairs, demands, stock nodes). A period's numbers
(:class:`PeriodVectors`) are then plain arrays in that order, computed with a few numpy
operations instead of one dictionary entry at a time; :meth:`PeriodVectors.period_data`
turns them into the keyed :class:`~critmin.simulate.build.PeriodData` that
:func:`~critmin.simulate.build.build_lp` reads, so both the rebuild and the re-solve paths
start from the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from critmin.model.network import Good
from critmin.simulate.build import PeriodData, Structure

INF = float("inf")


@dataclass(frozen=True)
class Layout:
    """Fixed order of the keyed quantities of a structure.

    Attributes
    ----------
    prod_keys : (country, good) of every producer.
    flow_keys : (exporter, importer, good) of every allowed trade pair.
    demand_keys : (country, sector, good) of every demand.
    stock_nodes : (country, good) of every tracked stockpile.
    release_nodes, build_nodes : the stock nodes with a release / a purchase measure,
        in ``stock_nodes`` order.
    recycle_nodes : (country, good) with recycling measures.
    """

    prod_keys: tuple[tuple[str, Good], ...]
    flow_keys: tuple[tuple[str, str, Good], ...]
    demand_keys: tuple[tuple[str, str, Good], ...]
    stock_nodes: tuple[tuple[str, Good], ...]
    release_nodes: tuple[tuple[str, Good], ...]
    build_nodes: tuple[tuple[str, Good], ...]
    recycle_nodes: tuple[tuple[str, Good], ...] = ()

    @classmethod
    def of(cls, s: Structure) -> Layout:
        return cls(
            prod_keys=tuple((k, g) for g in s.goods for k in s.producers.get(g, ())),
            flow_keys=tuple((e, i, g) for g in s.goods for e, i in s.flow_pairs.get(g, ())),
            demand_keys=tuple(s.demand_keys), stock_nodes=tuple(s.stock_nodes),
            release_nodes=tuple(n for n in s.stock_nodes if n in s.release_nodes),
            build_nodes=tuple(n for n in s.stock_nodes if n in s.build_nodes),
            recycle_nodes=tuple(sorted(s.recycle_nodes)))

    def align(self, keys: tuple, values: dict, default: float = 0.0) -> np.ndarray:
        """``values`` (a dict keyed like ``keys``) as an array in ``keys`` order."""
        return np.array([values.get(k, default) for k in keys], dtype=float)


@dataclass
class PeriodVectors:
    """The numbers of one period (t per period), aligned to a :class:`Layout`.

    ``cap`` and ``co_cap`` are ``inf`` where no export control applies.
    ``build_weight`` is the weight per tonne not bought of each build node.
    """

    prod_ub: np.ndarray
    demand: np.ndarray
    trade: np.ndarray
    cap: np.ndarray
    co_cap: np.ndarray
    release_ub: np.ndarray
    build_target: np.ndarray
    build_weight: np.ndarray
    recycle_ub: np.ndarray

    def period_data(self, layout: Layout, priority: dict[str, float],
                    allocation: str) -> PeriodData:
        """The same numbers keyed as :func:`~critmin.simulate.build.build_lp` reads them."""
        fk = layout.flow_keys
        return PeriodData(
            production_ub=dict(zip(layout.prod_keys, self.prod_ub.tolist(), strict=True)),
            demand=dict(zip(layout.demand_keys, self.demand.tolist(), strict=True)),
            priority=priority,
            trade={k: v for k, v in zip(fk, self.trade.tolist(), strict=True) if v != 0.0},
            caps={fk[j]: float(self.cap[j]) for j in np.flatnonzero(np.isfinite(self.cap))},
            co_caps={fk[j]: float(self.co_cap[j])
                     for j in np.flatnonzero(np.isfinite(self.co_cap))},
            release_ub=dict(zip(layout.release_nodes, self.release_ub.tolist(), strict=True)),
            recycle_ub=dict(zip(layout.recycle_nodes, self.recycle_ub.tolist(), strict=True)),
            build={n: (float(t), float(w)) for n, t, w in zip(
                layout.build_nodes, self.build_target, self.build_weight, strict=True)},
            allocation=allocation)


def ramp_mean(cap: np.ndarray, level0: np.ndarray, rate: float | None, t0: np.ndarray,
              t_on: np.ndarray, a: float, b: float) -> np.ndarray:
    """Mean over the months ``[a, b)`` of the available capacity (t/yr).

    Capacity is 0 before ``t_on`` and ``min(cap, level0 + rate·cap·max(0, t − t0)/12)``
    from then on (``t_on ≤ t0``): output starts at ``level0`` and grows by ``rate`` of the
    capacity per year from month ``t0``. ``rate=None`` means no ramp limit (``cap`` from
    ``t_on``). Exact: the integral of a piecewise-linear function, in closed form.
    """
    cap, level0, t0, t_on = np.broadcast_arrays(*(np.asarray(x, float)
                                                 for x in (cap, level0, t0, t_on)))
    lo, hi = np.maximum(a, t_on), np.maximum(b, t_on)
    if rate is None:
        return cap * (hi - lo) / (b - a)
    slope = rate * cap / 12.0
    base = np.minimum(level0, cap)
    room = cap - base
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        span = np.where(slope > 0, room / np.where(slope > 0, slope, 1.0), INF)

    def integral(t: np.ndarray) -> np.ndarray:  # ∫_{t0}^{t} of the capacity
        u = np.clip(t - t0, 0.0, span)
        over = np.maximum(0.0, t - t0 - span)
        return base * (t - t0) + slope * u * u / 2.0 + np.where(over > 0, room * over, 0.0)

    return (integral(hi) - integral(lo)) / (b - a)
