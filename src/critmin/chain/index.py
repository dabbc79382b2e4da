"""Named index maps: the labelled dimensions of the chain LP.

An :class:`Index` is an ordered set of keys with named dimensions, the way flodym's
``DimensionSet`` or linopy's coordinates name theirs: the producers of a run are
``country × stage × material``, its trade pairs ``exporter × importer × stage × material``.
Every per-period array of the chain (capacities, demand, caps, bounds) is aligned to one
index, and a reader can print it.

>>> ix = Index(("country", "stage", "material"), [("CHN", "separation", "Dy"),
...                                               ("MYS", "separation", "Dy")])
>>> ix
Index(country × stage × material, 2 keys)
>>> ix.position(("MYS", "separation", "Dy")), ix.labels("country").tolist()
(1, ['CHN', 'MYS'])
>>> ix.align({("MYS", "separation", "Dy"): 5.0}).tolist()
[0.0, 5.0]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

Key = tuple[Any, ...]


class Index:
    """Ordered, labelled keys of one dimension set.

    Parameters
    ----------
    dims : names of the key's parts, e.g. ``("country", "stage", "material")``.
    keys : the keys, in order (tuples as long as ``dims``).
    """

    def __init__(self, dims: Iterable[str], keys: Iterable[Key] = ()) -> None:
        self.dims = tuple(dims)
        self.keys = tuple(tuple(k) for k in keys)

    def __len__(self) -> int:
        return len(self.keys)

    def __iter__(self) -> Iterator[Key]:
        return iter(self.keys)

    def __contains__(self, key: object) -> bool:
        return key in self._positions

    def __getitem__(self, i: int) -> Key:
        return self.keys[i]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Index) and (self.dims, self.keys) == (other.dims, other.keys)

    def __hash__(self) -> int:
        return hash((self.dims, self.keys))

    def __repr__(self) -> str:
        return f"Index({' × '.join(self.dims)}, {len(self)} keys)"

    @cached_property
    def _positions(self) -> dict[Key, int]:
        return {k: i for i, k in enumerate(self.keys)}

    def position(self, key: Key) -> int:
        """Position of ``key``; ``KeyError`` if it is not in the index."""
        return self._positions[tuple(key)]

    def get(self, key: Key, default: int = -1) -> int:
        """Position of ``key``, or ``default`` when it is not in the index."""
        return self._positions.get(tuple(key), default)

    def positions(self, keys: Iterable[Key]) -> np.ndarray:
        """Positions of ``keys`` (each must be in the index)."""
        return np.array([self._positions[tuple(k)] for k in keys], dtype=np.int64)

    def align(self, values: Mapping[Key, float], default: float = 0.0) -> np.ndarray:
        """``values`` (keyed like this index) as an array in index order."""
        return np.array([values.get(k, default) for k in self.keys], dtype=float)

    def labels(self, dim: str) -> np.ndarray:
        """The labels of dimension ``dim`` of every key, in order."""
        return self._columns[self.dims.index(dim)]

    @cached_property
    def _columns(self) -> list[np.ndarray]:
        return [np.array([k[i] for k in self.keys], dtype=object) for i in range(len(self.dims))]

    def mask(self, predicate: Callable[..., bool] | None = None, **labels: Iterable[str] | str
             ) -> np.ndarray:
        """Boolean mask of the keys whose labels match: ``mask(country={"USA", "JPN"})``,
        ``mask(stage="magnet")``; ``predicate(**key)`` must hold too when given."""
        out = np.ones(len(self), dtype=bool)
        for dim, want in labels.items():
            out &= self._label_mask(dim, frozenset({want} if isinstance(want, str) else want))
        if predicate is not None:
            out &= np.array([predicate(**dict(zip(self.dims, k, strict=True)))
                             for k in self.keys], dtype=bool)
        return out

    def _label_mask(self, dim: str, allowed: frozenset[str]) -> np.ndarray:
        return self.among((dim,), frozenset((a,) for a in allowed))

    def among(self, dims: tuple[str, ...], allowed: frozenset[tuple]) -> np.ndarray:
        """Which keys have labels of ``dims`` (together) in ``allowed``:
        ``among(("stage", "material"), {("metal", "Dy")})``. Kept: an index is fixed, and
        ensembles ask the same question of every future."""
        memo = self.__dict__.setdefault("_masks", {})
        key = (dims, allowed)
        if key not in memo:
            cols = [self.dims.index(d) for d in dims]
            memo[key] = np.fromiter((tuple(k[c] for c in cols) in allowed for k in self.keys),
                                    dtype=bool, count=len(self))
        return memo[key].copy()

    def frame(self) -> pd.DataFrame:
        """The keys as a table, one column per dimension."""
        import pandas as pd

        return pd.DataFrame(list(self.keys), columns=list(self.dims))
