"""The portfolio MILP: the chain's template tiled over scenarios × years, first stage linked.

The second stage of every scenario is the simulation's own market LP (the run's
:class:`~critmin.chain.template.ChainTemplate` with each year's numbers from
:func:`critmin.simulate.inputs.prepare`), tiled block-diagonally and weighted by the
scenario's probability. The first-stage columns enter through the same mechanism
functions the simulation uses (:mod:`critmin.chain.mechanisms`): a facility adds
:func:`~critmin.chain.mechanisms.investment_capacity` to its producer's capacity row, a
recycling line bounds its node's secondary supply by
:func:`~critmin.chain.mechanisms.recycling_lines`, a substitution programme cuts demand by
:func:`~critmin.chain.mechanisms.substitution_cut`, a stockpile target raises the stock
its releases may draw on. Equations: ``docs/optimize.md``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from critmin.chain import ChainTemplate, LinearProgram, PeriodNumbers
from critmin.chain import highs as hs
from critmin.chain import mechanisms as mech
from critmin.chain.equations import Problem, build_lp
from critmin.chain.highs import Resolver
from critmin.chain.lp import INF, LPArrays
from critmin.chain.structure import Extras
from critmin.chain.template import Slots
from critmin.core.limits import check
from critmin.data import Dataset
from critmin.exceptions import ScenarioError
from critmin.optimize.candidates import FACILITY, RECYCLING, STOCKPILE, SUBSTITUTION, Measure
from critmin.optimize.plan import Plan, PlanError, ScenarioRef
from critmin.scenarios import (
    Horizon,
    Invest,
    Scenario,
    load_library_scenario,
    load_scenario,
    scenario_from_dict,
    validate_scenario,
)
from critmin.scenarios.periods import Period
from critmin.simulate.inputs import RunInputs, coverage_gaps, prepare


@dataclass
class Stacked:
    """The whole MILP and the index maps needed to read a solution.

    ``shortfall_*`` describe every shortfall column of every block: its column, scenario,
    country, good (``stage/material``) and priority weight.
    """

    lp: LinearProgram = field(default_factory=LinearProgram)
    measure_cols: list[int] = field(default_factory=list)
    budget_rows: dict[str, int] = field(default_factory=dict)
    shortfall_col: list[int] = field(default_factory=list)
    shortfall_scenario: list[int] = field(default_factory=list)
    shortfall_country: list[str] = field(default_factory=list)
    shortfall_good: list[str] = field(default_factory=list)
    shortfall_weight: list[float] = field(default_factory=list)
    scenario_names: list[str] = field(default_factory=list)
    probabilities: list[float] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    blocks: int = 0
    target_row: int | None = None


@dataclass(frozen=True)
class SecondStage:
    """A scenario of the plan as a run's inputs, and what the scenario itself does (its
    own facilities are not linked again)."""

    ref: ScenarioRef
    inputs: RunInputs
    own_facilities: frozenset[str]

    @property
    def warnings(self) -> list[str]:
        """What the scenario asks that does nothing here, and the data gaps touching it."""
        return [*self.inputs.model.warnings,
                *coverage_gaps(self.inputs.network, self.inputs.scenario)]


def load_ref(ref: ScenarioRef, ds: Dataset, i: int) -> Scenario:
    """The scenario ``ref`` names, checked against ``ds``; :class:`PlanError` names it."""
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


def candidate_nodes(measures: list[Measure], members: frozenset[str] = frozenset()
                    ) -> Extras:
    """The nodes the candidates need in every scenario's structure. A candidate stockpile
    is the coalition's: its releases serve the coalition ``members`` only."""
    def nodes(kind: str) -> frozenset[tuple[str, str, str]]:
        return frozenset((m.country, *m.good) for m in measures if m.type == kind)

    stocks = nodes(STOCKPILE)
    return Extras(producers=nodes(FACILITY), releases=stocks, recyclers=nodes(RECYCLING),
                  reserved=tuple((n, members - {n[0]}) for n in sorted(stocks)))


def second_stage(ds: Dataset, plan: Plan, measures: list[Measure],
                 datasets: Sequence[Dataset | None] | None = None) -> list[SecondStage]:
    """Every scenario of the plan, yearly over the plan horizon with the plan's
    priorities, compiled with room for the candidates; ``datasets[i]`` (if given and not
    None) replaces ``ds`` for scenario ``i`` (a sampled future that changes the data)."""
    horizon = Horizon(start=str(plan.horizon.start), end=str(plan.horizon.end), step="year")
    extras = candidate_nodes(measures, frozenset(ds.resolve_countries(plan.coalition)))
    out = []
    for i, ref in enumerate(plan.scenarios):
        sc = load_ref(ref, ds, i)
        upd: dict = {"horizon": horizon}
        if plan.priorities:
            upd["priorities"] = {**sc.priorities, **plan.priorities}
        own_ds = datasets[i] if datasets is not None and datasets[i] is not None else ds
        inputs = prepare(own_ds, sc.model_copy(update=upd), candidates=extras)
        own = frozenset(m.facility_id for m in sc.measures if isinstance(m, Invest))
        out.append(SecondStage(ref, inputs, own))
    return out


