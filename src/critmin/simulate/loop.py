"""The one solve loop of a simulation, and the engines that make and solve a period's LP.

Every run goes through :func:`solve_periods`: for each period its numbers
(:meth:`~critmin.simulate.inputs.RunInputs.numbers`, releases bounded by the stocks carried
over), one solve, and a recorder that keeps what the run wants and carries the stocks over.
An engine decides how the LP is made: :class:`TemplateEngine` writes the period's bounds
into the run's :class:`~critmin.chain.template.ChainTemplate` and re-solves warm (market
mode); :class:`BuildEngine` builds each period's LP anew (contracts mode, whose rows depend
on the numbers, and the plain reference path ``rebuild=True``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np

from critmin.chain import ChainTemplate, PeriodNumbers, Resolver, Solution
from critmin.chain import highs as hs
from critmin.chain import mechanisms as mech
from critmin.chain.equations import Problem, build_lp
from critmin.chain.template import Slots
from critmin.scenarios.periods import Period
from critmin.simulate.inputs import RunInputs


@dataclass
class Solved:
    """One period's solve: the objective, the values of the columns ``slots`` point into
    (the whole solution, or only the recorded columns of a light run), for a full run the
    :class:`~critmin.chain.highs.Solution`, and the seconds spent in HiGHS."""

    objective: float
    x: np.ndarray
    slots: Slots
    solution: Solution | None = None
    highs_s: float = 0.0


@dataclass
class Stats:
    """Timings (``solve_s`` in HiGHS, ``build_s`` everything else) and the largest LP of a
    run."""

    build_s: float = 0.0
    solve_s: float = 0.0
    cols: int = 0
    rows: int = 0
    nonzeros: int = 0
    objective: float = 0.0


class Engine(Protocol):
    def solve(self, v: PeriodNumbers, p: Period, full: bool) -> Solved: ...


class Recorder(Protocol):
    full: bool

    def record(self, t: int, p: Period, v: PeriodNumbers, solved: Solved,
               levels: np.ndarray) -> np.ndarray: ...


class TemplateEngine:
    """Market mode: the period's bounds into one template LP, re-solved warm."""

    def __init__(self, template: ChainTemplate, solver: Resolver) -> None:
        self.template, self.solver = template, solver

    def solve(self, v: PeriodNumbers, p: Period, full: bool) -> Solved:
        tpl, before = self.template, self.solver.stats["highs_run_s"]
        if full:
            sol = self.solver.solve_template(tpl, tpl.bounds(v))
            return Solved(sol.objective, sol.col_value, tpl.slots, sol,
                          self.solver.stats["highs_run_s"] - before)
        objective, x = self.solver.solve_template_values(tpl, tpl.bounds(v),
                                                         tpl.record_columns)
        return Solved(objective, x, tpl.record_slots,
                      highs_s=self.solver.stats["highs_run_s"] - before)


class BuildEngine:
    """Each period's LP built anew: in ``solver`` (warm when the shape repeats) or, without
    one, in a new HiGHS model each period (the reference path)."""

    def __init__(self, inputs: RunInputs, solver: Resolver | None) -> None:
        self.inputs, self.solver = inputs, solver
        self.last_size = (0, 0, 0)

    def solve(self, v: PeriodNumbers, p: Period, full: bool) -> Solved:
        model = self.inputs.model
        lp = build_lp(Problem(model.structure, v, model.priority, np.isfinite(v.cap),
                              self.inputs.scenario.allocation,
                              self.inputs.contract_terms(p, v)))
        self.last_size = (lp.num_col, lp.num_row, lp.num_nz)
        if self.solver is None:
            sol = hs.solve(lp)
            took = sol.time_s
        else:
            before = self.solver.stats["highs_run_s"]
            sol = self.solver.solve(lp)
            took = self.solver.stats["highs_run_s"] - before
        return Solved(sol.objective, sol.col_value, Slots.of(lp, model.structure), sol, took)


def solve_reserved(engine: Engine, reserve: mech.Reserve, v: PeriodNumbers, p: Period,
                   full: bool) -> tuple[PeriodNumbers, Solved, float]:
    """Solve a period in which a reserved release may release
    (:class:`~critmin.chain.mechanisms.Reserve`): first without the reserved releases;
    if nobody is short then, that solve is the period's; else again with the blocks'
    trade and output bounded by the first's. Returns the numbers and solve that count,
    and the seconds the first solve spent in HiGHS."""
    v0 = replace(v, release_ub=mech.without_reserved(reserve, v.release_ub))
    first = engine.solve(v0, p, full)
    at = first.slots
    if float(first.x[at.tranche].sum()) <= 1e-9:
        return v0, first, 0.0
    cap, floor, made = mech.reserve_bounds(first.x[at.reserve_out], first.x[at.reserve_in],
                                           first.x[at.reserve_make])
    v = replace(v, reserve_cap=cap, reserve_floor=floor, reserve_made=made)
    return v, engine.solve(v, p, full), first.highs_s


def solve_periods(inputs: RunInputs, engine: Engine, recorder: Recorder) -> Stats:
    """Solve every period of the run in order and record it; return the run's stats."""
    stats = Stats()
    levels = inputs.model.levels.copy()
    size = _size(engine)
    reserve = inputs.model.reserve
    clock = time.perf_counter()
    for t, p in enumerate(inputs.periods):
        v = inputs.numbers(p, levels)
        if reserve.active(v.release_ub):
            v, solved, took = solve_reserved(engine, reserve, v, p, recorder.full)
            stats.solve_s += took
        else:
            solved = engine.solve(v, p, recorder.full)
        stats.solve_s += solved.highs_s
        stats.objective += solved.objective
        levels = recorder.record(t, p, v, solved, levels)
        if isinstance(engine, BuildEngine):
            size = tuple(max(a, b) for a, b in zip(size, engine.last_size, strict=True))
    stats.build_s = time.perf_counter() - clock - stats.solve_s
    stats.cols, stats.rows, stats.nonzeros = size
    return stats


def _size(engine: Engine) -> tuple[int, int, int]:
    if isinstance(engine, TemplateEngine):
        lp = engine.template.lp
        return lp.num_col, lp.num_row, lp.num_nz
    return 0, 0, 0
