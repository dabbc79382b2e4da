"""Solving a :class:`LinearProgram` with HiGHS (highspy) and reading the solution back."""

from __future__ import annotations

import logging
import operator
import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from critmin.exceptions import SolveError
from critmin.simulate.lp import LinearProgram

if TYPE_CHECKING:
    from critmin.simulate.template import MarketTemplate

logger = logging.getLogger(__name__)


@dataclass
class Solution:
    """Primal values and row duals of a solved LP.

    ``row_dual[i]`` is the change of the objective per unit increase of row ``i``'s
    bound (HiGHS convention for minimisation).
    """

    status: str
    objective: float
    col_value: np.ndarray
    row_dual: np.ndarray
    lp: LinearProgram

    def value(self, block: str, key: object, default: float = 0.0) -> float:
        j = self.lp.cols.get(block, {}).get(key)
        return float(self.col_value[j]) if j is not None else default

    def dual(self, block: str, key: object, default: float = float("nan")) -> float:
        i = self.lp.rows.get(block, {}).get(key)
        return float(self.row_dual[i]) if i is not None else default

    def block(self, block: str) -> dict:
        """``{key: value}`` of every variable of ``block``."""
        return {k: float(self.col_value[j]) for k, j in self.lp.cols.get(block, {}).items()}


_BANNER_DONE = False


def new_highs():
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
    return h


def highs_model(lp: LinearProgram, a: dict[str, np.ndarray] | None = None):
    """A quiet :class:`highspy.Highs` holding ``lp`` (for re-solves with changed bounds);
    ``a``: its arrays if already made. (highspy's infinity is IEEE ``inf``, as in ``a``.)"""
    import highspy

    a = lp.arrays() if a is None else a
    model = highspy.HighsLp()
    model.num_col_ = lp.num_col
    model.num_row_ = lp.num_row
    model.col_cost_ = a["cost"]
    model.col_lower_ = a["lower"]
    model.col_upper_ = a["upper"]
    model.row_lower_ = a["row_lower"]
    model.row_upper_ = a["row_upper"]
    model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    model.a_matrix_.start_ = a["start"]
    model.a_matrix_.index_ = a["index"]
    model.a_matrix_.value_ = a["value"]
    h = new_highs()
    h.setOptionValue("solver", "simplex")
    h.setOptionValue("random_seed", 0)
    h.passModel(model)
    return h


def run_highs(h, lp: LinearProgram, duals: bool = True) -> Solution:
    """Run ``h`` and return the :class:`Solution`; :class:`SolveError` unless optimal.
    ``duals=False`` leaves ``row_dual`` empty (saves copying them)."""
    h.run()
    return read_solution(h, lp, duals)


def _check_optimal(h) -> None:
    import highspy

    status = h.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        msg = f"HiGHS did not find an optimal solution: {h.modelStatusToString(status)}"
        raise SolveError(msg)


def read_solution(h, lp: LinearProgram, duals: bool = True) -> Solution:
    """The :class:`Solution` of ``h`` after a run; :class:`SolveError` unless optimal."""
    _check_optimal(h)
    sol = h.getSolution()
    return Solution(status="optimal", objective=float(h.getObjectiveValue()),
                    col_value=np.asarray(sol.col_value, float),
                    row_dual=np.asarray(sol.row_dual, float) if duals else np.zeros(0), lp=lp)


def solve_lp(lp: LinearProgram) -> Solution:
    """Solve ``lp`` with HiGHS (dual simplex, quiet)."""
    if lp.num_col == 0:
        return Solution("optimal", 0.0, np.zeros(0), np.zeros(lp.num_row), lp)
    return run_highs(highs_model(lp), lp)


