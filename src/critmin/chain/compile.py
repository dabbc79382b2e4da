"""A scenario compiled onto the chain: its structure and every mechanism's arrays.

:func:`compile_scenario` reads a scenario's shocks and measures once and turns each into
the arrays of its mechanism (:mod:`critmin.chain.mechanisms`), positioned in the run's
:class:`~critmin.chain.structure.Structure`. :func:`period_numbers` then makes any
period's numbers from them: this is where a severity in a scenario file becomes a cap on
a trade pair (YAML → :class:`~critmin.scenarios.definitions.ExportControl` →
:class:`~critmin.chain.mechanisms.Controls` here → :func:`~critmin.chain.mechanisms.
control_caps` → a row bound of :class:`~critmin.chain.template.ChainTemplate`).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from critmin.chain import mechanisms as mech
from critmin.chain.extras import define_structures, inventory_nodes, structure_extras
from critmin.chain.numbers import PeriodNumbers, YearNumbers, capacity_factors
from critmin.chain.scaling import Scaling
from critmin.chain.structure import (
    NO_EXTRAS,
    Extras,
    Node,
    Structure,
)
from critmin.data import Dataset
from critmin.exceptions import DatasetError
from critmin.model.network import Network
from critmin.scenarios import definitions as sd
from critmin.scenarios.definitions import ExportControl, Invest, Scenario
from critmin.scenarios.periods import Period, period_end, period_start

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScenarioModel:
    """A scenario on a chain: the structure of its LP and the inputs of every mechanism.

    Attributes
    ----------
    structure : the run's sets; ``base_structure`` the no-shock baseline's (the same
        without extraterritorial origin classes).
    priority : weight per tonne short of every sector of the run.
    ramp, investments, controls, releases, builds, recycling, substitutions, thrifts,
    denials, inventories, reserve : the mechanisms' inputs (:mod:`critmin.chain.mechanisms`).
    levels : opening stock of every stock node (t), private inventories full.
    response : share of each demand priced out in each segment of
        :func:`~critmin.chain.mechanisms.response_shares` (demands × segments; zeros when
        the scenario switches demand response off).
    warnings : what the scenario asked for that does nothing on this dataset.
    """

    structure: Structure
    base_structure: Structure
    priority: dict[str, float]
    ramp: mech.Ramp
    investments: mech.Investments
    controls: mech.Controls
    releases: mech.Releases
    builds: mech.Builds
    recycling: mech.Recycling
    substitutions: mech.Substitutions
    thrifts: mech.Thrifts
    denials: mech.Denials
    levels: np.ndarray
    response: np.ndarray
    inventories: mech.Inventories = field(default_factory=mech.Inventories)
    reserve: mech.Reserve = field(default_factory=mech.Reserve)
    warnings: tuple[str, ...] = ()

    @property
    def cap_candidates(self) -> np.ndarray:
        return self.controls.candidates(len(self.structure.flows))


@dataclass
class _Reader:
    """What compiling reads: the network, the dataset, the scenario, the warnings."""

    net: Network
    ds: Dataset
    sc: Scenario
    warnings: list[str] = field(default_factory=list)

    def warn(self, msg: str) -> None:
        self.warnings.append(msg)
        logger.info(msg)


def compile_scenario(net: Network, ds: Dataset, sc: Scenario, *,
                     candidates: Extras = NO_EXTRAS,
                     scalings: Sequence[Scaling] = (),
                     structures: tuple[Structure, Structure] | None = None) -> ScenarioModel:
    """Compile ``sc`` onto the chain of ``net`` (``ds``'s network).

    Parameters
    ----------
    candidates : nodes the structure must have although the scenario does not use them
        (the portfolio's candidate facilities, stockpiles and recycling lines).
    scalings : an ensemble draw's capacity factors (they scale investments too).
    structures : the ``(structure, base_structure)`` to use, when the caller has them
        from an earlier compile of the same sets (see :func:`structure_extras`).
    """
    r = _Reader(net, ds, sc)
    if structures is None:
        structures = define_structures(net, sc, structure_extras(net, sc, candidates))
    s, base = structures
    controllers = {x.country for x in sc.shocks if isinstance(x, ExportControl)}
    t0 = min((sc.shock_window(i)[0] for i, x in enumerate(sc.shocks)
              if isinstance(x, ExportControl)), default=sc.horizon.start_index)
    ramp = mech.Ramp(_ramp_rates(r, s, controllers), t0,
                     s.producers.mask(country=controllers))
    held = inventory_nodes(net, sc)
    inventories = _inventories(s, held)
    levels = _levels(r, s)
    _unrecovered(r, s)
    levels[inventories.stock] = inventories.full_t
    return ScenarioModel(
        structure=s, base_structure=base, priority=_priorities(sc, s), ramp=ramp,
        investments=_investments(r, s, scalings, ramp), controls=_controls(r, s),
        releases=_releases(r, s, held), builds=_builds(sc, s, held),
        recycling=_recycling(r, s), substitutions=_substitutions(r, s), levels=levels,
        response=_response(sc, s), thrifts=_thrifts(r, s), denials=_denials(r, s),
        inventories=inventories, reserve=reserve_of(s), warnings=tuple(r.warnings))


def reserve_of(s: Structure) -> mech.Reserve:
    """The releases of ``s`` reserved for their holder or the coalition."""
    return mech.Reserve(np.array([s.releases.position(n) for n in sorted(s.reserved)
                                  if n in s.releases], dtype=np.int64))


def _inventories(s: Structure, held: dict[tuple[str, str, str], tuple[float, float]]
                 ) -> mech.Inventories:
    nodes = [n for n in s.builds if n in held]
    return mech.Inventories(
        build=s.builds.positions(nodes), stock=s.stocks.positions(nodes),
        full_t=np.array([held[n][0] for n in nodes], dtype=float),
        restock_t_per_month=np.array([held[n][1] for n in nodes], dtype=float))


def _unrecovered(r: _Reader, s: Structure) -> None:
    """Warn where a co-producing node's feed holds an element the chain uses but the
    data gives that node no producer of: it can only be surplus."""
    goods = set(s.goods)
    for co in s.coproducers:
        lost = [f"{m} ({100 * y:.2g} % of the feed)" for m, y in co.yields
                if y > 0 and m not in co.made and (co.stage, m) in goods]
        if lost:
            r.warn(f"{co.country} {co.stage}: the feed holds {', '.join(lost)}, but the data "
                   f"gives {co.country} no {co.stage} producer of it: it is left as surplus "
                   "(coproduction table), not recovered")


def _response(sc: Scenario, s: Structure) -> np.ndarray:
    """Share of each demand priced out per segment, at the scenario's elasticity of the
    demand's material (none when ``demand_response`` is off)."""
    materials = s.demands.labels("material").tolist() if len(s.demands) else []
    eps = np.array([sc.elasticity(m) if sc.demand_response else 0.0 for m in materials],
                   dtype=float)
    return mech.response_shares(eps)


def _priorities(sc: Scenario, s: Structure) -> dict[str, float]:
    sectors = set(s.demands.labels("sector").tolist()) if len(s.demands) else set()
    return {sec: sc.priority(sec) for sec in sectors | set(sc.priorities)}


def _ramp_rates(r: _Reader, s: Structure, controllers: set[str]) -> float | np.ndarray | None:
    """The ramp rate of every producer: the scenario's one rate, or the dataset's rate of
    its stage and material (NaN where the dataset has none: no limit, and a shocked run
    says so), or None (``ramp_rate: off``)."""
    sc = r.sc
    if sc.ramp_rate == "off":
        return None
    if not isinstance(sc.ramp_rate, str):
        return float(sc.ramp_rate)
    rates = [r.net.ramp_rate(st, m) for _, st, m in s.producers]
    shocked = {m for x in sc.shocks if isinstance(x, ExportControl) for m in x.materials}
    if shocked:
        missing = sorted({f"{st}/{m}" for (k, st, m), x in zip(s.producers, rates, strict=True)
                          if x is None and k not in controllers and m in shocked})
        if missing:
            r.warn(f"no ramp rate in the dataset for {', '.join(missing)} (ramps.csv): their "
                   "spare capacity answers at once")
    arr = np.array([np.nan if x is None else x for x in rates], dtype=float)
    return arr if np.isfinite(arr).any() else None


def _investments(r: _Reader, s: Structure, scalings: Sequence[Scaling],
                 ramp: mech.Ramp) -> mech.Investments:
    pos, cap, t_on = [], [], []
    for m in r.sc.measures:
        if not isinstance(m, Invest):
            continue
        f = r.net.facility(m.facility_id)
        key = (str(f["country"]), str(f["stage"]), str(f["material"]))
        c = float(m.capacity_t) if m.capacity_t is not None else (
            0.0 if pd.isna(f["capacity_t"]) else float(f["capacity_t"]))
        if c == 0.0:
            r.warn(f"facility {m.facility_id} has no capacity_t; invest adds nothing")
        if m.start is not None:
            t_on.append(period_start(m.start) + 12.0 * m.delay_years)
        else:
            y0 = f["start_year"]
            year = int(y0) if not pd.isna(y0) else int(r.sc.horizon.start_index // 12)
            t_on.append((year + m.delay_years) * 12.0)
        pos.append(s.producers.position(key))
        cap.append(c)
    factors = capacity_factors(s, scalings)[pos] if scalings and pos else np.ones(len(pos))
    position = np.array(pos, dtype=np.int64)
    return mech.Investments(position, np.array(cap, dtype=float) * factors,
                            np.array(t_on, dtype=float), mech.rates_at(ramp, position))


def _route_lags(r: _Reader, s: Structure) -> np.ndarray:
    """Shipping lag of every trade pair (months): the first matching route of the
    scenario's ``transit``, else 0."""
    lag = np.full(len(s.flows), np.nan)
    for route in r.sc.transit:
        to = (np.ones(len(s.flows), dtype=bool) if route.importer == "all"
              else s.flows.mask(importer=r.ds.resolve_countries([route.importer])))
        hit = s.flows.mask(exporter=route.exporter) & to & np.isnan(lag)
        lag[hit] = route.weeks * 7.0 / (365.0 / 12.0)
    return np.nan_to_num(lag, nan=0.0)


def _controls(r: _Reader, s: Structure) -> mech.Controls:
    """Every export control as caps on trade pairs, one entry per window: a licence lag
    withholds everything until the first licences come, suspensions cut windows out, and
    the share withheld may differ by destination."""
    goods = set(s.goods)
    flows, goods_dims = s.flows, ("stage", "material")
    lags = _route_lags(r, s)
    entries: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float, float]] = []
    countries = set(r.net.countries)
    importer = flows.labels("importer")
    for i, x in enumerate(r.sc.shocks):
        if not isinstance(x, ExportControl):
            continue
        dest = countries if x.destinations == "all" else set(
            r.ds.resolve_countries(x.destinations))
        dest = dest - {x.country}
        ctl = {(st, m) for st in x.stages for m in x.materials} & goods
        lineage = r.net.downstream_closure(ctl) & goods if x.extraterritorial else set()
        to = flows.mask(importer=dest)
        mine = flows.mask(exporter=x.country)
        d = np.flatnonzero(mine & to & flows.among(goods_dims, frozenset(ctl)))
        c = np.flatnonzero(~mine & to & flows.among(goods_dims, frozenset(lineage)))
        by_dest = _destination_severity(r, x)
        sev = np.array([by_dest.get(k, x.severity) for k in importer], dtype=float)
        for a, b, full in _control_windows(r.sc, i, x):
            entries.append((d, c, np.ones(d.size) if full else sev[d],
                            np.ones(c.size) if full else sev[c], a, b))
    lagged = bool(lags.any())
    return mech.Controls(
        direct=tuple(e[0] for e in entries), co=tuple(e[1] for e in entries),
        severity=np.array([float(e[2].max()) if e[2].size else 0.0 for e in entries], float),
        start=np.array([e[4] for e in entries], float),
        end=np.array([e[5] for e in entries], float),
        lag_direct=tuple(lags[e[0]] for e in entries) if lagged else (),
        lag_co=tuple(lags[e[1]] for e in entries) if lagged else (),
        sev_direct=tuple(e[2] for e in entries), sev_co=tuple(e[3] for e in entries))


def _denials(r: _Reader, s: Structure) -> mech.Denials:
    """The users each control denies licences: its ``denied_sectors`` in its destinations
    (not the controlling country), for the goods made from its controlled goods, in every
    window the control is in force."""
    goods = set(s.goods)
    countries = set(r.net.countries)
    demands, start, end = [], [], []
    for i, x in enumerate(r.sc.shocks):
        if not isinstance(x, ExportControl) or not x.denied_sectors:
            continue
        dest = countries if x.destinations == "all" else set(
            r.ds.resolve_countries(x.destinations))
        ctl = {(st, m) for st in x.stages for m in x.materials} & goods
        lineage = r.net.downstream_closure(ctl) & goods
        pos = np.array([n for n, (k, sec, st, m) in enumerate(s.demands)
                        if sec in x.denied_sectors and k in dest and k != x.country
                        and (st, m) in lineage], dtype=np.int64)
        if not pos.size:
            r.warn(f"shocks[{i}]: no demand of {', '.join(x.denied_sectors)} for the "
                   "controlled goods or what is made of them in its destinations in the "
                   "data: denying them licences changes nothing here")
        for a, b, _ in _control_windows(r.sc, i, x):
            demands.append(pos)
            start.append(a)
            end.append(b)
    return mech.Denials(tuple(demands), np.array(start, float), np.array(end, float))


def _destination_severity(r: _Reader, x: ExportControl) -> dict[str, float]:
    """Share withheld per importing country: a group's entry for its members, a country's
    own entry over its group's."""
    out: dict[str, float] = {}
    for name, v in sorted(x.severity_by_destination.items(),
                          key=lambda kv: kv[0] in r.net.countries):
        for k in r.ds.resolve_countries([name]):
            out[k] = float(v)
    return out


def _control_windows(sc: Scenario, i: int, x: ExportControl
                     ) -> list[tuple[float, float, bool]]:
    """``(start, end, nothing_leaves)`` windows of control ``i`` (month indices): its
    window less its suspensions, the first ``licence_lag_days`` of it withholding
    everything."""
    a, b = sc.shock_window(i)
    cuts = sorted((period_start(w.start), period_end(w.end)) for w in x.suspended)
    spans, t = [], a
    for c0, c1 in cuts:
        if c0 > t:
            spans.append((t, min(c0, b)))
        t = max(t, c1)
    if t < b:
        spans.append((t, b))
    lag_end = a + x.licence_lag_days / (365.0 / 12.0)
    out = []
    for s0, s1 in spans:
        if s0 < lag_end:
            out.append((s0, min(s1, lag_end), True))
        if s1 > lag_end:
            out.append((max(s0, lag_end), s1, False))
    return [w for w in out if w[1] > w[0]]


def _release_limit(net: Network, m: sd.StockpileRelease) -> float:
    """A release's limit (t/yr): the measure's, else the dataset's stockpiles' (blank = no
    limit)."""
    if m.max_release_t_per_year is not None:
        return float(m.max_release_t_per_year)
    st = net.stockpiles
    sel = st[(st["country"] == m.country) & (st["stage"] == m.stage)
             & (st["material"] == m.material)]
    return float(sel["max_release_t_per_year"].sum()) if len(sel) else math.inf


def _releases(r: _Reader, s: Structure, held=frozenset()) -> mech.Releases:
    """Releases of stockpile measures, and of private inventories (no rate limit, the whole
    horizon: drawn whenever demand would otherwise go unmet)."""
    h0, h1 = r.sc.horizon.start_index, r.sc.horizon.end_index
    by_node = {(m.country, m.stage, m.material): m for m in r.sc.measures
               if isinstance(m, sd.StockpileRelease)}
    nodes = [n for n in s.releases if n in by_node or n in held]
    limit, start, end = [], [], []
    for n in nodes:
        m = by_node.get(n)
        limit.append(_release_limit(r.net, m) if m is not None else math.inf)
        start.append(period_start(m.start) if m is not None and m.start else h0)
        end.append(period_end(m.end) if m is not None and m.end else h1)
    return mech.Releases(position=s.releases.positions(nodes), stock=s.stocks.positions(nodes),
                         limit=np.array(limit, dtype=float), start=np.array(start, dtype=float),
                         end=np.array(end, dtype=float))


def _builds(sc: Scenario, s: Structure, held=frozenset()) -> mech.Builds:
    """Purchases of stockpile measures, and the buy-back of private inventories (target 0
    here; :func:`~critmin.chain.mechanisms.restock_targets` sets it each period from the
    level), at the scenario's ``restock_priority``."""
    by_node = {(m.country, m.stage, m.material): m for m in sc.measures
               if isinstance(m, sd.StockpileBuild)}
    h0, h1 = sc.horizon.start_index, sc.horizon.end_index
    rows = [(by_node[n].quantity_t, period_start(by_node[n].start), period_end(by_node[n].end),
             by_node[n].priority) if n in by_node else (0.0, h0, h1, sc.restock_priority)
            for n in s.builds if n in by_node or n in held]
    q, a, b, w = (np.array(col, dtype=float) for col in zip(*rows, strict=True)) if rows else (
        np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0))
    return mech.Builds(q, a, b, w)