def stack_model(ds: Dataset, plan: Plan, measures: list[Measure], partners: list[str],
                datasets: Sequence[Dataset | None] | None = None) -> Stacked:
    """The stacked two-stage model (objective, budgets, links); see ``docs/optimize.md``."""
    st = Stacked()
    obj = plan.objective
    _first_stage(st, plan, measures, partners)
    scen_weight = 1.0 if obj.kind == "min_shortfall" else 1e-6
    losses: list[list[tuple[int, float]]] = []
    for s, stage in enumerate(second_stage(ds, plan, measures, datasets)):
        st.scenario_names.append(stage.ref.name)
        st.probabilities.append(stage.ref.probability)
        st.warnings += [f"{stage.ref.name}: {w}" for w in stage.warnings]
        losses.append(_scenario(st, s, stage, measures, plan, scen_weight))
    if obj.cvar is not None and obj.cvar.weight > 0:
        beta, alpha = obj.cvar.weight * scen_weight, obj.cvar.alpha
        eta = st.lp.add_var(None, None, -INF, INF, beta)
        for s, terms in enumerate(losses):
            u = st.lp.add_var(None, None, 0.0, INF, beta * st.probabilities[s] / (1.0 - alpha))
            st.lp.add_row(None, None, [(u, 1.0), (eta, 1.0), *((j, -w) for j, w in terms)],
                          0.0, INF)
    if obj.kind == "min_cost":
        terms = [(j, st.probabilities[s]) for j, s in
                 zip(st.shortfall_col, st.shortfall_scenario, strict=True)]
        st.target_row = st.lp.add_row(None, None, terms, -INF,
                                      float(obj.shortfall_target_t or 0.0))
    return st


def _first_stage(st: Stacked, plan: Plan, measures: list[Measure], partners: list[str]) -> None:
    """The measures' columns, phase order and budget rows."""
    lp, obj = st.lp, plan.objective
    cw = obj.cost_weight if obj.kind == "min_shortfall" else 1.0
    for meas in measures:
        st.measure_cols.append(lp.add_var(None, None, 0.0, meas.upper, cw * meas.unit_cost_musd,
                                          meas.integer))
    # phases in order: y[phase i+1] <= y[phase i]
    for (a, ja), (b, jb) in itertools.pairwise(zip(measures, st.measure_cols, strict=True)):
        if a.type == b.type == FACILITY and a.parent == b.parent:
            lp.add_row(None, None, [(jb, 1.0), (ja, -1.0)], -INF, 0.0)
    total = [(j, meas.unit_cost_musd) for j, meas in zip(st.measure_cols, measures, strict=True)]
    st.budget_rows["coalition"] = lp.add_row(None, None, total, -INF, plan.budget.coalition_musd)
    for k, b in plan.budget.partners.items():
        if k not in partners:
            msg = f"budget.partners: {k!r} is not a member of the coalition {partners}"
            raise PlanError(msg)
        terms = [(j, meas.unit_cost_musd * meas.shares.get(k, 0.0))
                 for j, meas in zip(st.measure_cols, measures, strict=True)]
        st.budget_rows[k] = lp.add_row(None, None, terms, -INF, b)


@dataclass
class _Links:
    """The first-stage columns of one scenario by kind, with their mechanisms' inputs."""

    facilities: list[tuple[int, int]]      # (measure column, producer position)
    investments: mech.Investments
    recycling: list[tuple[int, int]]       # (measure column, recycler position)
    lines: mech.Recycling
    fed: list[tuple[int, int, Measure]]    # MFA-fed lines: (column, recycler position, measure)
    own_lines: mech.Recycling              # the scenario's own recycling lines
    substitutions: list[tuple[int, Measure, list[int]]]  # (column, measure, demand positions)
    stocks: dict[tuple[str, str, str], int]  # stock node → measure column
    candidate_releases: mech.Releases


