"""Price paths: named ``year → USD/kg`` paths with probabilities, their files and loader.

A price-path file is YAML (several named paths with probabilities and cited sources, see the
bundled ``ndpr-example.yaml`` in this folder) or CSV (``year,price_usd_per_kg``, optionally
``path`` and ``probability``). :func:`load_price_paths` validates it and reports every
problem at once, naming the file, the line and the field. This is the only module of
:mod:`critmin.optimize` that reads files; the bundled files live next to it.

>>> paths = load_price_paths("ndpr-example")
>>> [p.name for p in paths.paths]
['baseline', 'china-suppression', 'supply-shock']
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from critmin.core.limits import limits
from critmin.core.numbers import number_rule, parse_number
from critmin.core.textio import read_text
from critmin.exceptions import ScenarioError

#: Folder of the bundled price-path files.
PRICE_PATH_DIR = Path(__file__).parent


class PriceSource(BaseModel):
    """A source cited by a price-path file."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    url: str = ""
    reliability: str = ""
    note: str = ""


class PricePath(BaseModel):
    """One named price path: ``{year: USD/kg}``, with an optional probability.

    Between listed years prices are interpolated linearly; before the first and after the
    last listed year they are held flat.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    name: str = Field(min_length=1)
    probability: float | None = Field(default=None, ge=0.0, le=1.0)
    description: str = ""
    prices: dict[Annotated[int, Field(ge=1900, le=2100)],
                 Annotated[float, Field(ge=0.0, allow_inf_nan=False)]] = Field(min_length=1)
    sourced: dict[int, str] = Field(default_factory=dict)

    @field_validator("prices")
    @classmethod
    def _sort_prices(cls, v: dict[int, float]) -> dict[int, float]:
        return dict(sorted(v.items()))

    @model_validator(mode="after")
    def _check_sourced(self) -> PricePath:
        extra = sorted(set(self.sourced) - set(self.prices))
        if extra:
            msg = f"sourced names year(s) {extra} that have no price"
            raise ValueError(msg)
        return self

    def price_array(self, years: Sequence[int] | np.ndarray) -> np.ndarray:
        """Prices (USD/kg) for ``years``: linear between listed years, flat beyond them."""
        xs = np.fromiter(self.prices.keys(), dtype=float)
        ys = np.fromiter(self.prices.values(), dtype=float)
        return np.interp(np.asarray(years, dtype=float), xs, ys)

    def suppressed(self, first_year: int, years: int, depth: float,
                   name: str | None = None) -> PricePath:
        """A copy with prices cut by ``depth`` (0.3 = −30 %) for ``years`` from ``first_year``.

        A simple model of price suppression by a dominant supplier (e.g. Chinese NdPr
        oxide in 2023–2024); the cut years are listed explicitly so that interpolation does
        not smear them.
        """
        if not 0.0 <= depth <= 1.0:
            msg = f"suppression depth must be in [0, 1], got {depth!r}"
            raise ScenarioError(msg)
        span = np.arange(first_year, first_year + years)
        base = dict(zip((int(y) for y in span), self.price_array(span), strict=True))
        # keep the path unchanged on both sides of the cut
        edges = [first_year - 1, first_year + years]
        prices = {**self.prices, **dict(zip(edges, self.price_array(edges), strict=True))}
        prices.update({y: float(p) * (1.0 - depth) for y, p in base.items()})
        return PricePath(name=name or f"{self.name}-suppressed", probability=self.probability,
                         description=f"{self.name} cut by {depth:.0%} in "
                                     f"{first_year}-{first_year + years - 1}",
                         prices={int(k): float(v) for k, v in prices.items()})


class PricePaths(BaseModel):
    """A set of named price paths for one material, with sources and probabilities."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    name: str = Field(min_length=1)
    material: str = ""
    stage: str = ""
    basis: Literal["oxide", "element", "product"] | None = None
    unit: Literal["USD/kg"] = "USD/kg"
    dollars: str = ""
    description: str = ""
    sources: list[PriceSource] = Field(default_factory=list)
    paths: list[PricePath] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> PricePaths:
        names = [p.name for p in self.paths]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            msg = f"duplicate path name(s): {', '.join(dup)}"
            raise ValueError(msg)
        probs = [p.probability for p in self.paths]
        given = [p for p in probs if p is not None]
        if given and len(given) != len(probs):
            msg = "give a probability for every path or for none"
            raise ValueError(msg)
        if given and abs(sum(given) - 1.0) > 1e-6:
            msg = f"path probabilities must sum to 1, got {sum(given):.6g}"
            raise ValueError(msg)
        ids = {s.id for s in self.sources}
        for p in self.paths:
            bad = sorted(set(p.sourced.values()) - ids)
            if bad:
                msg = f"path {p.name!r} cites unknown source id(s) {', '.join(bad)}"
                raise ValueError(msg)
        return self

    @property
    def probabilities(self) -> np.ndarray:
        """Path probabilities (equal weights when the file gives none)."""
        probs = [p.probability for p in self.paths]
        if probs[0] is None:
            return np.full(len(probs), 1.0 / len(probs))
        return np.asarray(probs, dtype=float)

    def __getitem__(self, name: str) -> PricePath:
        for p in self.paths:
            if p.name == name:
                return p
        msg = f"no price path {name!r}; paths: {', '.join(p.name for p in self.paths)}"
        raise KeyError(msg)


def bundled_price_paths() -> list[str]:
    """Names of the price-path files shipped with critmin (e.g. ``ndpr-example``)."""
    return sorted(p.stem for p in PRICE_PATH_DIR.glob("*.yaml"))


