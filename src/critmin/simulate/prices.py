"""Scarcity price index from shortfall and a constant price elasticity of demand.

With constant-elasticity demand ``q = q0 (p/p0)^ε`` (ε < 0), the price that clears a
market supplying ``s`` of a demand ``q0`` is ``p/p0 = (s/q0)^(1/ε)``, capped at
``cap`` (a full cut-off has no finite clearing price).

>>> import numpy as np
>>> scarcity_index(np.array([100.0, 50.0, 0.0]), np.array([100.0, 100.0, 100.0]), -0.5)
array([ 1.,  4., 10.])
"""

from __future__ import annotations

import numpy as np

#: Largest price index reported (p/p0).
PRICE_CAP = 10.0


def scarcity_index(supplied: np.ndarray, demand: np.ndarray, elasticity: float | np.ndarray,
                   cap: float = PRICE_CAP) -> np.ndarray:
    """Price index ``p/p0 = min(cap, (supplied/demand)^(1/elasticity))``.

    Parameters
    ----------
    supplied, demand : ndarray, t
        Demand met and demand; where demand is 0 the index is 1.
    elasticity : float or ndarray
        Price elasticity of demand (negative).
    cap : float
        Largest index (reached when nothing is supplied).
    """
    supplied = np.asarray(supplied, float)
    demand = np.asarray(demand, float)
    eps = np.broadcast_to(np.asarray(elasticity, float), supplied.shape)
    out = np.ones_like(supplied)
    has = demand > 0
    ratio = np.clip(np.divide(supplied, demand, out=np.ones_like(supplied), where=has), 0.0, 1.0)
    pos = has & (ratio > 0)
    with np.errstate(over="ignore"):
        out[pos] = np.minimum(cap, ratio[pos] ** (1.0 / eps[pos]))
    out[has & (ratio <= 0)] = cap
    return out
