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
from critmin.model.coproduction import Feed, feeds_of

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
    score = np.where(y <= year, year - y, (y - year) + 1_000_000)
    codes, first = _codes([df[k].to_numpy(dtype=object) for k in keys])
    best = np.full(first.size, np.iinfo(np.int64).max)
    np.minimum.at(best, codes, score)
    rows = np.flatnonzero(score == best[codes])
    rows = rows[np.argsort(codes[rows], kind="stable")]
    return df.iloc[rows].reset_index(drop=True)


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
    def known_goods(self) -> set[Good]:
        """Every good the dataset names in capacity, trade, demand, stockpiles or recipes."""
        ds = self.dataset
        out = set(self.produced_goods)
        for t in (ds.trade, ds.demand, ds.stockpiles, self.recipes):
            out |= set(zip(t["stage"], t["material"], strict=True))
        out |= set(zip(self.recipes["input_stage"], self.recipes["input_material"],
                       strict=True))
        return {(str(s), str(m)) for s, m in out}

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

    @cached_property
    def feeds(self) -> dict[tuple[str, str], Feed]:
        """The co-producing separation nodes ``(country, stage)`` with what a tonne of
        their feed yields (``feeds.csv`` × ``compositions.csv``; see
        :mod:`critmin.model.coproduction`). Elements count towards the goods some country
        makes at the stage (Nd and Pr towards NdPr where NdPr is made and Nd is not)."""
        ds = self.dataset
        chain: dict[str, set[str]] = {}
        for st, m in self.produced_goods:
            chain.setdefault(st, set()).add(m)
        return feeds_of(ds.feeds, ds.compositions, ds.materials, chain)

    @cached_property
    def ramp_rates(self) -> dict[tuple[str, str], float]:
        """The dataset's ramp rates (share of capacity per year) by ``(stage, material)``;
        material ``""`` is the stage's rate for materials without their own row."""
        r = self.dataset.ramps
        if r is None or r.empty:
            return {}
        mat = r["material"].fillna("").astype(str) if "material" in r else [""] * len(r)
        return {(str(st), str(m)): float(v)
                for st, m, v in zip(r["stage"], mat, r["rate_per_year"], strict=True)}

    def ramp_rate(self, stage: str, material: str) -> float | None:
        """The ramp rate of ``(stage, material)``: its own row, else its stage's, else None
        (the dataset gives none: no limit)."""
        rates = self.ramp_rates
        return rates.get((stage, material), rates.get((stage, "")))

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
        implied_t, unexplained_t, net_exports_t, implied`` (t/yr).

        This is the one "chain in a year" that the simulation and the exposure metrics
        both read. Rows are carried forward (:func:`carry_forward`; ``year`` is the year a
        row comes from, blank for a supply implied by trade). A blank capacity is taken
        as the production and a blank production as the capacity (``stated_*``); the
        reported production, blank or not, is ``reported_production_t``.

        Exports the data cannot explain: where an exporter's exports ``X`` exceed its
        reported production ``P`` plus its imports ``M`` of the good, the excess
        ``X − P − M`` is

        * ``implied_t``, production implied by trade, where the dataset records no
          production for the node (``P`` blank): capacity data is often missing where
          trade data exists, e.g. refined cobalt from Norway. ``capacity_t`` and
          ``production_t`` are at least ``implied_t``; ``implied`` marks these rows;
        * ``unexplained_t`` where a production figure *is* recorded: a published
          production is never overridden by trade (Mexico's graphite exports to the US
          are ten times its mine output: re-exports or stock draws of unrecorded origin,
          not Mexican mining). The exporter cannot supply it in the simulation and the
          metrics trace it to ``unknown``.

        ``net_exports_t`` is ``X − M``.
        """
        key = ("capacity", year)
        if key not in self._cache:
            self._cache[key] = year_capacity(self.dataset.capacity, self.trade(year), year)
        return self._cache[key]

    def trade(self, year: int) -> pd.DataFrame:
        """``exporter, importer, stage, material, year, quantity_t`` valid in ``year``
        (t/yr; ``year`` is the year each row comes from, see :func:`carry_forward`).

        Rows whose ``basis`` is ``partial`` (part of the year or of the product) are left
        out: carried forward, a flake-only row of 2024 would otherwise replace the 2023
        row of all natural graphite between the same pair."""
        key = ("trade", year)
        if key not in self._cache:
            keys = ["exporter", "importer", "stage", "material"]
            rows = self.dataset.trade
            if "basis" in rows.columns:
                rows = rows[rows["basis"] != "partial"]
            d = carry_forward(rows, keys, year)[[*keys, "year", "quantity_t"]]
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
        holders; a blank quantity counts as 0 t, a blank limit as no limit (``inf``).

        Only holdings are read (:func:`stock_holdings`): a row with neither a quantity nor a
        release limit (a stated cover, a target, planned acquisitions) holds no known
        tonnage, so it is not a 0-t stock and does not lift another holder's limit."""
        s = stock_holdings(self.dataset.stockpiles)
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