class Resolver:
    """Solve a sequence of LPs of the same shape with one HiGHS model.

    The first LP is passed to HiGHS whole. A later LP with the same sparsity pattern
    (same columns, rows and matrix positions) changes only what differs — column costs
    and bounds, row bounds (``changeColsCost``, ``changeColsBounds``, ``changeRowsBounds``)
    and any changed matrix coefficient (``changeCoeff``) — and is re-solved from the
    previous optimal basis (warm start). An LP of another shape replaces the model.
    :meth:`solve_template` and :meth:`solve_template_values` do the same for a
    :class:`~critmin.simulate.template.MarketTemplate`, whose changing bounds sit at fixed
    positions, without assembling whole arrays. :meth:`cold_start` drops the basis, so
    that a sequence of solves started after it does not depend on what was solved before
    (a simulation calls it before its first period: where the LP has several optima, the
    one found depends on the starting basis).
    ``stats`` counts full loads, warm re-solves and re-used solutions, and accumulates
    the time spent in HiGHS's ``run()``.

    Parameters
    ----------
    reuse_unchanged : bool, optional
        In :meth:`solve_template_values`, when not one bound changed since the last solve
        of the same columns, return that solve's values instead of running HiGHS again on
        the same LP (monthly runs repeat most periods: same year, same shocks). Default:
        ``Resolver.reuse_unchanged_default`` (True).
    """

    #: ``reuse_unchanged`` of a Resolver made without it (benchmarks switch it off).
    reuse_unchanged_default = True

    def __init__(self, reuse_unchanged: bool | None = None) -> None:
        self.h = None
        self.reuse_unchanged = (self.reuse_unchanged_default if reuse_unchanged is None
                                else reuse_unchanged)
        self._pattern: object = None
        self._arrays: dict[str, np.ndarray] | None = None
        self._last: tuple[np.ndarray, ...] = ()
        self._values: tuple[np.ndarray, float, np.ndarray] | None = None
        self.stats = {"loads": 0, "resolves": 0, "reused": 0, "highs_run_s": 0.0}

    def cold_start(self) -> None:
        """Forget the basis: the next solve starts from scratch on the current model."""
        if self.h is not None:
            self.h.clearSolver()
        self._values = None

    def solve(self, lp: LinearProgram) -> Solution:
        """Solve ``lp``, re-using the loaded model if ``lp`` has its sparsity pattern."""
        if lp.num_col == 0:
            return Solution("optimal", 0.0, np.zeros(0), np.zeros(lp.num_row), lp)
        a = lp.arrays()
        pattern = (lp.num_col, lp.num_row, a["start"].tobytes(), a["index"].tobytes())
        return self.solve_arrays(pattern, lp, a)

    def solve_arrays(self, pattern: object, lp: LinearProgram, a: dict[str, np.ndarray],
                     duals: bool = True) -> Solution:
        """Solve ``lp`` with its arrays ``a`` (as :meth:`LinearProgram.arrays` gives them,
        bounds possibly changed); ``pattern`` identifies the sparsity pattern (LPs with an
        equal pattern differ only in numbers). ``duals=False`` leaves ``row_dual`` empty."""
        import time

        if lp.num_col == 0:
            return Solution("optimal", 0.0, np.zeros(0), np.zeros(lp.num_row), lp)
        if self.h is None or pattern != self._pattern:
            self.h = highs_model(lp, a)
            self._pattern = pattern
            self.stats["loads"] += 1
        else:
            self._update(a)
            self.stats["resolves"] += 1
        self._arrays = a
        t = time.perf_counter()
        self.h.run()
        self.stats["highs_run_s"] += time.perf_counter() - t
        return read_solution(self.h, lp, duals)

    def solve_template(self, template: MarketTemplate, b: tuple[np.ndarray, ...], *,
                       duals: bool = True) -> Solution:
        """Solve ``template``'s LP with the bounds ``b`` (:meth:`MarketTemplate.bounds`)."""
        self._values = None
        self._run_template(template, b)
        return read_solution(self.h, template.lp, duals)

    def solve_template_values(self, template: MarketTemplate, b: tuple[np.ndarray, ...],
                              columns: np.ndarray) -> tuple[float, np.ndarray]:
        """Like :meth:`solve_template`, but return only the objective and the values of
        ``columns`` (copying a few values instead of the whole solution)."""
        last = self._values
        reuse = self.reuse_unchanged and last is not None and last[0] is columns
        if not self._run_template(template, b, reuse):
            return last[1], last[2]  # the same LP as last time: the same solution
        _check_optimal(self.h)
        values = self.h.getSolution().col_value
        picked = operator.itemgetter(*columns.tolist())(values) if columns.size > 1 else (
            [values[int(j)] for j in columns])
        self._values = (columns, float(self.h.getObjectiveValue()),
                        np.array(picked, dtype=float))
        return self._values[1], self._values[2]

    def _run_template(self, template: MarketTemplate, b: tuple[np.ndarray, ...],
                      reuse: bool = False) -> bool:
        """Load or update the model and run HiGHS; False (and no run) if ``reuse`` and
        nothing changed since the last run."""
        import time

        if self.h is None or self._pattern is not template:
            self.h = highs_model(template.lp, template.arrays_with(b))
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
        t = time.perf_counter()
        self.h.run()
        self.stats["highs_run_s"] += time.perf_counter() - t
        return True

    def _update(self, a: dict[str, np.ndarray]) -> None:
        old = self._arrays
        h = self.h
        if a["cost"] is not old["cost"]:
            idx = np.flatnonzero(a["cost"] != old["cost"])
            if idx.size:
                h.changeColsCost(idx.size, idx.astype(np.int32), a["cost"][idx])
        idx = np.flatnonzero((a["lower"] != old["lower"]) | (a["upper"] != old["upper"]))
        if idx.size:
            h.changeColsBounds(idx.size, idx.astype(np.int32), a["lower"][idx], a["upper"][idx])
        idx = np.flatnonzero((a["row_lower"] != old["row_lower"])
                             | (a["row_upper"] != old["row_upper"]))
        if idx.size:
            h.changeRowsBounds(idx.size, idx.astype(np.int32), a["row_lower"][idx],
                               a["row_upper"][idx])
        if a["value"] is not old["value"]:
            changed = np.flatnonzero(a["value"] != old["value"])
            if changed.size:
                cols = np.searchsorted(a["start"], changed, side="right") - 1
                for k, j in zip(changed, cols, strict=True):
                    h.changeCoeff(int(a["index"][k]), int(j), float(a["value"][k]))