def _recycling(r: _Reader, s: Structure) -> mech.Recycling:
    sc = r.sc
    h0 = sc.horizon.start_index
    ms = [m for m in sc.measures if isinstance(m, sd.Recycling)]
    feed_t, feed_year = np.zeros((0, 0)), 0
    if any(m.feed == "mfa" for m in ms):
        from critmin.stocks.model import recycled_feed

        years = sorted({p.year for p in sc.periods()})
        feed_year = years[0]
        feed_t = np.full((len(ms), years[-1] - feed_year + 1), np.inf)
        for i, m in enumerate(ms):
            if m.feed != "mfa":
                continue
            try:
                feed = recycled_feed(r.ds, m.country, m.material, (feed_year, years[-1]),
                                     m.eol_rates, m.eol_factors)
            except DatasetError as exc:
                r.warn(f"recycling in {m.country} of {m.material} is fed by the stocks MFA, "
                       f"which this dataset cannot run ({exc.problems[0]}): no scrap, no "
                       "supply")
                feed = {}
            feed_t[i] = [feed.get(y, 0.0) for y in range(feed_year, years[-1] + 1)]
            if feed and not feed_t[i].any():
                r.warn(f"recycling in {m.country} of {m.material}: the stocks MFA gives no "
                       "recovered scrap there (no demand or no sourced end-of-life rates), "
                       "so the line supplies nothing")
    return mech.Recycling(
        s.recyclers.positions((m.country, m.stage, m.material) for m in ms),
        np.array([m.capacity_t for m in ms], dtype=float),
        np.array([period_start(m.start) if m.start else h0 for m in ms], dtype=float),
        feed_t, feed_year)


