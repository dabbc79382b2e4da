"""Reading and writing dataset folders (the only module here that touches files)."""

from __future__ import annotations

import csv
import io
import os
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from critmin.core.files import atomic_directory
from critmin.core.limits import limits
from critmin.core.numbers import parse_number
from critmin.core.textio import read_text
from critmin.core.yamlio import load_yaml_text
from critmin.data.checks import check_dataset
from critmin.data.dataset import Dataset
from critmin.data.schema import TableSchema, table_schemas
from critmin.exceptions import DatasetError, InputError, Problem

META_FILE = "dataset.yaml"
META_KEYS = ("name", "version", "description", "base_year")


def bundled_path(name: str = "reference") -> Path:
    """Folder of a dataset shipped inside the package (``reference`` or ``sample``)."""
    return Path(str(resources.files("critmin.data").joinpath(name)))


def read_raw(path: str | os.PathLike[str]) -> tuple[dict[str, pd.DataFrame], dict, list[Problem]]:
    """Read a dataset folder as text: every cell a string, blanks as ``""``.

    Returns the raw tables, the metadata of ``dataset.yaml`` and the problems met
    while reading (missing folder, missing required tables, unreadable files).
    """
    folder = Path(path)
    problems: list[Problem] = []
    if not folder.is_dir():
        problems.append(Problem(str(folder), None, None, "missing_dataset",
                                "no dataset folder at this path"))
        return {}, {}, problems
    meta = _read_meta(folder, problems)
    raws: dict[str, pd.DataFrame] = {}
    for name, schema in table_schemas().items():
        file = folder / schema.file
        if not file.exists():
            if schema.required:
                problems.append(Problem(schema.file, None, None, "missing_table",
                                        f"required table {schema.file} is missing"))
            continue
        try:
            raws[name] = read_csv_text(file, schema.file)
        except DatasetError as exc:
            problems += exc.problems
    return raws, meta, problems


def read_csv_text(file: Path, shown: str) -> pd.DataFrame:
    """A CSV file as a table of stripped strings (blanks as ``""``), read by the one text
    reader (UTF-8 only); ``shown`` names the file in problems.

    Raises
    ------
    DatasetError
        With one ``encoding`` problem (not UTF-8, not a file, too big) or one
        ``unreadable`` problem (not CSV).
    """
    try:
        text = read_text(file, "CSV")
    except InputError as exc:
        msg = str(exc).removeprefix(f"{file}: ")
        raise DatasetError([Problem(shown, None, None, "encoding", msg)]) from None
    try:
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                          na_filter=False, skipinitialspace=True, comment=None)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        msg = f"cannot be read as CSV: {str(exc).splitlines()[0] if str(exc) else exc}"
        raise DatasetError([Problem(shown, None, None, "unreadable", msg)]) from None
    raw.columns = [str(c).strip() for c in raw.columns]
    return raw.apply(lambda s: s.str.strip())


def _read_meta(folder: Path, problems: list[Problem]) -> dict:
    file = folder / META_FILE
    if not file.exists():
        problems.append(Problem(META_FILE, None, None, "dataset_yaml",
                                f"{META_FILE} is missing (needs {', '.join(META_KEYS)})"))
        return {}
    try:
        meta = load_yaml_text(read_text(file, META_FILE, max_bytes=limits().yaml_bytes)) or {}
    except InputError as exc:
        problems.append(Problem(META_FILE, None, None, "encoding",
                                str(exc).removeprefix(f"{file}: ")))
        return {}
    except yaml.YAMLError as exc:
        problems.append(Problem(META_FILE, None, None, "dataset_yaml", f"invalid YAML: {exc}"))
        return {}
    if not isinstance(meta, dict):
        problems.append(Problem(META_FILE, None, None, "dataset_yaml", "must be a mapping"))
        return {}
    for key in META_KEYS:
        if key not in meta:
            problems.append(Problem(META_FILE, None, key, "dataset_yaml",
                                    f"'{key}' is missing"))
    return meta


def typed_table(raw: pd.DataFrame, schema: TableSchema) -> pd.DataFrame:
    """Convert a checked raw table to the schema's dtypes; add absent optional columns."""
    df = raw.copy()
    for col in schema.columns:
        if col.name not in df.columns:
            df[col.name] = "" if not col.is_numeric else pd.NA
        if col.type == "float":
            df[col.name] = _numbers(df[col.name], integer=False).astype("float64")
        elif col.type == "integer":
            values = _numbers(df[col.name], integer=True)
            df[col.name] = values.astype("Int64" if col.nullable else "int64")
    return df.reset_index(drop=True)


