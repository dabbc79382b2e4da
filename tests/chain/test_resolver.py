"""One HiGHS model re-solved with changed bounds gives what a fresh solve gives."""

from __future__ import annotations

import numpy as np
import pytest

from critmin.chain import LinearProgram, Resolver
from critmin.chain.highs import solve as solve_lp


def small_lp(cap_a: float, cap_b: float, cost_b: float = 2.0) -> LinearProgram:
    """min x_a + cost_b·x_b + 10·s  s.t. x_a + x_b + s = 10 (demand), x_a ≤ cap_a, x_b ≤ cap_b.

    By hand: the cheap source first, then the dear one, then shortfall s."""
    lp = LinearProgram()
    a = lp.add_var("prod", "a", upper=cap_a, cost=1.0)
    b = lp.add_var("prod", "b", upper=cap_b, cost=cost_b)
    s = lp.add_var("short", "s", cost=10.0)
    lp.add_row("demand", "d", [(a, 1.0), (b, 1.0), (s, 1.0)], lower=10.0, upper=10.0)
    return lp


@pytest.mark.parametrize(("cap_a", "cap_b", "cost_b", "expected"), [
    (6, 10, 2.0, (6, 4, 0)),     # a full, b fills the rest
    (3, 4, 2.0, (3, 4, 3)),      # both full, 3 t short
    (10, 10, 0.5, (0, 10, 0)),   # b became cheaper: all from b (a cost change)
    (0, 2, 2.0, (0, 2, 8)),
])
def test_resolver_matches_a_fresh_solve(cap_a, cap_b, cost_b, expected) -> None:
    solver = Resolver()
    solver.solve(small_lp(5, 5))  # load once
    got = solver.solve(small_lp(cap_a, cap_b, cost_b))
    fresh = solve_lp(small_lp(cap_a, cap_b, cost_b))
    np.testing.assert_allclose(got.col_value, expected, atol=1e-9)
    np.testing.assert_allclose(got.col_value, fresh.col_value, atol=1e-9)
    assert got.objective == pytest.approx(fresh.objective)
    assert solver.stats == {"loads": 1, "resolves": 1, "reused": 0,
                            "highs_run_s": solver.stats["highs_run_s"]}
