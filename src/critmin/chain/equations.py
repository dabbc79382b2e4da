"""The per-period allocation LP, built piece by piece (``define_*``) on a :class:`Structure`.

Equations are in ``docs/model.md``; each ``define_*`` function names the equation it
writes. All quantities are tonnes *per period*; the numbers come in a
:class:`~critmin.chain.numbers.PeriodNumbers` aligned to the structure's index maps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from critmin.chain.contracts import ContractTerms, define_contracts
from critmin.chain.lp import INF, LinearProgram, RowTerms
from critmin.chain.mechanisms import RESPONSE_SEGMENTS
from critmin.chain.numbers import PeriodNumbers
from critmin.chain.structure import ANY, CO, FREE, Structure, stock_node

#: Objective weights, relative to the smallest shortfall priority (lexicographic by scale).
EPS_PRODUCTION = 1e-6
EPS_DEVIATION = 1e-4
EPS_RELEASE = 1e-3
#: Shortfall of each demand is split in TRANCHES, each EPS_TRANCHE dearer than the last.
TRANCHES = 4
EPS_TRANCHE = 1e-3
#: Demand priced out costs less than demand rationed: segment k of K weighs
#: ``priority·(1 − EPS_RESPONSE·(K − k)/K)``, so cheaper segments go first for every user.
RESPONSE = RESPONSE_SEGMENTS
EPS_RESPONSE = 1e-2
#: Ties between users inside one response segment go by their tie order.
EPS_TIE = 1e-4


@dataclass(frozen=True)
class Problem:
    """What one period's LP is made of: the structure, the numbers, the sectors' weights
    per tonne short, the allocation mode, which trade pairs get an export-control row,
    and (contracts mode) the contracts' terms."""

    s: Structure
    v: PeriodNumbers
    priority: Mapping[str, float]
    control_rows: np.ndarray
    allocation: str = "market"
    contracts: ContractTerms | None = None

    @property
    def scale(self) -> float:
        """The smallest weight per tonne (shortfall priorities, purchase weights): the
        objective's small terms are scaled to it."""
        weights = [*self.priority.values(),
                   *(self.v.build_weight.tolist() if self.v.build_weight is not None else [])]
        return min(weights) if weights else 1.0


def define_production(lp: LinearProgram, p: Problem, bal: RowTerms) -> None:
    """Production ``x[k,g,c] ≥ 0`` with ``Σ_c x[k,g,c] ≤ capacity``; inputs by recipe.

    A product of origin class ``co`` may draw each lineage input from either class
    (draw variables ``w``); a ``free`` product only from the ``free`` class. Co-produced
    goods draw no recipe input: they come out of their node's feed
    (:func:`define_coproduction`), whose primary good's capacity bounds the feed.
    """
    s, eps = p.s, EPS_PRODUCTION * p.scale
    coproduced = s.coproduced
    primary = {(c.country, c.stage, c.main) for c in s.coproducers}
    cols_of: dict[tuple[str, str, str], list[int]] = {}
    for n, key in enumerate(s.producers):
        k, st, m = key
        cols = [lp.add_var("production", (*key, c), 0.0, INF, eps) for c in s.prod_classes[key]]
        cols_of[key] = cols
        if key not in primary:
            lp.add_row("capacity", key, [(j, 1.0) for j in cols], -INF,
                       float(p.v.production_ub[n]))
        for j, c in zip(cols, s.prod_classes[key], strict=True):
            bal.add((*key, c), j, 1.0)
            if key in coproduced:
                continue
            for (hs, hm), a in s.inputs[(st, m)]:
                _draw_input(lp, s, bal, (k, st, m, c), (hs, hm), a, j)
    define_coproduction(lp, p, bal, cols_of)
    define_thrift(lp, p, bal, cols_of)


def define_thrift(lp: LinearProgram, p: Problem, bal: RowTerms,
                  cols_of: Mapping[tuple[str, str, str], list[int]]) -> None:
    """Reduced-input grades: ``z[k,g] ≤ thrift bound`` t of producer ``(k, g)``'s output
    are made with less of some inputs, ``z − Σ_c x[k,g,c] ≤ 0`` (``thrift`` rows); each
    tonne returns the ``saving`` of each input good ``h`` to the node's balance of ``h``
    (what the recipe drew and the grade does not need)."""
    s = p.s
    for n, key in enumerate(s.thrifts):
        k = key[0]
        z = lp.add_var("thrift", key, 0.0, float(p.v.thrift_ub[n]))
        lp.add_row("thrift", key, [(z, 1.0), *((j, -1.0) for j in cols_of.get(key, []))],
                   -INF, 0.0)
        for h, saved in s.thrift_saving[key]:
            bal.add((k, *h, s.node_class(h)), z, saved)


