"""Building the portfolio MILP: candidate measures, cost shares, and the stacked model.

The second stage is the simulation's own allocation LP (:func:`critmin.simulate.build.build_lp`)
for every scenario × year, stacked block-diagonally; the first-stage columns (facility
phases, stockpile targets, recycling capacity, substitution programmes) are linked into
their capacity, stock, balance and demand rows. Equations: ``docs/optimize.md``.
"""

from __future__ import annotations

import itertools
import logging
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from critmin.data import Dataset
from critmin.exceptions import ScenarioError
from critmin.model.network import Good
from critmin.optimize.plan import Phase, Plan, PlanError, ScenarioRef
from critmin.scenarios import (
    Horizon,
    Invest,
    Scenario,
    StockpileRelease,
    load_library_scenario,
    load_scenario,
    scenario_from_dict,
    validate_scenario,
)
from critmin.scenarios.periods import Period, period_end, period_start
from critmin.simulate.build import ANY, FREE, PeriodData, build_lp
from critmin.simulate.lp import INF, LinearProgram
from critmin.simulate.run import _Run, ramped, release_cap

logger = logging.getLogger(__name__)

FACILITY, STOCKPILE, RECYCLING, SUBSTITUTION = "facility", "stockpile", "recycling", "substitution"


@dataclass
class Measure:
    """One first-stage column.

    ``unit_cost_musd`` is the cost of one unit of the column: the whole cost of a binary
    measure, MUSD per t of a stockpile target, MUSD per t/yr of recycling capacity.
    """

    measure_id: str
    type: str
    integer: bool
    upper: float
    unit_cost_musd: float
    shares: dict[str, float]
    country: str = ""
    good: Good = ("", "")
    capacity_t: float = 0.0
    start_year: float = math.nan
    parent: str = ""
    cost_source: str = ""
    countries: tuple[str, ...] = ()
    sector: str = ""
    cut_share: float = 0.0


def _good(code: str) -> Good:
    st, m = code.split("/")
    return st, m


def resolve(ds: Dataset, names: list[str] | tuple[str, ...], field: str) -> list[str]:
    """Country codes of ``names`` (codes or groups); :class:`PlanError` names ``field``."""
    try:
        return ds.resolve_countries(list(names))
    except KeyError as exc:
        msg = f"{field}: {exc.args[0]}"
        raise PlanError(msg) from None


def _check_good(ds: Dataset, code: str, field: str) -> Good:
    g = _good(code)
    if g[0] not in set(ds.stages["stage"]) or g[1] not in set(ds.materials["material"]):
        msg = f"{field}: {code!r} is not a stage/material of this dataset"
        raise PlanError(msg)
    return g


# -- cost sharing ------------------------------------------------------------------------
def cost_shares(ds: Dataset, plan: Plan, partners: list[str], host: str = "") -> dict[str, float]:
    """Share of a measure's cost paid by each partner (summing to 1).

    ``fixed``: ``shares`` over the partners. ``host``: the host pays ``host_share`` if it
    is a partner and the rest is split by ``shares`` over the other partners (equally if
    no shares); a host outside the coalition pays nothing. ``proportional``: by
    ``countries.csv[column]`` or ``weights``.
    """
    cs = plan.cost_sharing

    def split(base: dict[str, float], who: list[str]) -> dict[str, float]:
        w = {k: max(0.0, float(base.get(k, 0.0))) for k in who} if base else dict.fromkeys(who, 1.0)
        tot = sum(w.values())
        if tot <= 0:
            msg = (f"cost sharing: no positive share among {', '.join(who)} "
                   f"(rule {cs.rule!r})")
            raise PlanError(msg)
        return {k: v / tot for k, v in w.items()}

    if cs.rule == "fixed":
        out = split(cs.shares, partners)
    elif cs.rule == "host":
        if host in partners and len(partners) > 1:
            rest = split(cs.shares, [k for k in partners if k != host])
            out = {k: (1.0 - cs.host_share) * v for k, v in rest.items()}
            out[host] = cs.host_share
        elif host in partners:
            out = {host: 1.0}
        else:
            out = split(cs.shares, partners)
    else:
        if cs.column is not None:
            c = ds.countries
            if cs.column not in c.columns:
                msg = f"cost_sharing.column: countries.csv has no column {cs.column!r}"
                raise PlanError(msg)
            vals = pd.to_numeric(c.set_index("country")[cs.column], errors="coerce")
            base = {k: float(vals.get(k, math.nan)) for k in partners}
            bad = [k for k, v in base.items() if math.isnan(v)]
            if bad:
                msg = f"cost_sharing.column: {cs.column!r} is blank for {', '.join(bad)}"
                raise PlanError(msg)
        else:
            base = dict(cs.weights)
        out = split(base, partners)
    return {k: out.get(k, 0.0) for k in partners}


