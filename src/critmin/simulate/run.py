"""``simulate(dataset, scenario)``: the period-by-period (myopic) run.

Three steps: the run's inputs (:func:`critmin.simulate.inputs.prepare`: the scenario
compiled on the chain, every year's numbers and no-shock baseline), one solve loop
(:func:`critmin.simulate.loop.solve_periods`) and a recorder
(:mod:`critmin.simulate.record`) that keeps the tables and carries the stocks over.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from critmin.chain import ChainTemplate, Resolver
from critmin.chain.scaling import Scaling
from critmin.data import Dataset
from critmin.scenarios.definitions import Scenario
from critmin.scenarios.io import load_scenario
from critmin.scenarios.validate import validate_scenario
from critmin.simulate import result as R
from critmin.simulate.cache import RunCache
from critmin.simulate.inputs import RunInputs, coverage_gaps, prepare
from critmin.simulate.loop import BuildEngine, Engine, Stats, TemplateEngine, solve_periods
from critmin.simulate.record import FullRecorder, LightRecorder
from critmin.simulate.summary import summarise

logger = logging.getLogger(__name__)

TOL = 1e-9


def simulate(dataset: Dataset, scenario: Scenario | str | os.PathLike[str], *,
             solver: Resolver | None = None, cache: RunCache | None = None,
             light: bool = False, rebuild: bool = False,
             scalings: Sequence[Scaling] = ()) -> R.SimulationResult | R.LightResult:
    """Simulate ``scenario`` on ``dataset`` period by period.

    In market mode the LP is assembled once per run and each period only changes its
    bounds, re-solved by HiGHS from the previous period's basis (see
    :class:`~critmin.chain.template.ChainTemplate`); contracts mode builds each period's
    LP (its rows depend on the numbers). Every run starts from a cold solver, so its
    result does not depend on what was solved before.

    Parameters
    ----------
    dataset : Dataset
    scenario : Scenario or path to a scenario YAML file
    solver : Resolver, optional
        The HiGHS model to re-use (a new one by default). Ensembles pass one per worker so
        that runs of the same shape share it.
    cache : RunCache, optional
        Shared between calls on the same dataset tables (same objects): the network, the
        LP structure and template and the no-shock baseline of each year are built once
        (see :mod:`critmin.simulate.cache`).
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
        :class:`~critmin.chain.scaling.Scaling`.

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
    if rebuild:
        solver = None
    elif solver is None:
        solver = Resolver()
    inputs = prepare(dataset, sc, solver=solver, cache=cache, scalings=scalings)
    engine = _engine(inputs, solver, cache)
    if solver is not None:
        solver.cold_start()  # the run's result must not depend on earlier runs
    recorder = LightRecorder(inputs) if light else FullRecorder(inputs)
    stats = solve_periods(inputs, engine, recorder)
    recorder.finish()
    if light:
        return recorder.light_result(_light_summary(inputs, recorder, stats))
    assert isinstance(recorder, FullRecorder)
    tables = recorder.tables()
    return R.SimulationResult(scenario=sc.name, periods=[p.label for p in inputs.periods],
                              summary=_summary(dataset, inputs, tables, stats),
                              sources=sorted(dataset.source_ids_used()), **tables)


def _engine(inputs: RunInputs, solver: Resolver | None, cache: RunCache | None) -> Engine:
    """The market template re-solved in ``solver`` where it can be; else a build per
    period (contracts mode, the rebuild path, an LP with no columns)."""
    model = inputs.model
    if solver is None or inputs.scenario.allocation != "market":
        return BuildEngine(inputs, solver)
    s, weight, caps = model.structure, model.builds.weight, model.cap_candidates

    def make() -> ChainTemplate:
        return ChainTemplate(s, model.priority, weight, caps)

    key = (id(s), tuple(sorted(model.priority.items())), weight.tobytes(), caps.tobytes())
    template = cache.template.get(key, make) if cache is not None else make()
    if not template.lp.num_col:
        return BuildEngine(inputs, solver)
    return TemplateEngine(template, solver)


def _light_summary(inputs: RunInputs, rec: LightRecorder, stats: Stats) -> dict:
    """A light run keeps arrays, not totals: its shortfall is per demand (see
    :class:`~critmin.simulate.result.LightResult`), never summed across goods."""
    return {"scenario": inputs.scenario.name, "periods": len(inputs.periods),
            "objective": stats.objective, "build_seconds": stats.build_s,
            "solve_seconds": stats.solve_s, "warnings": list(inputs.model.warnings)}


def _summary(ds: Dataset, inputs: RunInputs, t: dict[str, pd.DataFrame], stats: Stats) -> dict:
    warnings = [*inputs.model.warnings, *coverage_gaps(inputs.network, inputs.scenario)]
    return summarise(ds, inputs, t, stats, warnings)
