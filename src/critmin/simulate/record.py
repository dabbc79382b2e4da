"""Recorders: what a run keeps of each period's solve.

:class:`LightRecorder` keeps the shortfall of every demand and the stock accounts, as
period × key arrays (what an ensemble needs); :class:`FullRecorder` also keeps production,
flows, the balance rows' shadow prices and the scarcity price index, as tidy tables. Both
carry the stocks over from one period to the next.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from critmin.chain import PeriodNumbers
from critmin.chain import mechanisms as mech
from critmin.chain.index import Index
from critmin.chain.structure import CO, INVENTORY
from critmin.model.base_prices import BasePrice, base_price
from critmin.model.network import Good
from critmin.scenarios.definitions import ExportControl
from critmin.scenarios.periods import Period
from critmin.simulate import result as R
from critmin.simulate.inputs import RunInputs
from critmin.simulate.loop import Solved
from critmin.simulate.prices import ROW, WORLD, market_prices, markets, scarcity_index

TOL = 1e-9
STOCK_ACCOUNTS = ("opening", "release", "build", "closing")


class LightRecorder:
    """Shortfall of every demand and every stock account, per period (t per period)."""

    full = False

    def __init__(self, inputs: RunInputs) -> None:
        s, n = inputs.model.structure, len(inputs.periods)
        self.inputs = inputs
        self.demand = np.zeros((n, len(s.demands)))
        self.shortfall = np.zeros((n, len(s.demands)))
        self.rationed = np.zeros((n, len(s.demands)))
        self.stocks = {c: np.zeros((n, len(s.stocks))) for c in STOCK_ACCOUNTS}

    def record(self, t: int, p: Period, v: PeriodNumbers, solved: Solved,
               levels: np.ndarray) -> np.ndarray:
        """Record period ``t``; return the closing stocks."""
        x, slots = solved.x, solved.slots
        self.demand[t] = v.demand
        if x.size:
            self.shortfall[t] = x[slots.tranche].sum(axis=1)
            self.rationed[t] = x[slots.rationed].sum(axis=1)
        if not levels.size:
            return levels
        rel = np.where(slots.release >= 0, np.maximum(0.0, x[slots.release]), 0.0)
        bought = np.where(slots.build >= 0, np.maximum(0.0, x[slots.build]), 0.0).sum(axis=1)
        closing = mech.stock_levels(levels, rel, bought)
        for c, val in zip(STOCK_ACCOUNTS, (levels, rel, bought, closing), strict=True):
            self.stocks[c][t] = val
        return closing

    def finish(self) -> None:
        """Shortfall between 0 and the demand, rationing between 0 and the shortfall
        (solver tolerances)."""
        np.minimum(self.demand, np.maximum(0.0, self.shortfall), out=self.shortfall)
        np.minimum(self.shortfall, np.maximum(0.0, self.rationed), out=self.rationed)

    def light_result(self, summary: dict) -> R.LightResult:
        s = self.inputs.model.structure
        private = np.zeros(len(s.stocks), dtype=bool)
        private[self.inputs.model.inventories.stock] = True
        return R.LightResult(
            scenario=self.inputs.scenario.name, periods=[p.label for p in self.inputs.periods],
            demands=s.demands, stock_nodes=s.stocks, demand_t=self.demand,
            shortfall_t=self.shortfall, summary=summary, stocks=self.stocks, private=private)


class FullRecorder(LightRecorder):
    """Also production, flows, shadow prices and the price index, as table rows."""

    full = True

    def __init__(self, inputs: RunInputs) -> None:
        super().__init__(inputs)
        self.rows: dict[str, list] = {n: [] for n in ("production", "flows", "prices",
                                                        "shadow_prices", "coproduction",
                                                        "thrift")}
        self._pm: _PriceModel | None = None

    def record(self, t: int, p: Period, v: PeriodNumbers, solved: Solved,
               levels: np.ndarray) -> np.ndarray:
        closing = super().record(t, p, v, solved, levels)
        self.shortfall[t] = np.minimum(v.demand, np.maximum(0.0, self.shortfall[t]))
        sol = solved.solution
        if sol is None or sol.lp is None:
            return closing
        self._production(p, v, sol.col_value, sol.lp.cols)
        self._flows(p, sol.col_value, sol.lp.cols)
        self._coproduction(p, sol.col_value, sol.lp.cols)
        self._thrift(p, sol.col_value, sol.lp.cols)
        duals = self._shadow_prices(p, sol.row_dual, sol.lp.rows)
        self._prices(p, v, self.shortfall[t], duals)
        return closing

    def _production(self, p: Period, v: PeriodNumbers, x: np.ndarray, cols: dict) -> None:
        s = self.inputs.model.structure
        block = cols.get("production", {})
        for n, key in enumerate(s.producers):
            q = sum(float(x[block[(*key, c)]]) for c in s.prod_classes[key])
            self.rows["production"].append((*key, p.label, max(0.0, q),
                                            float(v.production_ub[n])))

    def _flows(self, p: Period, x: np.ndarray, cols: dict) -> None:
        s = self.inputs.model.structure
        base = self.inputs.baselines[p.year].flows
        flow, refill = cols.get("flow", {}), cols.get("refill", {})
        frac = p.fraction_of_year
        for n, key in enumerate(s.flows):
            q = co = 0.0
            for c in s.classes[(key[2], key[3])]:
                val = _value(x, flow, (*key, c)) + _value(x, refill, (*key, c))
                q += val
                co += val if c == CO else 0.0
            b = float(base[n]) * frac
            if q > TOL or b > TOL:
                self.rows["flows"].append((*key, p.label, q, b, co))

    def _coproduction(self, p: Period, x: np.ndarray, cols: dict) -> None:
        s = self.inputs.model.structure
        production, surplus = cols.get("production", {}), cols.get("surplus", {})
        for co in s.coproducers:
            feed = max(0.0, _value(x, cols.get("separated", {}), (co.country, co.stage)))
            for m, y in co.yields:
                key = (co.country, co.stage, m)
                made = sum(_value(x, production, (*key, c))
                           for c in s.prod_classes.get(key, ()))
                self.rows["coproduction"].append(
                    (*key, p.label, feed, y * feed, max(0.0, made),
                     max(0.0, _value(x, surplus, key))))

    def _thrift(self, p: Period, x: np.ndarray, cols: dict) -> None:
        s = self.inputs.model.structure
        for key in s.thrifts:
            z = max(0.0, _value(x, cols.get("thrift", {}), key))
            for h, saved in s.thrift_saving[key]:
                self.rows["thrift"].append((*key, p.label, z, *h, z * saved))

    def _shadow_prices(self, p: Period, row_dual: np.ndarray, rows: dict
                       ) -> dict[tuple[str, str, str], float]:
        duals: dict[tuple[str, str, str], float] = {}
        for (k, st, m, _c), i in rows.get("balance", {}).items():
            duals[(k, st, m)] = max(duals.get((k, st, m), -math.inf), float(row_dual[i]))
        for key, val in sorted(duals.items()):
            self.rows["shadow_prices"].append((*key, p.label, val))
        return duals

    def _price_model(self) -> _PriceModel:
        if self._pm is None:
            self._pm = _PriceModel.of(self.inputs)
        return self._pm

    def _prices(self, p: Period, v: PeriodNumbers, short: np.ndarray,
                duals: dict[tuple[str, str, str], float]) -> None:
        """Per market and good: the scarcity index of its own demand there, the shadow
        price (largest node dual in the market) and, where the dataset has a base price,
        the price in USD/kg (``docs/model.md``, prices)."""
        pm, sc = self._price_model(), self.inputs.scenario
        acc: dict[tuple[str, Good], list[float]] = {}
        for (k, _sec, st, m), d, sf in zip(self.inputs.model.structure.demands, v.demand,
                                           short, strict=True):
            a = acc.setdefault((pm.market(k), (st, m)), [0.0, 0.0])
            a[0] += d
            a[1] += d - sf
        lam: dict[tuple[str, Good], float] = {}
        for (k, st, m), val in duals.items():
            key = (pm.market(k), (st, m))
            lam[key] = max(lam.get(key, 0.0), float(val))
        index = {key: float(scarcity_index(np.array([sup]), np.array([d]),
                                           sc.elasticity(key[1][1]))[0])
                 for key, (d, sup) in acc.items()}
        # USD per priority point of each market's final goods: the rise of their price
        # over their shadow price; a good passes on the rent of what it is made into
        rate: dict[tuple[str, Good], float] = {}
        for key, idx in index.items():
            bp = pm.base.get(key[1])
            if bp is not None and idx > 1.0 and lam.get(key, 0.0) > TOL:
                rate[key] = bp.per_kg_good * (idx - 1.0) / lam[key]
        for mk in pm.names:
            for g in pm.goods:
                d, sup = acc.get((mk, g), (0.0, 0.0))
                bp = pm.base.get(g)
                if d <= 0.0 and bp is None:
                    continue
                sp = lam.get((mk, g), 0.0)
                idx = index.get((mk, g), 1.0)
                rent = max((rate[(mk, h)] * sp for h in pm.finals[g] if (mk, h) in rate),
                           default=0.0)
                usd = base = math.nan
                form = ""
                own = idx
                if bp is not None:
                    per_good = market_prices(bp.per_kg_good, idx, rent)
                    usd, base, form = per_good * bp.to_good, bp.quoted, bp.form
                    idx = per_good / bp.per_kg_good
                self.rows["prices"].append((mk, *g, p.label, d, sup, sc.elasticity(g[1]),
                                            own, idx, sp, usd, base, form))

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table of the run (see :class:`~critmin.simulate.result.SimulationResult`)."""
        cols = {"production": R.PRODUCTION_COLUMNS, "flows": R.FLOW_COLUMNS,
                "prices": R.PRICE_COLUMNS, "shadow_prices": R.SHADOW_COLUMNS,
                "coproduction": R.COPRODUCTION_COLUMNS, "thrift": R.THRIFT_COLUMNS}
        tables = {n: pd.DataFrame(self.rows[n], columns=c) for n, c in cols.items()}
        for df in tables.values():
            for c in df.columns:
                if c.endswith(("_t", "_price", "_index", "elasticity", "_per_kg")):
                    df[c] = df[c].astype(float)
                else:
                    df[c] = df[c].astype(str)
        s = self.inputs.model.structure
        labels = [p.label for p in self.inputs.periods]
        dem, short, rationed = self.demand.ravel(), self.shortfall.ravel(), self.rationed.ravel()
        tables["shortfall"] = pd.DataFrame({**_keyed(s.demands, labels), "demand_t": dem,
                                            "supplied_t": dem - short, "shortfall_t": short,
                                            "priced_out_t": short - rationed,
                                            "rationed_t": rationed})
        stocks = pd.DataFrame({
            **_keyed(s.stocks, labels),
            **{f"{c}_t": self.stocks[c].ravel() for c in STOCK_ACCOUNTS}})
        stocks["country"] = stocks["country"].str.removesuffix(INVENTORY)
        # private inventories have stock accounts too; they are reported apart
        private = np.zeros(len(s.stocks), dtype=bool)
        private[self.inputs.model.inventories.stock] = True
        mask = np.tile(private, len(labels))
        tables["stocks"] = stocks[~mask].reset_index(drop=True)
        tables["inventories"] = stocks[mask].reset_index(drop=True)
        return tables


