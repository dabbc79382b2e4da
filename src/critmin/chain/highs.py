"""The one place that talks to HiGHS (highspy): load, run, read back, re-solve warm.

:func:`solve` solves a :class:`~critmin.chain.lp.LinearProgram` once; :class:`Resolver`
keeps one HiGHS model and re-solves it after changing only bounds (the simulation's period
loop and the ensemble); the portfolio MILP loads its model with :func:`load` and reads
every run through :func:`outcome`. Every solve ends in one :class:`Status`.
"""

from __future__ import annotations

import enum
import logging
import math
import os
import sys
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from critmin.chain.lp import LinearProgram, LPArrays
from critmin.core.limits import limits
from critmin.exceptions import SolveError

if TYPE_CHECKING:
    import highspy

logger = logging.getLogger(__name__)


class Status(enum.StrEnum):
    """How a solve ended (one enum for every LP and MILP of critmin)."""

    OPTIMAL = "optimal"
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    TIME_LIMIT = "time_limit"
    """Stopped by a limit (time, iterations, solutions, interrupt) with a feasible
    solution; the MIP gap says how far from optimal it may be."""
    NO_SOLUTION = "no_solution"
    """Stopped by a limit before any feasible solution was found."""
    ERROR = "error"


@dataclass
class Solution:
    """Primal values and row duals of a solve.

    ``row_dual[i]`` is the change of the objective per unit increase of row ``i``'s bound
    (HiGHS convention for minimisation); empty when not asked for. ``col_value`` is empty
    when the solve found no solution. ``lp`` (optional) names the columns and rows.
    """

    status: Status
    objective: float
    col_value: np.ndarray
    row_dual: np.ndarray = field(default_factory=lambda: np.zeros(0))
    mip_gap: float = 0.0
    time_s: float = 0.0
    lp: LinearProgram | None = None

    @property
    def has_solution(self) -> bool:
        return self.status in (Status.OPTIMAL, Status.TIME_LIMIT)

    def value(self, block: str, key: object, default: float = 0.0) -> float:
        j = self.lp.cols.get(block, {}).get(key) if self.lp is not None else None
        return float(self.col_value[j]) if j is not None else default

    def block(self, block: str) -> dict:
        """``{key: value}`` of every variable of ``block``."""
        cols = self.lp.cols.get(block, {}) if self.lp is not None else {}
        return {k: float(self.col_value[j]) for k, j in cols.items()}

    def require_optimal(self) -> Solution:
        """``self``, or :class:`SolveError` unless the solve is optimal."""
        if self.status is not Status.OPTIMAL:
            msg = f"HiGHS did not find an optimal solution: {self.status}"
            raise SolveError(msg)
        return self


_BANNER_DONE = False


def new_highs() -> highspy.Highs:
    """A quiet :class:`highspy.Highs`.

    HiGHS prints a banner on stdout when the first instance of a process is created,
    before any option can be set; it is swallowed here so JSON output stays clean.
    """
    import highspy

    global _BANNER_DONE
    if _BANNER_DONE:
        h = highspy.Highs()
    else:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 1)
                h = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _BANNER_DONE = True
    h.setOptionValue("output_flag", False)
    # no single solve runs for ever (a plan sets its own, shorter, time_limit_s)
    h.setOptionValue("time_limit", float(limits().solve_seconds))
    return h


def load(a: LPArrays, **options: Any) -> highspy.Highs:
    """A quiet HiGHS model holding ``a`` (random seed 0; ``options`` set on it, e.g.
    ``solver="simplex"``)."""
    import highspy

    model = highspy.HighsLp()
    model.num_col_, model.num_row_ = a.num_col, a.num_row
    model.col_cost_, model.col_lower_, model.col_upper_ = a.cost, a.lower, a.upper
    model.row_lower_, model.row_upper_ = a.row_lower, a.row_upper
    model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    model.a_matrix_.start_, model.a_matrix_.index_ = a.start, a.index
    model.a_matrix_.value_ = a.value
    if a.integer is not None:
        model.integrality_ = [highspy.HighsVarType.kInteger if b else
                              highspy.HighsVarType.kContinuous for b in a.integer]
    h = new_highs()
    h.setOptionValue("random_seed", 0)
    for k, v in options.items():
        h.setOptionValue(k, v)
    h.passModel(model)
    return h