# -- candidates --------------------------------------------------------------------------
def _price(ds: Dataset, good: Good) -> tuple[float, str]:
    """Latest price of ``good`` in USD per kg of the good's basis, with its source."""
    st, m = good
    p = ds.prices
    sel = p[(p["material"] == m) & (p["stage"] == st)].dropna(subset=["price_usd_per_kg"])
    if sel.empty:
        return math.nan, ""
    sel = sel.assign(_w=(sel["region"] != "world").astype(int)).sort_values(
        ["year", "_w"], ascending=[False, True])
    row = sel.iloc[0]
    price = float(row["price_usd_per_kg"])
    note = f"prices.csv {row['region']} {int(row['year'])}"
    mat = ds.materials[ds.materials["material"] == m]
    text = str(row.get("product", "")).lower()
    if st == "separation" and "oxide" in text and len(mat) and "element_per_oxide" in mat:
        epo = float(mat["element_per_oxide"].iloc[0])
        if epo == epo and epo > 0:
            price /= epo
            note += f" (oxide price / {epo:g} element per oxide)"
    return price, note


def candidate_measures(ds: Dataset, plan: Plan, partners: list[str]
                       ) -> tuple[list[Measure], pd.DataFrame]:
    """First-stage measures of ``plan`` on ``ds`` and the candidates left out, with reasons.

    Returns
    -------
    measures : list of Measure
    excluded : DataFrame ``measure_id, type, reason``
    """
    c = plan.candidates
    out: list[Measure] = []
    excluded: list[tuple[str, str, str]] = []
    fac = ds.facilities
    if c.facilities == "default":
        ids = [f for f, s in zip(fac["facility_id"], fac["status"], strict=True)
               if s in c.statuses]
    elif c.facilities == "none":
        ids = []
    else:
        ids = list(c.facilities)
        unknown = sorted(set(ids) - set(fac["facility_id"]))
        if unknown:
            msg = f"candidates.facilities: unknown facility ids {', '.join(unknown)}"
            raise PlanError(msg)
    unknown = sorted(set(c.overrides) - set(fac["facility_id"]))
    if unknown:
        msg = f"candidates.overrides: unknown facility ids {', '.join(unknown)}"
        raise PlanError(msg)
    for fid in ids:
        if fid in c.exclude:
            excluded.append((fid, FACILITY, "excluded by the plan"))
            continue
        row = fac[fac["facility_id"] == fid].iloc[0]
        ov = c.overrides.get(fid)
        cap = ov.capacity_t if ov and ov.capacity_t is not None else float(row["capacity_t"])
        if not cap == cap or cap <= 0:
            excluded.append((fid, FACILITY, "no capacity_t in facilities.csv or the plan"))
            continue
        stage = str(row["stage"])
        if ov and ov.capex_musd is not None:
            capex, src = ov.capex_musd, "plan override (assumption)"
        elif row["capex_musd"] == row["capex_musd"]:
            capex, src = float(row["capex_musd"]), f"facilities.csv ({row['source_id']})"
        elif stage in c.capex_usd_per_t_per_year:
            capex = c.capex_usd_per_t_per_year[stage] * cap / 1e6
            src = (f"plan assumption: {c.capex_usd_per_t_per_year[stage]:g} USD per t/yr "
                   f"at {stage}")
        else:
            excluded.append((fid, FACILITY, "no capex_musd in facilities.csv and no "
                                            f"capex_usd_per_t_per_year for {stage} in the plan"))
            continue
        if ov and ov.start_year is not None:
            start = float(ov.start_year)
        elif not pd.isna(row["start_year"]):
            start = float(row["start_year"])
        else:
            start = float(plan.horizon.start + c.lead_time_years)
            src += f"; start {int(start)} = horizon start + {c.lead_time_years} y lead time"
        phases = list(ov.phases) if ov and ov.phases else [Phase(capacity_share=1.0,
                                                                  cost_share=1.0)]
        host = str(row["country"])
        shares = cost_shares(ds, plan, partners, host)
        for i, ph in enumerate(phases):
            mid = fid if len(phases) == 1 else f"{fid}#phase{i + 1}"
            out.append(Measure(mid, FACILITY, True, 1.0, capex * ph.cost_share, shares,
                               country=host, good=(stage, str(row["material"])),
                               capacity_t=cap * ph.capacity_share,
                               start_year=start + ph.extra_years, parent=fid,
                               cost_source=src))
    so = c.stockpiles
    members = resolve(ds, so.members, "candidates.stockpiles.members") if so.members else partners
    for k in members:
        for code in so.goods:
            g = _check_good(ds, code, "candidates.stockpiles.goods")
            mid = f"stockpile:{k}:{code}"
            if code in so.prices_usd_per_kg or g[1] in so.prices_usd_per_kg:
                price = so.prices_usd_per_kg.get(code, so.prices_usd_per_kg.get(g[1], 0.0))
                src = "plan price (assumption)"
            else:
                price, src = _price(ds, g)
            if not price == price:
                excluded.append((mid, STOCKPILE, "no price in prices.csv or the plan"))
                continue
            out.append(Measure(mid, STOCKPILE, False, so.max_t_by_good.get(code, so.max_t),
                               price / 1000.0, cost_shares(ds, plan, partners, k),
                               country=k, good=g,
                               start_year=float(so.ready_year or plan.horizon.start),
                               cost_source=f"target × {price:g} USD/kg ({src})"))
    for i, r in enumerate(c.recycling):
        resolve(ds, [r.country], f"candidates.recycling[{i}].country")
        _check_good(ds, r.good, f"candidates.recycling[{i}].good")
        out.append(Measure(r.id, RECYCLING, False, r.max_t_per_year,
                           r.capex_usd_per_t_per_year / 1e6,
                           cost_shares(ds, plan, partners, r.country), country=r.country,
                           good=_good(r.good), start_year=float(r.start_year),
                           cost_source=f"plan: {r.capex_usd_per_t_per_year:g} USD per t/yr"))
    for i, s in enumerate(c.substitution):
        ks = tuple(resolve(ds, s.countries, f"candidates.substitution[{i}].countries"))
        _check_good(ds, s.good, f"candidates.substitution[{i}].good")
        out.append(Measure(s.id, SUBSTITUTION, True, 1.0, s.cost_musd,
                           cost_shares(ds, plan, partners, ks[0] if len(ks) == 1 else ""),
                           good=_good(s.good), start_year=float(s.start_year), countries=ks,
                           sector=s.sector, cut_share=s.cut_share, cost_source="plan"))
    ex = pd.DataFrame(excluded, columns=["measure_id", "type", "reason"])
    return out, ex