def stock_holdings(stockpiles: pd.DataFrame) -> pd.DataFrame:
    """The rows of a stockpiles table that hold something the model can use: a quantity
    or a release limit, and of several dated rows of one holder (``as_of``) the latest."""
    s = stockpiles[stockpiles["quantity_t"].notna()
                   | stockpiles["max_release_t_per_year"].notna()]
    if "as_of" not in s.columns or s.empty:
        return s
    latest = s.assign(_as_of=s["as_of"].fillna("").astype(str)).sort_values("_as_of",
                                                                             kind="stable")
    return (latest.drop_duplicates(["country", "holder", "stage", "material"], keep="last")
            .drop(columns="_as_of").sort_index())


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
    reported = d["production_t"].to_numpy(float)
    cap = d["capacity_t"].to_numpy(float)
    cap = np.where(np.isnan(cap), reported, cap)
    prod = np.where(np.isnan(reported), cap, reported)
    cap, prod = np.nan_to_num(np.fmax(cap, prod)), np.nan_to_num(prod)
    # every row counts as recorded (a published 0 too); rows without capacity are dropped
    # at the end unless they have exports to account for
    keep = np.arange(len(d))
    # one code space for producer rows, exporters and importers of each good
    q = trade["quantity_t"].to_numpy(float)
    goods = [np.concatenate([d[c].to_numpy(object)[keep], np.tile(trade[c].to_numpy(object), 2)])
             for c in ("stage", "material")]
    who = np.concatenate([d["country"].to_numpy(object)[keep],
                          trade["exporter"].to_numpy(object), trade["importer"].to_numpy(object)])
    codes, first = _codes([who, *goods])
    n_rows, n_flows, n = keep.size, q.size, first.size
    exports = np.bincount(codes[n_rows:n_rows + n_flows], weights=q, minlength=n)
    imports = np.bincount(codes[n_rows + n_flows:], weights=q, minlength=n)
    good_codes, _ = _codes(goods)
    good_trade = np.bincount(good_codes[n_rows:n_rows + n_flows], weights=q,
                             minlength=int(good_codes.max()) + 1 if good_codes.size else 0)
    row = np.full(n, -1)
    row[codes[:n_rows]] = keep
    node = (row >= 0) | (exports > 0)

    def rows(values: np.ndarray, fill: float) -> np.ndarray:
        return np.where(row >= 0, values[np.maximum(row, 0)], fill)

    rep = rows(reported, np.nan)
    p0 = np.nan_to_num(rep)
    excess = np.maximum(0.0, exports - p0 - imports)
    excess[excess <= IMPLIED_TOL * np.maximum(1.0, good_trade[good_codes[first]])] = 0.0
    blank = np.isnan(rep)
    implied = np.where(blank, excess, 0.0)
    stated_cap, stated_prod = rows(cap, 0.0), rows(prod, 0.0)
    out = pd.DataFrame({
        "country": who[first], "stage": goods[0][first], "material": goods[1][first],
        "year": pd.array(rows(d["year"].to_numpy(float), np.nan), dtype="Float64"),
        "capacity_t": np.maximum(stated_cap, p0 + implied),
        "production_t": np.maximum(stated_prod, p0 + implied),
        "stated_capacity_t": stated_cap, "stated_production_t": stated_prod,
        "reported_production_t": rep, "implied_t": implied,
        "unexplained_t": np.where(blank, 0.0, excess), "net_exports_t": exports - imports,
        "implied": implied > 0})
    out = out[node & ((out["capacity_t"].to_numpy() > 0) | (out["unexplained_t"].to_numpy() > 0))
              ].reset_index(drop=True)
    return out.astype({"year": "Int64", **{c: capacity[c].dtype for c in NODE}})


def _codes(columns: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the rows' keys (the columns together), numbered in sorted key order, and
    the first row of each code."""
    codes = np.zeros(columns[0].size, dtype=np.int64)
    for col in columns:
        c, uniques = pd.factorize(col, sort=True)
        codes = codes * len(uniques) + c
    _, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    return inverse.reshape(-1), first
