"""The :class:`Dataset` container: one pandas DataFrame per table, plus metadata."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from critmin.data.checks import split_list
from critmin.data.schema import table_schemas


@dataclass(frozen=True, eq=False)
class Dataset:
    """A validated critmin dataset.

    Each table of ``design.md`` is an attribute holding a :class:`pandas.DataFrame`
    whose columns follow the table's schema (extra columns are kept). Integer
    columns are ``int64`` (``Int64`` where blanks are allowed), numbers are
    ``float64`` with ``NaN`` for blanks, text columns are strings with ``""`` for
    blanks. Optional tables a dataset does not ship are empty frames with the
    schema's columns.

    Use :func:`critmin.load_dataset` or :func:`critmin.data.load_sample` to get one.
    """

    tables: dict[str, pd.DataFrame]
    meta: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        msg = f"{type(self).__name__!r} has no attribute or table {name!r}"
        raise AttributeError(msg)

    def __dir__(self) -> Iterable[str]:
        return [*super().__dir__(), *self.tables]

    def table(self, name: str) -> pd.DataFrame:
        """The table ``name``; ``KeyError`` names the known tables."""
        if name not in self.tables:
            msg = f"unknown table {name!r}; known tables: {', '.join(self.tables)}"
            raise KeyError(msg)
        return self.tables[name]

    @property
    def name(self) -> str:
        return str(self.meta.get("name", "unnamed"))

    @property
    def version(self) -> str:
        return str(self.meta.get("version", ""))

    @property
    def base_year(self) -> int | None:
        by = self.meta.get("base_year")
        return int(by) if by is not None else None

    def memo(self, key: str, tables: tuple[str, ...], make: Callable[[], Any]) -> Any:
        """``make()``, kept until one of ``tables`` is replaced by another frame (tables
        are not edited in place: :func:`~critmin.ensemble.apply.apply_draw` and the
        loaders build new frames)."""
        memo = self.__dict__.setdefault("_memo_store", {})
        ident = tuple(id(self.tables.get(t)) for t in tables)
        hit = memo.get(key)
        if hit is None or hit[0] != ident:
            hit = memo[key] = (ident, make())
        return hit[1]

    def _groups(self) -> dict[str, tuple[str, ...]]:
        def make() -> dict[str, tuple[str, ...]]:
            out: dict[str, list[str]] = {}
            for code, cell in zip(self.countries["country"], self.countries["groups"],
                                  strict=True):
                for g in split_list(cell):
                    out.setdefault(g, []).append(code)
            return {g: tuple(sorted(v)) for g, v in sorted(out.items())}
        return self.memo("groups", ("countries",), make)

    @property
    def groups(self) -> dict[str, list[str]]:
        """Group name → sorted member codes, from the ``groups`` column of countries."""
        return {g: list(v) for g, v in self._groups().items()}

    def names(self) -> dict[str, Any]:
        """Sets of the known names (``country``, ``group``, ``material``, ``stage``,
        ``source_id``, ``policy_id``) and ``facility_status`` (facility_id → status)."""
        def make() -> dict[str, Any]:
            return {"country": frozenset(self.countries["country"]),
                    "group": frozenset(self._groups()),
                    "material": frozenset(self.materials["material"]),
                    "stage": frozenset(self.stages["stage"]),
                    "source_id": frozenset(self.sources["source_id"]),
                    "policy_id": frozenset(self.policies["policy_id"]),
                    "facility_status": {str(f): str(s) for f, s in zip(
                        self.facilities["facility_id"], self.facilities["status"],
                        strict=True)}}
        return self.memo("names", ("countries", "materials", "stages", "sources", "policies",
                                    "facilities"), make)

    def resolve_countries(self, names: Iterable[str]) -> list[str]:
        """Expand country codes and group names into a sorted list of country codes.

        ``all`` gives every country. Raises ``KeyError`` naming an unknown entry.
        """
        known = self.names()["country"]
        groups = self._groups()
        out: set[str] = set()
        for n in names:
            if n == "all":
                out |= known
            elif n in known:
                out.add(n)
            elif n in groups:
                out.update(groups[n])
            else:
                msg = f"{n!r} is neither a country nor a group of this dataset"
                raise KeyError(msg)
        return sorted(out)

    @property
    def years(self) -> list[int]:
        """Years with capacity or production data."""
        return sorted(int(y) for y in self.capacity["year"].unique())

    def source_citations(self) -> dict[str, int]:
        """How many rows of the other tables cite each source_id (list cells count each)."""
        counts: dict[str, int] = {}
        for name, df in self.tables.items():
            if name == "sources":
                continue
            for col in table_schemas()[name].columns:
                if "source" not in (col.type, col.list_of) or col.name not in df.columns:
                    continue
                for cell in df[col.name]:
                    for sid in split_list(cell) if col.list_of else ([cell] if cell else []):
                        counts[sid] = counts.get(sid, 0) + 1
        return counts

    def source_ids_used(self) -> set[str]:
        """Every source_id cited by some table."""
        return set(self.source_citations())

    def coverage(self) -> pd.DataFrame:
        """What the capacity table covers: one row per stage × material.

        Columns: ``stage, material, years`` (first–last), ``countries`` (with a
        production figure in the latest year), ``latest_year``, ``production_t`` and
        ``capacity_t`` (sums over countries in the latest year; blanks are not counted).
        """
        cap = self.capacity
        if cap.empty:
            return pd.DataFrame(columns=["stage", "material", "years", "countries",
                                         "latest_year", "production_t", "capacity_t"])
        order = dict(zip(self.stages["stage"], self.stages["order"], strict=True))
        rows = []
        for (stage, material), g in cap.groupby(["stage", "material"], sort=False):
            latest = int(g["year"].max())
            last = g[g["year"] == latest]
            rows.append({
                "stage": stage, "material": material,
                "years": f"{int(g['year'].min())}–{latest}",
                "countries": int(last["production_t"].notna().sum()),
                "latest_year": latest,
                "production_t": last["production_t"].sum(min_count=1),
                "capacity_t": last["capacity_t"].sum(min_count=1),
            })
        df = pd.DataFrame(rows)
        df["_order"] = df["stage"].map(order)
        return (df.sort_values(["_order", "material"]).drop(columns="_order")
                .reset_index(drop=True))

    def __repr__(self) -> str:
        sizes = ", ".join(f"{k}={len(v)}" for k, v in self.tables.items() if len(v))
        return f"<critmin.Dataset {self.name!r} v{self.version} ({sizes})>"
