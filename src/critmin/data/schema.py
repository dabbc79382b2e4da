"""Table schemas, declared once as data in ``data/schema/*.csv``.

Each table of a dataset has a schema file with one row per column:
``column, type, unit, required, nullable, key, minimum, maximum, description``.
The same declarations drive validation (:mod:`critmin.data.checks`), the generated
documentation (``docs/data.md``) and ``critmin data tables``.

Column types
------------
``string``, ``integer``, ``float``
    Plain values.
``enum:a|b|c``
    One of the listed values.
``iso3``
    An ISO 3166-1 alpha-3 code or a user-assigned alpha-3 code (e.g. ``XOT``).
``country``, ``material``, ``stage``, ``source``
    A reference to a row of ``countries``, ``materials``, ``stages`` or ``sources``.
``list:string``, ``list:material``, ``list:stage``
    A ``;``-separated list of such values.
``destinations``
    ``all``, or a ``;``-separated list of countries and group names.
``period``
    ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

REFERENCE_TYPES = {"country": "countries", "material": "materials", "stage": "stages",
                   "source": "sources"}


@dataclass(frozen=True)
class ColumnSchema:
    """Declaration of one column of a table."""

    name: str
    type: str
    unit: str
    required: bool
    nullable: bool
    key: bool
    minimum: float | None
    maximum: float | None
    description: str

    @property
    def is_numeric(self) -> bool:
        return self.type in ("integer", "float")

    @property
    def enum_values(self) -> tuple[str, ...]:
        if not self.type.startswith("enum:"):
            return ()
        return tuple(self.type.removeprefix("enum:").split("|"))

    @property
    def list_of(self) -> str | None:
        return self.type.removeprefix("list:") if self.type.startswith("list:") else None


@dataclass(frozen=True)
class TableSchema:
    """Declaration of one table: its file, columns and keys."""

    name: str
    required: bool
    description: str
    columns: tuple[ColumnSchema, ...]

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.key)

    def column(self, name: str) -> ColumnSchema:
        for c in self.columns:
            if c.name == name:
                return c
        msg = f"table {self.name!r} has no column {name!r}"
        raise KeyError(msg)


def _flag(value: str) -> bool:
    return value.strip().lower() in ("true", "1", "yes")


def _number(value: str) -> float | None:
    return float(value) if value.strip() else None


def _read_schema_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("critmin.data").joinpath("schema", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def table_schemas() -> dict[str, TableSchema]:
    """All table schemas, in the order of ``_tables.csv``."""
    out: dict[str, TableSchema] = {}
    for t in _read_schema_csv("_tables.csv"):
        cols = tuple(
            ColumnSchema(
                name=r["column"],
                type=r["type"],
                unit=r["unit"],
                required=_flag(r["required"]),
                nullable=_flag(r["nullable"]),
                key=_flag(r["key"]),
                minimum=_number(r["minimum"]),
                maximum=_number(r["maximum"]),
                description=r["description"],
            )
            for r in _read_schema_csv(f"{t['table']}.csv")
        )
        out[t["table"]] = TableSchema(
            name=t["table"], required=_flag(t["required"]), description=t["description"],
            columns=cols,
        )
    return out


def get_schema(table: str) -> TableSchema:
    """Schema of ``table``; raises ``KeyError`` naming the known tables."""
    schemas = table_schemas()
    if table not in schemas:
        msg = f"unknown table {table!r}; known tables: {', '.join(schemas)}"
        raise KeyError(msg)
    return schemas[table]
