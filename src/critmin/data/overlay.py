"""Partner-private overlays: figures one partner gives the coalition's runs but no one else.

A government's stockpile holdings are usually secret (Japan's JOGMEC publishes its target,
not its tonnes). An *overlay* lets a partner feed its own figures into the runs of a
coalition it belongs to without publishing them: a folder with ``overlay.yaml``::

    partner: JPN            # ISO3: whose figures these are (every row must be theirs)
    of: reference           # the dataset they complete
    description: JOGMEC holdings as of 2026-10 (for coalition runs only)

and ``stockpiles.csv`` (the dataset's schema; only rows of ``partner``) plus, if the rows
cite sources the dataset does not have, ``sources.csv``. An overlay row replaces the
dataset's row of the same country, holder, stage and material; other rows are added.

Only stockpiles can be overlaid: they are the figures a run reports row by row (opening,
released, months of cover), which the service then shows to other partners as coalition
aggregates only (:mod:`critmin.app.redact`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from critmin.core.yamlio import read_yaml
from critmin.data.checks import is_assigned_iso3 as is_iso3
from critmin.data.dataset import Dataset
from critmin.data.io import read_table_file
from critmin.exceptions import DatasetError, InputError, Problem

#: Tables an overlay may carry.
OVERLAY_TABLES = ("stockpiles",)
#: The columns that identify one stockpile row.
STOCK_KEY = ["country", "holder", "stage", "material"]


@dataclass(frozen=True)
class Overlay:
    """A partner's private figures: ``name`` (its folder), ``partner``, ``of`` (dataset
    name), ``folder``."""

    name: str
    partner: str
    of: str
    folder: Path
    description: str = ""


def read_overlay(folder: str | os.PathLike[str]) -> Overlay:
    """The overlay in ``folder`` (its ``overlay.yaml``); :class:`DatasetError` naming the
    file and field if it is malformed."""
    folder = Path(folder)
    shown = f"{folder.name}/overlay.yaml"
    try:
        meta = read_yaml(folder / "overlay.yaml", "overlay", InputError)
    except InputError as exc:
        raise DatasetError([Problem(shown, None, None, "overlay", str(exc))]) from None
    if not isinstance(meta, dict):
        raise DatasetError([Problem(shown, 1, None, "overlay", "expected a mapping with "
                                    "partner, of and description")])
    problems = []
    unknown = sorted(set(meta) - {"partner", "of", "description"})
    if unknown:
        problems.append(Problem(shown, None, unknown[0], "overlay",
                                "unknown field; expected partner, of, description"))
    partner = str(meta.get("partner", ""))
    if not is_iso3(partner):
        problems.append(Problem(shown, None, "partner", "overlay",
                                f"{partner!r} is not an ISO 3166-1 alpha-3 code"))
    of = meta.get("of")
    if not isinstance(of, str) or not of:
        problems.append(Problem(shown, None, "of", "overlay",
                                "name the dataset the overlay completes (e.g. reference)"))
    if problems:
        raise DatasetError(problems)
    return Overlay(name=folder.name, partner=partner, of=str(of), folder=folder,
                   description=str(meta.get("description", "")))


def apply_overlays(ds: Dataset, overlays: list[Overlay]) -> tuple[Dataset, list[dict[str, Any]]]:
    """``ds`` with the overlays' rows, and the private keys they brought in
    (``partner, country, stage, material``: what a run's outputs must not show to another
    partner). :class:`DatasetError` names the file, row, column and rule of a bad row."""
    tables = dict(ds.tables)
    private: list[dict[str, Any]] = []
    for ov in overlays:
        current = Dataset(tables=tables, meta=ds.meta, path=ds.path)
        src = ov.folder / "sources.csv"
        if src.is_file():
            extra = read_table_file(src, "sources", current)
            new = extra[~extra["source_id"].isin(tables["sources"]["source_id"])]
            tables["sources"] = pd.concat([tables["sources"], new], ignore_index=True)
            current = Dataset(tables=tables, meta=ds.meta, path=ds.path)
        file = ov.folder / "stockpiles.csv"
        if not file.is_file():
            raise DatasetError([Problem(f"{ov.name}/stockpiles.csv", None, None,
                                        "missing_table", "an overlay holds stockpiles.csv")])
        rows = read_table_file(file, "stockpiles", current)
        foreign = rows.index[rows["country"] != ov.partner]
        if len(foreign):
            i = int(foreign[0])
            raise DatasetError([Problem(f"{ov.name}/stockpiles.csv", i + 2, "country",
                                        "overlay", f"{rows.at[i, 'country']!r}: an overlay "
                                        f"of {ov.partner} holds only {ov.partner}'s rows")])
        base = tables["stockpiles"]
        keys = pd.MultiIndex.from_frame(rows[STOCK_KEY].astype(str))
        kept = base[~pd.MultiIndex.from_frame(base[STOCK_KEY].astype(str)).isin(keys)]
        tables["stockpiles"] = pd.concat([kept, rows[base.columns.intersection(rows.columns)]],
                                         ignore_index=True)
        private += [{"partner": ov.partner, "country": c, "stage": s, "material": m}
                    for c, s, m in sorted({(str(c), str(s), str(m)) for c, s, m in zip(
                        rows["country"], rows["stage"], rows["material"], strict=True)})]
    return Dataset(tables=tables, meta=ds.meta, path=ds.path), private