def define_coproduction(lp: LinearProgram, p: Problem, bal: RowTerms,
                        cols_of: Mapping[tuple[str, str, str], list[int]]) -> None:
    """Co-production: node ``k`` separates ``F[k] ≥ 0`` t of its feed (drawn from the
    node's balance of the feed good) into every material ``m`` of the feed's ore,
    ``Σ_c x[k,m,c] + u[k,m] = y_m·F[k]`` (``coproduce`` rows; ``u ≥ 0`` is the surplus,
    disposed of or stocked, and is the whole ``y_m·F`` of a material the node has no
    producer of). The primary good ``p`` (largest yield) bounds the feed through its
    capacity row, ``y_p·F[k] ≤ capacity``: the plant's throughput. Other goods keep
    their own capacity rows (a heavy-REE circuit), so their output is bounded both by its
    capacity and by the feed's content."""
    s, eps = p.s, EPS_PRODUCTION * p.scale
    for co in s.coproducers:
        node = (co.country, co.stage)
        f = lp.add_var("separated", node, 0.0, INF, eps)
        fc = ANY if s.classes[co.feed] == (ANY,) else FREE
        bal.add((co.country, *co.feed, fc), f, -1.0)
        for m, y in co.yields:
            key = (co.country, co.stage, m)
            u = lp.add_var("surplus", key)
            terms = [(j, 1.0) for j in cols_of.get(key, [])] if m in co.made else []
            lp.add_row("coproduce", key, [*terms, (u, 1.0), (f, -y)], 0.0, 0.0)
            if m == co.main:
                n = s.producers.position(key)
                lp.add_row("capacity", key, [(f, y)], -INF, float(p.v.production_ub[n]))


def _draw_input(lp: LinearProgram, s: Structure, bal: RowTerms, made: tuple[str, str, str, str],
                good: tuple[str, str], a: float, j: int) -> None:
    """The recipe input ``a`` t of ``good`` per t of production column ``j``."""
    k, _, _, c = made
    hcls = s.classes[good]
    if hcls == (ANY,):
        bal.add((k, *good, ANY), j, -a)
    elif c == FREE:
        bal.add((k, *good, FREE), j, -a)
    else:
        draws = []
        for hc in hcls:
            w = lp.add_var("draw", (*made, *good, hc))
            bal.add((k, *good, hc), w, -1.0)
            draws.append((w, 1.0))
        lp.add_row("recipe", (*made, *good), [*draws, (j, -a)], 0.0, 0.0)


def define_recycling(lp: LinearProgram, p: Problem, bal: RowTerms) -> None:
    """Secondary supply ``q[k,g] ≤ recycling capacity`` into the node, with no recipe input
    and of free origin (made from scrap, not from controlled material)."""
    s, eps = p.s, EPS_PRODUCTION * p.scale
    for n, (k, st, m) in enumerate(s.recyclers):
        q = lp.add_var("recycled", (k, st, m), 0.0, float(p.v.recycle_ub[n]), eps)
        bal.add((k, st, m, s.node_class((st, m))), q, 1.0)


def define_flows(lp: LinearProgram, p: Problem, bal: RowTerms) -> None:
    """Flows ``f[e,i,g,c] ≥ 0`` between allowed pairs, export-control caps, and (market
    mode) the deviation from observed trade ``Σ_c f − dev⁺ + dev⁻ = trade``."""
    s, v, eps = p.s, p.v, EPS_DEVIATION * p.scale
    market = p.allocation == "market"
    for n, key in enumerate(s.flows):
        e, i, st, m = key
        cols = []
        for c in s.classes[(st, m)]:
            ub = float(v.co_cap[n]) if c == CO else INF
            if not market and (p.contracts is None or not p.contracts.has_terms(key)):
                ub = 0.0  # contracts: no new trade relations outside refills
            j = lp.add_var("flow", (*key, c), 0.0, ub)
            bal.add((e, st, m, c), j, -1.0)
            bal.add((i, st, m, c), j, 1.0)
            cols.append(j)
        terms = [(j, 1.0) for j in cols]
        if p.control_rows[n]:
            lp.add_row("control", key, terms, -INF, float(v.cap[n]))
        if market:
            dp = lp.add_var("deviation_up", key, 0.0, INF, eps)
            dn = lp.add_var("deviation_down", key, 0.0, INF, eps)
            t = float(v.trade[n])
            lp.add_row("deviation", key, [*terms, (dp, -1.0), (dn, 1.0)], t, t)


