"""Helpers shared by the labelled metric functions (selection, economies, errors)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from critmin.data.dataset import Dataset
from critmin.exceptions import CritminError

logger = logging.getLogger(__name__)

REST_OF_WORLD = frozenset({"XOT"})
"""Codes of aggregate "other countries" rows: counted in totals, not ranked as one country."""

UNKNOWN = "unknown"
"""Origin label for supply whose origin the data cannot tell."""


class MetricsError(CritminError, ValueError):
    """A metric was asked for something the dataset cannot answer (unknown name, year)."""


@dataclass(frozen=True)
class Economy:
    """A country or a coalition treated as one economy.

    Attributes
    ----------
    name : str
        Label used in outputs (``"USA"`` or ``"USA+JPN"``).
    members : tuple of str
        Member country codes (trade between members is internal).
    """

    name: str
    members: tuple[str, ...]

    @property
    def is_coalition(self) -> bool:
        return len(self.members) > 1


def as_list(value: str | Iterable[str] | None) -> list[str] | None:
    """``None`` → ``None``; a string → ``[string]`` (comma-separated allowed); else a list."""
    if value is None:
        return None
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    out: list[str] = []
    for v in value:
        out += as_list(v) or []
    return out


def resolve_economy(ds: Dataset, names: str | Sequence[str]) -> Economy:
    """Resolve country codes and group names (e.g. ``["USA", "JPN"]``, ``"G7"``)."""
    items = as_list(names) or []
    if not items:
        msg = "no country or coalition given"
        raise MetricsError(msg)
    try:
        members = ds.resolve_countries(items)
    except KeyError as exc:
        raise MetricsError(str(exc.args[0])) from None
    label = "+".join(items) if len(items) > 1 or len(members) > 1 else members[0]
    return Economy(name=label, members=tuple(members))


def stage_order(ds: Dataset) -> dict[str, int]:
    """Stage code → order (position in the chain)."""
    return {str(s): int(o) for s, o in zip(ds.stages["stage"], ds.stages["order"], strict=True)}


def default_year(ds: Dataset) -> int:
    """The dataset's base year if it has production data, else its latest such year."""
    cap = ds.capacity
    years = sorted({int(y) for y in cap.loc[cap["production_t"].notna(), "year"]})
    if not years:
        msg = "the dataset has no production data (capacity.csv production_t is blank)"
        raise MetricsError(msg)
    base = ds.base_year
    return base if base in years else years[-1]


def check_names(kind: str, asked: Iterable[str] | None, known: Iterable[str]) -> None:
    """Raise :class:`MetricsError` naming any asked material/stage not in the dataset."""
    if asked is None:
        return
    known_set = set(known)
    bad = [a for a in asked if a not in known_set]
    if bad:
        msg = (f"unknown {kind} {', '.join(map(repr, bad))}; known: "
               f"{', '.join(sorted(known_set))}")
        raise MetricsError(msg)


def select(df: pd.DataFrame, materials: Sequence[str] | None = None,
           stages: Sequence[str] | None = None,
           years: Sequence[int] | None = None) -> pd.DataFrame:
    """Rows of ``df`` for the given materials, stages and years (``None`` = all)."""
    mask = pd.Series(True, index=df.index)
    if materials is not None:
        mask &= df["material"].isin(list(materials))
    if stages is not None:
        mask &= df["stage"].isin(list(stages))
    if years is not None:
        mask &= df["year"].astype("int64").isin([int(y) for y in years])
    return df.loc[mask]


def join(items: Iterable[str]) -> str:
    """``;``-joined sorted unique items ("" when empty), the list-cell convention."""
    return ";".join(sorted({str(i) for i in items if str(i)}))


def trade_for_year(ds: Dataset, year: int, fallback: bool = True) -> pd.DataFrame:
    """Trade rows used for ``year``: that year's, or with ``fallback`` for each
    (stage, material) without rows in ``year`` the latest earlier year that has some.

    Bilateral trade statistics often lag production estimates by a year or more; the
    ``year`` column of the result says which year each row comes from.
    """
    years = ds.trade["year"].astype("int64")
    trade = ds.trade.loc[(years <= year) if fallback else (years == year)]
    if fallback and not trade.empty:
        latest = trade.groupby(["stage", "material"])["year"].transform("max")
        trade = trade.loc[trade["year"] == latest]
    return trade