# -- second stage ------------------------------------------------------------------------
@dataclass
class Block:
    """One scenario × year LP inside the stacked model (column and row offsets)."""

    scenario: int
    period: Period
    lp: LinearProgram
    col0: int
    row0: int
    demand: dict


@dataclass
class Stacked:
    """The whole MILP as arrays plus the index maps needed to read a solution."""

    cost: list[float] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    row_lower: list[float] = field(default_factory=list)
    row_upper: list[float] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    cols: list[int] = field(default_factory=list)
    vals: list[float] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    measure_cols: list[int] = field(default_factory=list)
    budget_rows: dict[str, int] = field(default_factory=dict)
    shortfall: list[tuple[int, int, str, float]] = field(default_factory=list)
    scenario_names: list[str] = field(default_factory=list)
    probabilities: list[float] = field(default_factory=list)
    target_row: int | None = None

    def var(self, cost: float = 0.0, lower: float = 0.0, upper: float = INF,
            integer: bool = False) -> int:
        self.cost.append(cost)
        self.lower.append(lower)
        self.upper.append(upper)
        self.integer.append(integer)
        return len(self.cost) - 1

    def row(self, terms: list[tuple[int, float]], lower: float = -INF,
            upper: float = INF) -> int:
        i = len(self.row_lower)
        self.row_lower.append(lower)
        self.row_upper.append(upper)
        for j, v in terms:
            self.entry(i, j, v)
        return i

    def entry(self, i: int, j: int, v: float) -> None:
        self.rows.append(i)
        self.cols.append(j)
        self.vals.append(v)

    def add_lp(self, lp: LinearProgram, weight: float) -> tuple[int, int]:
        c0, r0 = len(self.cost), len(self.row_lower)
        self.cost.extend(weight * v for v in lp.cost)
        self.lower.extend(lp.lower)
        self.upper.extend(lp.upper)
        self.integer.extend([False] * lp.num_col)
        self.row_lower.extend(lp.row_lower)
        self.row_upper.extend(lp.row_upper)
        self.rows.extend(r0 + i for i in lp.entry_row)
        self.cols.extend(c0 + j for j in lp.entry_col)
        self.vals.extend(lp.entry_val)
        return c0, r0

    @property
    def num_col(self) -> int:
        return len(self.cost)

    @property
    def num_row(self) -> int:
        return len(self.row_lower)