def define_demand(lp: LinearProgram, p: Problem, bal: RowTerms) -> None:
    """Demand met ``d[k,sector,g,c] ≥ 0`` drawn from the node (per origin class), demand
    priced out in ``RESPONSE`` segments ``e_k ≤ demand·share_k`` and demand rationed in
    ``TRANCHES`` equal tranches ``u_j ≤ demand·(1 − Σ_k share_k)/TRANCHES``:
    ``Σ_c d + Σ_k e_k + Σ_j u_j = demand``.

    Segment *k* is the *k*-th equal part of the demand a user forgoes as the price index
    rises to the cap (:func:`~critmin.chain.mechanisms.response_shares`); it costs
    ``priority·(1 − EPS_RESPONSE·(RESPONSE − k)/RESPONSE + EPS_TIE·o)``, less than any
    tranche, so users of a good (one elasticity) are priced out together, segment by
    segment (one price for all of them, in steps of 1/RESPONSE), before anyone is
    rationed. Tranche *j* costs ``priority·(1 + EPS_TRANCHE·(j +
    o))``: the rising costs make users of equal priority share a rationing (in steps of
    1/TRANCHES of what is left) instead of one of them taking all of it; the fixed tie
    order ``o ∈ [0, 1)`` of each user (:func:`~critmin.chain.structure.tie_order`) decides
    who takes the marginal tranche, so the split is unique. Keeping demand out of the
    balance rows makes their duals the value of one more tonne at the node. A user denied
    licences (``v.denied``, the share of the period) draws at most ``demand·(1 − denied)``
    of the controlling country's origin (class ``co``).
    """
    s, v = p.s, p.v
    for n, key in enumerate(s.demands):
        k, sec, st, m = key
        dem = float(v.demand[n])
        prio = p.priority.get(sec, 1.0)
        o = float(s.tie_order[n])
        share = v.response[n]
        terms = [(lp.add_var("response", (*key, j), 0.0, dem * float(share[j]),
                             prio * (1.0 - EPS_RESPONSE * (RESPONSE - j) / RESPONSE
                                     + EPS_TIE * o)), 1.0)
                 for j in range(RESPONSE)]
        rest = dem * max(0.0, 1.0 - float(share.sum())) / TRANCHES
        terms += [(lp.add_var("shortfall", (*key, j), 0.0, rest,
                              prio * (1.0 + EPS_TRANCHE * (j + o))), 1.0)
                  for j in range(TRANCHES)]
        denied = float(v.denied[n])
        for c in s.classes[(st, m)]:
            ub = dem * (1.0 - denied) if c == CO and denied > 0 else INF
            d = lp.add_var("demand_draw", (*key, c), 0.0, ub)
            bal.add((k, st, m, c), d, -1.0)
            terms.append((d, 1.0))
        lp.add_row("demand", key, terms, dem, dem)


def define_stocks(lp: LinearProgram, p: Problem, bal: RowTerms) -> None:
    """Release ``0 ≤ r ≤ min(level, limit)`` into the node; purchases ``b[k,g,c]`` out of it
    with ``Σ_c b − r + unbought ≥ target``, ``unbought ≥ 0`` (net purchases count, for a private
    inventory's buy-back too: drawing and buying back the same tonnes gains nothing)."""
    s, v, eps = p.s, p.v, EPS_RELEASE * p.scale
    for key in s.stocks:
        node = stock_node(key)
        _, st, m = key
        r = None
        if key in s.releases:
            ub = float(v.release_ub[s.releases.position(key)])
            r = lp.add_var("release", key, 0.0, ub, eps)
            bal.add((*node, s.node_class((st, m))), r, 1.0)
        if key in s.builds:
            n = s.builds.position(key)
            target = float(v.build_target[n])
            weight = float(v.build_weight[n]) if v.build_weight is not None else 1.0
            terms = []
            for c in s.classes[(st, m)]:
                b = lp.add_var("build", (*key, c))
                bal.add((*node, c), b, -1.0)
                terms.append((b, 1.0))
            if r is not None:
                terms.append((r, -1.0))
            u = lp.add_var("unbought", key, 0.0, INF, weight)
            lp.add_row("purchase", key, [*terms, (u, 1.0)], target if target > 0 else -INF, INF)