def status_of(h: highspy.Highs) -> Status:
    """The :class:`Status` of ``h`` after a run."""
    import highspy

    s, m = h.getModelStatus(), highspy.HighsModelStatus
    if s == m.kOptimal:
        return Status.OPTIMAL
    if s in (m.kInfeasible, m.kUnboundedOrInfeasible):
        return Status.INFEASIBLE
    if s == m.kUnbounded:
        return Status.UNBOUNDED
    if s in (m.kTimeLimit, m.kIterationLimit, m.kSolutionLimit, m.kInterrupt,
             m.kHighsInterrupt, m.kMemoryLimit):
        feasible = h.getInfo().primal_solution_status == highspy.kSolutionStatusFeasible
        return Status.TIME_LIMIT if feasible else Status.NO_SOLUTION
    return Status.ERROR


def outcome(h: highspy.Highs, lp: LinearProgram | None = None, *, duals: bool = True,
            mip: bool = False, time_s: float = 0.0) -> Solution:
    """The :class:`Solution` of ``h`` after a run (values only when it has a solution;
    ``mip_gap`` for a MILP, ∞ when unknown)."""
    status = status_of(h)
    if status not in (Status.OPTIMAL, Status.TIME_LIMIT):
        return Solution(status, math.nan, np.zeros(0), lp=lp, mip_gap=math.inf, time_s=time_s)
    sol = h.getSolution()
    gap = 0.0
    if mip:
        gap = float(h.getInfo().mip_gap)
        gap = max(0.0, gap) if math.isfinite(gap) else math.inf
    return Solution(status, float(h.getObjectiveValue()), np.asarray(sol.col_value, float),
                    np.asarray(sol.row_dual, float) if duals else np.zeros(0), gap, time_s, lp)


def run(h: highspy.Highs, lp: LinearProgram | None = None, *, duals: bool = True,
        mip: bool = False) -> Solution:
    """Run ``h`` and return its :func:`outcome`, timed."""
    t = time.perf_counter()
    h.run()
    return outcome(h, lp, duals=duals, mip=mip, time_s=time.perf_counter() - t)


def empty(lp: LinearProgram | None = None, num_row: int = 0) -> Solution:
    """The solution of an LP without columns (nothing to solve)."""
    return Solution(Status.OPTIMAL, 0.0, np.zeros(0), np.zeros(num_row), lp=lp)


def solve(lp: LinearProgram) -> Solution:
    """Solve ``lp`` once with HiGHS (dual simplex, quiet); :class:`SolveError` unless
    optimal."""
    if lp.num_col == 0:
        return empty(lp, lp.num_row)
    return run(load(lp.arrays(), solver="simplex"), lp).require_optimal()