def _links(st: Stacked, stage: SecondStage, measures: list[Measure], plan: Plan) -> _Links:
    s = stage.inputs.model.structure
    pairs = list(zip(measures, st.measure_cols, strict=True))
    fac = [(j, m) for m, j in pairs if m.type == FACILITY and m.parent not in stage.own_facilities]
    rec = [(j, m) for m, j in pairs if m.type == RECYCLING and m.feed_t is None]
    fed = [(j, s.recyclers.position((m.country, *m.good)), m) for m, j in pairs
           if m.type == RECYCLING and m.feed_t is not None]
    subs = [(j, m, [s.demands.get((k, m.sector, *m.good)) for k in m.countries])
            for m, j in pairs if m.type == SUBSTITUTION]
    stocks = {(m.country, *m.good): j for m, j in pairs if m.type == STOCKPILE}
    own = set(s.releases.keys[i] for i in stage.inputs.model.releases.position)
    cand = [n for n in s.releases if n not in own]
    so = plan.candidates.stockpiles
    rate = INF if so.release_t_per_year is None else float(so.release_t_per_year)
    ready = 12.0 * (so.ready_year or plan.horizon.start)
    return _Links(
        facilities=[(j, s.producers.position((m.country, *m.good))) for j, m in fac],
        investments=mech.Investments(
            (fpos := s.producers.positions((m.country, *m.good) for _, m in fac)),
            np.array([m.capacity_t for _, m in fac]),
            np.array([(m.start_year + stage.ref.delay_years) * 12.0 for _, m in fac]),
            mech.rates_at(stage.inputs.model.ramp, fpos)),
        recycling=[(j, s.recyclers.position((m.country, *m.good))) for j, m in rec],
        lines=mech.Recycling(s.recyclers.positions((m.country, *m.good) for _, m in rec),
                             np.ones(len(rec)), np.array([m.start_year * 12.0 for _, m in rec])),
        fed=fed, own_lines=stage.inputs.model.recycling,
        substitutions=[(j, m, [d for d in ds_ if d >= 0]) for j, m, ds_ in subs],
        stocks=stocks,
        candidate_releases=mech.Releases(
            s.releases.positions(cand), s.stocks.positions(cand), np.full(len(cand), rate),
            np.full(len(cand), ready), np.full(len(cand), INF)))


def _scenario(st: Stacked, s: int, stage: SecondStage, measures: list[Measure], plan: Plan,
              scen_weight: float) -> list[tuple[int, float]]:
    """Tile the scenario's years into the model and link the first stage; return its
    priority-weighted shortfall terms (for the CVaR)."""
    inputs = stage.inputs
    model = inputs.model
    template = None
    if inputs.scenario.allocation == "market":
        template = ChainTemplate(model.structure, model.priority, model.builds.weight,
                                 model.cap_candidates)
    links = _links(st, stage, measures, plan)
    history: dict[tuple[str, str, str], list[tuple[int, float]]] = {}
    loss: list[tuple[int, float]] = []
    countries = model.structure.demands.labels("country")
    goods = np.array([f"{st_}/{m}" for st_, m in zip(
        model.structure.demands.labels("stage"), model.structure.demands.labels("material"),
        strict=True)], dtype=object)
    weights = np.array([model.priority.get(sec, 1.0)
                        for sec in model.structure.demands.labels("sector")])
    first = Resolver()  # the solves without reserved releases (equations.define_reserve)
    for p in inputs.periods:
        a, slots, v = _block(inputs, template, links, p, first)
        if st.blocks == 0:  # refuse before tiling: the whole model is about this big
            check(a.num_col * len(inputs.periods) * len(plan.scenarios), "lp_columns",
                  "LP columns", where=f"plan {plan.name!r}")
        c0, r0 = st.lp.append(a, stage.ref.probability * scen_weight)
        st.blocks += 1
        cols = c0 + slots.tranche
        st.shortfall_col += cols.ravel().tolist()
        st.shortfall_scenario += [s] * cols.size
        st.shortfall_country += np.repeat(countries, cols.shape[1]).tolist()
        st.shortfall_good += np.repeat(goods, cols.shape[1]).tolist()
        st.shortfall_weight += np.repeat(weights, cols.shape[1]).tolist()
        loss += list(zip(cols.ravel().tolist(), np.repeat(weights, cols.shape[1]).tolist(),
                         strict=True))
        _link(st, links, p, slots, v, c0, r0)
        _levels(st, stage, links, slots, c0, history)
    return loss


