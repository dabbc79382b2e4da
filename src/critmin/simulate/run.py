"""``simulate(dataset, scenario)``: the period-by-period (myopic) run.

For each period: work out the numbers (capacity with ramp limits and new facilities,
demand, export-control caps, stock limits), build the LP, solve it with HiGHS, record
the tables and carry stock levels over. Baseline flows (the caps' reference and the
contracts' shares) come from a no-shock LP per calendar year.
"""

from __future__ import annotations

import itertools
import logging
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from critmin.data import Dataset
from critmin.model.network import Good, Network, build_network
from critmin.scenarios.definitions import (
    ExportControl,
    Invest,
    Scenario,
    StockpileBuild,
    StockpileRelease,
)
from critmin.scenarios.io import load_scenario
from critmin.scenarios.periods import Period, period_end, period_start
from critmin.scenarios.validate import validate_scenario
from critmin.simulate import result as R
from critmin.simulate.build import CO, TRANCHES, PeriodData, build_lp, define_structure
from critmin.simulate.prices import scarcity_index
from critmin.simulate.solve import Resolver, Solution, solve_lp

logger = logging.getLogger(__name__)

TOL = 1e-9


@dataclass
class _Shock:
    country: str
    goods: set[Good]
    lineage: set[Good]
    destinations: set[str]
    severity: float
    start: float
    end: float
    extraterritorial: bool


def _average(period: Period, fn: Callable[[float], float], breaks: list[float]) -> float:
    """Exact mean of a piecewise-linear ``fn`` over ``period`` (midpoint rule per piece)."""
    pts = sorted({period.start, period.end, *(b for b in breaks
                                              if period.start < b < period.end)})
    total = sum((b - a) * fn((a + b) / 2) for a, b in itertools.pairwise(pts))
    return total / period.months


def _ramped(cap: float, level0: float, rate: float | None, t0: float, t_on: float,
            period: Period) -> float:
    """Mean over ``period`` of ``min(cap, level0 + rate·cap·(t − t0)/12)`` for ``t ≥ t_on``
    (0 before ``t_on``); no ramp limit when ``rate`` is None (t/yr)."""
    if rate is None:
        return _average(period, lambda t: cap if t >= t_on else 0.0, [t_on])
    slope = rate * cap / 12.0
    full = t0 + (cap - level0) / slope * 1.0 if slope > 0 else math.inf

    def fn(t: float) -> float:
        if t < t_on:
            return 0.0
        return min(cap, level0 + slope * max(0.0, t - t0))
    return _average(period, fn, [t_on, t0, full])


def _shortfall(sol: Solution, key: tuple) -> float:
    """Shortfall of demand ``key`` (sum of its tranches)."""
    return sum(sol.value("shortfall", (*key, j)) for j in range(TRANCHES))


