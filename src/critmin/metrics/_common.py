"""Helpers shared by the labelled metric functions (selection, economies, errors)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from critmin.data.dataset import Dataset
from critmin.exceptions import CritminError
from critmin.model.network import Network, build_network, year_capacity

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
    # canonical: the same coalition has one label whatever the order it was given in
    label = "+".join(sorted(dict.fromkeys(items))) if len(items) > 1 or len(members) > 1 \
        else members[0]
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


def network(ds: Dataset) -> Network:
    """The dataset's :class:`~critmin.model.network.Network` (demand outlook: observed),
    kept with the dataset while its tables stay the same."""
    return ds.memo("network", ("capacity", "trade", "demand", "recipes", "stockpiles",
                               "facilities", "materials", "stages"),
                   lambda: build_network(ds))


def chain_year(ds: Dataset, year: int, trade_fallback: bool = True
               ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Capacity and trade rows of ``year`` as the simulation reads them: the network's
    chain in a year (:meth:`critmin.model.network.Network.capacity`), in the shape of the
    dataset's tables, so that the exposure tables and a shock's baseline stand on the
    same numbers.

    Rows are carried forward per key (``data_year`` says from which year; ``year`` is
    ``year``). ``production_t`` is the reported production plus the production implied
    by exports (blank where nothing is reported and nothing implied), ``implied_t`` the
    implied part, ``reported_production_t`` the reported figure. ``trade_fallback=False``
    keeps only trade rows of ``year`` itself (and implies production from them).
    """
    net = network(ds)
    trade = net.trade(year)
    if trade_fallback:
        cap = net.capacity(year)
    else:
        trade = trade.loc[trade["year"] == year]
        cap = year_capacity(ds.capacity, trade, year)
    reported = cap["reported_production_t"]
    implied = cap["implied_t"]
    production = reported.fillna(0.0) + implied
    cap = cap.assign(data_year=cap["year"], year=year,
                     production_t=production.where(reported.notna() | (implied > 0)))
    trade = trade.assign(data_year=trade["year"], year=year)
    return cap, trade