class Resolver:
    """Solve a sequence of LPs of the same shape with one HiGHS model.

    The first LP is passed to HiGHS whole. A later LP with the same sparsity pattern
    (same columns, rows and matrix positions) changes only what differs — column costs
    and bounds, row bounds and any changed coefficient — and is re-solved from the
    previous optimal basis (warm start). An LP of another shape replaces the model.
    :meth:`solve_template` and :meth:`solve_template_values` do the same for a
    :class:`~critmin.chain.template.ChainTemplate`, whose changing bounds sit at fixed
    positions, without assembling whole arrays. :meth:`cold_start` drops the basis, so
    that a sequence of solves started after it does not depend on what was solved before
    (a simulation calls it before its first period: where the LP has several optima, the
    one found depends on the starting basis).
    ``stats`` counts full loads, warm re-solves and re-used solutions, and accumulates
    the time spent in HiGHS's ``run()``.

    Parameters
    ----------
    reuse_unchanged : bool
        In :meth:`solve_template_values`, when not one bound changed since the last solve
        of the same columns, return that solve's values instead of running HiGHS again on
        the same LP (monthly runs repeat most periods: same year, same shocks).
    """

    def __init__(self, reuse_unchanged: bool = True) -> None:
        self.h: Any = None
        self.reuse_unchanged = reuse_unchanged
        self._pattern: object = None
        self._arrays: LPArrays | None = None
        self._last: tuple[np.ndarray, ...] = ()
        self._values: tuple[np.ndarray, float, np.ndarray] | None = None
        self.stats: dict[str, float] = {"loads": 0, "resolves": 0, "reused": 0,
                                        "highs_run_s": 0.0}

    def cold_start(self) -> None:
        """Forget the basis: the next solve starts from scratch on the current model."""
        if self.h is not None:
            self.h.clearSolver()
        self._values = None

    def solve(self, lp: LinearProgram) -> Solution:
        """Solve ``lp``, re-using the loaded model if ``lp`` has its sparsity pattern;
        :class:`SolveError` unless optimal."""
        if lp.num_col == 0:
            return empty(lp, lp.num_row)
        a = lp.arrays()
        pattern = (lp.num_col, lp.num_row, a.start.tobytes(), a.index.tobytes())
        if self.h is None or pattern != self._pattern:
            self.h = load(a, solver="simplex")
            self._pattern = pattern
            self.stats["loads"] += 1
        else:
            self._update(a)
            self.stats["resolves"] += 1
        self._arrays = a
        self._run()
        return outcome(self.h, lp).require_optimal()

    def solve_template(self, template: Any, b: tuple[np.ndarray, ...], *,
                       duals: bool = True) -> Solution:
        """Solve ``template``'s LP with the bounds ``b`` (``template.bounds(...)``)."""
        self._values = None
        self._run_template(template, b)
        return outcome(self.h, template.lp, duals=duals).require_optimal()

    def solve_template_values(self, template: Any, b: tuple[np.ndarray, ...],
                              columns: np.ndarray) -> tuple[float, np.ndarray]:
        """Like :meth:`solve_template`, but return only the objective and the values of
        ``columns`` (copying a few values instead of the whole solution)."""
        import operator

        last = self._values
        reuse = self.reuse_unchanged and last is not None and last[0] is columns
        if not self._run_template(template, b, reuse):
            return last[1], last[2]  # type: ignore[index]  # the same LP: the same solution
        if status_of(self.h) is not Status.OPTIMAL:
            Solution(status_of(self.h), math.nan, np.zeros(0)).require_optimal()
        values = self.h.getSolution().col_value
        picked = operator.itemgetter(*columns.tolist())(values) if columns.size > 1 else (
            [values[int(j)] for j in columns])
        self._values = (columns, float(self.h.getObjectiveValue()),
                        np.array(picked, dtype=float))
        return self._values[1], self._values[2]

    def _run(self) -> None:
        t = time.perf_counter()
        self.h.run()
        self.stats["highs_run_s"] += time.perf_counter() - t

    def _run_template(self, template: Any, b: tuple[np.ndarray, ...],
                      reuse: bool = False) -> bool:
        """Load or update the model and run HiGHS; False (and no run) if ``reuse`` and
        nothing changed since the last run."""
        if self.h is None or self._pattern is not template:
            self.h = load(template.arrays_with(b), solver="simplex")
            self._pattern, self._arrays, self._values = template, None, None
            self._last = b
            self.stats["loads"] += 1
        else:
            h, last = self.h, self._last
            cols = np.flatnonzero(b[0] != last[0])
            if cols.size:
                h.changeColsBounds(cols.size, template.col_pos[cols], template.col_lower[cols],
                                   b[0][cols])
            rows = np.flatnonzero((b[1] != last[1]) | (b[2] != last[2]))
            if rows.size:
                h.changeRowsBounds(rows.size, template.row_pos[rows], b[1][rows], b[2][rows])
            self._last = b
            if reuse and not cols.size and not rows.size:
                self.stats["reused"] += 1
                return False
            self.stats["resolves"] += 1
        self._run()
        return True

    def _update(self, a: LPArrays) -> None:
        old, h = self._arrays, self.h
        assert old is not None
        idx = np.flatnonzero(a.cost != old.cost)
        if idx.size:
            h.changeColsCost(idx.size, idx.astype(np.int32), a.cost[idx])
        idx = np.flatnonzero((a.lower != old.lower) | (a.upper != old.upper))
        if idx.size:
            h.changeColsBounds(idx.size, idx.astype(np.int32), a.lower[idx], a.upper[idx])
        idx = np.flatnonzero((a.row_lower != old.row_lower) | (a.row_upper != old.row_upper))
        if idx.size:
            h.changeRowsBounds(idx.size, idx.astype(np.int32), a.row_lower[idx],
                               a.row_upper[idx])
        changed = np.flatnonzero(a.value != old.value)
        if changed.size:
            cols = np.searchsorted(a.start, changed, side="right") - 1
            for k, j in zip(changed, cols, strict=True):
                h.changeCoeff(int(a.index[k]), int(j), float(a.value[k]))
