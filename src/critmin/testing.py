"""Helpers for tests and examples: build small datasets in code.

>>> from critmin.testing import make_dataset, toy_tables
>>> ds = make_dataset(toy_tables())
>>> sorted(ds.stages["stage"])
['magnet', 'metal', 'mining']
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from critmin.data.checks import check_dataset
from critmin.data.dataset import Dataset
from critmin.data.io import empty_table, typed_table
from critmin.data.schema import table_schemas
from critmin.exceptions import DatasetError

Rows = Sequence[Mapping[str, Any]]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    return str(value)


def raw_table(name: str, rows: Rows) -> pd.DataFrame:
    """A raw (all-text) table from row dicts; missing optional columns are blank."""
    schema = table_schemas()[name]
    cols = list(schema.column_names)
    for r in rows:
        cols += [c for c in r if c not in cols]
    return pd.DataFrame([{c: _cell(r.get(c)) for c in cols} for r in rows], columns=cols,
                        dtype=str)


def make_dataset(tables: Mapping[str, Rows], meta: Mapping[str, Any] | None = None) -> Dataset:
    """Build and check a :class:`Dataset` from ``{table: [row dict, ...]}``.

    Runs exactly the checks of :func:`critmin.load_dataset` and raises
    :class:`DatasetError` on the same problems, so toy datasets obey the same rules.
    """
    raws = {name: raw_table(name, rows) for name, rows in tables.items()}
    problems = check_dataset(raws)
    if problems:
        raise DatasetError(problems, path="<in memory>")
    schemas = table_schemas()
    typed = {n: typed_table(raws[n], s) if n in raws else empty_table(s)
             for n, s in schemas.items()}
    info = {"name": "toy", "version": "0", "description": "built in code", "base_year": 2024}
    info.update(meta or {})
    return Dataset(tables=typed, meta=info, path=None)


def toy_tables() -> dict[str, list[dict[str, Any]]]:
    """A three-country, three-stage toy chain (mining → metal → magnet), all illustrative.

    Countries A-like codes are user-assigned ISO codes: XAA, XBB, XCC.
    Returns plain row dicts so tests can modify them before :func:`make_dataset`.
    """
    src = {"source_id": "toy", "title": "Toy data for tests", "publisher": "critmin",
           "year": 2025, "url": "https://example.org/critmin-toy", "kind": "illustrative",
           "note": "Invented numbers for unit tests; not real data."}
    tables: dict[str, list[dict[str, Any]]] = {
        "sources": [src],
        "materials": [
            {"material": "Nd", "name": "Neodymium", "group": "LREE", "basis": "element",
             "element_per_oxide": 0.8574},
            {"material": "NdFeB", "name": "Sintered NdFeB magnet", "group": "magnet",
             "basis": "product"},
        ],
        "stages": [
            {"stage": "mining", "order": 1, "description": "ore concentrate"},
            {"stage": "metal", "order": 2, "description": "metal"},
            {"stage": "magnet", "order": 3, "description": "magnet"},
        ],
        "countries": [
            {"country": "XAA", "name": "Aland", "wgi_scaled": 6.0, "groups": "G1"},
            {"country": "XBB", "name": "Bland", "wgi_scaled": 2.0, "groups": "G1;G2"},
            {"country": "XCC", "name": "Cland", "wgi_scaled": 1.0, "groups": "G2"},
        ],
        "capacity": [
            {"country": "XAA", "stage": "mining", "material": "Nd", "year": 2024,
             "capacity_t": 100, "production_t": 80, "source_id": "toy"},
            {"country": "XBB", "stage": "mining", "material": "Nd", "year": 2024,
             "capacity_t": 30, "production_t": 20, "source_id": "toy"},
            {"country": "XAA", "stage": "metal", "material": "Nd", "year": 2024,
             "capacity_t": 90, "production_t": 90, "source_id": "toy"},
            {"country": "XBB", "stage": "magnet", "material": "NdFeB", "year": 2024,
             "capacity_t": 120, "production_t": 100, "source_id": "toy"},
        ],
        "recipes": [
            {"stage": "metal", "material": "Nd", "input_stage": "mining", "input_material": "Nd",
             "input_t_per_t": 1.0, "source_id": "toy"},
            {"stage": "magnet", "material": "NdFeB", "input_stage": "metal",
             "input_material": "Nd", "input_t_per_t": 0.3, "source_id": "toy"},
        ],
        "trade": [
            {"exporter": "XBB", "importer": "XAA", "stage": "mining", "material": "Nd",
             "year": 2024, "quantity_t": 10, "source_id": "toy"},
            {"exporter": "XAA", "importer": "XBB", "stage": "metal", "material": "Nd",
             "year": 2024, "quantity_t": 30, "source_id": "toy"},
            {"exporter": "XBB", "importer": "XCC", "stage": "magnet", "material": "NdFeB",
             "year": 2024, "quantity_t": 60, "source_id": "toy"},
        ],
        "demand": [
            {"country": "XCC", "sector": "ev", "stage": "magnet", "material": "NdFeB",
             "year": 2024, "demand_t": 60, "source_id": "toy"},
            {"country": "XBB", "sector": "wind", "stage": "magnet", "material": "NdFeB",
             "year": 2024, "demand_t": 40, "source_id": "toy"},
        ],
    }
    return copy.deepcopy(tables)


def shortfall_of(result: Any, good: str | None = None, key: str = "shortfall_t") -> float:
    """``key`` (``shortfall_t``, ``coalition_shortfall_t``, ``demand_t`` …) of one good
    (``stage/material``) in a simulation's summary (a result or its summary dict), t over
    the horizon. ``good`` may be left out when at most one good has demand (a toy); a
    summary never adds tonnes across goods, so neither does this."""
    summary = result if isinstance(result, dict) else result.summary
    goods = summary["goods"]
    if good is None:
        if len(goods) > 1:
            msg = f"the run has several goods ({', '.join(goods)}): name one"
            raise ValueError(msg)
        good = next(iter(goods), None)
    return float(goods[good][key]) if good in goods else 0.0


_GOOD = re.compile(r"^[a-z_]+/[A-Za-z0-9_]+$")
_GOOD_IN = re.compile(r"\[([a-z_]+/[A-Za-z0-9_]+)\]")


def _tonnes_key(key: str) -> bool:
    return key.endswith("_t") or "_t_" in key or "_t[" in key


def _good_context(key: str, parent: Any) -> bool:
    if _GOOD.match(key) or _GOOD_IN.search(key):
        return True
    return isinstance(parent, dict) and any(
        str(parent.get(k) or "") for k in ("good", "material"))


def tonnes_across_goods(obj: Any, path: tuple[str, ...] = (), in_t: bool = False,
                        good: bool = False) -> list[str]:
    """Paths of the non-zero numbers in tonnes of a JSON-like output that belong to no
    single good: a number under a key in tonnes (``…_t``, ``…_t_…``) with no good on its
    path (a ``stage/material`` key, a ``…[stage/material]`` column, or a record naming its
    ``good`` or ``material``) would be a total across goods.

    >>> tonnes_across_goods({"shortfall_t": 5.0, "goods": {"magnet/NdFeB": {"shortfall_t": 5.0}}})
    ['shortfall_t']
    >>> tonnes_across_goods([{"material": "Dy", "stage": "metal", "shortfall_t": 2.0}])
    []
    """
    found: list[str] = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            key = str(k)
            found += tonnes_across_goods(v, (*path, key), in_t or _tonnes_key(key),
                                         good or _good_context(key, obj))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            found += tonnes_across_goods(v, (*path, str(i)), in_t, good)
    elif isinstance(obj, int | float) and not isinstance(obj, bool):
        if in_t and not good and obj != 0:
            found.append(".".join(path))
    return found
