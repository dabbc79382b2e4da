"""Helpers for tests and examples: build small datasets in code.

>>> from critmin.testing import make_dataset, toy_tables
>>> ds = make_dataset(toy_tables())
>>> sorted(ds.stages["stage"])
['magnet', 'metal', 'mining']
"""

from __future__ import annotations

import copy
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
