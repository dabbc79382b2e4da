"""The per-period allocation LP, built piece by piece (``define_*``) on a :class:`Structure`.

The structure (which variables exist) is fixed for a whole run; the numbers of one
period (capacities, demand, caps, stock limits, ...) come in a :class:`PeriodData`.
Equations are in ``docs/model.md``. All quantities are tonnes *per period*.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from critmin.model.network import Good, Network
from critmin.simulate.lp import INF, LinearProgram

logger = logging.getLogger(__name__)

ANY, FREE, CO = "any", "free", "co"

#: Objective weights, relative to the smallest shortfall priority (lexicographic by scale).
EPS_PRODUCTION = 1e-6
EPS_DEVIATION = 1e-4
EPS_RELEASE = 1e-3
#: Shortfall of each demand is split in TRANCHES, each EPS_TRANCHE dearer than the last.
TRANCHES = 4
EPS_TRANCHE = 1e-3


@dataclass
class Structure:
    """Which variables exist in every period of a run (sets only, no numbers).

    Attributes
    ----------
    goods : list of (stage, material)
    classes : dict
        Origin classes of each good: ``("any",)``, or ``("free", "co")`` for goods in the
        lineage of an extraterritorial control (``co`` = made with controlled-origin input).
    producers : dict
        Good → countries able to produce it in some period.
    prod_classes : dict
        ``(country, good)`` → origin classes its output can have.
    inputs : dict
        Good → ``[(input good, t input per t output)]`` (unconstrained inputs dropped).
    flow_pairs : dict
        Good → ``[(exporter, importer)]`` allowed to trade it.
    demand_keys : list of (country, sector, good)
    stock_nodes : list of (country, good)
        Nodes whose stock level is tracked (dataset stockpiles or measures).
    tie_order : dict
        Demand key → a number in [0, 1): where users of equal priority tie inside one
        shortfall tranche, the one with the smaller number is cut first (see
        :func:`tie_order`).
    """

    goods: list[Good]
    classes: dict[Good, tuple[str, ...]]
    producers: dict[Good, list[str]]
    prod_classes: dict[tuple[str, Good], tuple[str, ...]]
    inputs: dict[Good, list[tuple[Good, float]]]
    flow_pairs: dict[Good, list[tuple[str, str]]]
    demand_keys: list[tuple[str, str, Good]]
    stock_nodes: list[tuple[str, Good]]
    release_nodes: set[tuple[str, Good]] = field(default_factory=set)
    build_nodes: set[tuple[str, Good]] = field(default_factory=set)
    recycle_nodes: set[tuple[str, Good]] = field(default_factory=set)
    et_controllers: set[str] = field(default_factory=set)
    tie_order: dict[tuple[str, str, Good], float] = field(default_factory=dict)


def tie_order(keys: Iterable[tuple[str, str, Good]]) -> dict[tuple[str, str, Good], float]:
    """A fixed order of demand keys, as ranks scaled to [0, 1).

    The order is that of the CRC-32 of ``"country|sector|stage|material"``: it favours no
    country or sector systematically and does not change between runs, processes or
    machines. It only decides ties (equal priority, same tranche), so that the LP's
    shortfall split has one optimum and does not depend on the solver's path.
    """
    keys = sorted(set(keys))
    ranked = sorted(keys, key=lambda k: (zlib.crc32(f"{k[0]}|{k[1]}|{k[2][0]}|{k[2][1]}"
                                                    .encode()), k))
    return {k: r / len(ranked) for r, k in enumerate(ranked)}


def define_structure(net: Network, years: Iterable[int], *,
                     extra_producers: Iterable[tuple[str, Good]] = (),
                     release_nodes: Iterable[tuple[str, Good]] = (),
                     build_nodes: Iterable[tuple[str, Good]] = (),
                     recycle_nodes: Iterable[tuple[str, Good]] = (),
                     extraterritorial: Iterable[tuple[str, Iterable[Good]]] = ()) -> Structure:
    """Sets of a run over ``years``.

    Parameters
    ----------
    extra_producers : (country, good) pairs that gain capacity from ``invest`` measures.
    release_nodes, build_nodes : stockpile nodes named by measures.
    recycle_nodes : (country, good) with secondary supply from ``recycling`` measures.
    extraterritorial : ``(controlling country, controlled goods)`` of every
        extraterritorial control; their downstream lineage gets two origin classes.
    """
    years = sorted(set(years))
    producers: dict[Good, set[str]] = {}
    for y in years:
        cap = net.capacity(y)
        for k, st, m in zip(cap["country"], cap["stage"], cap["material"], strict=True):
            producers.setdefault((st, m), set()).add(k)
    for k, g in extra_producers:
        producers.setdefault(g, set()).add(k)
    demand: set[tuple[str, str, Good]] = set()
    for y in years:
        d = net.demand(y)
        d = d[d["demand_t"] > 0]
        for k, sec, st, m in zip(d["country"], d["sector"], d["stage"], d["material"],
                                 strict=True):
            demand.add((k, sec, (st, m)))
    release_nodes, build_nodes = set(release_nodes), set(build_nodes)
    recycle_nodes = set(recycle_nodes)
    stock_nodes = set(release_nodes) | set(build_nodes)

    inputs: dict[Good, list[tuple[Good, float]]] = {g: net.inputs_of(g) for g in producers}
    goods: set[Good] = set(producers) | {g for _, _, g in demand}
    goods |= {h for ins in inputs.values() for h, _ in ins}
    goods |= {g for _, g in stock_nodes}
    goods |= {g for _, g in recycle_nodes}

    et_controllers: set[str] = set()
    lineage: set[Good] = set()
    for country, ctl in extraterritorial:
        et_controllers.add(country)
        lineage |= net.downstream_closure(set(ctl) & goods)
    classes = {g: ((FREE, CO) if g in lineage else (ANY,)) for g in goods}
    prod_classes: dict[tuple[str, Good], tuple[str, ...]] = {}
    for g, ks in producers.items():
        for k in ks:
            if g not in lineage:
                prod_classes[(k, g)] = (ANY,)
            elif k in et_controllers:
                prod_classes[(k, g)] = (CO,)
            elif any(h in lineage for h, _ in inputs[g]):
                prod_classes[(k, g)] = (FREE, CO)
            else:
                prod_classes[(k, g)] = (FREE,)

    importers: dict[Good, set[str]] = {}
    for k, _, g in demand:
        importers.setdefault(g, set()).add(k)
    for g, ks in producers.items():
        for h, _ in inputs[g]:
            importers.setdefault(h, set()).update(ks)
    for k, g in build_nodes:
        importers.setdefault(g, set()).add(k)
    exporters: dict[Good, set[str]] = {g: set(ks) for g, ks in producers.items()}
    for k, g in release_nodes | recycle_nodes:
        exporters.setdefault(g, set()).add(k)
    flow_pairs = {g: sorted((e, i) for e in exporters.get(g, ()) for i in importers.get(g, ())
                            if e != i) for g in sorted(goods)}
    return Structure(
        goods=sorted(goods), classes=classes,
        producers={g: sorted(ks) for g, ks in producers.items()},
        prod_classes=prod_classes, inputs=inputs, flow_pairs=flow_pairs,
        demand_keys=sorted(demand), stock_nodes=sorted(stock_nodes),
        release_nodes=release_nodes, build_nodes=build_nodes, recycle_nodes=recycle_nodes,
        et_controllers=et_controllers,
        tie_order=tie_order(demand))


@dataclass
class PeriodData:
    """The numbers of one period, all in tonnes per period.

    Attributes
    ----------
    production_ub : dict (country, good) → largest production.
    demand : dict (country, sector, good) → demand.
    priority : dict sector → weight per tonne short.
    trade : dict (exporter, importer, good) → observed flow (anchor of the deviation term).
    caps : dict (exporter, importer, good) → cap on the total flow (export controls).
    co_caps : dict (exporter, importer, good) → cap on the controlled-origin class only.
    release_ub : dict (country, good) → largest stock release.
    recycle_ub : dict (country, good) → largest secondary (recycled) supply.
    build : dict (country, good) → (tonnes to buy, weight per tonne not bought).
    contract_share : dict (exporter, importer, good) → baseline share of the exporter's
        production (contracts mode); ``contract_volume`` the fixed volume where the
        exporter had no production; ``spare`` (exporter, good) → spare capacity;
        ``loss`` (importer, good) → volume withheld from the importer.
    """

    production_ub: dict[tuple[str, Good], float]
    demand: dict[tuple[str, str, Good], float]
    priority: dict[str, float]
    trade: dict[tuple[str, str, Good], float] = field(default_factory=dict)
    caps: dict[tuple[str, str, Good], float] = field(default_factory=dict)
    co_caps: dict[tuple[str, str, Good], float] = field(default_factory=dict)
    release_ub: dict[tuple[str, Good], float] = field(default_factory=dict)
    recycle_ub: dict[tuple[str, Good], float] = field(default_factory=dict)
    build: dict[tuple[str, Good], tuple[float, float]] = field(default_factory=dict)
    allocation: str = "market"
    contract_share: dict[tuple[str, str, Good], float] = field(default_factory=dict)
    contract_volume: dict[tuple[str, str, Good], float] = field(default_factory=dict)
    spare: dict[tuple[str, Good], float] = field(default_factory=dict)
    loss: dict[tuple[str, Good], float] = field(default_factory=dict)


class _Balance:
    """Terms of the node balance rows ``(country, good, class)``, gathered piece by piece."""

    def __init__(self) -> None:
        self.terms: dict[tuple[str, Good, str], list[tuple[int, float]]] = {}
        self.rhs: dict[tuple[str, Good, str], float] = {}

    def add(self, node: tuple[str, Good, str], col: int, coef: float) -> None:
        self.terms.setdefault(node, []).append((col, coef))


def _scale(pd_: PeriodData) -> float:
    weights = [*pd_.priority.values(), *(w for _, w in pd_.build.values())]
    return min(weights) if weights else 1.0


def define_production(lp: LinearProgram, s: Structure, pd_: PeriodData, bal: _Balance) -> None:
    """Production ``x[k,g,c] ≥ 0`` with ``Σ_c x[k,g,c] ≤ capacity``; inputs by recipe.

    A product of origin class ``co`` may draw each lineage input from either class
    (draw variables ``w``); a ``free`` product only from the ``free`` class.
    """
    eps = EPS_PRODUCTION * _scale(pd_)
    for g in s.goods:
        for k in s.producers.get(g, ()):
            ub = pd_.production_ub.get((k, g), 0.0)
            cols = [lp.add_var("production", (k, g, c), 0.0, INF, eps)
                    for c in s.prod_classes[(k, g)]]
            lp.add_row("capacity", (k, g), [(j, 1.0) for j in cols], -INF, ub)
            for j, c in zip(cols, s.prod_classes[(k, g)], strict=True):
                bal.add((k, g, c), j, 1.0)
                for h, a in s.inputs[g]:
                    hcls = s.classes[h]
                    if hcls == (ANY,):
                        bal.add((k, h, ANY), j, -a)
                    elif c == FREE:
                        bal.add((k, h, FREE), j, -a)
                    else:
                        draws = []
                        for hc in hcls:
                            w = lp.add_var("draw", (k, g, c, h, hc))
                            bal.add((k, h, hc), w, -1.0)
                            draws.append((w, 1.0))
                        lp.add_row("recipe", (k, g, c, h), [*draws, (j, -a)], 0.0, 0.0)


def define_recycling(lp: LinearProgram, s: Structure, pd_: PeriodData, bal: _Balance) -> None:
    """Secondary supply ``q[k,g] ≤ recycling capacity`` into the node, with no recipe input
    and of free origin (made from scrap, not from controlled material)."""
    eps = EPS_PRODUCTION * _scale(pd_)
    for k, g in sorted(s.recycle_nodes):
        q = lp.add_var("recycled", (k, g), 0.0, pd_.recycle_ub.get((k, g), 0.0), eps)
        bal.add((k, g, ANY if s.classes[g] == (ANY,) else FREE), q, 1.0)


def define_flows(lp: LinearProgram, s: Structure, pd_: PeriodData, bal: _Balance) -> None:
    """Flows ``f[e,i,g,c] ≥ 0`` between allowed pairs, export-control caps, and (market
    mode) the deviation from observed trade ``Σ_c f − dev⁺ + dev⁻ = trade``."""
    eps = EPS_DEVIATION * _scale(pd_)
    market = pd_.allocation == "market"
    for g in s.goods:
        for e, i in s.flow_pairs.get(g, ()):
            cols = []
            for c in s.classes[g]:
                ub = pd_.co_caps.get((e, i, g), INF) if c == CO else INF
                if not market and (e, i, g) not in pd_.contract_share \
                        and (e, i, g) not in pd_.contract_volume:
                    ub = 0.0  # contracts: no new trade relations outside refills
                j = lp.add_var("flow", (e, i, g, c), 0.0, ub)
                bal.add((e, g, c), j, -1.0)
                bal.add((i, g, c), j, 1.0)
                cols.append(j)
            terms = [(j, 1.0) for j in cols]
            if (e, i, g) in pd_.caps:
                lp.add_row("control", (e, i, g), terms, -INF, pd_.caps[(e, i, g)])
            if market:
                dp = lp.add_var("deviation_up", (e, i, g), 0.0, INF, eps)
                dn = lp.add_var("deviation_down", (e, i, g), 0.0, INF, eps)
                t = pd_.trade.get((e, i, g), 0.0)
                lp.add_row("deviation", (e, i, g), [*terms, (dp, -1.0), (dn, 1.0)], t, t)


def define_contracts(lp: LinearProgram, s: Structure, pd_: PeriodData, bal: _Balance) -> None:
    """Contracts mode: each importer keeps its baseline share of the exporter's output
    (``Σ_c f[e,i,g,c] = σ·Σ_c x[e,g,c]``, ``≤`` where a control caps the flow), and lost
    volumes are refilled pro rata from spare capacity: ``Σ_e r[e,i,g] = θ_g · loss[i,g]``
    with ``0 ≤ θ_g ≤ 1`` and ``Σ_i r[e,i,g] ≤ spare[e,g]``."""
    if pd_.allocation != "contracts":
        return
    for (e, i, g), sigma in pd_.contract_share.items():
        terms = [(lp.cols["flow"][(e, i, g, c)], 1.0) for c in s.classes[g]]
        terms += [(lp.cols["production"][(e, g, c)], -sigma) for c in s.prod_classes[(e, g)]]
        capped = (e, i, g) in pd_.caps
        lp.add_row("share", (e, i, g), terms, -INF if capped else 0.0, 0.0)
    for (e, i, g), vol in pd_.contract_volume.items():
        terms = [(lp.cols["flow"][(e, i, g, c)], 1.0) for c in s.classes[g]]
        lp.add_row("share", (e, i, g), terms, -INF, vol)
    losers: dict[Good, list[str]] = {}
    for (i, g), v in pd_.loss.items():
        if v > 0:
            losers.setdefault(g, []).append(i)
    for g, imps in losers.items():
        theta = lp.add_var("refill_share", g, 0.0, 1.0)
        per_importer: dict[str, list[tuple[int, float]]] = {i: [] for i in imps}
        per_exporter: dict[str, list[tuple[int, float]]] = {}
        for e, i in s.flow_pairs.get(g, ()):
            if i not in per_importer or pd_.spare.get((e, g), 0.0) <= 0:
                continue
            for c in s.classes[g]:
                ub = pd_.co_caps.get((e, i, g), INF) if c == CO else INF
                j = lp.add_var("refill", (e, i, g, c), 0.0, ub)
                bal.add((e, g, c), j, -1.0)
                bal.add((i, g, c), j, 1.0)
                per_importer[i].append((j, 1.0))
                per_exporter.setdefault(e, []).append((j, 1.0))
                if c == CO and (e, i, g) in pd_.co_caps:
                    f_co = lp.cols["flow"][(e, i, g, CO)]
                    lp.add_row("control_co", (e, i, g), [(f_co, 1.0), (j, 1.0)], -INF,
                               pd_.co_caps[(e, i, g)])
                if (e, i, g) in pd_.caps:
                    row = lp.rows["control"][(e, i, g)]
                    lp.entry_row.append(row)
                    lp.entry_col.append(j)
                    lp.entry_val.append(1.0)
        for i, terms in per_importer.items():
            lp.add_row("refill", (i, g), [*terms, (theta, -pd_.loss[(i, g)])], 0.0, 0.0)
        for e, terms in per_exporter.items():
            lp.add_row("spare", (e, g), terms, -INF, pd_.spare[(e, g)])


def define_demand(lp: LinearProgram, s: Structure, pd_: PeriodData, bal: _Balance) -> None:
    """Demand met ``d[k,sector,g,c] ≥ 0`` drawn from the node (per origin class) and
    shortfall in ``TRANCHES`` equal tranches ``u_j ≤ demand/TRANCHES``, tranche *j* costing
    ``priority·(1 + EPS_TRANCHE·(j + o))``: ``Σ_c d[k,sector,g,c] + Σ_j u_j = demand``.

    The rising tranche costs make users of equal priority share a shortage (in steps of
    1/TRANCHES of their demand) instead of one of them taking all of it; the fixed tie
    order ``o ∈ [0, 1)`` of each user (:func:`tie_order`) decides who takes the marginal
    tranche, so the split is unique. Keeping demand out of the balance rows makes their
    duals the value of one more tonne at the node.
    """
    for k, sec, g in s.demand_keys:
        dem = pd_.demand.get((k, sec, g), 0.0)
        prio = pd_.priority.get(sec, 1.0)
        o = s.tie_order.get((k, sec, g), 0.0)
        terms = [(lp.add_var("shortfall", (k, sec, g, j), 0.0, dem / TRANCHES,
                             prio * (1.0 + EPS_TRANCHE * (j + o))), 1.0)
                 for j in range(TRANCHES)]
        for c in s.classes[g]:
            d = lp.add_var("demand_draw", (k, sec, g, c))
            bal.add((k, g, c), d, -1.0)
            terms.append((d, 1.0))
        lp.add_row("demand", (k, sec, g), terms, dem, dem)


def define_stocks(lp: LinearProgram, s: Structure, pd_: PeriodData, bal: _Balance) -> None:
    """Release ``0 ≤ r ≤ min(level, limit)`` into the node; purchases ``b[k,g,c]`` out of it
    with ``Σ_c b − r + unbought ≥ target`` (net purchases count)."""
    eps = EPS_RELEASE * _scale(pd_)
    for k, g in s.stock_nodes:
        rel_class = ANY if s.classes[g] == (ANY,) else FREE
        r = None
        if (k, g) in s.release_nodes:
            r = lp.add_var("release", (k, g), 0.0, pd_.release_ub.get((k, g), 0.0), eps)
            bal.add((k, g, rel_class), r, 1.0)
        if (k, g) in s.build_nodes:
            target, weight = pd_.build.get((k, g), (0.0, 1.0))
            terms = []
            for c in s.classes[g]:
                b = lp.add_var("build", (k, g, c))
                bal.add((k, g, c), b, -1.0)
                terms.append((b, 1.0))
            if r is not None:
                terms.append((r, -1.0))
            u = lp.add_var("unbought", (k, g), 0.0, target, weight)
            lp.add_row("purchase", (k, g), [*terms, (u, 1.0)],
                       target if target > 0 else -INF, INF)


def define_balance(lp: LinearProgram, s: Structure, bal: _Balance) -> None:
    """Mass balance at every node and class: in − out − unsold = demand met; unsold
    output (free disposal) keeps the LP feasible."""
    for node in sorted(set(bal.terms) | set(bal.rhs)):
        u = lp.add_var("unsold", node)
        rhs = bal.rhs.get(node, 0.0)
        lp.add_row("balance", node, [*bal.terms.get(node, []), (u, -1.0)], rhs, rhs)


def build_lp(s: Structure, pd_: PeriodData) -> LinearProgram:
    """The LP of one period: production, recycling, flows, contracts, demand, stocks,
    balance."""
    lp = LinearProgram()
    bal = _Balance()
    define_production(lp, s, pd_, bal)
    define_recycling(lp, s, pd_, bal)
    define_flows(lp, s, pd_, bal)
    define_contracts(lp, s, pd_, bal)
    define_demand(lp, s, pd_, bal)
    define_stocks(lp, s, pd_, bal)
    define_balance(lp, s, bal)
    return lp
