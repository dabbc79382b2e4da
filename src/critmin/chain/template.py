"""The market-mode LP of a run, assembled once; a period only writes its numbers.

:func:`~critmin.chain.equations.build_lp` defines the equations. Here it is called once,
with every export-control row any period of the run may need (a row without a cap gets
infinite bounds), so all periods share one sparsity pattern. A period's numbers then go
straight into the bound vectors at the template's named slots (:class:`Slots`,
:meth:`ChainTemplate.bounds`); a :class:`~critmin.chain.highs.Resolver` hands HiGHS only
what changed, and the portfolio tiles the same arrays over its scenarios × years.

Contracts mode is not templated: its rows depend on the numbers (who lost volume).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from critmin.chain.equations import RESPONSE, TRANCHES, Problem, build_lp
from critmin.chain.lp import INF, LinearProgram, LPArrays
from critmin.chain.numbers import PeriodNumbers
from critmin.chain.structure import CO, Structure


def _index(block: Mapping, keys) -> np.ndarray:
    """Positions of ``keys`` in ``block`` (−1 where a key has none)."""
    return np.array([block.get(k, -1) for k in keys], dtype=np.int64)


@dataclass(frozen=True)
class Slots:
    """Where the LP holds each keyed quantity of its structure (−1 where absent).

    Columns: ``tranche`` (demands × (RESPONSE + TRANCHES)) the unmet demand of each user,
    first the segments priced out, then the tranches rationed (:attr:`rationed`),
    ``release`` and ``build`` (stocks, stocks × classes) the release and purchases of each
    stock node, ``co_flow`` the controlled-origin flow of each trade pair, ``recycled`` and
    ``unbought`` per recycler / build node, ``thrift`` per thrifting producer, ``co_draw``
    the controlled-origin draw of each demand. Rows: ``capacity`` per producer,
    ``deviation`` per trade pair, ``control`` per trade pair (−1 without a control row),
    ``demand`` per demand, ``purchase`` per build node. Per reserved stock node
    (``sorted(s.reserved)``): columns ``reserve_out``, ``reserve_in``, ``reserve_make``
    (its block's exports, imports and output of the good) and the rows ``reserve_cap``,
    ``reserve_floor``, ``reserve_made`` bounding them.
    """

    tranche: np.ndarray
    release: np.ndarray
    build: np.ndarray
    co_flow: np.ndarray
    recycled: np.ndarray
    unbought: np.ndarray
    capacity: np.ndarray
    deviation: np.ndarray
    control: np.ndarray
    demand: np.ndarray
    purchase: np.ndarray
    reserve_out: np.ndarray
    reserve_in: np.ndarray
    reserve_make: np.ndarray
    reserve_cap: np.ndarray
    reserve_floor: np.ndarray
    reserve_made: np.ndarray
    thrift: np.ndarray
    co_draw: np.ndarray

    @classmethod
    def of(cls, lp: LinearProgram, s: Structure) -> Slots:
        cols, rows = lp.cols, lp.rows
        response, shortfall = cols.get("response", {}), cols.get("shortfall", {})
        tranche = np.array([[response[(*k, j)] for j in range(RESPONSE)]
                            + [shortfall[(*k, j)] for j in range(TRANCHES)] for k in s.demands],
                           dtype=np.int64).reshape(len(s.demands), RESPONSE + TRANCHES)
        release = _index(cols.get("release", {}), s.stocks)
        width = max((len(s.classes[(st, m)]) for _, st, m in s.stocks), default=1)
        build = np.full((len(s.stocks), width), -1, dtype=np.int64)
        for r, (k, st, m) in enumerate(s.stocks):
            for c, cls_ in enumerate(s.classes[(st, m)]):
                build[r, c] = cols.get("build", {}).get((k, st, m, cls_), -1)
        flow, control = cols.get("flow", {}), rows.get("control", {})
        reserved = sorted(s.reserved)
        return cls(
            tranche=tranche, release=release, build=build,
            co_flow=_index(flow, [(*k, CO) for k in s.flows]),
            recycled=_index(cols.get("recycled", {}), s.recyclers),
            unbought=_index(cols.get("unbought", {}), s.builds),
            capacity=_index(rows.get("capacity", {}), s.producers),
            deviation=_index(rows.get("deviation", {}), s.flows),
            control=_index(control, s.flows),
            demand=_index(rows.get("demand", {}), s.demands),
            purchase=_index(rows.get("purchase", {}), s.builds),
            reserve_out=_index(cols.get("reserve_out", {}), reserved),
            reserve_in=_index(cols.get("reserve_in", {}), reserved),
            reserve_make=_index(cols.get("reserve_make", {}), reserved),
            reserve_cap=_index(rows.get("reserve_out_bound", {}), reserved),
            reserve_floor=_index(rows.get("reserve_in_bound", {}), reserved),
            reserve_made=_index(rows.get("reserve_make_bound", {}), reserved),
            thrift=_index(cols.get("thrift", {}), s.thrifts),
            co_draw=_index(cols.get("demand_draw", {}), [(*k, CO) for k in s.demands]))

    @property
    def rationed(self) -> np.ndarray:
        """The rationed tranches of ``tranche`` (users × TRANCHES)."""
        return self.tranche[:, RESPONSE:]

    def compact(self) -> tuple[np.ndarray, Slots]:
        """The columns a light run reads back (tranches, releases, purchases, reserved
        blocks' trade), and slots into a vector holding only those columns' values, in
        that order."""
        tranche = self.tranche.ravel()
        rel, bld = self.release >= 0, self.build >= 0
        columns = np.concatenate([tranche, self.release[rel], self.build[bld],
                                  self.reserve_out, self.reserve_in, self.reserve_make])
        release = np.full_like(self.release, -1)
        release[rel] = tranche.size + np.arange(int(rel.sum()))
        build = np.full_like(self.build, -1)
        at = tranche.size + int(rel.sum())
        build[bld] = at + np.arange(int(bld.sum()))
        at += int(bld.sum())
        n = self.reserve_out.size
        none = np.zeros(0, dtype=np.int64)
        return columns, Slots(
            tranche=np.arange(tranche.size, dtype=np.int64).reshape(self.tranche.shape),
            release=release, build=build, co_flow=none, recycled=none, unbought=none,
            capacity=none, deviation=none, control=none, demand=none, purchase=none,
            reserve_out=at + np.arange(n, dtype=np.int64),
            reserve_in=at + n + np.arange(n, dtype=np.int64),
            reserve_make=at + 2 * n + np.arange(n, dtype=np.int64), reserve_cap=none,
            reserve_floor=none, reserve_made=none, thrift=none, co_draw=none)


def unmet_bounds(v: PeriodNumbers) -> np.ndarray:
    """Upper bounds of every user's unmet-demand columns (users × (RESPONSE + TRANCHES)):
    ``demand·share_k`` per segment priced out, the rest in equal rationed tranches."""
    rest = v.demand * np.maximum(0.0, 1.0 - v.response.sum(axis=1)) / TRANCHES
    return np.hstack([v.demand[:, None] * v.response, np.repeat(rest[:, None], TRANCHES, 1)])


def _draw_bounds(v: PeriodNumbers, pos: np.ndarray) -> np.ndarray:
    """Upper bounds of the controlled-origin draws of the users at ``pos``: what a denied
    user may still draw (``demand·(1 − denied)``), else unbounded."""
    denied = v.denied[pos]
    return np.where(denied > 0, v.demand[pos] * (1.0 - denied), INF)


class ChainTemplate:
    """One market-mode LP for every period of a run.

    Parameters
    ----------
    s : the run's structure.
    priority : weight per tonne short of each sector.
    build_weight : weight per tonne not bought of each build node (``s.builds`` order);
        None for the no-measure baseline LP, which has no purchases.
    cap_candidates : bool per trade pair: may an export control cap this flow in some
        period?
    """

    def __init__(self, s: Structure, priority: Mapping[str, float],
                 build_weight: np.ndarray | None, cap_candidates: np.ndarray) -> None:
        self.structure = s
        self.lp = lp = build_lp(Problem(s, PeriodNumbers.zeros(s, build_weight), priority,
                                        control_rows=cap_candidates))
        self.arrays: LPArrays = lp.arrays()
        self.slots = slots = Slots.of(lp, s)
        self.ctl_pos = np.flatnonzero(cap_candidates)
        self.co_pos = np.flatnonzero(slots.co_flow >= 0)
        self.draw_pos = np.flatnonzero(slots.co_draw >= 0)
        # the only bounds a period changes: upper bounds of these columns (lower bound 0)
        # and both bounds of these rows, in the order bounds() writes them
        self.col_pos = np.concatenate([slots.co_flow[self.co_pos], slots.tranche.ravel(),
                                       slots.release[slots.release >= 0], slots.unbought,
                                       slots.recycled, slots.thrift,
                                       slots.co_draw[self.draw_pos]]).astype(np.int32)
        self.row_pos = np.concatenate([slots.capacity, slots.deviation,
                                       slots.control[self.ctl_pos], slots.demand,
                                       slots.purchase, slots.reserve_cap,
                                       slots.reserve_floor,
                                       slots.reserve_made]).astype(np.int32)
        if np.any(self.arrays.lower[self.col_pos] != 0.0):
            msg = "a templated column has a nonzero lower bound"
            raise AssertionError(msg)
        self.col_lower = np.zeros(self.col_pos.size)
        self._free_cap = np.full(slots.capacity.size, -INF)
        self._free_ctl = np.full(self.ctl_pos.size, -INF)
        self._open_purchase = np.full(slots.purchase.size, INF)
        self._open_reserve = np.full(slots.reserve_cap.size, INF)
        self.record_columns, self.record_slots = slots.compact()

    def bounds(self, v: PeriodNumbers) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Bounds of period ``v`` at the templated positions: upper bounds of the columns
        ``col_pos``, lower and upper bounds of the rows ``row_pos``."""
        col_upper = np.concatenate([v.co_cap[self.co_pos],
                                    unmet_bounds(v).ravel(),
                                    v.release_ub, self._open_purchase, v.recycle_ub,
                                    v.thrift_ub, _draw_bounds(v, self.draw_pos)])
        free = v.reserve_cap is None
        cap = self._open_reserve if free else v.reserve_cap
        floor = -self._open_reserve if free else v.reserve_floor
        made = -self._open_reserve if free else v.reserve_made
        row_lower = np.concatenate([self._free_cap, v.trade, self._free_ctl, v.demand,
                                    np.where(v.build_target > 0, v.build_target, -INF),
                                    -self._open_reserve, floor, made])
        row_upper = np.concatenate([v.production_ub, v.trade, v.cap[self.ctl_pos], v.demand,
                                    self._open_purchase, cap, self._open_reserve,
                                    self._open_reserve])
        return col_upper, row_lower, row_upper

    def arrays_with(self, b: tuple[np.ndarray, np.ndarray, np.ndarray]) -> LPArrays:
        """The whole LP's arrays with the bounds ``b`` (from :meth:`bounds`)."""
        return self.arrays.with_bounds(self.col_pos, b[0], self.row_pos, b[1], b[2])