def _load_ref(ref: ScenarioRef, ds: Dataset, i: int) -> Scenario:
    try:
        if ref.scenario is not None:
            sc = load_library_scenario(ref.scenario)
        elif ref.file is not None:
            sc = load_scenario(ref.file)
        else:
            sc = scenario_from_dict(ref.definition, where=f"scenario {ref.name!r}")
        return validate_scenario(sc, ds)
    except ScenarioError as exc:
        msg = f"scenarios[{i}]: {exc}"
        raise PlanError(msg) from None


def _online(p: Period, year: float) -> float:
    """Share of period ``p`` at or after the start of calendar year ``year``."""
    return p.overlap(year * 12.0, math.inf)


@dataclass
class ScenarioRun:
    """A scenario of the plan as a simulation run, with what the scenario itself does:
    its own invest measures (count and facility ids) and stock releases."""

    ref: ScenarioRef
    run: _Run
    own_invest: int
    own_releases: dict
    own_facilities: frozenset[str]


def second_stage_runs(ds: Dataset, plan: Plan, measures: list[Measure]) -> list[ScenarioRun]:
    """One simulation run object per scenario of the plan, yearly over the plan horizon.

    Candidate facilities enter as ``invest`` measures (so the structure has their
    production columns) and candidate stockpiles as ``stockpile_release`` measures (so it
    has their release columns); their numbers are replaced when the model is stacked.
    """
    horizon = Horizon(start=str(plan.horizon.start), end=str(plan.horizon.end), step="year")
    fids = list(dict.fromkeys(m.parent for m in measures if m.type == FACILITY))
    stock = [m for m in measures if m.type == STOCKPILE]
    out = []
    for i, ref in enumerate(plan.scenarios):
        sc = _load_ref(ref, ds, i)
        own_inv = sum(isinstance(m, Invest) for m in sc.measures)
        own_rel = {(m.country, (m.stage, m.material)): m for m in sc.measures
                   if isinstance(m, StockpileRelease)}
        extra: list = [Invest(type="invest", facility_id=f) for f in fids]
        rate = plan.candidates.stockpiles.release_t_per_year
        extra += [StockpileRelease(type="stockpile_release", country=m.country,
                                   material=m.good[1], stage=m.good[0],
                                   max_release_t_per_year=rate)
                  for m in stock if (m.country, m.good) not in own_rel]
        invests = [m for m in sc.measures if isinstance(m, Invest)]
        others = [m for m in sc.measures if not isinstance(m, Invest)]
        upd: dict = {"horizon": horizon, "measures": [*invests, *extra[:len(fids)], *others,
                                                      *extra[len(fids):]]}
        if plan.priorities:
            upd["priorities"] = {**sc.priorities, **plan.priorities}
        run = _Run(ds, sc.model_copy(update=upd))
        out.append(ScenarioRun(ref, run, own_inv, own_rel,
                               frozenset(m.facility_id for m in invests)))
    return out


