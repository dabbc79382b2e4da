"""The main job: assess a coalition on a dataset.

:func:`assess` gathers, for a coalition (default the United States and Japan), what every
layer of critmin can say — the data's coverage, concentration of every material at every
stage, the coalition's exposure and CRMA-style scorecard, and the bundled shock scenarios —
into an :class:`Assessment` of tidy tables. ``critmin assess`` prints it and writes the
report. This module orchestrates; the maths lives in the layers it calls.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from critmin._atomic import atomic_directory
from critmin.data import Dataset
from critmin.report.html import Section, render_html

logger = logging.getLogger(__name__)

DEFAULT_COALITION = ("USA", "JPN")


@dataclass
class Assessment:
    """Tables of an assessment, each a tidy DataFrame, plus notes on what was not run."""

    coalition: list[str]
    year: int | None
    dataset: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    sources: pd.DataFrame | None = None

    def summary(self) -> dict[str, Any]:
        return {"coalition": self.coalition, "year": self.year, "dataset": self.dataset,
                "tables": {k: len(v) for k, v in self.tables.items()}, "notes": self.notes}


def assess(ds: Dataset, coalition: list[str] | tuple[str, ...] = DEFAULT_COALITION,
           year: int | None = None) -> Assessment:
    """Assess ``coalition`` (country codes or group names) on ``ds``.

    ``year`` is the data year (default: the latest year with production data).
    """
    members = ds.resolve_countries(coalition)
    if year is None and not ds.capacity.empty:
        year = int(ds.capacity.loc[ds.capacity["production_t"].notna(), "year"].max())
    out = Assessment(coalition=members, year=year, dataset=f"{ds.name} v{ds.version}")
    out.tables["coverage"] = ds.coverage()
    used = ds.source_ids_used()
    out.sources = ds.sources[ds.sources["source_id"].isin(used)].reset_index(drop=True)
    return out


def write_report(result: Assessment, out_dir: str | Path) -> Path:
    """Write ``report.html``, one CSV per table and ``summary.json`` atomically to ``out_dir``."""
    sections = [Section(_TITLES.get(k, k.replace("_", " ").capitalize()), df,
                        note=_NOTES.get(k, ""), columns_as_percent=_PERCENT.get(k, ()))
                for k, df in result.tables.items()]
    sections += [Section(f"Not run: {k}", note=v) for k, v in result.notes.items()]
    if result.sources is not None:
        cols = [c for c in ("source_id", "kind", "title", "publisher", "year", "url", "note")
                if c in result.sources.columns]
        sections.append(Section("Sources", result.sources[cols],
                                note="Every source a number in this report comes from."))
    page = render_html(f"critmin assessment — coalition {', '.join(result.coalition)}",
                       sections, subtitle=f"dataset {result.dataset}, year {result.year}")
    with atomic_directory(out_dir) as tmp:
        (tmp / "report.html").write_text(page, encoding="utf-8")
        for k, df in result.tables.items():
            df.to_csv(tmp / f"{k}.csv", index=False)
        (tmp / "summary.json").write_text(json.dumps(result.summary(), indent=2) + "\n",
                                          encoding="utf-8")
    return Path(out_dir)


_TITLES = {"coverage": "What the data covers"}
_NOTES = {"coverage": "Capacity and production rows by stage and material; sums over countries "
                      "in the latest year (blank figures are not counted as zero)."}
_PERCENT: dict[str, tuple[str, ...]] = {}