def _thrifts(r: _Reader, s: Structure) -> mech.Thrifts:
    """The reduced-input grades of the scenario's ``thrifting`` measures, one per
    thrifting producer (the first measure naming a producer applies; a maker that does
    not produce the good, or a good without the inputs, is warned about)."""
    h0 = r.sc.horizon.start_index
    rows: dict[Node, tuple[float, float, float]] = {}
    for i, m in enumerate(r.sc.measures):
        if not isinstance(m, sd.Thrifting):
            continue
        where = f"measures[{i}] (thrifting {m.stage}/{m.material})"
        ins = {h[1] for h, _ in r.net.inputs_of((m.stage, m.material))}
        if not ins & set(m.inputs):
            r.warn(f"{where}: none of {', '.join(m.inputs)} is an input of "
                   f"{m.stage}/{m.material} in the dataset; nothing is saved")
            continue
        for k in r.ds.resolve_countries(m.countries):
            node = (k, m.stage, m.material)
            if node not in s.producers:
                r.warn(f"{where}: {k} makes no {m.material} in the data; nothing is saved")
            elif node in rows:
                r.warn(f"{where}: {k} already has a reduced-input grade of {m.material}; "
                       "the first measure applies")
            else:
                start = period_start(m.start) if m.start is not None else h0
                rows[node] = (m.adoption, start, m.years_to_adopt)
    keys = list(s.thrifts)
    a, t, y = (np.array([rows.get(n, (0.0, h0, 0.0))[j] for n in keys], dtype=float)
               for j in range(3))
    pos = np.array([s.producers.get(n) if n in rows else -1 for n in keys], dtype=np.int64)
    return mech.Thrifts(pos, a, t, y)