def stack_model(ds: Dataset, plan: Plan, measures: list[Measure], partners: list[str]
                ) -> Stacked:
    """The stacked two-stage model (objective, budgets, links); see ``docs/optimize.md``."""
    m_ = Stacked()
    obj = plan.objective
    cw = obj.cost_weight if obj.kind == "min_shortfall" else 1.0
    for meas in measures:
        m_.measure_cols.append(m_.var(cw * meas.unit_cost_musd, 0.0, meas.upper, meas.integer))
    # phases in order: y[phase i+1] <= y[phase i]
    for (a, ja), (b, jb) in itertools.pairwise(zip(measures, m_.measure_cols, strict=True)):
        if a.type == b.type == FACILITY and a.parent == b.parent:
            m_.row([(jb, 1.0), (ja, -1.0)], -INF, 0.0)
    total = [(j, meas.unit_cost_musd) for j, meas in zip(m_.measure_cols, measures, strict=True)]
    m_.budget_rows["coalition"] = m_.row(total, -INF, plan.budget.coalition_musd)
    for k, b in plan.budget.partners.items():
        if k not in partners:
            msg = f"budget.partners: {k!r} is not a member of the coalition {partners}"
            raise PlanError(msg)
        terms = [(j, meas.unit_cost_musd * meas.shares.get(k, 0.0))
                 for j, meas in zip(m_.measure_cols, measures, strict=True)]
        m_.budget_rows[k] = m_.row(terms, -INF, b)
    scen_weight = 1.0 if obj.kind == "min_shortfall" else 1e-6
    cvar_terms: list[tuple[int, list[tuple[int, float]]]] = []
    target_terms: list[tuple[int, float]] = []
    for s, srun in enumerate(second_stage_runs(ds, plan, measures)):
        ref, run, own_inv, own_rel = srun.ref, srun.run, srun.own_invest, srun.own_releases
        m_.scenario_names.append(ref.name)
        m_.probabilities.append(ref.probability)
        loss_terms: list[tuple[int, float]] = []
        rel_hist: dict[tuple[str, Good], list[tuple[int, float]]] = {}
        cand_inv = run.invest[own_inv:]
        stock_nodes = {(meas.country, meas.good): j for meas, j in
                       zip(measures, m_.measure_cols, strict=True) if meas.type == STOCKPILE}
        for p in run.periods:
            pdata = run.period_data(p)
            frac, rate = p.fraction_of_year, run.sc.ramp_rate
            for k, g, cap, t_on in cand_inv:
                add = ramped(cap, rate, t_on, p) * frac
                pdata.production_ub[(k, g)] = max(0.0, pdata.production_ub[(k, g)] - add)
            for node in run.structure.release_nodes:
                if node in own_rel:
                    mr = own_rel[node]
                    a = period_start(mr.start) if mr.start else run.sc.horizon.start_index
                    b = period_end(mr.end) if mr.end else run.sc.horizon.end_index
                    pdata.release_ub[node] = release_cap(run._release_limit(node), frac,
                                                         p.overlap(a, b))
                else:
                    lim = plan.candidates.stockpiles.release_t_per_year
                    ready = plan.candidates.stockpiles.ready_year or plan.horizon.start
                    lim = INF if lim is None else lim * frac
                    pdata.release_ub[node] = lim if _online(p, ready) > 0 else 0.0
            lp = build_lp(run.structure, pdata)
            c0, r0 = m_.add_lp(lp, ref.probability * scen_weight)
            m_.blocks.append(Block(s, p, lp, c0, r0, pdata.demand))
            for key, j in lp.cols.get("shortfall", {}).items():
                k, sec = key[0], key[1]  # (country, sector, good[, tranche])
                m_.shortfall.append((s, c0 + j, k, 1.0))
                w = pdata.priority.get(sec, 1.0)
                loss_terms.append((c0 + j, w))
                target_terms.append((c0 + j, ref.probability))
            _link_first_stage(m_, measures, lp, r0, p, pdata, srun)
            # stock levels: cumulative release minus earlier purchases <= level0 + target
            for node in sorted(run.structure.release_nodes):
                hist = rel_hist.setdefault(node, [])
                rj = lp.col("release", node)
                terms = [*hist, (c0 + rj, 1.0)] if rj is not None else list(hist)
                lvl = run.level(node) if node in own_rel else 0.0
                if node in stock_nodes:
                    terms.append((stock_nodes[node], -1.0))
                m_.row(terms, -INF, lvl)
                if rj is not None:
                    hist.append((c0 + rj, 1.0))
                for c in run.structure.classes[node[1]]:
                    bj = lp.col("build", (node[0], node[1], c))
                    if bj is not None:
                        hist.append((c0 + bj, -1.0))
        cvar_terms.append((s, loss_terms))
    if obj.cvar is not None and obj.cvar.weight > 0:
        beta, alpha = obj.cvar.weight * scen_weight, obj.cvar.alpha
        eta = m_.var(beta, -INF, INF)
        for s, terms in cvar_terms:
            u = m_.var(beta * m_.probabilities[s] / (1.0 - alpha))
            m_.row([(u, 1.0), (eta, 1.0), *((j, -w) for j, w in terms)], 0.0, INF)
    if obj.kind == "min_cost":
        m_.target_row = m_.row(target_terms, -INF, float(obj.shortfall_target_t or 0.0))
    return m_


