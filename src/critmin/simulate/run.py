"""``simulate(dataset, scenario)``: the period-by-period (myopic) run.

For each period: work out the numbers (capacity with ramp limits and new facilities,
demand, export-control caps, stock limits), build the LP, solve it with HiGHS, record
the tables and carry stock levels over. Baseline flows (the caps' reference and the
contracts' shares) come from a no-shock LP per calendar year.
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from critmin.data import Dataset
from critmin.model.network import Good, Network, build_network
from critmin.scenarios.definitions import (
    ExportControl,
    Invest,
    Recycling,
    Scenario,
    StockpileBuild,
    StockpileRelease,
    Substitution,
)
from critmin.scenarios.io import load_scenario
from critmin.scenarios.periods import Period, period_end, period_start
from critmin.scenarios.validate import validate_scenario
from critmin.simulate import result as R
from critmin.simulate.build import CO, PeriodData, build_lp, define_structure
from critmin.simulate.prices import scarcity_index
from critmin.simulate.scaling import Scaling
from critmin.simulate.solve import Resolver, Solution, solve_lp
from critmin.simulate.template import Indices, MarketTemplate
from critmin.simulate.vectors import INF, Layout, PeriodVectors, ramp_mean

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


def ramped(cap: float, rate: float | None, t_on: float, p: Period) -> float:
    """Mean capacity (t/yr) over ``p`` of a new facility of ``cap`` t/yr coming on line at
    month ``t_on`` and ramping up at ``rate`` of its capacity per year."""
    return float(ramp_mean(cap, 0.0, rate, t_on, t_on, p.start, p.end))


def release_cap(limit: float, frac: float, overlap: float) -> float:
    """Largest release (t per period) of a stock with ``limit`` t/yr over the ``overlap``
    share of a period of ``frac`` years (0 outside the release window, even without limit)."""
    return limit * frac * overlap if overlap > 0 else 0.0


class _Run:
    def __init__(self, ds: Dataset, sc: Scenario, solver: Resolver | None = None,
                 cache: dict | None = None, light: bool = False,
                 scalings: Sequence[Scaling] = ()) -> None:
        self.ds, self.sc = ds, sc
        self.light = light
        self.scalings = tuple(scalings)
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
        self.recycling = [m for m in sc.measures if isinstance(m, Recycling)]
        self.substitutions = [m for m in sc.measures if isinstance(m, Substitution)]
        recycle = sorted({(m.country, (m.stage, m.material)) for m in self.recycling})
        extra = [(k, g) for k, g, _, _ in self.invest]
        et = [(s.country, frozenset(s.goods)) for s in self.shocks if s.extraterritorial]
        self.struct_key = (net_key, tuple(self.years), tuple(sorted(map(repr, extra))),
                           tuple(sorted(map(repr, self.releases))),
                           tuple(sorted(map(repr, self.builds))), tuple(sorted(map(repr, et))),
                           tuple(map(repr, recycle)))
        if cache is not None and self.struct_key in cache.setdefault("structures", {}):
            entry = cache["structures"][self.struct_key]
        else:
            base = define_structure(
                self.net, self.years, extra_producers=extra, release_nodes=self.releases,
                build_nodes=self.builds, recycle_nodes=recycle)
            structure = define_structure(
                self.net, self.years, extra_producers=extra, release_nodes=self.releases,
                build_nodes=self.builds, recycle_nodes=recycle,
                extraterritorial=et) if et else base
            # per structure: its layout, each year's capacity/demand/trade vectors, and the
            # flows each shock can cap
            entry = (structure, base, Layout.of(structure), {}, {})
            if cache is not None:
                cache["structures"] = {self.struct_key: entry}
        self.structure, self.base_structure, self.layout, self._years, self._reach = entry
        goods = set(self.structure.goods)
        for s in self.shocks:
            s.goods &= goods
            s.lineage = self.net.downstream_closure(s.goods) & goods
        self.priority = {sec: sc.priority(sec) for sec in
                         {k[1] for k in self.structure.demand_keys} | set(sc.priorities)}
        self._baseline: dict[int, tuple[dict, dict, np.ndarray]] = {}
        self._scaled: dict[int, tuple[np.ndarray, ...]] = {}
        if cache is not None and not self.scalings:
            # the no-shock baselines depend on the structure, the priorities and the numbers
            sig = (self.struct_key, tuple(sorted(self.priority.items())))
            self._baseline = cache.setdefault("baselines", {}).setdefault(sig, {})
        self._prepare()

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
        if m.capacity_t is not None:
            cap = float(m.capacity_t)
        else:
            cap = float(f["capacity_t"]) if not pd.isna(f["capacity_t"]) else 0.0
        if cap == 0.0:
            self.warnings.append(f"facility {m.facility_id} has no capacity_t; invest adds nothing")
            logger.info(self.warnings[-1])
        if m.start is not None:
            t_on = period_start(m.start) + 12.0 * m.delay_years
        else:
            y0 = f["start_year"]
            year = int(y0) if not pd.isna(y0) else int(self.sc.horizon.start_index // 12)
            t_on = (year + m.delay_years) * 12.0
        return str(f["country"]), (str(f["stage"]), str(f["material"])), cap, t_on

    def _prepare(self) -> None:
        """The run's fixed numbers as arrays in layout order: who controls exports, which
        flows each shock can cap, investments, stockpile limits and windows."""
        lay = self.layout
        self._ctrl = np.array([k in self.controllers for k, _ in lay.prod_keys], dtype=bool)
        pos = {k: j for j, k in enumerate(lay.prod_keys)}
        cap_scalings = [x for x in self.scalings if x.kind == "capacity"]
        self._inv = (np.array([pos[(k, g)] for k, g, _, _ in self.invest], dtype=np.int64),
                     np.array([c * math.prod(x.factor for x in cap_scalings
                                             if x.matches(k, *g)) for k, g, c, _ in self.invest],
                              dtype=float),
                     np.array([t for _, _, _, t in self.invest], dtype=float))
        self._cap_factor = np.array([math.prod(x.factor for x in cap_scalings
                                               if x.matches(k, *g)) for k, g in lay.prod_keys],
                                    dtype=float)
        self._caps = []
        candidates = np.zeros(len(lay.flow_keys), dtype=bool)
        for s in self.shocks:
            direct, co = self._reached(s)
            candidates[direct] = True
            self._caps.append((s, direct, co))
        self._cap_candidates = candidates
        h0, h1 = self.sc.horizon.start_index, self.sc.horizon.end_index
        self._release = [(period_start(m.start) if m.start else h0,
                          period_end(m.end) if m.end else h1, self._release_limit(node))
                         for node, m in ((n, self.releases[n]) for n in lay.release_nodes)]
        self._release_pos = np.array([lay.stock_nodes.index(n) for n in lay.release_nodes],
                                     dtype=np.int64)
        self._builds = [(period_start(m.start), period_end(m.end), m.quantity_t)
                        for m in (self.builds[n] for n in lay.build_nodes)]
        self._build_weight = np.array([self.builds[n].priority for n in lay.build_nodes],
                                      dtype=float)
        h0 = self.sc.horizon.start_index
        rpos = {n: j for j, n in enumerate(lay.recycle_nodes)}
        self._recycle = [(rpos[(m.country, (m.stage, m.material))], m.capacity_t,
                          period_start(m.start) if m.start else h0) for m in self.recycling]
        self._substitute = []
        for m in self.substitutions:
            who = set(self.ds.resolve_countries(m.countries))
            mask = np.array([k in who and sec == m.sector and g == (m.stage, m.material)
                             for k, sec, g in lay.demand_keys], dtype=bool)
            self._substitute.append((mask, m.cut_share, period_start(m.start) if m.start else h0))
        self.levels = self._initial_levels()

    def _reached(self, s: _Shock) -> tuple[np.ndarray, np.ndarray]:
        """Positions (in ``flow_keys``) of the flows shock ``s`` caps directly, and of those
        whose controlled-origin part it caps (extraterritorial rule)."""
        key = (s.country, frozenset(s.goods), frozenset(s.destinations), s.extraterritorial)
        if key not in self._reach:
            fk = self.layout.flow_keys
            direct = [j for j, (e, i, g) in enumerate(fk)
                      if e == s.country and i in s.destinations and g in s.goods]
            co = [j for j, (e, i, g) in enumerate(fk) if s.extraterritorial
                  and e != s.country and i in s.destinations and g in s.lineage]
            self._reach[key] = (np.array(direct, dtype=np.int64), np.array(co, dtype=np.int64))
        return self._reach[key]

    def _initial_levels(self) -> np.ndarray:
        held = self.net.stock_held
        levels = {node: held.get(node, 0.0) for node in self.layout.stock_nodes}
        for node, m in self.releases.items():
            if m.quantity_t is not None:
                levels[node] = float(m.quantity_t)
            elif levels.get(node, 0.0) <= 0.0:
                self.warnings.append(
                    f"stockpile_release {node[0]} {node[1][0]}/{node[1][1]}: the dataset holds "
                    "no quantity there (blank counts as 0 t); give quantity_t to release anything")
                logger.info(self.warnings[-1])
        return self.layout.align(self.layout.stock_nodes, levels)

    def level(self, node: tuple[str, Good]) -> float:
        """Current stock level (t) of a tracked node (0 for an untracked one)."""
        lay = self.layout
        return float(self.levels[lay.stock_nodes.index(node)]) if node in lay.stock_nodes else 0.0

    def _release_limit(self, node: tuple[str, Good]) -> float:
        m = self.releases[node]
        if m.max_release_t_per_year is not None:
            return float(m.max_release_t_per_year)
        st = self.net.stockpiles
        sel = st[(st["country"] == node[0]) & (st["stage"] == node[1][0])
                 & (st["material"] == node[1][1])]
        return float(sel["max_release_t_per_year"].sum()) if len(sel) else math.inf

    def _year(self, year: int) -> tuple[np.ndarray, ...]:
        """Capacity, production, demand and observed trade of ``year`` (t/yr) in layout
        order, after this run's scalings."""
        if not self.scalings:
            return self._dataset_year(year)[:4]
        if year not in self._scaled:
            cap, prod, demand, trade, implied = self._dataset_year(year)
            f = np.where(implied, 1.0, self._cap_factor)
            g = np.array([math.prod(x.demand_factor(year) for x in self.scalings
                                    if x.kind == "demand" and x.matches(k, *gd, sector=sec))
                          for k, sec, gd in self.layout.demand_keys], dtype=float)
            self._scaled[year] = (cap * f, prod * f, demand * g, trade)
        return self._scaled[year]

    def _dataset_year(self, year: int) -> tuple[np.ndarray, ...]:
        """Capacity, production, demand and observed trade of ``year`` (t/yr) in layout
        order as the dataset has them, and which supplies are implied by trade; shared by
        every run on the same structure."""
        if year not in self._years:
            lay = self.layout
            cap, prod, implied = {}, {}, {}
            c = self.net.capacity(year)
            for k, s, m, ct, q, imp in zip(c["country"], c["stage"], c["material"],
                                           c["capacity_t"], c["production_t"], c["implied"],
                                           strict=True):
                key = (k, (s, m))
                cap[key], prod[key], implied[key] = float(ct), float(q), bool(imp)
            self._years[year] = (lay.align(lay.prod_keys, cap), lay.align(lay.prod_keys, prod),
                                 lay.align(lay.demand_keys, self._demand(year, 1.0)),
                                 lay.align(lay.flow_keys, self._trade(year, 1.0)),
                                 lay.align(lay.prod_keys, implied, False).astype(bool))
        return self._years[year]

    # -- baseline ---------------------------------------------------------------------
    def baseline(self, year: int) -> tuple[dict, dict, np.ndarray]:
        """Annual flows ``{(e, i, good): t}`` and production ``{(k, good): t}`` of the
        no-shock, no-measure market LP of ``year``, and the flows in layout order."""
        if year not in self._baseline:
            lay = self.layout
            cap, _, demand, trade = self._year(year)
            based = self._base_template()
            if based is not None:
                # ensembles: one baseline LP per worker, re-solved from a cold start (so
                # that ties in the flows never depend on what was solved before)
                tpl, solver = based
                solver.cold_start()
                n, nr, nb = len(lay.flow_keys), len(lay.release_nodes), len(lay.build_nodes)
                v = PeriodVectors(prod_ub=cap, demand=demand, trade=trade, cap=np.full(n, INF),
                                  co_cap=np.full(n, INF), release_ub=np.zeros(nr),
                                  build_target=np.zeros(nb), build_weight=np.ones(nb),
                                  recycle_ub=np.zeros(len(lay.recycle_nodes)))
                sol = solver.solve_template(tpl, tpl.bounds(v), duals=False)
            else:
                pdata = PeriodData(
                    production_ub=dict(zip(lay.prod_keys, cap.tolist(), strict=True)),
                    demand=dict(zip(lay.demand_keys, demand.tolist(), strict=True)),
                    priority=self.priority, trade=self._trade(year, 1.0))
                sol = solve_lp(build_lp(self.base_structure, pdata))
            flows: dict = {}
            for (e, i, g, _), v in sol.block("flow").items():
                flows[(e, i, g)] = flows.get((e, i, g), 0.0) + v
            prod: dict = {}
            for (k, g, _), v in sol.block("production").items():
                prod[(k, g)] = prod.get((k, g), 0.0) + v
            self._baseline[year] = (flows, prod, self.layout.align(self.layout.flow_keys, flows))
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
    def period_vectors(self, p: Period) -> PeriodVectors:
        """The numbers of period ``p`` (t per period) in layout order."""
        frac, rate = p.fraction_of_year, self.sc.ramp_rate
        cap, prod, demand, trade = self._year(p.year)
        if rate is None:
            ub = cap * frac
        else:
            ramped = ramp_mean(cap, prod, rate, self.t0, -INF, p.start, p.end)
            ub = np.where(self._ctrl, cap, ramped) * frac
        pos, inv_cap, t_on = self._inv
        if pos.size:
            added = ramp_mean(inv_cap, 0.0, rate, t_on, t_on, p.start, p.end) * frac
            ub = ub + np.bincount(pos, weights=added, minlength=ub.size)
        fbase = self.baseline(p.year)[2]
        caps = np.full(fbase.size, INF)
        co_caps = np.full(fbase.size, INF)
        for s, direct, co in self._caps:
            ov = p.overlap(s.start, s.end)
            keep = 1.0 - s.severity * ov
            if ov <= 0 or keep >= 1.0:
                continue  # outside the window, or severity 0: no cap at all
            caps[direct] = np.minimum(caps[direct], keep * fbase[direct] * frac)
            co_caps[co] = np.minimum(co_caps[co], keep * fbase[co] * frac)
        release = np.array([release_cap(limit, frac, p.overlap(a, b))
                            for a, b, limit in self._release], dtype=float)
        release = np.minimum(self.levels[self._release_pos], release)
        target = np.array([q * max(0.0, min(p.end, b) - max(p.start, a)) / (b - a)
                           for a, b, q in self._builds], dtype=float)
        recycle = np.zeros(len(self.layout.recycle_nodes))
        for j, cap_r, start in self._recycle:
            recycle[j] += cap_r * frac * p.overlap(start, INF)
        demand = demand * frac
        for mask, cut, start in self._substitute:
            if (on := p.overlap(start, INF)) > 0:
                demand = np.where(mask, demand * (1.0 - cut * on), demand)
        return PeriodVectors(prod_ub=ub, demand=demand, trade=trade * frac, cap=caps,
                             co_cap=co_caps, release_ub=release, build_target=target,
                             build_weight=self._build_weight, recycle_ub=recycle)

    def period_data(self, p: Period, v: PeriodVectors | None = None) -> PeriodData:
        """The numbers of period ``p`` keyed as :func:`build_lp` reads them."""
        v = self.period_vectors(p) if v is None else v
        pdata = v.period_data(self.layout, self.priority, self.sc.allocation)
        if self.sc.allocation == "contracts":
            fbase, xbase, _ = self.baseline(p.year)
            self._contracts(pdata, fbase, xbase, p.fraction_of_year)
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

    def _base_template(self) -> tuple[MarketTemplate, Resolver] | None:
        """The no-shock, no-measure baseline LP of the run's structure and its own HiGHS
        model, kept in the cache; None without a cache or a solver, or for an empty LP."""
        if self.solver is None or self.cache is None:
            return None
        key = (self.struct_key, tuple(sorted(self.priority.items())))
        entry = self.cache.get("base_template")
        if entry is None or entry[0] != key:
            tpl = MarketTemplate(self.base_structure, self.layout, self.priority, None,
                                 np.zeros(len(self.layout.flow_keys), dtype=bool))
            entry = self.cache["base_template"] = (key, tpl, Resolver(reuse_unchanged=False))
        return (entry[1], entry[2]) if entry[1].lp.num_col else None

    def _template(self) -> MarketTemplate | None:
        """The run's market-mode LP, built once (and shared through the cache by runs that
        differ only in numbers); None in contracts mode or without a re-solving solver."""
        if self.solver is None or self.sc.allocation != "market":
            return None
        key = (self.struct_key, tuple(sorted(self.priority.items())),
               self._build_weight.tobytes(), self._cap_candidates.tobytes())
        store = self.cache.setdefault("templates", {}) if self.cache is not None else {}
        if key not in store:
            store.clear()  # one template at a time: an ensemble keeps one shape
            store[key] = MarketTemplate(self.structure, self.layout, self.priority,
                                        self._build_weight, self._cap_candidates)
        return store[key]

    def run(self) -> R.SimulationResult:
        rows: dict[str, list] = {n: [] for n in R.TABLES}
        stats = {"build_s": 0.0, "solve_s": 0.0, "cols": 0, "rows": 0, "nonzeros": 0,
                 "objective": 0.0}
        lay, n = self.layout, len(self.periods)
        out = {"demand": np.zeros((n, len(lay.demand_keys))),
               "shortfall": np.zeros((n, len(lay.demand_keys))),
               **{c: np.zeros((n, len(lay.stock_nodes)))
                  for c in ("opening", "release", "build", "closing")}}
        template = self._template()
        if template is not None and template.lp.num_col == 0:
            template = None  # nothing to solve: the general loop handles an empty LP
        if self.solver is not None:
            self.solver.cold_start()  # the run's result must not depend on earlier runs
        if template is not None and self.light:
            self._run_light(template, out, stats)
            return self._result(out, rows, stats)
        for t, p in enumerate(self.periods):
            clock = time.perf_counter()
            v = self.period_vectors(p)
            if template is not None:
                lp, pdata = template.lp, None
                bounds = template.bounds(v)
            else:
                pdata = self.period_data(p, v)
                lp = build_lp(self.structure, pdata)
            stats["build_s"] += time.perf_counter() - clock
            clock = time.perf_counter()
            if template is not None:
                sol, idx = self.solver.solve_template(template, bounds), template.indices
            else:
                sol = self.solver.solve(lp) if self.solver is not None else solve_lp(lp)
                idx = Indices(lp, self.structure, lay)
            stats["solve_s"] += time.perf_counter() - clock
            stats["objective"] += sol.objective
            stats["cols"] = max(stats["cols"], lp.num_col)
            stats["rows"] = max(stats["rows"], lp.num_row)
            stats["nonzeros"] = max(stats["nonzeros"], lp.num_nz)
            x = sol.col_value
            out["demand"][t] = v.demand
            short = x[idx.tranche].sum(axis=1) if x.size else np.zeros(len(v.demand))
            out["shortfall"][t] = np.minimum(v.demand, np.maximum(0.0, short))
            self._record_stocks(t, x, idx, out)
            if not self.light:
                self._record_more(p, self.period_data(p, v) if pdata is None else pdata, v,
                                  out["shortfall"][t], sol, rows)
        return self._result(out, rows, stats)

    def _run_light(self, template: MarketTemplate, out: dict[str, np.ndarray],
                   stats: dict) -> None:
        """The ensemble's inner loop: each period's bounds into the template, a warm
        re-solve, and only the shortfall tranches and stock columns read back."""
        clock, highs0 = time.perf_counter(), self.solver.stats["highs_run_s"]
        solve, bounds = self.solver.solve_template_values, template.bounds
        columns, idx = template.record_columns, template.record_indices
        shape = idx.tranche.shape
        demand, short = out["demand"], out["shortfall"]
        for t, p in enumerate(self.periods):
            v = self.period_vectors(p)
            objective, x = solve(template, bounds(v), columns)
            stats["objective"] += objective
            demand[t] = v.demand
            short[t] = x[:idx.tranche.size].reshape(shape).sum(axis=1)
            if self.levels.size:
                self._record_stocks(t, x, idx, out)
        np.minimum(demand, np.maximum(0.0, short), out=short)
        lp = template.lp
        stats["solve_s"] = self.solver.stats["highs_run_s"] - highs0
        stats["build_s"] = time.perf_counter() - clock - stats["solve_s"]
        stats.update(cols=lp.num_col, rows=lp.num_row, nonzeros=lp.num_nz)

    def _record_stocks(self, t: int, x: np.ndarray, idx: Indices,
                       out: dict[str, np.ndarray]) -> None:
        """The stock account of every node; carries the closing stocks over."""
        if not self.levels.size:
            return
        rel = np.where(idx.release >= 0, np.maximum(0.0, x[idx.release]), 0.0)
        bought = np.where(idx.build >= 0, np.maximum(0.0, x[idx.build]), 0.0).sum(axis=1)
        closing = np.maximum(0.0, self.levels - rel + bought)
        out["opening"][t], out["release"][t] = self.levels, rel
        out["build"][t], out["closing"][t] = bought, closing
        self.levels = closing

    def _record_more(self, p: Period, pdata: PeriodData, v: PeriodVectors,
                     short: np.ndarray, sol: Solution, rows: dict) -> None:
        """Production, flows, shadow prices and the price index of a full run."""
        s = self.structure
        for g in s.goods:
            for k in s.producers.get(g, ()):
                x = sum(sol.value("production", (k, g, c)) for c in s.prod_classes[(k, g)])
                rows["production"].append((k, *g, p.label, max(0.0, x),
                                           pdata.production_ub.get((k, g), 0.0)))
        fbase = self.baseline(p.year)[0]
        frac = p.fraction_of_year
        for g in s.goods:
            for e, i in s.flow_pairs.get(g, ()):
                q = co = 0.0
                for c in s.classes[g]:
                    val = sol.value("flow", (e, i, g, c)) + sol.value("refill", (e, i, g, c))
                    q += val
                    co += val if c == CO else 0.0
                base = fbase.get((e, i, g), 0.0) * frac
                if q > TOL or base > TOL:
                    rows["flows"].append((e, i, *g, p.label, q, base, co))
        duals: dict[tuple[str, Good], float] = {}
        for (k, g, _c), i in sol.lp.rows.get("balance", {}).items():
            duals[(k, g)] = max(duals.get((k, g), -math.inf), float(sol.row_dual[i]))
        for (k, g), val in sorted(duals.items()):
            rows["shadow_prices"].append((k, *g, p.label, val))
        dem_g: dict[Good, list[float]] = {}
        for (_k, _sec, g), d, sf in zip(s.demand_keys, v.demand, short, strict=True):
            acc = dem_g.setdefault(g, [0.0, 0.0])
            acc[0] += d
            acc[1] += d - sf
        for g, (d, sup) in sorted(dem_g.items()):
            eps = self.sc.elasticity(g[1])
            idx = float(scarcity_index(np.array([sup]), np.array([d]), eps)[0])
            sp = max((val for (k, gg), val in duals.items() if gg == g), default=0.0)
            rows["prices"].append((*g, p.label, d, sup, eps, idx, sp))

    def _result(self, out: dict[str, np.ndarray], rows: dict,
                stats: dict) -> R.SimulationResult | R.LightResult:
        labels = [p.label for p in self.periods]
        lay = self.layout
        if self.light:
            dem, short = float(out["demand"].sum()), float(out["shortfall"].sum())
            summary = {"scenario": self.sc.name, "periods": len(self.periods), "demand_t": dem,
                       "shortfall_t": short, "shortfall_share": short / dem if dem > 0 else 0.0,
                       "objective": stats["objective"], "build_seconds": stats["build_s"],
                       "solve_seconds": stats["solve_s"], "warnings": list(self.warnings)}
            return R.LightResult(
                scenario=self.sc.name, periods=labels, demand_keys=lay.demand_keys,
                stock_nodes=lay.stock_nodes, demand_t=out["demand"],
                shortfall_t=out["shortfall"], summary=summary,
                stocks={c: out[c] for c in ("opening", "release", "build", "closing")})
        cols = {"production": R.PRODUCTION_COLUMNS, "flows": R.FLOW_COLUMNS,
                "prices": R.PRICE_COLUMNS, "shadow_prices": R.SHADOW_COLUMNS}
        tables = {n: pd.DataFrame(rows[n], columns=c) for n, c in cols.items()}
        for df in tables.values():
            for c in df.columns:
                if c.endswith(("_t", "_price", "_index", "elasticity")):
                    df[c] = df[c].astype(float)
                else:
                    df[c] = df[c].astype(str)
        sf = _keyed(lay.demand_keys, ("country", "sector"), labels)
        dem, short = out["demand"].ravel(), out["shortfall"].ravel()
        tables["shortfall"] = pd.DataFrame({**sf, "demand_t": dem, "supplied_t": dem - short,
                                            "shortfall_t": short})
        tables["stocks"] = pd.DataFrame({
            **_keyed(lay.stock_nodes, ("country",), labels),
            **{f"{c}_t": out[c].ravel() for c in ("opening", "release", "build", "closing")}})
        return R.SimulationResult(scenario=self.sc.name, periods=labels,
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


def _keyed(keys: tuple, names: tuple[str, ...], labels: list[str]) -> dict[str, np.ndarray]:
    """Key columns (``names`` then stage, material) and ``period`` of a period × key table
    (row ``t·len(keys) + j`` is key ``j`` in period ``t``), as string arrays."""
    n = len(labels)
    cols: dict[str, np.ndarray] = {}
    for c, name in enumerate(names):
        cols[name] = np.tile(np.array([k[c] for k in keys], dtype=object), n)
    cols["stage"] = np.tile(np.array([k[-1][0] for k in keys], dtype=object), n)
    cols["material"] = np.tile(np.array([k[-1][1] for k in keys], dtype=object), n)
    cols["period"] = np.repeat(np.array(labels, dtype=object), len(keys))
    return {c: pd.array(v, dtype="str") for c, v in cols.items()}


def _tables_key(ds: Dataset) -> tuple[int, ...]:
    """Identity of the tables the network reads (same objects → same network)."""
    return tuple(id(ds.tables[n]) for n in ("capacity", "trade", "demand", "recipes",
                                            "stockpiles", "facilities", "materials", "stages"))


def simulate(dataset: Dataset, scenario: Scenario | str | os.PathLike[str], *,
             solver: Resolver | None = None, cache: dict | None = None,
             light: bool = False, rebuild: bool = False,
             scalings: Sequence[Scaling] = ()) -> R.SimulationResult | R.LightResult:
    """Simulate ``scenario`` on ``dataset`` period by period.

    In market mode the LP is assembled once per run and each period only changes its
    bounds, re-solved by HiGHS from the previous period's basis (see
    :class:`~critmin.simulate.template.MarketTemplate`); contracts mode builds each
    period's LP (its rows depend on the numbers). Every run starts from a cold solver, so
    its result does not depend on what was solved before.

    Parameters
    ----------
    dataset : Dataset
    scenario : Scenario or path to a scenario YAML file
    solver : Resolver, optional
        The HiGHS model to re-use (a new one by default). Ensembles pass one per worker so
        that runs of the same shape share it.
    cache : dict, optional
        Shared between calls on the same dataset tables (same objects): the network, the
        LP structure and template and the no-shock baseline of each year are built once.
    light : bool
        Keep only the shortfall of every demand and the stock accounts, as arrays in a
        :class:`~critmin.simulate.result.LightResult`: what an ensemble needs.
    rebuild : bool
        Build every period's LP anew and solve it with a fresh HiGHS model (the plain
        reference path; slower). Where equal-priority users tie inside one shortfall
        tranche, the split between them may differ from the default path's.
    scalings : sequence of Scaling, optional
        Scale capacities or grow demand of matching rows as if the dataset's tables had
        been changed, without copying them (ensembles draw these); see
        :class:`~critmin.simulate.scaling.Scaling`.

    Returns
    -------
    SimulationResult
        Tidy tables in tonnes per period (see :class:`SimulationResult`); a
        :class:`~critmin.simulate.result.LightResult` if ``light``.

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
    if not rebuild and solver is None:
        solver = Resolver()
    return _Run(dataset, sc, solver=None if rebuild else solver, cache=cache,
                light=light, scalings=scalings).run()
