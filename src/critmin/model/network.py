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
    """Rows of ``df`` valid in ``year``: per key, the rows of its latest year ≤ ``year``,
    else of its earliest year. Sorted by key (rows of one key and year keep their order).

    >>> df = pd.DataFrame({"k": ["a", "a", "b"], "year": [2020, 2024, 2026], "v": [1, 2, 3]})
    >>> carry_forward(df, ["k"], 2025)["v"].tolist()
    [2, 3]
    """
    if df.empty:
        return df.copy()
    y = df["year"].to_numpy(dtype=np.int64)
    # past rows rank by distance (latest first), then every future row (earliest first)
    score = pd.Series(np.where(y <= year, year - y, (y - year) + 1_000_000), index=df.index)
    best = score.groupby([df[k] for k in keys], sort=False).transform("min")
    return df.loc[score == best].sort_values(list(keys), kind="stable").reset_index(drop=True)


def _sum_rows(df: pd.DataFrame, keys: list[str], values: list[str]) -> pd.DataFrame:
    """One row per key: ``values`` summed (all blank stays blank), ``year`` kept."""
    if not df.duplicated(keys).any():
        return df
    agg = {c: (lambda x: x.sum(min_count=1)) for c in values}
    return df.groupby(keys, as_index=False, sort=True).agg({"year": "first", **agg})


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
        """The producers of ``year``: ``country, stage, material, year, capacity_t,
        production_t, stated_capacity_t, stated_production_t, reported_production_t,
        implied_t, net_exports_t, implied`` (t/yr).

        This is the one "chain in a year" that the simulation and the exposure metrics
        both read. Rows are carried forward (:func:`carry_forward`; ``year`` is the year a
        row comes from, blank for a supply implied by trade). A blank capacity is taken
        as the production and a blank production as the capacity (``stated_*``); the
        reported production, blank or not, is ``reported_production_t``.

        Exports the data cannot explain are implied production: where an exporter's
        exports ``X`` exceed its reported production ``P`` (blank counts 0) plus its
        imports ``M`` of the good, ``implied_t = X − P − M`` (capacity data is often
        missing where trade data exists, e.g. refined cobalt from Norway, and a trading
        hub re-exports what it imports). ``capacity_t`` and ``production_t`` are at least
        ``P + implied_t``; ``implied`` marks the rows with implied production;
        ``net_exports_t`` is ``X − M``.
        """
        key = ("capacity", year)
        if key not in self._cache:
            self._cache[key] = year_capacity(self.dataset.capacity, self.trade(year), year)
        return self._cache[key]

    def trade(self, year: int) -> pd.DataFrame:
        """``exporter, importer, stage, material, year, quantity_t`` valid in ``year``
        (t/yr; ``year`` is the year each row comes from, see :func:`carry_forward`)."""
        key = ("trade", year)
        if key not in self._cache:
            keys = ["exporter", "importer", "stage", "material"]
            d = carry_forward(self.dataset.trade, keys, year)[[*keys, "year", "quantity_t"]]
            d = _sum_rows(d[d["exporter"] != d["importer"]], keys, ["quantity_t"])
            self._cache[key] = d.reset_index(drop=True)
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


#: Implied production below this share of a node's trade is rounding, not production.
IMPLIED_TOL = 1e-9

NODE = ["country", "stage", "material"]


def year_capacity(capacity: pd.DataFrame, trade: pd.DataFrame, year: int) -> pd.DataFrame:
    """The producers of ``year`` from the rows of ``capacity`` and the year's ``trade``
    (carried forward, as :meth:`Network.trade` gives it); see :meth:`Network.capacity`."""
    d = carry_forward(capacity, NODE, year)[[*NODE, "year", "capacity_t", "production_t"]]
    d = _sum_rows(d, NODE, ["capacity_t", "production_t"])
    d = d.rename(columns={"production_t": "reported_production_t"})
    cap = d["capacity_t"].fillna(d["reported_production_t"])
    prod = d["reported_production_t"].fillna(cap)
    d = d.assign(capacity_t=np.maximum(cap, prod), production_t=prod)
    d = d[d["capacity_t"].fillna(0) > 0].dropna(subset=["capacity_t"])
    d = d.merge(_net_exports(trade), on=NODE, how="outer")
    for c in ("exports_t", "imports_t", "trade_t"):
        d[c] = d[c].fillna(0.0)
    d["year"] = d["year"].astype("Int64")
    p0 = d["reported_production_t"].fillna(0.0)
    implied = np.maximum(0.0, d["exports_t"] - p0 - d["imports_t"])
    implied = implied.where(implied > IMPLIED_TOL * np.maximum(1.0, d["trade_t"]), 0.0)
    supply = p0 + implied
    stated_cap, stated_prod = d["capacity_t"].fillna(0.0), d["production_t"].fillna(0.0)
    d = d.assign(implied_t=implied, net_exports_t=d["exports_t"] - d["imports_t"],
                 stated_capacity_t=stated_cap, stated_production_t=stated_prod,
                 capacity_t=np.maximum(stated_cap, supply),
                 production_t=np.maximum(stated_prod, supply), implied=implied > 0)
    d = d[d["capacity_t"] > 0]
    for c in NODE:
        d[c] = d[c].astype(capacity[c].dtype)
    cols = [*NODE, "year", "capacity_t", "production_t", "stated_capacity_t",
            "stated_production_t", "reported_production_t", "implied_t", "net_exports_t",
            "implied"]
    return d[cols].sort_values(NODE, kind="stable").reset_index(drop=True)


def _net_exports(trade: pd.DataFrame) -> pd.DataFrame:
    """Exports, imports and the node's whole trade (t/yr) of every exporter × good."""
    goods = ["stage", "material"]
    x = trade.groupby(["exporter", *goods], as_index=False)["quantity_t"].sum()
    x = x.rename(columns={"exporter": "country", "quantity_t": "exports_t"})
    m = trade.groupby(["importer", *goods], as_index=False)["quantity_t"].sum()
    m = m.rename(columns={"importer": "country", "quantity_t": "imports_t"})
    total = trade.groupby(goods, as_index=False)["quantity_t"].sum().rename(
        columns={"quantity_t": "trade_t"})
    out = x.merge(m, on=NODE, how="left").merge(total, on=goods, how="left")
    return out[out["exports_t"] > 0]
