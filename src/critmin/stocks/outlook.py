"""Demand outlooks of the stocks model: how fast each application grows (YAML files).

An outlook names the world outlook of ``demand.csv`` that sets the world inflow after the
base year (``world``) and, for any application (end-use sector), a path of its own — e.g.
electric-car sales — that its inflows follow instead:

.. math::

    I_{y,r,s} = D_{r,s} \\, \\frac{P_s(y)}{P_s(y_0)} \\quad (y \\ge y_0)

with :math:`D_{r,s}` the base year's demand of region r and sector s, :math:`y_0` the base
year and :math:`P_s` the path, interpolated log-linearly between its years and flat after the
last (as the world anchors). Years before the base year keep the world history. Sectors
without a path follow the world outlook. Every path names the dataset sources of its values
(``source_ids``); the figures are as published. See ``docs/stocks.md``.

>>> o = Outlook(name="x", world="IEA-APS", applications=[
...     {"sector": "ev", "unit": "million cars sold", "values": {2024: 17, 2030: 45},
...      "source_ids": ["s"]}])
>>> o.applications[0].values[2030]
45.0
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from critmin.core.validation import format_validation_error
from critmin.core.yamlio import read_yaml
from critmin.exceptions import CritminError


class OutlookError(CritminError, ValueError):
    """An outlook file is missing or invalid; the message names the file and the field."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ApplicationPath(_Model):
    """The path of one application: ``values`` by year (any unit: only ratios to the base
    year are used), in ``regions`` (codes or group names; default every region)."""

    sector: str = Field(min_length=1)
    regions: list[str] | None = None
    unit: str = Field(min_length=1)
    values: dict[int, float] = Field(min_length=1)
    source_ids: list[str] = Field(min_length=1)
    note: str = ""

    @field_validator("values")
    @classmethod
    def _positive(cls, v: dict[int, float]) -> dict[int, float]:
        bad = [y for y, x in v.items() if not x > 0]
        if bad:
            msg = f"values must be positive; not in {', '.join(map(str, sorted(bad)))}"
            raise ValueError(msg)
        return dict(sorted(v.items()))


class Outlook(_Model):
    """A demand outlook: the world outlook of ``demand.csv`` and paths per application."""

    name: str = Field(min_length=1)
    description: str = ""
    world: str = Field(min_length=1)
    applications: list[ApplicationPath] = Field(default_factory=list)
    assumptions: dict[str, str] = Field(default_factory=dict)

    @field_validator("applications")
    @classmethod
    def _one_path_per_sector(cls, v: list[ApplicationPath]) -> list[ApplicationPath]:
        sectors = [a.sector for a in v if a.regions is None]
        dup = sorted({s for s in sectors if sectors.count(s) > 1})
        if dup:
            msg = f"more than one world path for {', '.join(dup)}"
            raise ValueError(msg)
        return v


def outlooks_path() -> Path:
    """Folder of the bundled outlooks."""
    return Path(str(resources.files("critmin.stocks").joinpath("outlooks")))


def list_outlooks() -> list[str]:
    """Names of the bundled outlooks."""
    return sorted(p.stem for p in outlooks_path().glob("*.yaml"))


def outlook_from_dict(data: Any, where: str = "<outlook>") -> Outlook:
    """An :class:`Outlook`; :class:`OutlookError` names ``where`` and each field path."""
    if not isinstance(data, dict):
        msg = f"{where}: an outlook must be a mapping of fields, not {type(data).__name__}"
        raise OutlookError(msg)
    try:
        return Outlook.model_validate(data)
    except ValidationError as exc:
        raise OutlookError(format_validation_error(exc, where)) from None


def load_outlook(path: str | Path) -> Outlook:
    """Read an outlook YAML file (:class:`OutlookError` if missing or invalid)."""
    p = Path(path)
    return outlook_from_dict(read_yaml(p, "outlook", OutlookError), where=str(p))


def resolve_outlook(name: str | Outlook | None) -> Outlook | None:
    """The outlook ``name`` means: a bundled outlook's name, or a path to a ``.yaml`` file;
    ``None`` for any other string (a world outlook of ``demand.csv``)."""
    if name is None or isinstance(name, Outlook):
        return name
    if name in list_outlooks() and not Path(name).exists():
        return load_outlook(outlooks_path() / f"{name}.yaml")
    if name.endswith((".yaml", ".yml")):
        return load_outlook(name)
    return None
