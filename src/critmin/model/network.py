"""The supply-chain network of a dataset for a span of years, as tidy tables.

Nodes are ``(country, stage, material)``; a *good* is a ``(stage, material)`` pair.
Yearly values are carried forward: for a year without data, the latest earlier year
with data for that key is used (or the earliest year, before the first one).
Nothing here solves anything; :mod:`critmin.simulate` turns the network into LPs.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from critmin.data import Dataset

logger = logging.getLogger(__name__)

Good = tuple[str, str]


def carry_forward(df: pd.DataFrame, keys: Sequence[str], year: int) -> pd.DataFrame:
    """Rows of ``df`` valid in ``year``: per key, the latest year ≤ ``year``, else the earliest.

    >>> df = pd.DataFrame({"k": ["a", "a", "b"], "year": [2020, 2024, 2026], "v": [1, 2, 3]})
    >>> carry_forward(df, ["k"], 2025)["v"].tolist()
    [2, 3]
    """
    if df.empty:
        return df.copy()
    y = df["year"].to_numpy()
    # past rows rank by distance (latest first), then every future row (earliest first)
    score = np.where(y <= year, year - y, (y - year) + 1_000_000).tolist()
    best: dict[tuple, int] = {}
    for i, key in enumerate(zip(*(df[k].tolist() for k in keys), strict=True)):
        b = best.get(key)
        if b is None or score[i] < score[b]:  # ties: the first row wins
            best[key] = i
    return df.iloc[[best[k] for k in sorted(best)]].reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class Network:
    """The chain of a dataset: goods, recipes, and yearly capacity, trade and demand.

    Attributes
    ----------
    dataset : Dataset
    outlook : str
        Demand outlook to prefer for projected years (``""`` = observed rows only).
    """

    dataset: Dataset
    outlook: str = ""
    _cache: dict = field(default_factory=dict, repr=False)

    @cached_property
    def countries(self) -> list[str]:
        return sorted(self.dataset.countries["country"])

    @cached_property
    def stage_order(self) -> dict[str, int]:
        st = self.dataset.stages
        return {str(s): int(o) for s, o in zip(st["stage"], st["order"], strict=True)}

    @cached_property
    def recipes(self) -> pd.DataFrame:
        """``stage, material, input_stage, input_material, input_t_per_t`` (t input per t)."""
        cols = ["stage", "material", "input_stage", "input_material", "input_t_per_t"]
        return self.dataset.recipes[cols].reset_index(drop=True)

    @cached_property
    def produced_goods(self) -> set[Good]:
        """Goods with a capacity or production row in some year, or a facility."""
        cap = self.dataset.capacity
        ok = cap["capacity_t"].fillna(0).gt(0) | cap["production_t"].fillna(0).gt(0)
        goods = set(zip(cap.loc[ok, "stage"], cap.loc[ok, "material"], strict=True))
        fac = self.dataset.facilities
        goods |= set(zip(fac["stage"], fac["material"], strict=True))
        return goods

    @cached_property
    def unconstrained_goods(self) -> set[Good]:
        """Recipe inputs that no country produces and nobody stocks, demands or trades
        (e.g. Fe, B): treated as available without limit."""
        inputs = set(zip(self.recipes["input_stage"], self.recipes["input_material"],
                         strict=True))
        ds = self.dataset
        used = set(zip(ds.demand["stage"], ds.demand["material"], strict=True))
        used |= set(zip(ds.stockpiles["stage"], ds.stockpiles["material"], strict=True))
        used |= set(zip(ds.trade["stage"], ds.trade["material"], strict=True))
        return {g for g in inputs if g not in self.produced_goods and g not in used}

    @cached_property
    def _inputs(self) -> dict[Good, list[tuple[Good, float]]]:
        r = self.recipes
        out: dict[Good, list[tuple[Good, float]]] = {}
        for st, m, ist, im, a in zip(r["stage"], r["material"], r["input_stage"],
                                     r["input_material"], r["input_t_per_t"], strict=True):
            if (ist, im) not in self.unconstrained_goods and a > 0:
                out.setdefault((str(st), str(m)), []).append(((str(ist), str(im)), float(a)))
        return out

    def inputs_of(self, good: Good) -> list[tuple[Good, float]]:
        """Constrained inputs of ``good`` with tonnes of input per tonne of output."""
        return list(self._inputs.get(good, ()))

    @cached_property
    def _edges(self) -> list[tuple[Good, Good]]:
        r = self.recipes
        return [((str(ist), str(im)), (str(st), str(m))) for st, m, ist, im in zip(
            r["stage"], r["material"], r["input_stage"], r["input_material"], strict=True)]

    def downstream_closure(self, goods: Iterable[Good]) -> set[Good]:
        """``goods`` and every good made, directly or not, from one of them."""
        key = ("closure", frozenset(goods))
        if key not in self._cache:
            out = set(key[1])
            changed = True
            while changed:
                changed = False
                for inp, product in self._edges:
                    if inp in out and product not in out:
                        out.add(product)
                        changed = True
            self._cache[key] = frozenset(out)
        return set(self._cache[key])

    def capacity(self, year: int) -> pd.DataFrame:
        """``country, stage, material, capacity_t, production_t, implied`` valid in ``year``
        (t/yr).

        A blank capacity is taken as the production, a blank production as the capacity.
        An exporter in ``trade.csv`` without a capacity row for the good gets an *implied*
        supply equal to its exports of the year (capacity data is often missing where trade
        data exists, e.g. refined cobalt from Norway).
        """
        key = ("capacity", year)
        if key not in self._cache:
            keys = ["country", "stage", "material"]
            d = carry_forward(self.dataset.capacity, keys, year)[
                [*keys, "capacity_t", "production_t"]].copy()
            cap = d["capacity_t"].fillna(d["production_t"])
            d["production_t"] = d["production_t"].fillna(cap)
            d["capacity_t"] = np.maximum(cap, d["production_t"])
            d = d[d["capacity_t"].fillna(0) > 0].dropna(subset=["capacity_t"])
            d = d.assign(implied=False)
            implied = self._trade_implied(year, d)
            if len(implied):
                d = pd.concat([d, implied], ignore_index=True)
            self._cache[key] = d.reset_index(drop=True)
        return self._cache[key]

    def _trade_implied(self, year: int, cap: pd.DataFrame) -> pd.DataFrame:
        """Exporters of ``trade.csv`` with no capacity row for the good: a supply equal to
        their observed exports of the year (``implied`` = True)."""
        t = self.trade(year)
        cols = ["country", "stage", "material", "capacity_t", "production_t", "implied"]
        if t.empty:
            return pd.DataFrame(columns=cols)
        known = set(zip(cap["country"], cap["stage"], cap["material"], strict=True))
        exports: dict[tuple[str, str, str], float] = {}
        for k, q in zip(zip(t["exporter"], t["stage"], t["material"], strict=True),
                        t["quantity_t"].tolist(), strict=True):
            if k not in known:
                exports[k] = exports.get(k, 0.0) + q
        rows = [(*k, q, q, True) for k, q in sorted(exports.items()) if q > 0]
        out = pd.DataFrame(rows, columns=cols)
        for c in ("country", "stage", "material"):
            out[c] = out[c].astype(cap[c].dtype)
        return out

    def trade(self, year: int) -> pd.DataFrame:
        """``exporter, importer, stage, material, quantity_t`` valid in ``year`` (t/yr)."""
        key = ("trade", year)
        if key not in self._cache:
            keys = ["exporter", "importer", "stage", "material"]
            d = carry_forward(self.dataset.trade, keys, year)
            d = d[d["exporter"] != d["importer"]]
            self._cache[key] = d[[*keys, "quantity_t"]].reset_index(drop=True)
        return self._cache[key]

    def demand(self, year: int) -> pd.DataFrame:
        """``country, sector, stage, material, demand_t`` valid in ``year`` (t/yr).

        Rows of the chosen outlook win over observed rows of the same year.
        """
        key = ("demand", year)
        if key not in self._cache:
            keys = ["country", "sector", "stage", "material"]
            d = carry_forward(self._demand_rows, keys, year)
            self._cache[key] = d[[*keys, "demand_t"]].reset_index(drop=True)
        return self._cache[key]

    @cached_property
    def _demand_rows(self) -> pd.DataFrame:
        """Demand rows of the chosen outlook, or observed where the outlook has none."""
        dem = self.dataset.demand
        if "outlook" in dem.columns:
            dem = dem[dem["outlook"].isin(["", self.outlook])]
            dem = dem.assign(_pref=(dem["outlook"] != self.outlook).astype(int))
            dem = dem.sort_values(["year", "_pref"]).drop_duplicates(
                ["country", "sector", "stage", "material", "year"])
        return dem

    @cached_property
    def stock_held(self) -> dict[tuple[str, Good], float]:
        """``{(country, good): t}`` held in stockpiles (summed over holders)."""
        st = self.stockpiles
        return {(k, (s, m)): float(q) for k, s, m, q in
                zip(st["country"], st["stage"], st["material"], st["quantity_t"], strict=True)}

    @cached_property
    def stockpiles(self) -> pd.DataFrame:
        """``country, stage, material, quantity_t, max_release_t_per_year`` summed over
        holders; a blank quantity counts as 0 t, a blank limit as no limit (``inf``)."""
        s = self.dataset.stockpiles
        cols = ["country", "stage", "material", "quantity_t", "max_release_t_per_year"]
        if s.empty:
            return pd.DataFrame(columns=cols)
        d = s.assign(quantity_t=s["quantity_t"].fillna(0.0),
                     max_release_t_per_year=s["max_release_t_per_year"].fillna(np.inf))
        return d.groupby(cols[:3], as_index=False)[cols[3:]].sum()

    def facility(self, facility_id: str) -> dict:
        """Row of ``facilities.csv`` for ``facility_id`` as a dict."""
        fac = self.dataset.facilities
        row = fac[fac["facility_id"] == facility_id]
        if row.empty:
            msg = f"unknown facility {facility_id!r}"
            raise KeyError(msg)
        return row.iloc[0].to_dict()


def build_network(ds: Dataset, outlook: str = "") -> Network:
    """The :class:`Network` of ``ds``."""
    return Network(ds, outlook=outlook)
