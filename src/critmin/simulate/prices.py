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

from critmin.chain.mechanisms import PRICE_CAP

__all__ = ["PRICE_CAP", "ROW", "WORLD", "market_prices", "markets", "scarcity_index"]


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


#: Market of every country outside the controlling countries.
ROW = "ROW"
#: The one market of a run without export controls.
WORLD = "world"


def markets(countries: list[str] | set[str], controllers: set[str] | frozenset[str]
            ) -> dict[str, str]:
    """Each country's market: a controlling country is its own (domestic) market, every
    other country is in the rest of the world; with no controller, one world market.

    >>> markets(["CHN", "JPN", "USA"], {"CHN"})
    {'CHN': 'CHN', 'JPN': 'ROW', 'USA': 'ROW'}
    """
    if not controllers:
        return {k: WORLD for k in countries}
    return {k: (k if k in controllers else ROW) for k in countries}


def market_prices(p0: float, index: float, rent: float, cap: float = PRICE_CAP) -> float:
    """A good's price in a market (USD/kg): the larger of its own scarcity price
    ``p0 · index`` and the base price plus the scarcity ``rent`` passed on from what it is
    made into, capped at ``cap · p0``.

    >>> [market_prices(50.0, i, r) for i, r in ((1.0, 30.0), (4.0, 30.0), (1.0, 900.0))]
    [80.0, 200.0, 500.0]
    """
    return min(cap * p0, max(p0 * index, p0 + max(0.0, rent)))
