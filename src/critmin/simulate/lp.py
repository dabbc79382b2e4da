"""A small sparse-LP container: named variable and row blocks, assembled for HiGHS.

Variables and rows are registered in *blocks* (``production``, ``flow``, ``balance``,
...), each row of a block keyed by a tuple of labels, so a caller can find the column
or row of ``("production", ("CHN", "separation", "Dy", "any"))`` and change its bounds
with HiGHS's modification API (``changeColsBounds``, ``changeRowsBounds``) without
rebuilding anything.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

import numpy as np

INF = float("inf")


@dataclass
class LinearProgram:
    """``min c·x`` s.t. ``row_lower ≤ A x ≤ row_upper``, ``lower ≤ x ≤ upper``.

    Attributes
    ----------
    cols, rows : dict
        ``{block: {key: index}}`` of every variable and constraint.
    """

    cost: list[float] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
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

    def add_var(self, block: str, key: Hashable, lower: float = 0.0, upper: float = INF,
                cost: float = 0.0) -> int:
        """Add one variable; return its column index."""
        j = len(self.cost)
        self.cols.setdefault(block, {})[key] = j
        self.cost.append(cost)
        self.lower.append(lower)
        self.upper.append(upper)
        return j

    def col(self, block: str, key: Hashable) -> int | None:
        return self.cols.get(block, {}).get(key)

    def add_row(self, block: str, key: Hashable, terms: list[tuple[int, float]],
                lower: float = -INF, upper: float = INF) -> int:
        """Add one constraint ``lower ≤ Σ coef·x[col] ≤ upper``; return its row index."""
        i = len(self.row_lower)
        self.rows.setdefault(block, {})[key] = i
        self.row_lower.append(lower)
        self.row_upper.append(upper)
        for j, v in terms:
            self.entry_row.append(i)
            self.entry_col.append(j)
            self.entry_val.append(v)
        return i

    def arrays(self) -> dict[str, np.ndarray]:
        """Dense vectors and the CSC matrix parts (``start``, ``index``, ``value``)."""
        from scipy.sparse import coo_matrix

        a = coo_matrix((np.asarray(self.entry_val, float),
                        (np.asarray(self.entry_row, np.int64),
                         np.asarray(self.entry_col, np.int64))),
                       shape=(self.num_row, self.num_col)).tocsc()
        a.sum_duplicates()
        return {
            "cost": np.asarray(self.cost, float), "lower": np.asarray(self.lower, float),
            "upper": np.asarray(self.upper, float),
            "row_lower": np.asarray(self.row_lower, float),
            "row_upper": np.asarray(self.row_upper, float),
            "start": a.indptr.astype(np.int32), "index": a.indices.astype(np.int32),
            "value": a.data.astype(float),
        }