class _Run:
    def __init__(self, ds: Dataset, sc: Scenario, solver: Resolver | None = None,
                 cache: dict | None = None, light: bool = False) -> None:
        self.ds, self.sc = ds, sc
        self.light = light
        self.warnings: list[str] = []
        self.solver = solver
        self.cache = cache
        net_key = (_tables_key(ds), sc.demand_outlook)
        if cache is not None and cache.get("network", (None,))[0] == net_key:
            self.net: Network = cache["network"][1]
        else:
            self.net = build_network(ds, sc.demand_outlook)
            if cache is not None:
                cache["network"] = (net_key, self.net)
                cache["baselines"] = {}
        self.periods = sc.periods()
        self.years = sorted({p.year for p in self.periods})
        self.countries = set(self.net.countries)
        self.shocks = [self._shock(i, s) for i, s in enumerate(sc.shocks)
                       if isinstance(s, ExportControl)]
        self.controllers = {s.country for s in self.shocks}
        self.t0 = min((s.start for s in self.shocks), default=sc.horizon.start_index)
        self.invest = [self._invest(m) for m in sc.measures if isinstance(m, Invest)]
        self.releases = {(m.country, (m.stage, m.material)): m for m in sc.measures
                         if isinstance(m, StockpileRelease)}
        self.builds = {(m.country, (m.stage, m.material)): m for m in sc.measures
                       if isinstance(m, StockpileBuild)}
        extra = [(k, g) for k, g, _, _ in self.invest]
        et = [(s.country, frozenset(s.goods)) for s in self.shocks if s.extraterritorial]
        struct_key = (net_key, tuple(self.years), tuple(sorted(map(repr, extra))),
                      tuple(sorted(map(repr, self.releases))),
                      tuple(sorted(map(repr, self.builds))), tuple(sorted(map(repr, et))))
        if cache is not None and struct_key in cache.setdefault("structures", {}):
            self.structure, self.base_structure = cache["structures"][struct_key]
        else:
            self.structure = define_structure(
                self.net, self.years, extra_producers=extra, release_nodes=self.releases,
                build_nodes=self.builds, extraterritorial=et)
            self.base_structure = define_structure(
                self.net, self.years, extra_producers=extra, release_nodes=self.releases,
                build_nodes=self.builds)
            if cache is not None:
                cache["structures"] = {struct_key: (self.structure, self.base_structure)}
        goods = set(self.structure.goods)
        for s in self.shocks:
            s.goods &= goods
            s.lineage = self.net.downstream_closure(s.goods) & goods
        self.priority = {sec: sc.priority(sec) for sec in
                         {k[1] for k in self.structure.demand_keys} | set(sc.priorities)}
        self.levels = self._initial_levels()
        self._baseline: dict[int, tuple[dict, dict]] = {}
        if cache is not None:  # the no-shock baselines depend on the network and the measures
            sig = (tuple(sorted(map(repr, self.releases))), tuple(sorted(map(repr, self.builds))),
                   tuple(sorted((k, repr(g)) for k, g, _, _ in self.invest)),
                   tuple(sorted(self.priority.items())))
            self._baseline = cache.setdefault("baselines", {}).setdefault(sig, {})

    # -- inputs -----------------------------------------------------------------------
    def _shock(self, i: int, s: ExportControl) -> _Shock:
        start, end = self.sc.shock_window(i)
        dest = (self.countries if s.destinations == "all"
                else set(self.ds.resolve_countries(s.destinations)))
        goods = {(st, m) for st in s.stages for m in s.materials}
        return _Shock(s.country, goods, set(), dest - {s.country}, s.severity, start, end,
                      s.extraterritorial)

    def _invest(self, m: Invest) -> tuple[str, Good, float, float]:
        f = self.net.facility(m.facility_id)
        cap = float(f["capacity_t"]) if not pd.isna(f["capacity_t"]) else 0.0
        if cap == 0.0:
            self.warnings.append(f"facility {m.facility_id} has no capacity_t; invest adds nothing")
            logger.info(self.warnings[-1])
        if m.start is not None:
            t_on = period_start(m.start)
        else:
            y0 = f["start_year"]
            year = int(y0) if not pd.isna(y0) else int(self.sc.horizon.start_index // 12)
            t_on = (year + m.delay_years) * 12.0
        return str(f["country"]), (str(f["stage"]), str(f["material"])), cap, t_on

    def _initial_levels(self) -> dict[tuple[str, Good], float]:
        st = self.net.stockpiles
        held = {(k, (s, m)): float(q) for k, s, m, q in
                zip(st["country"], st["stage"], st["material"], st["quantity_t"], strict=True)}
        levels = {node: held.get(node, 0.0) for node in self.structure.stock_nodes}
        for node, m in self.releases.items():
            if m.quantity_t is not None:
                levels[node] = float(m.quantity_t)
            elif levels.get(node, 0.0) <= 0.0:
                self.warnings.append(
                    f"stockpile_release {node[0]} {node[1][0]}/{node[1][1]}: the dataset holds "
                    "no quantity there (blank counts as 0 t); give quantity_t to release anything")
                logger.info(self.warnings[-1])
        return levels

    def _release_limit(self, node: tuple[str, Good]) -> float:
        m = self.releases[node]
        if m.max_release_t_per_year is not None:
            return float(m.max_release_t_per_year)
        st = self.net.stockpiles
        sel = st[(st["country"] == node[0]) & (st["stage"] == node[1][0])
                 & (st["material"] == node[1][1])]
        return float(sel["max_release_t_per_year"].sum()) if len(sel) else math.inf

    # -- baseline ---------------------------------------------------------------------
    def baseline(self, year: int) -> tuple[dict, dict]:
        """Annual flows ``{(e, i, good): t}`` and production ``{(k, good): t}`` of the
        no-shock, no-measure market LP of ``year``."""
        if year not in self._baseline:
            cap = self.net.capacity(year)
            pdata = PeriodData(
                production_ub={(k, (s, m)): float(c) for k, s, m, c in zip(
                    cap["country"], cap["stage"], cap["material"], cap["capacity_t"],
                    strict=True)},
                demand=self._demand(year, 1.0), priority=self.priority,
                trade=self._trade(year, 1.0))
            sol = solve_lp(build_lp(self.base_structure, pdata))
            flows: dict = {}
            for (e, i, g, _), v in sol.block("flow").items():
                flows[(e, i, g)] = flows.get((e, i, g), 0.0) + v
            prod: dict = {}
            for (k, g, _), v in sol.block("production").items():
                prod[(k, g)] = prod.get((k, g), 0.0) + v
            self._baseline[year] = (flows, prod)
        return self._baseline[year]

    def _demand(self, year: int, frac: float) -> dict:
        d = self.net.demand(year)
        return {(k, sec, (s, m)): float(v) * frac for k, sec, s, m, v in zip(
            d["country"], d["sector"], d["stage"], d["material"], d["demand_t"], strict=True)}

    def _trade(self, year: int, frac: float) -> dict:
        t = self.net.trade(year)
        return {(e, i, (s, m)): float(q) * frac for e, i, s, m, q in zip(
            t["exporter"], t["importer"], t["stage"], t["material"], t["quantity_t"],
            strict=True)}

    # -- one period -------------------------------------------------------------------
    def period_data(self, p: Period) -> PeriodData:
        frac = p.fraction_of_year
        rate = self.sc.ramp_rate
        ub: dict[tuple[str, Good], float] = {}
        cap = self.net.capacity(p.year)
        for k, s, m, c, q in zip(cap["country"], cap["stage"], cap["material"],
                                 cap["capacity_t"], cap["production_t"], strict=True):
            c, q = float(c), float(q)
            if rate is None or k in self.controllers:
                ub[(k, (s, m))] = c * frac
            else:
                ub[(k, (s, m))] = _ramped(c, q, rate, self.t0, -math.inf, p) * frac
        for k, g, c, t_on in self.invest:
            ub[(k, g)] = ub.get((k, g), 0.0) + _ramped(c, 0.0, rate, t_on, t_on, p) * frac
        fbase, xbase = self.baseline(p.year)
        pdata = PeriodData(production_ub=ub, demand=self._demand(p.year, frac),
                           priority=self.priority, trade=self._trade(p.year, frac),
                           allocation=self.sc.allocation)
        pairs = {g: set(v) for g, v in self.structure.flow_pairs.items()}
        for s in self.shocks:
            ov = p.overlap(s.start, s.end)
            if ov <= 0:
                continue
            keep = 1.0 - s.severity * ov
            if keep >= 1.0:
                continue  # severity 0: no cap at all
            for g in s.goods:
                for e, i in pairs.get(g, ()):
                    if e == s.country and i in s.destinations:
                        cap_v = keep * fbase.get((e, i, g), 0.0) * frac
                        pdata.caps[(e, i, g)] = min(cap_v, pdata.caps.get((e, i, g), math.inf))
            if s.extraterritorial:
                for g in s.lineage:
                    for e, i in pairs.get(g, ()):
                        if e != s.country and i in s.destinations:
                            cap_v = keep * fbase.get((e, i, g), 0.0) * frac
                            pdata.co_caps[(e, i, g)] = min(
                                cap_v, pdata.co_caps.get((e, i, g), math.inf))
        h0, h1 = self.sc.horizon.start_index, self.sc.horizon.end_index
        for node, m in self.releases.items():
            a = period_start(m.start) if m.start else h0
            b = period_end(m.end) if m.end else h1
            ov = p.overlap(a, b)
            pdata.release_ub[node] = min(self.levels.get(node, 0.0),
                                         self._release_limit(node) * frac * ov)
        for node, m in self.builds.items():
            a, b = period_start(m.start), period_end(m.end)
            share = max(0.0, min(p.end, b) - max(p.start, a)) / (b - a)
            pdata.build[node] = (m.quantity_t * share, m.priority)
        if self.sc.allocation == "contracts":
            self._contracts(pdata, fbase, xbase, frac)
        return pdata

    def _contracts(self, pdata: PeriodData, fbase: dict, xbase: dict, frac: float) -> None:
        for (e, i, g), f in fbase.items():
            if f <= TOL:
                continue
            x = xbase.get((e, g), 0.0)
            if x > TOL:
                pdata.contract_share[(e, i, g)] = f / x
            else:
                pdata.contract_volume[(e, i, g)] = f * frac
        for (e, g), ub in pdata.production_ub.items():
            pdata.spare[(e, g)] = max(0.0, ub - xbase.get((e, g), 0.0) * frac)
        for caps in (pdata.caps, pdata.co_caps):
            for (e, i, g), cap in caps.items():
                lost = max(0.0, fbase.get((e, i, g), 0.0) * frac - cap)
                pdata.loss[(i, g)] = pdata.loss.get((i, g), 0.0) + lost

    def run(self) -> R.SimulationResult:
        rows: dict[str, list] = {n: [] for n in R.TABLES}
        stats = {"build_s": 0.0, "solve_s": 0.0, "cols": 0, "rows": 0, "nonzeros": 0,
                 "objective": 0.0}
        s = self.structure
        for p in self.periods:
            t = time.perf_counter()
            pdata = self.period_data(p)
            lp = build_lp(s, pdata)
            stats["build_s"] += time.perf_counter() - t
            t = time.perf_counter()
            sol = self.solver.solve(lp) if self.solver is not None else solve_lp(lp)
            stats["solve_s"] += time.perf_counter() - t
            stats["cols"] = max(stats["cols"], lp.num_col)
            stats["rows"] = max(stats["rows"], lp.num_row)
            stats["nonzeros"] = max(stats["nonzeros"], lp.num_nz)
            stats["objective"] += sol.objective
            self._record(p, pdata, sol, rows)
        return self._result(rows, stats)

    def _record(self, p: Period, pdata: PeriodData, sol: Solution, rows: dict) -> None:
        s = self.structure
        for k, sec, g in s.demand_keys:
            dem = pdata.demand.get((k, sec, g), 0.0)
            short = min(dem, max(0.0, _shortfall(sol, (k, sec, g))))
            rows["shortfall"].append((k, sec, *g, p.label, dem, dem - short, short))
        for node in s.stock_nodes:
            k, g = node
            opening = self.levels.get(node, 0.0)
            rel = max(0.0, sol.value("release", node))
            bought = sum(max(0.0, sol.value("build", (k, g, c))) for c in s.classes[g])
            closing = max(0.0, opening - rel + bought)
            self.levels[node] = closing
            rows["stocks"].append((k, *g, p.label, opening, rel, bought, closing))
        if self.light:  # ensembles need the shortfall and the stocks only
            return
        for g in s.goods:
            for k in s.producers.get(g, ()):
                x = sum(sol.value("production", (k, g, c)) for c in s.prod_classes[(k, g)])
                rows["production"].append((k, *g, p.label, max(0.0, x),
                                           pdata.production_ub.get((k, g), 0.0)))
        fbase, _ = self.baseline(p.year)
        frac = p.fraction_of_year
        for g in s.goods:
            for e, i in s.flow_pairs.get(g, ()):
                q = co = 0.0
                for c in s.classes[g]:
                    v = sol.value("flow", (e, i, g, c)) + sol.value("refill", (e, i, g, c))
                    q += v
                    co += v if c == CO else 0.0
                base = fbase.get((e, i, g), 0.0) * frac
                if q > TOL or base > TOL:
                    rows["flows"].append((e, i, *g, p.label, q, base, co))
        duals: dict[tuple[str, Good], float] = {}
        for (k, g, _c), i in sol.lp.rows.get("balance", {}).items():
            duals[(k, g)] = max(duals.get((k, g), -math.inf), float(sol.row_dual[i]))
        for (k, g), v in sorted(duals.items()):
            rows["shadow_prices"].append((k, *g, p.label, v))
        dem_g: dict[Good, list[float]] = {}
        for k, sec, g in s.demand_keys:
            d = pdata.demand.get((k, sec, g), 0.0)
            acc = dem_g.setdefault(g, [0.0, 0.0])
            acc[0] += d
            acc[1] += d - min(d, max(0.0, _shortfall(sol, (k, sec, g))))
        for g, (d, sup) in sorted(dem_g.items()):
            eps = self.sc.elasticity(g[1])
            idx = float(scarcity_index(np.array([sup]), np.array([d]), eps)[0])
            sp = max((v for (k, gg), v in duals.items() if gg == g), default=0.0)
            rows["prices"].append((*g, p.label, d, sup, eps, idx, sp))

    def _result(self, rows: dict, stats: dict) -> R.SimulationResult:
        cols = {"shortfall": R.SHORTFALL_COLUMNS, "production": R.PRODUCTION_COLUMNS,
                "flows": R.FLOW_COLUMNS, "stocks": R.STOCK_COLUMNS, "prices": R.PRICE_COLUMNS,
                "shadow_prices": R.SHADOW_COLUMNS}
        tables = {n: pd.DataFrame(rows[n], columns=cols[n]) for n in R.TABLES}
        for df in tables.values():
            for c in df.columns:
                if c.endswith(("_t", "_price", "_index", "elasticity")):
                    df[c] = df[c].astype(float)
                else:
                    df[c] = df[c].astype(str)
        return R.SimulationResult(scenario=self.sc.name,
                                  periods=[p.label for p in self.periods],
                                  summary=self._summary(tables, stats), **tables)

    def _summary(self, t: dict[str, pd.DataFrame], stats: dict) -> dict:
        sf = t["shortfall"]
        members = set(self.ds.resolve_countries(self.sc.coalition))
        dem, short = float(sf["demand_t"].sum()), float(sf["shortfall_t"].sum())
        by_mat = sf.groupby(["stage", "material"])["shortfall_t"].sum()
        by_cty = sf.groupby("country")["shortfall_t"].sum()
        by_per = sf.groupby("period", sort=False)["shortfall_t"].sum()
        pr = t["prices"]
        peak = pr.groupby(["stage", "material"])["price_index"].max()
        return {
            "scenario": self.sc.name, "allocation": self.sc.allocation,
            "step": self.sc.horizon.step, "start": self.periods[0].label,
            "end": self.periods[-1].label, "periods": len(self.periods),
            "demand_t": dem, "shortfall_t": short,
            "shortfall_share": short / dem if dem > 0 else 0.0,
            "coalition": sorted(members),
            "coalition_shortfall_t": float(sf.loc[sf["country"].isin(members),
                                                  "shortfall_t"].sum()),
            "shortfall_by_material_t": {f"{s}/{m}": float(v) for (s, m), v in by_mat.items()
                                        if v > TOL},
            "shortfall_by_country_t": {str(k): float(v) for k, v in by_cty.items() if v > TOL},
            "worst_period": str(by_per.idxmax()) if short > TOL else None,
            "stock_released_t": float(t["stocks"]["release_t"].sum()),
            "peak_price_index": {f"{s}/{m}": float(v) for (s, m), v in peak.items()},
            "lp": {"columns": stats["cols"], "rows": stats["rows"],
                   "nonzeros": stats["nonzeros"]},
            "objective": stats["objective"],
            "build_seconds": stats["build_s"], "solve_seconds": stats["solve_s"],
            "warnings": list(self.warnings),
        }


def _tables_key(ds: Dataset) -> tuple[int, ...]:
    """Identity of the tables the network reads (same objects → same network)."""
    return tuple(id(ds.tables[n]) for n in ("capacity", "trade", "demand", "recipes",
                                            "stockpiles", "facilities", "materials", "stages"))


def simulate(dataset: Dataset, scenario: Scenario | str | os.PathLike[str], *,
             solver: Resolver | None = None, cache: dict | None = None,
             light: bool = False) -> R.SimulationResult:
    """Simulate ``scenario`` on ``dataset`` period by period.

    Parameters
    ----------
    dataset : Dataset
    scenario : Scenario or path to a scenario YAML file
    solver : Resolver, optional
        Re-use one HiGHS model for every period (and every call that passes the same
        resolver): only bounds, costs and changed coefficients are updated and HiGHS
        restarts from the previous basis. Used by ensembles; results are the same.
    cache : dict, optional
        Shared between calls on the same dataset tables (same objects): the network, the
        LP structure and the no-shock baseline of each year are built once.
    light : bool
        Record only the ``shortfall`` and ``stocks`` tables (``production``, ``flows``,
        ``prices`` and ``shadow_prices`` come back empty): what an ensemble needs.

    Returns
    -------
    SimulationResult
        Tidy tables in tonnes per period (see :class:`SimulationResult`).

    Raises
    ------
    ScenarioError
        If the scenario names something the dataset does not have.
    SolveError
        If HiGHS fails on a period (the LP is always feasible, so this signals a bug).
    """
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(Path(scenario))
    validate_scenario(sc, dataset)
    logger.info("simulating %s over %d periods", sc.name, len(sc.periods()))
    return _Run(dataset, sc, solver=solver, cache=cache, light=light).run()
