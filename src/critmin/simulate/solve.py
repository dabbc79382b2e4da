"""Solving a :class:`LinearProgram` with HiGHS (highspy) and reading the solution back."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass

import numpy as np

from critmin.exceptions import SolveError
from critmin.simulate.lp import LinearProgram

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


def highs_model(lp: LinearProgram):
    """A quiet :class:`highspy.Highs` holding ``lp`` (for re-solves with changed bounds)."""
    import highspy

    a = lp.arrays()
    model = highspy.HighsLp()
    model.num_col_ = lp.num_col
    model.num_row_ = lp.num_row
    inf = highspy.kHighsInf
    model.col_cost_ = a["cost"]
    model.col_lower_ = a["lower"]
    model.col_upper_ = np.where(np.isinf(a["upper"]), inf, a["upper"])
    model.row_lower_ = np.where(np.isinf(a["row_lower"]), -inf, a["row_lower"])
    model.row_upper_ = np.where(np.isinf(a["row_upper"]), inf, a["row_upper"])
    model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    model.a_matrix_.start_ = a["start"]
    model.a_matrix_.index_ = a["index"]
    model.a_matrix_.value_ = a["value"]
    h = new_highs()
    h.setOptionValue("solver", "simplex")
    h.setOptionValue("random_seed", 0)
    h.passModel(model)
    return h


def run_highs(h, lp: LinearProgram) -> Solution:
    """Run ``h`` and return the :class:`Solution`; :class:`SolveError` unless optimal."""
    import highspy

    h.run()
    status = h.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        msg = f"HiGHS did not find an optimal solution: {h.modelStatusToString(status)}"
        raise SolveError(msg)
    sol = h.getSolution()
    return Solution(status="optimal", objective=float(h.getInfo().objective_function_value),
                    col_value=np.asarray(sol.col_value, float),
                    row_dual=np.asarray(sol.row_dual, float), lp=lp)


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
    ``stats`` counts full loads and warm re-solves and accumulates HiGHS's own run time.
    """

    def __init__(self) -> None:
        self.h = None
        self._pattern: tuple | None = None
        self._arrays: dict[str, np.ndarray] | None = None
        self.stats = {"loads": 0, "resolves": 0, "highs_run_s": 0.0}

    def solve(self, lp: LinearProgram) -> Solution:
        import time

        import highspy

        if lp.num_col == 0:
            return Solution("optimal", 0.0, np.zeros(0), np.zeros(lp.num_row), lp)
        a = lp.arrays()
        pattern = (lp.num_col, lp.num_row, a["start"].tobytes(), a["index"].tobytes())
        if self.h is None or pattern != self._pattern:
            self.h = highs_model(lp)
            self._pattern = pattern
            self.stats["loads"] += 1
        else:
            self._update(a, highspy.kHighsInf)
            self.stats["resolves"] += 1
        self._arrays = a
        t = time.perf_counter()
        sol = run_highs(self.h, lp)
        self.stats["highs_run_s"] += time.perf_counter() - t
        return sol

    def _update(self, a: dict[str, np.ndarray], inf: float) -> None:
        old = self._arrays
        h = self.h
        idx = np.flatnonzero(a["cost"] != old["cost"])
        if idx.size:
            h.changeColsCost(idx.size, idx.astype(np.int32), a["cost"][idx])
        idx = np.flatnonzero((a["lower"] != old["lower"]) | (a["upper"] != old["upper"]))
        if idx.size:
            up = np.where(np.isinf(a["upper"][idx]), inf, a["upper"][idx])
            h.changeColsBounds(idx.size, idx.astype(np.int32), a["lower"][idx], up)
        idx = np.flatnonzero((a["row_lower"] != old["row_lower"])
                             | (a["row_upper"] != old["row_upper"]))
        if idx.size:
            lo = np.where(np.isinf(a["row_lower"][idx]), -inf, a["row_lower"][idx])
            up = np.where(np.isinf(a["row_upper"][idx]), inf, a["row_upper"][idx])
            h.changeRowsBounds(idx.size, idx.astype(np.int32), lo, up)
        changed = np.flatnonzero(a["value"] != old["value"])
        if changed.size:
            cols = np.searchsorted(a["start"], changed, side="right") - 1
            for k, j in zip(changed, cols, strict=True):
                h.changeCoeff(int(a["index"][k]), int(j), float(a["value"][k]))
