"""Draws of the uncertain inputs: an ``N × d`` table generated from the seed alone.

All draws are made up front from ``seed`` (never from worker order), so a seed gives the
same futures on one process or a cluster. Uniform numbers come from a Latin hypercube
(stratified: each parameter's range is cut into N equal-probability strata, one draw in
each), a scrambled Sobol sequence (balanced for N a power of two; otherwise the first N
points of the next power of two) or a plain pseudo-random generator; each distribution's
inverse CDF turns them into values. Correlations, when given, are imposed with a Gaussian
copula: ``z = Φ⁻¹(u)``, ``z' = L z`` with ``L`` the Cholesky factor of the correlation
matrix, ``u' = Φ(z')`` — marginals stay exact; the rank correlation is close to the one
asked for.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm, qmc

from critmin.exceptions import ScenarioError
from critmin.scenarios.uncertainty import Uncertainty

_EPS = 1e-12


def uniforms(sampler: str, n: int, d: int, seed: int) -> np.ndarray:
    """``n × d`` numbers in the open interval (0, 1) from ``sampler`` with ``seed``."""
    if n < 1:
        msg = "the number of runs must be at least 1"
        raise ScenarioError(msg)
    if sampler == "lhs":
        u = qmc.LatinHypercube(d=d, seed=np.random.default_rng(seed)).random(n)
    elif sampler == "sobol":
        # balance properties hold for powers of two: draw the next one, keep the first n
        m = max(0, int(np.ceil(np.log2(n))))
        u = qmc.Sobol(d=d, scramble=True, seed=np.random.default_rng(seed)).random_base2(m)[:n]
    elif sampler == "random":
        u = np.random.default_rng(seed).random((n, d))
    else:
        msg = f"unknown sampler {sampler!r} (lhs, sobol or random)"
        raise ScenarioError(msg)
    return np.clip(u, _EPS, 1.0 - _EPS)


def correlate(u: np.ndarray, names: list[str],
              correlations: list[tuple[str, str, float]]) -> np.ndarray:
    """Impose ``correlations`` on uniform columns with a Gaussian copula."""
    if not correlations:
        return u
    index = {n: i for i, n in enumerate(names)}
    c = np.eye(len(names))
    for a, b, r in correlations:
        c[index[a], index[b]] = c[index[b], index[a]] = r
    try:
        chol = np.linalg.cholesky(c)
    except np.linalg.LinAlgError:
        msg = "uncertainty.correlations: the correlation matrix is not positive definite"
        raise ScenarioError(msg) from None
    return np.clip(norm.cdf(norm.ppf(u) @ chol.T), _EPS, 1.0 - _EPS)


def draw(spec: Uncertainty, n: int, seed: int) -> pd.DataFrame:
    """``n`` draws of every parameter of ``spec``: one column per parameter name.

    The index is the draw number ``0 … n-1``.
    """
    names = spec.names
    u = correlate(uniforms(spec.sampler, n, len(names), seed), names, spec.correlations)
    data = {p.name: p.distribution.ppf(u[:, j]) for j, p in enumerate(spec.parameters)}
    return pd.DataFrame(data, index=pd.RangeIndex(n, name="draw"))
