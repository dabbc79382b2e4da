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

from critmin.chain.mechanisms import RESPONSE_SEGMENTS
from critmin.chain.scaling import Scaling
from critmin.chain.structure import Structure
from critmin.model.network import Network

INF = math.inf


@dataclass(frozen=True)
class YearNumbers:
    """One calendar year of the dataset's chain, in t/yr, aligned to a structure.

    Attributes
    ----------
    capacity, production : per producer: the capacity and the output a ramp starts from,
        at least the supply its exports imply (:meth:`critmin.model.network.Network.
        capacity`, the chain in a year the metrics read too).
    stated_capacity, stated_production, reported_production, net_exports : per producer,
        what they are made of (blank reported production as 0): a draw that scales
        capacities scales the stated figures and the implied supply follows (:meth:`scaled`).
    reported_blank : per producer, True where no production is reported (only there does
        trade imply production).
    demand : per demand key.
    trade : per trade pair (observed flows; the anchor of the market's deviation term).
    """

    capacity: np.ndarray
    production: np.ndarray
    stated_capacity: np.ndarray
    stated_production: np.ndarray
    reported_production: np.ndarray
    net_exports: np.ndarray
    demand: np.ndarray
    trade: np.ndarray
    reported_blank: np.ndarray

    @classmethod
    def read(cls, net: Network, s: Structure, year: int) -> YearNumbers:
        """The dataset's numbers of ``year`` on ``s`` (carried forward by the network)."""
        c = net.capacity(year)
        keys = list(zip(c["country"], c["stage"], c["material"], strict=True))
        d = net.demand(year)
        t = net.trade(year)

        def producers(col: str) -> np.ndarray:
            vals = c[col].astype(float).fillna(0.0).tolist()
            return s.producers.align(dict(zip(keys, vals, strict=True)))

        return cls(
            capacity=producers("capacity_t"), production=producers("production_t"),
            stated_capacity=producers("stated_capacity_t"),
            stated_production=producers("stated_production_t"),
            reported_production=producers("reported_production_t"),
            net_exports=producers("net_exports_t"),
            reported_blank=s.producers.align(dict(zip(
                keys, c["reported_production_t"].isna().astype(float).tolist(), strict=True)))
            > 0,
            demand=s.demands.align(dict(zip(
                zip(d["country"], d["sector"], d["stage"], d["material"], strict=True),
                d["demand_t"].astype(float).tolist(), strict=True))),
            trade=s.flows.align(dict(zip(
                zip(t["exporter"], t["importer"], t["stage"], t["material"], strict=True),
                t["quantity_t"].astype(float).tolist(), strict=True))))

    def scaled(self, s: Structure, year: int, scalings: Sequence[Scaling]) -> YearNumbers:
        """These numbers after ``scalings``: capacity factors scale the stated capacity and
        production, and the supply implied by exports stays what it is (it is implied only
        where no production is reported, so no factor scales it); demand growth compounds
        from each scaling's base year."""
        if not scalings:
            return self
        f = capacity_factors(s, scalings)
        reported = self.reported_production * f
        supply = np.where(self.reported_blank, np.maximum(self.net_exports, 0.0), reported)
        g = np.array([math.prod(x.demand_factor(year) for x in scalings
                                if x.kind == "demand" and x.matches(k, st, m, sector=sec))
                      for k, sec, st, m in s.demands], dtype=float)
        return replace(self, capacity=np.maximum(self.stated_capacity * f, supply),
                       production=np.maximum(self.stated_production * f, supply),
                       stated_capacity=self.stated_capacity * f,
                       stated_production=self.stated_production * f,
                       reported_production=reported, demand=self.demand * g)


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
    purchases at all, as in the no-shock baseline). ``reserve_cap``, ``reserve_floor`` and
    ``reserve_made`` (per reserved stock node, ``sorted(s.reserved)`` order) bound its
    block's exports, imports and output of the good (None: unbounded; see
    ``equations.define_reserve``). ``response`` (demands × segments) is the share of each
    user's demand priced out in each segment of
    :func:`~critmin.chain.mechanisms.response_shares` (zeros: no demand response).
    ``thrift_ub`` (per thrifting producer) bounds its output in the reduced-input grade.
    ``denied`` (per demand) is the share of the period in which the user may not draw
    goods of a controlling country's origin (an end user denied licences).
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
    response: np.ndarray
    thrift_ub: np.ndarray
    denied: np.ndarray
    reserve_cap: np.ndarray | None = None
    reserve_floor: np.ndarray | None = None
    reserve_made: np.ndarray | None = None

    @classmethod
    def zeros(cls, s: Structure, build_weight: np.ndarray | None = None) -> PeriodNumbers:
        """Every bound 0 and no control (the shape a template is built with)."""
        n = len(s.flows)
        return cls(production_ub=np.zeros(len(s.producers)), demand=np.zeros(len(s.demands)),
                   trade=np.zeros(n), cap=np.full(n, INF), co_cap=np.full(n, INF),
                   release_ub=np.zeros(len(s.releases)), build_target=np.zeros(len(s.builds)),
                   build_weight=build_weight, recycle_ub=np.zeros(len(s.recyclers)),
                   response=np.zeros((len(s.demands), RESPONSE_SEGMENTS)),
                   thrift_ub=np.zeros(len(s.thrifts)), denied=np.zeros(len(s.demands)))

    @classmethod
    def baseline(cls, s: Structure, year: YearNumbers) -> PeriodNumbers:
        """A year of no shock and no measure: capacity and observed trade, no stocks."""
        return replace(cls.zeros(s), production_ub=year.capacity, demand=year.demand,
                       trade=year.trade)