def _substitutions(r: _Reader, s: Structure) -> mech.Substitutions:
    h0 = r.sc.horizon.start_index
    ms = [m for m in r.sc.measures if isinstance(m, sd.Substitution)]
    masks = tuple(s.demands.mask(country=r.ds.resolve_countries(m.countries), sector=m.sector,
                                 stage=m.stage, material=m.material) for m in ms)
    return mech.Substitutions(masks, np.array([m.cut_share for m in ms], dtype=float),
                              np.array([period_start(m.start) if m.start else h0 for m in ms],
                                       dtype=float))


def _levels(r: _Reader, s: Structure) -> np.ndarray:
    """Opening stock of every stock node: the dataset's holdings, or a release's
    ``quantity_t``."""
    levels = {n: r.net.stock_held.get((n[0], (n[1], n[2])), 0.0) for n in s.stocks}
    releases = {(m.country, m.stage, m.material): m for m in r.sc.measures
                if isinstance(m, sd.StockpileRelease)}
    for node, m in releases.items():
        if m.quantity_t is not None:
            levels[node] = float(m.quantity_t)
        elif levels.get(node, 0.0) <= 0.0:
            r.warn(f"stockpile_release {m.country} {m.stage}/{m.material}: the dataset holds "
                   "no quantity there (blank counts as 0 t); give quantity_t to release "
                   "anything")
    return s.stocks.align(levels)


