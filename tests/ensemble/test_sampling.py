"""Draws: in their distribution's support, stratified (LHS), reproducible from the seed."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from critmin.ensemble.sampling import draw, uniforms
from critmin.exceptions import ScenarioError
from critmin.scenarios.uncertainty import Uncertainty

DISTRIBUTIONS = [
    {"type": "uniform", "low": -2.0, "high": 3.0},
    {"type": "triangular", "low": 0.3, "mode": 0.8, "high": 1.0},
    {"type": "normal", "mean": 0.08, "sd": 0.03, "low": 0.0, "high": 0.2},
    {"type": "normal", "mean": 5.0, "sd": 2.0},
    {"type": "lognormal", "median": 1.0, "sigma": 0.5},
    {"type": "beta", "a": 2.0, "b": 5.0, "low": 0.1, "high": 0.9},
    {"type": "bernoulli", "p": 0.3},
    {"type": "discrete", "values": [6, 12, 24], "weights": [0.5, 0.3, 0.2]},
]


def spec(sampler: str, correlations=()) -> Uncertainty:
    params = [{"name": f"x{i}", "kind": "elasticity", "material": "Dy", "distribution": d}
              for i, d in enumerate(DISTRIBUTIONS)]
    return Uncertainty.model_validate({"sampler": sampler, "parameters": params,
                                       "correlations": list(correlations)})


@settings(max_examples=25, deadline=None)
@given(sampler=st.sampled_from(["lhs", "sobol", "random"]), n=st.integers(1, 64),
       seed=st.integers(0, 2**31 - 1))
def test_every_draw_lies_in_its_support(sampler: str, n: int, seed: int) -> None:
    s = spec(sampler)
    d = draw(s, n, seed)
    assert d.shape == (n, len(DISTRIBUTIONS))
    for p in s.parameters:
        lo, hi = p.distribution.support()
        assert ((d[p.name] >= lo) & (d[p.name] <= hi)).all(), p.distribution
    assert set(d["x6"].unique()) <= {0.0, 1.0}
    assert set(d["x7"].unique()) <= {6.0, 12.0, 24.0}


def test_latin_hypercube_is_stratified() -> None:
    """With N draws each of the N equal-probability strata of every input holds one draw."""
    u = uniforms("lhs", 50, 3, seed=11)
    for j in range(3):
        assert sorted(np.floor(u[:, j] * 50).astype(int)) == list(range(50))


def test_same_seed_same_draws_and_other_seed_differs() -> None:
    a, b, c = draw(spec("lhs"), 40, 5), draw(spec("lhs"), 40, 5), draw(spec("lhs"), 40, 6)
    assert a.equals(b)
    assert not a.equals(c)


def test_marginals_match_the_distributions() -> None:
    """Mean of a triangular(0.3, 0.8, 1.0) is (0.3+0.8+1.0)/3 = 0.7; a bernoulli(0.3) is 1 in
    30% of draws (LHS makes both exact to within 1/N)."""
    d = draw(spec("lhs"), 1000, 3)
    assert abs(d["x1"].mean() - 0.7) < 0.005
    assert abs(d["x6"].mean() - 0.3) <= 0.001 + 1e-9
    counts = d["x7"].value_counts(normalize=True)
    assert abs(counts[6.0] - 0.5) <= 0.001 + 1e-9


def test_correlations_are_imposed() -> None:
    from scipy.stats import spearmanr

    d = draw(spec("lhs", [("x0", "x3", 0.8)]), 2000, 1)
    assert spearmanr(d["x0"], d["x3"]).statistic == pytest.approx(0.8, abs=0.05)
    assert abs(spearmanr(d["x0"], d["x1"]).statistic) < 0.1


def test_bad_specs_are_refused() -> None:
    with pytest.raises(ScenarioError, match="positive definite"):
        draw(spec("lhs", [("x0", "x1", 0.95), ("x1", "x2", 0.95), ("x0", "x2", -0.95)]), 10, 0)
    with pytest.raises(ValueError, match="unknown parameter"):
        spec("lhs", [("x0", "nope", 0.5)])
    with pytest.raises(ValueError, match="low <= mode <= high"):
        Uncertainty.model_validate({"parameters": [
            {"name": "a", "kind": "elasticity", "material": "Dy",
             "distribution": {"type": "triangular", "low": 1, "mode": 0, "high": 2}}]})