def reserve_blocks(s: Structure) -> list[tuple[tuple[str, str, str], frozenset[str]]]:
    """Each reserved stock account with its block: the holder and whom its release may
    serve, in ``sorted(s.reserved)`` order."""
    return [(key, frozenset({stock_node(key)[0]}) | allowed)
            for key, allowed in sorted(s.reserved.items())]


def define_reserve(lp: LinearProgram, p: Problem) -> None:
    """A release reserved for its holder (or the coalition) is additional supply for its
    block ``B`` (the holder and the countries it may serve): it may not displace the
    block's trade with the rest of the world nor its own output. Auxiliary columns sum
    the block's exports, imports and output (production and recycled supply) of the good,
    ``z_out = Σ_{e∈B, i∉B, c} f[e,i,g,c]``, ``z_in = Σ_{e∉B, i∈B, c} f[e,i,g,c]``,
    ``z_make = Σ_{k∈B, c} x[k,g,c] + Σ_{k∈B} q[k,g]``, and rows (``reserve_*_bound``)
    hold ``z_make ≥ M``, ``z_out − z_make ≤ X − M`` and ``z_in + z_make ≥ I + M``, where
    ``X``, ``I`` and ``M`` are the same sums in the period solved without the reserved
    releases (``critmin.simulate.loop``): the block may export more, or import less, only
    by what it makes beyond ``M``. The numbers come as ``reserve_cap = X − M``,
    ``reserve_floor = I + M``, ``reserve_made = M``; without them (None) the rows are
    free.
    """
    v = p.v
    shipped = [*lp.cols.get("flow", {}).items(), *lp.cols.get("refill", {}).items()]
    made = list(lp.cols.get("production", {}).items())
    recycled = lp.cols.get("recycled", {})
    for n, (node, block) in enumerate(reserve_blocks(p.s)):
        _, st, m = node
        out: list[tuple[int, float]] = []
        into: list[tuple[int, float]] = []
        for (e, i, fs, fm, _c), j in shipped:
            if (fs, fm) != (st, m) or (e in block) == (i in block):
                continue
            (out if e in block else into).append((j, 1.0))
        make = [(j, 1.0) for (k, ps, pm, _c), j in made if (ps, pm) == (st, m) and k in block]
        make += [(j, 1.0) for (k, rs, rm), j in recycled.items() if (rs, rm) == (st, m)
                 and k in block]
        z = {}
        for name, terms in (("out", out), ("in", into), ("make", make)):
            z[name] = lp.add_var(f"reserve_{name}", node)
            lp.add_row(f"reserve_{name}", node, [*terms, (z[name], -1.0)], 0.0, 0.0)
        free = v.reserve_cap is None
        lp.add_row("reserve_out_bound", node, [(z["out"], 1.0), (z["make"], -1.0)], -INF,
                   INF if free else float(v.reserve_cap[n]))
        lp.add_row("reserve_in_bound", node, [(z["in"], 1.0), (z["make"], 1.0)],
                   -INF if free else float(v.reserve_floor[n]), INF)
        lp.add_row("reserve_make_bound", node, [(z["make"], 1.0)],
                   -INF if free else float(v.reserve_made[n]), INF)


def define_balance(lp: LinearProgram, bal: RowTerms) -> None:
    """Mass balance at every node and class: in − out − unsold = demand met; unsold
    output (free disposal) keeps the LP feasible."""
    for node in sorted(bal.terms):
        u = lp.add_var("unsold", node)
        lp.add_row("balance", node, [*bal.terms[node], (u, -1.0)], 0.0, 0.0)


def build_lp(p: Problem) -> LinearProgram:
    """The LP of one period: production, recycling, flows, contracts, demand, stocks,
    balance."""
    lp = LinearProgram()
    bal = RowTerms()
    define_production(lp, p, bal)
    define_recycling(lp, p, bal)
    define_flows(lp, p, bal)
    if p.allocation == "contracts" and p.contracts is not None:
        define_contracts(lp, p.s, p.contracts, bal)
    define_demand(lp, p, bal)
    define_stocks(lp, p, bal)
    define_reserve(lp, p)
    define_balance(lp, bal)
    return lp