def load_price_paths(path: str | Path) -> PricePaths:
    """Load price paths from a YAML or CSV file, or a bundled name such as ``ndpr-example``.

    CSV: columns ``year,price_usd_per_kg`` (one path named after the file), optionally
    ``path`` (several paths) and ``probability`` (constant within a path). YAML: see
    ``price_paths/ndpr-example.yaml``. Problems raise :class:`ScenarioError` naming the file,
    the row (line) and the field.
    """
    p = Path(path)
    if not p.exists() and str(path) in bundled_price_paths():
        p = PRICE_PATH_DIR / f"{path}.yaml"
    if not p.is_file():
        names = ", ".join(bundled_price_paths())
        msg = f"price-path file {str(path)!r} not found (bundled: {names})"
        raise ScenarioError(msg)
    if p.suffix.lower() == ".csv":
        return _load_csv(p)
    if p.suffix.lower() in {".yaml", ".yml"}:
        return _load_yaml(p)
    msg = f"{p}: unknown price-path format {p.suffix!r}; use .csv, .yaml or .yml"
    raise ScenarioError(msg)


def _load_yaml(p: Path) -> PricePaths:
    import yaml

    from critmin.core.yamlio import load_yaml_text

    text = read_text(p, "price-path", ScenarioError, max_bytes=limits().yaml_bytes)
    try:
        data = load_yaml_text(text)  # checks size, depth and aliases before compose below
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        msg = f"{p}: not valid YAML: {exc}"
        raise ScenarioError(msg) from None
    if not isinstance(data, dict):
        msg = f"{p}: expected a mapping with 'name' and 'paths' at the top"
        raise ScenarioError(msg)
    data.setdefault("name", p.stem)
    try:
        return PricePaths.model_validate(data)
    except ValidationError as exc:
        lines = [f"{p}: {exc.error_count()} problem(s) in price paths:"]
        for err in exc.errors():
            loc = err["loc"]
            where = _describe_loc(data, loc)
            line = _yaml_line(root, loc)
            at = f"line {line}, " if line else ""
            lines.append(f"  - {at}{where}: {err['msg']}")
        raise ScenarioError("\n".join(lines)) from None


def _describe_loc(data: Any, loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int) and isinstance(node, list):
            name = node[key].get("name") if isinstance(node[key], dict) else None
            parts[-1] = f"{parts[-1]}[{key}]" + (f" ({name!r})" if name else "")
            node = node[key] if key < len(node) else None
            continue
        parts.append(str(key))
        node = node.get(key) if isinstance(node, dict) else None
    return " > ".join(parts) if parts else "file"


def _yaml_line(node: Any, loc: tuple[Any, ...]) -> int | None:
    import yaml

    line = None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if str(k.value) == str(key):
                    line, node = k.start_mark.line + 1, v
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _load_csv(p: Path) -> PricePaths:
    problems: list[str] = []
    rows: dict[str, dict[int, float]] = {}
    probs: dict[str, float | None] = {}
    with io.StringIO(read_text(p, "price-path", ScenarioError), newline="") as fh:
        reader = csv.DictReader(fh)
        cols = [c.strip() for c in (reader.fieldnames or [])]
        missing = [c for c in ("year", "price_usd_per_kg") if c not in cols]
        if missing:
            msg = f"{p}: missing column(s) {', '.join(missing)} (found: {', '.join(cols)})"
            raise ScenarioError(msg)
        for line, raw in enumerate(reader, start=2):
            if None in raw or None in raw.values():
                problems.append(f"{p}, row {line}: {'more' if None in raw else 'fewer'} "
                                "cells than the header has columns")
                continue
            row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
            name = row.get("path") or p.stem
            year = _csv_number(row["year"], int, p, line, "year", problems)
            price = _csv_number(row["price_usd_per_kg"], float, p, line, "price_usd_per_kg",
                                problems)
            prob = None
            if row.get("probability"):
                prob = _csv_number(row["probability"], float, p, line, "probability", problems)
                if name in probs and probs[name] is not None and prob != probs[name]:
                    problems.append(f"{p}, row {line}, column 'probability': differs from an "
                                    f"earlier row of path {name!r}")
            probs[name] = prob if prob is not None else probs.get(name)
            if year is None or price is None:
                continue
            if year in rows.setdefault(name, {}):
                problems.append(f"{p}, row {line}, column 'year': year {year} repeated in "
                                f"path {name!r}")
            rows[name][int(year)] = float(price)
    if not rows and not problems:
        problems.append(f"{p}: no price rows")
    data = {"name": p.stem, "paths": [{"name": n, "probability": probs.get(n), "prices": v}
                                      for n, v in rows.items()]}
    if not problems:
        try:
            return PricePaths.model_validate(data)
        except ValidationError as exc:
            problems += [f"{p}: {_describe_loc(data, e['loc'])}: {e['msg']}" for e in exc.errors()]
    msg = f"{p}: {len(problems)} problem(s):\n" + "\n".join(f"  - {x}" for x in problems)
    raise ScenarioError(msg)


def _csv_number(text: str, kind: type, p: Path, line: int, col: str,
                problems: list[str]) -> Any:
    value = parse_number(text, integer=kind is int)
    if value is None:
        problems.append(f"{p}, row {line}, column '{col}': {text[:40]!r} is not "
                        f"{number_rule(kind is int)}")
        return None
    if value < 0:
        problems.append(f"{p}, row {line}, column '{col}': {text!r} must be >= 0")
        return None
    return kind(value)
