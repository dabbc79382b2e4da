"""The inputs of a run, made before its first period: the scenario compiled on the chain,
each year's numbers and each year's no-shock baseline.

The baseline of a year is the market LP of that year with no shock and no measure; an
export control caps flows at a share of it, and the contracts mode keeps its shares. It is
solved here, up front, for every year of the horizon, so that the period loop only reads
arrays (:meth:`RunInputs.numbers`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from critmin.chain import (
    ChainTemplate,
    PeriodNumbers,
    Resolver,
    ScenarioModel,
    YearNumbers,
    compile_scenario,
    period_numbers,
)
from critmin.chain import highs as hs
from critmin.chain import mechanisms as mech
from critmin.chain.contracts import ContractTerms, contract_terms
from critmin.chain.equations import Problem, build_lp
from critmin.chain.extras import define_structures, structure_extras
from critmin.chain.lp import LinearProgram
from critmin.chain.scaling import Scaling
from critmin.chain.structure import NO_EXTRAS, Extras, Structure
from critmin.data import Dataset
from critmin.model.gaps import coverage_warnings, stock_warnings
from critmin.model.network import Network, build_network
from critmin.scenarios.definitions import ExportControl, Scenario, StockpileRelease
from critmin.scenarios.periods import Period
from critmin.simulate.cache import Baseline, RunCache


@dataclass(frozen=True)
class RunInputs:
    """Everything a run's period loop reads.

    Attributes
    ----------
    scenario, network, model : the scenario, the dataset's chain and the scenario
        compiled on it (:class:`~critmin.chain.compile.ScenarioModel`).
    periods : the horizon's periods.
    years : each calendar year's numbers, after the run's scalings.
    baselines : each calendar year's no-shock baseline.
    """

    scenario: Scenario
    network: Network
    model: ScenarioModel
    periods: tuple[Period, ...]
    years: dict[int, YearNumbers]
    baselines: dict[int, Baseline]

    def numbers(self, p: Period, levels: np.ndarray | None = None) -> PeriodNumbers:
        """The numbers of period ``p``; with ``levels`` (t per stock node), releases are
        bounded by what the stocks hold (a myopic run), else only by their limits."""
        v = period_numbers(self.model, self.years[p.year], self.baselines[p.year].flows, p)
        if levels is None or not v.release_ub.size:
            return v
        v = replace(v, release_ub=mech.release_bounds(self.model.releases, v.release_ub,
                                                      levels))
        inv = self.model.inventories
        if inv.build.size:  # private inventories buy back what they lack
            target = v.build_target.copy()
            target[inv.build] = mech.restock_targets(inv, levels, p)
            v = replace(v, build_target=target)
        return v

    def contract_terms(self, p: Period, v: PeriodNumbers) -> ContractTerms | None:
        """The contracts of period ``p`` (contracts mode only)."""
        if self.scenario.allocation != "contracts":
            return None
        b = self.baselines[p.year]
        return contract_terms(self.model.structure, v, b.flows, b.production,
                              p.fraction_of_year)


def coverage_gaps(net: Network, sc: Scenario) -> list[str]:
    """The data gaps that touch ``sc``'s answer: for every good its export controls cover,
    demand missing or known for too little of the world downstream of it (see
    :func:`critmin.model.gaps.coverage_warnings`), in the horizon's first year; and the
    stocks of those goods whose holdings are not public (:func:`critmin.model.gaps.
    stock_warnings`)."""
    goods = {(st, m) for x in sc.shocks if isinstance(x, ExportControl)
             for st in x.stages for m in x.materials} & net.known_goods
    first = min(p.year for p in sc.periods())
    releases = [(m.country, (m.stage, m.material), m.quantity_t is not None)
                for m in sc.measures if isinstance(m, StockpileRelease)]
    days = {(inv.stage, inv.material): inv.days for inv in sc.inventories}
    return [*coverage_warnings(net, goods, first),
            *stock_warnings(net, goods, releases, days)]


def prepare(ds: Dataset, sc: Scenario, *, solver: Resolver | None = None,
            cache: RunCache | None = None, scalings: Sequence[Scaling] = (),
            candidates: Extras = NO_EXTRAS) -> RunInputs:
    """Compile ``sc`` on ``ds`` and make every year's numbers and baseline.

    ``cache`` shares the network, structure, year numbers and baselines with earlier runs
    (an ensemble worker); with ``solver`` too, baselines are re-solved in one kept HiGHS
    model instead of a new one each. ``candidates`` are nodes the structure must have
    although the scenario does not use them (the portfolio's).
    """
    net = cache.network_of(ds, sc.demand_outlook) if cache else build_network(
        ds, sc.demand_outlook)
    periods = tuple(sc.periods())
    years = tuple(sorted({p.year for p in periods}))
    extras = structure_extras(net, sc, candidates)

    def make() -> tuple[Structure, Structure]:
        return define_structures(net, sc, extras)

    structures = cache.structures_of(years, extras, make) if cache else make()
    model = compile_scenario(net, ds, sc, candidates=candidates, scalings=scalings,
                             structures=structures)
    s = model.structure
    shared = cache.years if cache is not None else {}
    numbers = {}
    for y in years:
        if y not in shared:
            shared[y] = YearNumbers.read(net, s, y)
        numbers[y] = shared[y].scaled(s, y, scalings)
    if cache is not None and not scalings:
        key = tuple(sorted(model.priority.items()))
        baselines = cache.baselines.setdefault(key, {})
    else:
        baselines = {}
    based = _base_template(model, cache) if solver is not None else None
    for y in years:
        if y not in baselines:
            baselines[y] = _baseline(model, numbers[y], based)
    return RunInputs(sc, net, model, periods, numbers, {y: baselines[y] for y in years})


def _base_template(model: ScenarioModel, cache: RunCache | None
                   ) -> tuple[ChainTemplate, Resolver] | None:
    """The baseline LP of the run's base structure and its own HiGHS model, kept in the
    cache; None without a cache or for an empty LP."""
    if cache is None:
        return None
    base = model.base_structure
    key = (id(base), tuple(sorted(model.priority.items())))
    tpl, solver = cache.base_template.get(key, lambda: (
        ChainTemplate(base, model.priority, None, np.zeros(len(base.flows), dtype=bool)),
        Resolver(reuse_unchanged=False)))
    return (tpl, solver) if tpl.lp.num_col else None


def _baseline(model: ScenarioModel, year: YearNumbers,
              based: tuple[ChainTemplate, Resolver] | None) -> Baseline:
    """The no-shock, no-measure market LP of a year (annual numbers), solved."""
    s = model.base_structure
    v = PeriodNumbers.baseline(s, year)
    if based is not None:
        # ensembles: one baseline LP per worker, re-solved from a cold start (so that ties
        # in the flows never depend on what was solved before)
        tpl, solver = based
        solver.cold_start()
        sol = solver.solve_template(tpl, tpl.bounds(v), duals=False)
        lp: LinearProgram = tpl.lp
    else:
        lp = build_lp(Problem(s, v, model.priority, np.zeros(len(s.flows), dtype=bool)))
        sol = hs.solve(lp)
    x = sol.col_value
    flows = np.zeros(len(s.flows))
    for (e, i, st, m, _), j in lp.cols.get("flow", {}).items():
        flows[s.flows.position((e, i, st, m))] += x[j]
    production = np.zeros(len(s.producers))
    for (k, st, m, _), j in lp.cols.get("production", {}).items():
        production[s.producers.position((k, st, m))] += x[j]
    return Baseline(flows, production)