@dataclass(frozen=True)
class _PriceModel:
    """What a run's prices need: each country's market, the goods with their base prices
    (USD/kg, :mod:`critmin.model.base_prices`) and, per good, the goods with demand it is
    made into, directly or not (itself excluded)."""

    markets: dict[str, str]
    names: tuple[str, ...]
    goods: tuple[Good, ...]
    base: dict[Good, BasePrice]
    finals: dict[Good, tuple[Good, ...]]

    def market(self, country: str) -> str:
        return self.markets.get(country.removesuffix(INVENTORY), ROW if ROW in self.names
                                else WORLD)

    @classmethod
    def of(cls, inputs: RunInputs) -> _PriceModel:
        s, sc = inputs.model.structure, inputs.scenario
        controllers = {x.country for x in sc.shocks if isinstance(x, ExportControl)}
        countries = {k for k, *_ in s.producers} | {k for k, *_ in s.demands}
        countries |= {e for e, *_ in s.flows} | {i for _, i, *_ in s.flows}
        mk = markets(countries, controllers)
        names = tuple(sorted(set(mk.values()) | ({ROW} if controllers else {WORLD})))
        year = inputs.periods[0].year if inputs.periods else None
        ds = inputs.network.dataset
        base = {g: bp for g in s.goods if (bp := base_price(ds, g, year)) is not None}
        demanded = {(st, m) for _, _, st, m in s.demands}
        net = inputs.network
        finals = {g: tuple(sorted(h for h in net.downstream_closure({g})
                                  if h in demanded and h != g)) for g in s.goods}
        return cls(mk, names, s.goods, base, finals)


def _value(x: np.ndarray, block: dict, key: tuple) -> float:
    j = block.get(key)
    return float(x[j]) if j is not None else 0.0


def _keyed(index: Index, labels: list[str]) -> dict[str, pd.api.extensions.ExtensionArray]:
    """Key columns and ``period`` of a period × key table (row ``t·len(index) + j`` is key
    ``j`` in period ``t``), as string arrays."""
    n = len(labels)
    cols: dict[str, np.ndarray] = {dim: np.tile(index.labels(dim), n) if len(index) else
                                   np.array([], dtype=object) for dim in index.dims}
    cols["period"] = np.repeat(np.array(labels, dtype=object), len(index))
    return {c: pd.array(v, dtype="str") for c, v in cols.items()}