def _numbers(cells: pd.Series, integer: bool) -> pd.Series:
    """Checked cells as numbers, by the checker's own rule (blank: missing)."""
    if pd.api.types.is_numeric_dtype(cells):
        return cells
    return pd.Series([parse_number(c, integer) if isinstance(c, str) and c else None
                      for c in cells], index=cells.index, dtype="float64")


def empty_table(schema: TableSchema) -> pd.DataFrame:
    """An empty table with the schema's columns and dtypes."""
    return typed_table(pd.DataFrame({c: pd.Series(dtype=str) for c in schema.column_names}), schema)


def load_dataset(path: str | os.PathLike[str] | None = None) -> Dataset:
    """Load and check a dataset folder; the bundled reference dataset by default.

    Parameters
    ----------
    path : path-like, optional
        A folder in the layout of ``docs/data.md``. ``None`` loads the bundled
        reference dataset.

    Raises
    ------
    DatasetError
        Listing every problem found (file, row, column, rule), not just the first.
    """
    folder = bundled_path("reference") if path is None else Path(path)
    raws, meta, problems = read_raw(folder)
    problems += check_dataset(raws)
    if problems:
        raise DatasetError(problems, path=str(folder))
    schemas = table_schemas()
    tables = {name: typed_table(raws[name], s) if name in raws else empty_table(s)
              for name, s in schemas.items()}
    return Dataset(tables=tables, meta=meta, path=folder)


def read_table_file(path: str | os.PathLike[str], table: str, ds: Dataset) -> pd.DataFrame:
    """One table read from its own CSV file (e.g. observations given on the command line),
    checked against the table's schema and against ``ds``'s countries, materials, stages
    and sources.

    Raises
    ------
    DatasetError
        Listing every problem (the file as given, row, column, rule).
    """
    from dataclasses import replace

    from critmin.data.checks import (
        check_cells,
        check_columns,
        check_duplicate_keys,
        check_references,
    )
    from critmin.data.schema import get_schema

    file = Path(path)
    schema = get_schema(table)
    if not file.is_file():
        raise DatasetError([Problem(str(file), None, None, "missing_table", "no such file")])
    raw = read_csv_text(file, str(file))
    problems: list[Problem] = []
    check_columns(raw, schema, problems)
    if not problems:
        check_cells(raw, schema, problems)
        check_duplicate_keys(raw, schema, problems)
        refs = {name: ds.tables[name].astype(object).where(ds.tables[name].notna(), "")
                .astype(str) for name in ("sources", "countries", "materials", "stages")}
        found: list[Problem] = []
        check_references({**refs, table: raw}, found)
        problems += [p for p in found if p.file == schema.file]
    if problems:
        raise DatasetError([replace(p, file=str(file)) for p in problems])
    return typed_table(raw, schema)


def load_sample() -> Dataset:
    """The small bundled sample dataset (a few countries, three stages), for tests and docs."""
    return load_dataset(bundled_path("sample"))


def validate_dataset(path: str | os.PathLike[str] | None = None) -> list[Problem]:
    """Every problem of a dataset folder (empty list if it is valid)."""
    try:
        load_dataset(path)
    except DatasetError as exc:
        return exc.problems
    return []


def _format_float(x: float) -> str:
    """Shortest text that reads back to the same float; blank for NaN; ``5`` not ``5.0``."""
    return "" if pd.isna(x) else repr(float(x)).removesuffix(".0")


def save_dataset(dataset: Dataset, path: str | os.PathLike[str]) -> Path:
    """Write a dataset folder atomically (to a temporary folder, then renamed).

    The folder must not exist yet, or must be an earlier critmin dataset folder,
    which is replaced whole.
    """
    target = Path(path)
    with atomic_directory(target, marker=META_FILE,
                          what=f"is not a critmin dataset folder (no {META_FILE})") as tmp:
        (tmp / META_FILE).write_text(yaml.safe_dump(dict(dataset.meta), sort_keys=False),
                                     encoding="utf-8")
        for name, df in dataset.tables.items():
            out = df.copy()
            for c in out.columns:
                if pd.api.types.is_float_dtype(out[c]):
                    out[c] = out[c].map(_format_float)
            out.to_csv(tmp / f"{name}.csv", index=False, quoting=csv.QUOTE_MINIMAL, na_rep="")
    return target