def period_numbers(model: ScenarioModel, year: YearNumbers, base_flows: np.ndarray,
                   p: Period) -> PeriodNumbers:
    """The numbers of period ``p`` (t per period) from every mechanism: capacity with its
    ramp and investments, export-control caps on the baseline flows (``base_flows``, t/yr),
    release limits (not yet bounded by stock levels), purchase targets, secondary supply
    and demand after substitution."""
    s, frac = model.structure, p.fraction_of_year
    ub = mech.capacity_bounds(model.ramp, year.capacity, year.production, p)
    if model.investments.position.size:
        ub = ub + mech.invest(model.investments, p, len(s.producers))
    cap, co_cap = mech.control_caps(model.controls, base_flows, p)
    demand = mech.substitute(model.substitutions, year.demand * frac, p)
    return PeriodNumbers(
        production_ub=ub, demand=demand, trade=year.trade * frac, cap=cap, co_cap=co_cap,
        release_ub=mech.release_limits(model.releases, p, len(s.releases)),
        build_target=mech.build_targets(model.builds, p), build_weight=model.builds.weight,
        recycle_ub=mech.recycling_supply(model.recycling, p, len(s.recyclers)),
        response=model.response, thrift_ub=mech.thrift_bounds(model.thrifts, ub, p),
        denied=mech.denied_shares(model.denials, p, len(s.demands)))

