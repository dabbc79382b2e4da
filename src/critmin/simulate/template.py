"""The market-mode LP of a run, assembled once; a period only writes its numbers.

:func:`~critmin.simulate.build.build_lp` defines the equations. Here it is called once, with
every export-control row any period of the run may need (a row without a cap gets infinite
bounds), so all periods share one sparsity pattern. A period's numbers then go straight
into the bound vectors through index maps (:meth:`MarketTemplate.bounds`), and a
:class:`~critmin.simulate.solve.Resolver` hands HiGHS only what changed.

Contracts mode is not templated: its rows depend on the numbers (who lost volume).
"""

from __future__ import annotations

import numpy as np

from critmin.simulate.build import CO, TRANCHES, PeriodData, Structure, build_lp
from critmin.simulate.lp import LinearProgram
from critmin.simulate.vectors import INF, Layout, PeriodVectors


def _index(block: dict, keys) -> np.ndarray:
    return np.array([block[k] for k in keys], dtype=np.int64)


class Indices:
    """Where a solved LP holds what a run records: the shortfall tranches of each demand,
    the release and purchases of each stock node (−1 where a node has none)."""

    def __init__(self, lp: LinearProgram, s: Structure, layout: Layout) -> None:
        cols = lp.cols
        self.tranche = np.array([[cols["shortfall"][(*k, j)] for j in range(TRANCHES)]
                                 for k in layout.demand_keys], dtype=np.int64
                                ).reshape(len(layout.demand_keys), TRANCHES)
        rel = cols.get("release", {})
        self.release = np.array([rel.get(n, -1) for n in layout.stock_nodes], dtype=np.int64)
        build = cols.get("build", {})
        width = max((len(s.classes[g]) for _, g in layout.stock_nodes), default=1)
        self.build = np.full((len(layout.stock_nodes), width), -1, dtype=np.int64)
        for r, (k, g) in enumerate(layout.stock_nodes):
            for c, cls in enumerate(s.classes[g]):
                self.build[r, c] = build.get((k, g, cls), -1)

    def compact(self) -> tuple[np.ndarray, Indices]:
        """The columns these indices use, and the same indices into a vector holding only
        those columns' values (in that order)."""
        tranche = self.tranche.ravel()
        rel, bld = self.release >= 0, self.build >= 0
        columns = np.concatenate([tranche, self.release[rel], self.build[bld]])
        c = object.__new__(Indices)
        c.tranche = np.arange(tranche.size, dtype=np.int64).reshape(self.tranche.shape)
        c.release = np.full_like(self.release, -1)
        c.release[rel] = tranche.size + np.arange(int(rel.sum()))
        c.build = np.full_like(self.build, -1)
        c.build[bld] = tranche.size + int(rel.sum()) + np.arange(int(bld.sum()))
        return columns, c


class MarketTemplate:
    """One market-mode LP for every period of a run.

    Parameters
    ----------
    s, layout : the run's structure and its key order.
    priority : weight per tonne short of each sector.
    build_weight : weight per tonne not bought of each build node (layout order); None
        for the no-measure baseline LP, which has no purchases.
    cap_candidates : bool per flow key: may an export control cap this flow in some period?
    """

    def __init__(self, s: Structure, layout: Layout, priority: dict[str, float],
                 build_weight: np.ndarray | None, cap_candidates: np.ndarray) -> None:
        fk = layout.flow_keys
        build = {} if build_weight is None else {
            n: (0.0, float(w)) for n, w in zip(layout.build_nodes, build_weight, strict=True)}
        zero = PeriodData(
            production_ub={}, demand={}, priority=priority,
            caps={fk[j]: INF for j in np.flatnonzero(cap_candidates)}, build=build)
        self.lp = lp = build_lp(s, zero)
        self.arrays = lp.arrays()
        self.indices = Indices(lp, s, layout)
        rows, cols = lp.rows, lp.cols
        self.cap_row = _index(rows.get("capacity", {}), layout.prod_keys)
        self.dev_row = _index(rows.get("deviation", {}), fk)
        self.ctl_pos = np.flatnonzero(cap_candidates)
        self.ctl_row = _index(rows.get("control", {}), [fk[j] for j in self.ctl_pos])
        flow = cols.get("flow", {})
        self.co_pos = np.array([j for j, k in enumerate(fk) if (*k, CO) in flow], dtype=np.int64)
        self.co_col = np.array([flow[(*fk[j], CO)] for j in self.co_pos], dtype=np.int64)
        self.dem_row = _index(rows.get("demand", {}), layout.demand_keys)
        self.rel_col = _index(cols.get("release", {}), layout.release_nodes)
        self.unbought_col = _index(cols.get("unbought", {}), layout.build_nodes)
        self.recycled_col = _index(cols.get("recycled", {}), layout.recycle_nodes)
        self.purchase_row = _index(rows.get("purchase", {}), layout.build_nodes)
        # the only bounds a period changes: upper bounds of these columns (lower bound 0)
        # and both bounds of these rows, in the order bounds() writes them
        self.col_pos = np.concatenate([self.co_col, self.indices.tranche.ravel(),
                                       self.rel_col, self.unbought_col,
                                       self.recycled_col]).astype(np.int32)
        self.row_pos = np.concatenate([self.cap_row, self.dev_row, self.ctl_row, self.dem_row,
                                       self.purchase_row]).astype(np.int32)
        if np.any(self.arrays["lower"][self.col_pos] != 0.0):
            msg = "a templated column has a nonzero lower bound"
            raise AssertionError(msg)
        self.col_lower = np.zeros(self.col_pos.size)
        self._free_cap = np.full(self.cap_row.size, -INF)
        self._free_ctl = np.full(self.ctl_row.size, -INF)
        self._open_purchase = np.full(self.purchase_row.size, INF)
        self.record_columns, self.record_indices = self.indices.compact()

    def bounds(self, v: PeriodVectors) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Bounds of period ``v`` at the templated positions: upper bounds of the columns
        ``col_pos``, lower and upper bounds of the rows ``row_pos``."""
        col_upper = np.concatenate([v.co_cap[self.co_pos], np.repeat(v.demand / TRANCHES,
                                                                     TRANCHES),
                                    v.release_ub, v.build_target, v.recycle_ub])
        row_lower = np.concatenate([self._free_cap, v.trade, self._free_ctl, v.demand,
                                    np.where(v.build_target > 0, v.build_target, -INF)])
        row_upper = np.concatenate([v.prod_ub, v.trade, v.cap[self.ctl_pos], v.demand,
                                    self._open_purchase])
        return col_upper, row_lower, row_upper

    def arrays_with(self, b: tuple[np.ndarray, np.ndarray, np.ndarray]) -> dict[str, np.ndarray]:
        """The whole LP's arrays with the bounds ``b`` (from :meth:`bounds`)."""
        a = self.arrays
        upper = a["upper"].copy()
        row_lower, row_upper = a["row_lower"].copy(), a["row_upper"].copy()
        upper[self.col_pos] = b[0]
        row_lower[self.row_pos], row_upper[self.row_pos] = b[1], b[2]
        return {**a, "upper": upper, "row_lower": row_lower, "row_upper": row_upper}