def _block(inputs: RunInputs, template: ChainTemplate | None, links: _Links, p: Period,
           first: Resolver) -> tuple[LPArrays, Slots, PeriodNumbers]:
    """One scenario × year LP, its slots and numbers. Releases are bounded by their limits
    only (the stock levels are rows across years); a candidate stockpile releases from
    its ready year at the plan's rate; a candidate recycler's supply is bounded by its row
    (:func:`_link`), not by its column. Where a reserved release (a candidate stockpile,
    or the scenario's own for its holder or the coalition) may release, the year is first
    solved without reserved releases and without the portfolio, and its blocks' trade and
    output bound the block's (the portfolio's new output of the good may be traded)."""
    s, model = inputs.model.structure, inputs.model
    v = inputs.numbers(p)
    cand = links.candidate_releases
    if cand.position.size:
        v.release_ub[cand.position] = mech.release_limits(cand, p, len(s.releases))[cand.position]
    if model.reserve.active(v.release_ub):
        v0 = replace(v, release_ub=mech.without_reserved(model.reserve, v.release_ub))
        if template is not None:
            _, x = first.solve_template_values(template, template.bounds(v0),
                                               template.record_columns)
            at = template.record_slots
        else:
            lp0 = build_lp(Problem(s, v0, model.priority, np.isfinite(v0.cap), "contracts",
                                   inputs.contract_terms(p, v0)))
            x, at = hs.solve(lp0).col_value, Slots.of(lp0, s)
        cap, floor, made = mech.reserve_bounds(x[at.reserve_out], x[at.reserve_in],
                                               x[at.reserve_make])
        v = replace(v, reserve_cap=cap, reserve_floor=floor, reserve_made=made)
    if template is not None:
        a, slots = template.arrays_with(template.bounds(v)), template.slots
    else:
        lp = build_lp(Problem(s, v, model.priority, np.isfinite(v.cap), "contracts",
                              inputs.contract_terms(p, v)))
        a, slots = lp.arrays(), Slots.of(lp, s)
    if links.recycling or links.fed:
        upper = a.upper.copy()
        upper[slots.recycled[[pos for _, pos in links.recycling] +
                             [pos for _, pos, _ in links.fed]]] = INF
        a = replace(a, upper=upper)
    return a, slots, v


def _link(st: Stacked, links: _Links, p: Period, slots: Slots, v: PeriodNumbers, c0: int,
          r0: int) -> None:
    """Entries of the first-stage columns in the rows of one scenario × year block."""
    lp = st.lp
    added = mech.investment_capacity(links.investments, p)
    for (j, pos), add in zip(links.facilities, added.tolist(), strict=True):
        if slots.capacity[pos] >= 0 and add > 0:
            lp.add_entry(r0 + int(slots.capacity[pos]), j, -add)
    supply = mech.recycling_lines(links.lines, p)
    rows: dict[int, list[tuple[int, float]]] = {}
    for (j, pos), q in zip(links.recycling, supply.tolist(), strict=True):
        rows.setdefault(pos, []).append((j, -q))
    for j, pos, m in links.fed:
        rows.setdefault(pos, []).append((_fed_supply(st, links, j, pos, m, p), -1.0))
    for pos, terms in rows.items():
        lp.add_row(None, None, [(c0 + int(slots.recycled[pos]), 1.0), *terms], -INF,
                   float(v.recycle_ub[pos]))
    for j, m, demands in links.substitutions:
        cut = float(mech.substitution_cut(m.cut_share, m.start_year * 12.0, p))
        for d in demands:
            dem, i = float(v.demand[d]), int(slots.demand[d])
            if i >= 0 and dem > 0 and cut > 0:
                lp.add_entry(r0 + i, j, cut * dem)


def _fed_supply(st: Stacked, links: _Links, j: int, pos: int, m: Measure, p: Period) -> int:
    """The supply column of an MFA-fed candidate line in one scenario × year:
    ``0 ≤ q ≤ on·f·(feed − own)`` and ``q − on·f·R ≤ 0`` (``f`` the share of the year in
    the period, ``on`` the share after the start, ``own`` the most the scenario's own
    MFA-fed lines at the node may take of the same scrap), so q ≤ min(R, scrap left)."""
    on = float(mech.online(p, np.array([m.start_year * 12.0]))[0]) * p.fraction_of_year
    own = links.own_lines
    at = (own.position == pos) & np.isfinite(mech.recycling_feed(own, p.year))
    taken = float(mech.recycling_lines(own, p)[at].sum()) if at.any() else 0.0
    scrap = max(0.0, on * float((m.feed_t or {}).get(p.year, 0.0)) - taken)
    q = st.lp.add_var(None, None, 0.0, scrap, 0.0)
    st.lp.add_row(None, None, [(q, 1.0), (j, -on)], -INF, 0.0)
    return q


def _levels(st: Stacked, stage: SecondStage, links: _Links, slots: Slots, c0: int,
            history: dict[tuple[str, str, str], list[tuple[int, float]]]) -> None:
    """Stock rows: cumulative releases minus earlier purchases stay within the opening
    stock (a scenario's own release) plus the stockpile target."""
    model = stage.inputs.model
    s = model.structure
    own = {s.releases.keys[i] for i in model.releases.position}
    for node in s.releases:
        hist = history.setdefault(node, [])
        k = s.stocks.position(node)
        rj = c0 + int(slots.release[k])
        terms = [*hist, (rj, 1.0)]
        if node in links.stocks:
            terms.append((links.stocks[node], -1.0))
        st.lp.add_row(None, None, terms, -INF, float(model.levels[k]) if node in own else 0.0)
        hist.append((rj, 1.0))
        hist += [(c0 + int(b), -1.0) for b in slots.build[k] if b >= 0]