def _link_first_stage(m_: Stacked, measures: list[Measure], lp: LinearProgram, r0: int,
                      p: Period, pdata: PeriodData, srun: ScenarioRun) -> None:
    """Entries of the first-stage columns in the rows of one scenario × year block.

    A facility the scenario itself already invests in adds nothing more there.
    """
    ref, run = srun.ref, srun.run
    frac, rate = p.fraction_of_year, run.sc.ramp_rate
    s = run.structure
    own = srun.own_facilities
    for meas, j in zip(measures, m_.measure_cols, strict=True):
        if meas.type == FACILITY and meas.parent in own:
            continue
        if meas.type == FACILITY:
            i = lp.rows.get("capacity", {}).get((meas.country, meas.good))
            t_on = (meas.start_year + ref.delay_years) * 12.0
            add = ramped(meas.capacity_t, rate, t_on, p) * frac
            if i is not None and add > 0:
                m_.entry(r0 + i, j, -add)
        elif meas.type == RECYCLING:
            g = meas.good
            if g not in s.classes:
                continue
            cls = ANY if s.classes[g] == (ANY,) else FREE
            i = lp.rows.get("balance", {}).get((meas.country, g, cls))
            on = _online(p, meas.start_year) * frac
            if i is None or on <= 0:
                continue
            q = m_.var()
            m_.entry(r0 + i, q, 1.0)
            m_.row([(q, 1.0), (j, -on)], -INF, 0.0)
        elif meas.type == SUBSTITUTION:
            on = _online(p, meas.start_year)
            for k in meas.countries:
                key = (k, meas.sector, meas.good)
                i = lp.rows.get("demand", {}).get(key)
                dem = pdata.demand.get(key, 0.0)
                if i is not None and dem > 0 and on > 0:
                    m_.entry(r0 + i, j, meas.cut_share * dem * on)


def to_highs(m_: Stacked):
    """A quiet :class:`highspy.Highs` holding the stacked model."""
    import highspy
    from scipy.sparse import coo_matrix

    from critmin.simulate.solve import new_highs

    a = coo_matrix((np.asarray(m_.vals, float), (np.asarray(m_.rows, np.int64),
                                                   np.asarray(m_.cols, np.int64))),
                   shape=(m_.num_row, m_.num_col)).tocsc()
    a.sum_duplicates()
    inf = highspy.kHighsInf

    def fin(x: list[float]) -> np.ndarray:
        v = np.asarray(x, float)
        return np.where(np.isposinf(v), inf, np.where(np.isneginf(v), -inf, v))

    model = highspy.HighsLp()
    model.num_col_, model.num_row_ = m_.num_col, m_.num_row
    model.col_cost_ = np.asarray(m_.cost, float)
    model.col_lower_, model.col_upper_ = fin(m_.lower), fin(m_.upper)
    model.row_lower_, model.row_upper_ = fin(m_.row_lower), fin(m_.row_upper)
    model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    model.a_matrix_.start_ = a.indptr.astype(np.int32)
    model.a_matrix_.index_ = a.indices.astype(np.int32)
    model.a_matrix_.value_ = a.data.astype(float)
    if any(m_.integer):
        model.integrality_ = [highspy.HighsVarType.kInteger if b else
                              highspy.HighsVarType.kContinuous for b in m_.integer]
    h = new_highs()
    h.setOptionValue("random_seed", 0)
    h.passModel(model)
    return h
