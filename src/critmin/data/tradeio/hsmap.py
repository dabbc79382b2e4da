"""The HS → (stage, material) map: which traded goods count as which link of the chain.

The shipped map (``hs_map.csv`` beside this module, HS 2022 six-digit subheadings) gives
for each code the stage and material it feeds and ``factor``, the tonnes of the dataset's
material per tonne of the good (contained element, REO or product, as the stage counts;
``stages.csv``). A code with a stage and material but no factor is documented but not
imported: no factor could be sourced (its note says why). Every factor cites
``factor_source_id``, a row of ``hs_map_sources.csv``. A user's map in the same layout
replaces it (``--map``).

>>> m = load_hs_map()
>>> m.factor_of("283691")
('refining', 'Li', 0.18785)
>>> m.factor_of("280530") is None      # mixed rare-earth metals: no sourced factor
True
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from critmin.data.tradeio.common import TradeFileError
from critmin.exceptions import Problem

MAP_COLUMNS = ("hs_code", "stage", "material", "factor", "source_id", "factor_source_id",
               "note")
_HS6 = re.compile(r"^\d{6}$")


def shipped_path(name: str = "hs_map.csv") -> Path:
    """Path of a file shipped with the map (``hs_map.csv``, ``hs_map_sources.csv``)."""
    return Path(str(resources.files("critmin.data.tradeio").joinpath(name)))


@dataclass(frozen=True)
class HsMap:
    """A checked HS map: ``rows`` by code, the ``sources`` its rows cite, its ``path``."""

    rows: dict[str, dict[str, str]]
    sources: dict[str, dict[str, str]]
    path: Path

    def factor_of(self, code: str) -> tuple[str, str, float] | None:
        """``(stage, material, factor)`` of an imported code, ``None`` if not imported."""
        r = self.rows.get(code)
        if r is None or not r["stage"] or not r["factor"]:
            return None
        return r["stage"], r["material"], float(r["factor"])

    @property
    def imported_codes(self) -> list[str]:
        """Codes whose flows are imported (stage, material and factor given), sorted."""
        return sorted(c for c in self.rows if self.factor_of(c) is not None)

    def cited_sources(self, codes: list[str]) -> list[dict[str, str]]:
        """Source rows the given codes cite (mapping and factor), each once."""
        ids = {self.rows[c][k] for c in codes for k in ("source_id", "factor_source_id")
               if c in self.rows and self.rows[c][k]}
        return [self.sources[i] for i in sorted(ids) if i in self.sources]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [{k.strip(): (v or "").strip() for k, v in r.items() if k is not None}
                for r in csv.DictReader(f)]


def load_hs_map(path: str | Path | None = None) -> HsMap:
    """Read and check an HS map (the shipped one by default).

    A user's map cites sources of the shipped ``hs_map_sources.csv`` or of a
    ``<name>_sources.csv`` file beside it (same columns as ``sources.csv``).

    Raises
    ------
    TradeFileError
        Naming file, row and column of every problem (code not six digits, factor not a
        positive number, a factor without stage and material, a duplicate code, an
        unknown source).
    """
    file = shipped_path() if path is None else Path(path)
    if not file.is_file():
        raise TradeFileError([Problem(str(file), None, None, "missing_map", "no such file")])
    rows = _read(file)
    sources = {r["source_id"]: r for r in _read(shipped_path("hs_map_sources.csv"))}
    own = file.with_name(file.stem + "_sources.csv")
    if path is not None and own.is_file():
        sources.update({r["source_id"]: r for r in _read(own)})
    header = list(rows[0]) if rows else []
    missing = [c for c in MAP_COLUMNS if c not in header]
    if missing:
        raise TradeFileError([Problem(str(file), 1, c, "missing_column",
                                      f"required column '{c}' is missing") for c in missing])
    problems: list[Problem] = []
    out: dict[str, dict[str, str]] = {}
    for line, r in enumerate(rows, start=2):
        _check_row(r, line, str(file), set(sources), problems)
        if r["hs_code"] in out:
            problems.append(Problem(str(file), line, "hs_code", "duplicate_key",
                                    f"code {r['hs_code']} is mapped twice"))
        out[r["hs_code"]] = r
    if problems:
        raise TradeFileError(problems)
    return HsMap(rows=out, sources=sources, path=file)


def _check_row(r: dict[str, str], line: int, file: str, known: set[str],
               problems: list[Problem]) -> None:
    def bad(column: str, rule: str, message: str) -> None:
        problems.append(Problem(file, line, column, rule, message))

    if not _HS6.match(r["hs_code"]):
        bad("hs_code", "hs_code", f"{r['hs_code']!r} is not a six-digit HS code "
                                   "(keep leading zeros: 030110, not 30110)")
    if bool(r["stage"]) != bool(r["material"]):
        bad("material" if r["stage"] else "stage", "required_value",
            "give both stage and material, or neither (code listed, not mapped)")
    if r["factor"]:
        try:
            ok = float(r["factor"]) > 0
        except ValueError:
            ok = False
        if not ok:
            bad("factor", "type", f"{r['factor']!r} is not a positive number")
        if not r["stage"]:
            bad("factor", "required_value", "a factor needs a stage and a material")
        if not r["factor_source_id"]:
            bad("factor_source_id", "required_value", "a factor needs its source")
    for col in ("source_id", "factor_source_id"):
        if r[col] and r[col] not in known:
            bad(col, "unknown_source", f"source {r[col]!r} is in neither hs_map_sources.csv "
                                       "nor the map's own _sources.csv")
