"""The one LP/MILP container: named variable and row blocks, integer columns, tiling.

Variables and rows are registered in *blocks* (``production``, ``flow``, ``balance``, ...),
each keyed by a tuple of labels, so a caller can find the column of
``("production", ("CHN", "separation", "Dy", "any"))`` and change its bounds in HiGHS
without rebuilding anything. :meth:`LinearProgram.append` tiles whole LPs
block-diagonally (the portfolio's scenarios × years); :meth:`LinearProgram.arrays` gives
the numpy arrays HiGHS loads (:mod:`critmin.chain.highs`).

>>> lp = LinearProgram()
>>> x = lp.add_var("make", ("a",), upper=4.0, cost=1.0)
>>> lp.add_row("demand", ("a",), [(x, 1.0)], lower=3.0, upper=3.0)
0
>>> big = LinearProgram()
>>> [big.append(lp.arrays()) for _ in range(2)]
[(0, 0), (1, 1)]
>>> big.num_col, big.num_row, big.arrays().upper.tolist()
(2, 2, [4.0, 4.0])
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field, replace

import numpy as np

INF = float("inf")


@dataclass(frozen=True)
class LPArrays:
    """``min cost·x`` s.t. ``row_lower ≤ A x ≤ row_upper``, ``lower ≤ x ≤ upper``, as
    arrays; ``A`` in compressed-column form (``start``, ``index``, ``value``);
    ``integer`` marks integer columns (None: none)."""

    cost: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    start: np.ndarray
    index: np.ndarray
    value: np.ndarray
    integer: np.ndarray | None = None

    @property
    def num_col(self) -> int:
        return int(self.cost.size)

    @property
    def num_row(self) -> int:
        return int(self.row_lower.size)

    def with_bounds(self, col_pos: np.ndarray, col_upper: np.ndarray, row_pos: np.ndarray,
                    row_lower: np.ndarray, row_upper: np.ndarray) -> LPArrays:
        """A copy with the upper bounds of columns ``col_pos`` and both bounds of rows
        ``row_pos`` replaced."""
        upper, lo, up = self.upper.copy(), self.row_lower.copy(), self.row_upper.copy()
        upper[col_pos] = col_upper
        lo[row_pos], up[row_pos] = row_lower, row_upper
        return replace(self, upper=upper, row_lower=lo, row_upper=up)

    def entries(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The matrix as ``(row, column, value)`` triplets."""
        cols = np.repeat(np.arange(self.num_col, dtype=np.int64), np.diff(self.start))
        return self.index.astype(np.int64), cols, self.value


@dataclass
class RowTerms:
    """Terms of rows gathered piece by piece before the rows are added (the node balances:
    every mechanism adds its columns to them, and :func:`~critmin.chain.equations.
    define_balance` writes the rows last)."""

    terms: dict[Hashable, list[tuple[int, float]]] = field(default_factory=dict)

    def add(self, key: Hashable, col: int, coef: float) -> None:
        self.terms.setdefault(key, []).append((col, coef))


@dataclass
class LinearProgram:
    """An LP or MILP built piece by piece.

    Attributes
    ----------
    cols, rows : dict
        ``{block: {key: index}}`` of every named variable and constraint (anonymous ones,
        added with ``block=None``, are in neither).
    """

    cost: list[float] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    row_lower: list[float] = field(default_factory=list)
    row_upper: list[float] = field(default_factory=list)
    entry_row: list[int] = field(default_factory=list)
    entry_col: list[int] = field(default_factory=list)
    entry_val: list[float] = field(default_factory=list)
    cols: dict[str, dict[Hashable, int]] = field(default_factory=dict)
    rows: dict[str, dict[Hashable, int]] = field(default_factory=dict)

    @property
    def num_col(self) -> int:
        return len(self.cost)

    @property
    def num_row(self) -> int:
        return len(self.row_lower)

    @property
    def num_nz(self) -> int:
        return len(self.entry_val)

    def add_var(self, block: str | None = None, key: Hashable = None, lower: float = 0.0,
                upper: float = INF, cost: float = 0.0, integer: bool = False) -> int:
        """Add one variable; return its column index."""
        j = len(self.cost)
        if block is not None:
            self.cols.setdefault(block, {})[key] = j
        self.cost.append(cost)
        self.lower.append(lower)
        self.upper.append(upper)
        self.integer.append(integer)
        return j

    def col(self, block: str, key: Hashable) -> int | None:
        return self.cols.get(block, {}).get(key)

    def add_row(self, block: str | None, key: Hashable, terms: Iterable[tuple[int, float]],
                lower: float = -INF, upper: float = INF) -> int:
        """Add one constraint ``lower ≤ Σ coef·x[col] ≤ upper``; return its row index."""
        i = len(self.row_lower)
        if block is not None:
            self.rows.setdefault(block, {})[key] = i
        self.row_lower.append(lower)
        self.row_upper.append(upper)
        for j, v in terms:
            self.add_entry(i, j, v)
        return i

    def add_entry(self, i: int, j: int, v: float) -> None:
        """Add ``v`` at row ``i``, column ``j`` of the matrix (repeats are summed)."""
        self.entry_row.append(i)
        self.entry_col.append(j)
        self.entry_val.append(v)

    def append(self, a: LPArrays, cost_weight: float = 1.0) -> tuple[int, int]:
        """Tile ``a`` below and to the right of what is here (block-diagonally), its costs
        times ``cost_weight``; return the offsets ``(first column, first row)`` of the
        block."""
        c0, r0 = self.num_col, self.num_row
        self.cost.extend((a.cost * cost_weight).tolist())
        self.lower.extend(a.lower.tolist())
        self.upper.extend(a.upper.tolist())
        ints = a.integer if a.integer is not None else np.zeros(a.num_col, dtype=bool)
        self.integer.extend(ints.tolist())
        self.row_lower.extend(a.row_lower.tolist())
        self.row_upper.extend(a.row_upper.tolist())
        rows, cols, vals = a.entries()
        self.entry_row.extend((rows + r0).tolist())
        self.entry_col.extend((cols + c0).tolist())
        self.entry_val.extend(vals.tolist())
        return c0, r0

    def arrays(self) -> LPArrays:
        """The LP as arrays, its matrix compressed by column (repeated entries summed)."""
        from scipy.sparse import coo_matrix

        a = coo_matrix((np.asarray(self.entry_val, float),
                        (np.asarray(self.entry_row, np.int64),
                         np.asarray(self.entry_col, np.int64))),
                       shape=(self.num_row, self.num_col)).tocsc()
        a.sum_duplicates()
        ints = np.asarray(self.integer, bool)
        return LPArrays(
            cost=np.asarray(self.cost, float), lower=np.asarray(self.lower, float),
            upper=np.asarray(self.upper, float), row_lower=np.asarray(self.row_lower, float),
            row_upper=np.asarray(self.row_upper, float), start=a.indptr.astype(np.int32),
            index=a.indices.astype(np.int32), value=a.data.astype(float),
            integer=ints if ints.any() else None)
