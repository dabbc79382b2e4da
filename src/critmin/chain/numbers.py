"""The numbers of the chain LP, as arrays aligned to a :class:`~critmin.chain.structure.Structure`.

:class:`YearNumbers` are a calendar year's capacity, production, demand and observed trade
(t/yr), read from the dataset's carried-forward chain in a year
(:meth:`critmin.model.network.Network.capacity` and friends) and scaled by an ensemble's
draws. :class:`PeriodNumbers` are what one period's LP needs (t per period), produced by
the mechanism functions of :mod:`critmin.chain.mechanisms` and written into the LP by
:meth:`~critmin.chain.template.ChainTemplate.bounds` or
:func:`~critmin.chain.equations.build_lp`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from critmin.chain.scaling import Scaling
from critmin.chain.structure import Structure
from critmin.model.network import Network

INF = math.inf


@dataclass(frozen=True)
class YearNumbers:
    """One calendar year of the dataset's chain, in t/yr, aligned to a structure.

    Attributes
    ----------
    capacity, production, implied : per producer (``implied``: a supply equal to the
        exports of an exporter without a capacity row).
    demand : per demand key.
    trade : per trade pair (observed flows; the anchor of the market's deviation term).
    """

    capacity: np.ndarray
    production: np.ndarray
    implied: np.ndarray
    demand: np.ndarray
    trade: np.ndarray

    @classmethod
    def read(cls, net: Network, s: Structure, year: int) -> YearNumbers:
        """The dataset's numbers of ``year`` on ``s`` (carried forward by the network)."""
        c = net.capacity(year)
        keys = list(zip(c["country"], c["stage"], c["material"], strict=True))
        d = net.demand(year)
        t = net.trade(year)

        def aligned(index, keys, values, default=0.0):
            return index.align(dict(zip(keys, values, strict=True)), default)

        return cls(
            capacity=aligned(s.producers, keys, c["capacity_t"].astype(float).tolist()),
            production=aligned(s.producers, keys, c["production_t"].astype(float).tolist()),
            implied=aligned(s.producers, keys, c["implied"].astype(float).tolist()) > 0,
            demand=aligned(s.demands, zip(d["country"], d["sector"], d["stage"], d["material"],
                                          strict=True), d["demand_t"].astype(float).tolist()),
            trade=aligned(s.flows, zip(t["exporter"], t["importer"], t["stage"], t["material"],
                                       strict=True), t["quantity_t"].astype(float).tolist()))

    def scaled(self, s: Structure, year: int, scalings: Sequence[Scaling]) -> YearNumbers:
        """These numbers after ``scalings`` (capacity factors leave implied supply as it
        is; demand growth compounds from each scaling's base year)."""
        if not scalings:
            return self
        f = np.where(self.implied, 1.0, capacity_factors(s, scalings))
        g = np.array([math.prod(x.demand_factor(year) for x in scalings
                                if x.kind == "demand" and x.matches(k, st, m, sector=sec))
                      for k, sec, st, m in s.demands], dtype=float)
        return replace(self, capacity=self.capacity * f, production=self.production * f,
                       demand=self.demand * g)


def capacity_factors(s: Structure, scalings: Sequence[Scaling]) -> np.ndarray:
    """The product of the capacity scalings matching each producer."""
    caps = [x for x in scalings if x.kind == "capacity"]
    return np.array([math.prod(x.factor for x in caps if x.matches(*k)) for k in s.producers],
                    dtype=float)


@dataclass
class PeriodNumbers:
    """The numbers of one period (t per period), aligned to a structure.

    ``cap`` and ``co_cap`` (per trade pair) are ``inf`` where no export control applies;
    ``build_weight`` is the weight per tonne not bought of each build node (None: no
    purchases at all, as in the no-shock baseline).
    """

    production_ub: np.ndarray
    demand: np.ndarray
    trade: np.ndarray
    cap: np.ndarray
    co_cap: np.ndarray
    release_ub: np.ndarray
    build_target: np.ndarray
    build_weight: np.ndarray | None
    recycle_ub: np.ndarray

    @classmethod
    def zeros(cls, s: Structure, build_weight: np.ndarray | None = None) -> PeriodNumbers:
        """Every bound 0 and no control (the shape a template is built with)."""
        n = len(s.flows)
        return cls(production_ub=np.zeros(len(s.producers)), demand=np.zeros(len(s.demands)),
                   trade=np.zeros(n), cap=np.full(n, INF), co_cap=np.full(n, INF),
                   release_ub=np.zeros(len(s.releases)), build_target=np.zeros(len(s.builds)),
                   build_weight=build_weight, recycle_ub=np.zeros(len(s.recyclers)))

    @classmethod
    def baseline(cls, s: Structure, year: YearNumbers) -> PeriodNumbers:
        """A year of no shock and no measure: capacity and observed trade, no stocks."""
        return replace(cls.zeros(s), production_ub=year.capacity, demand=year.demand,
                       trade=year.trade)
