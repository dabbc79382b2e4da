"""Which variables a run's LP has: goods, origin classes and the named index maps.

A :class:`Structure` is fixed for a whole run (every period, every scenario × year block
of a portfolio); the numbers of a period come separately
(:class:`~critmin.chain.numbers.PeriodNumbers`, aligned to the index maps here).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from critmin.chain.index import Index
from critmin.model.network import Good, Network

ANY, FREE, CO = "any", "free", "co"

PRODUCER = ("country", "stage", "material")
FLOW = ("exporter", "importer", "stage", "material")
DEMAND = ("country", "sector", "stage", "material")
NODE = ("country", "stage", "material")

Node = tuple[str, str, str]  # (country, stage, material)

#: Suffix of the country in a private inventory's stock key: the users' inventory and a
#: stockpile at the same node are two accounts, both released into the node.
INVENTORY = "+inventory"


def inventory_key(node: Node) -> Node:
    """The stock key of the private inventory at ``node``."""
    return (node[0] + INVENTORY, node[1], node[2])


def stock_node(key: Node) -> Node:
    """The node a stock account (a stockpile's, or a private inventory's) belongs to."""
    return (key[0].removesuffix(INVENTORY), key[1], key[2])


@dataclass(frozen=True, eq=False)
class Structure:
    """Which variables exist in every period of a run (sets only, no numbers).

    Attributes
    ----------
    goods : tuple of (stage, material), sorted.
    classes : dict
        Origin classes of each good: ``("any",)``, or ``("free", "co")`` for goods in the
        lineage of an extraterritorial control (``co`` = made with controlled-origin input).
    inputs : dict
        Good → ``[(input good, t input per t output)]`` (unconstrained inputs dropped).
    producers : Index ``country × stage × material``, by good then country.
    prod_classes : dict
        Producer key → origin classes its output can have.
    flows : Index ``exporter × importer × stage × material``: the pairs allowed to trade
        each good, by good then pair.
    demands : Index ``country × sector × stage × material``, sorted.
    stocks : Index ``country × stage × material`` of the stock accounts, sorted; a private
        inventory's country carries the suffix :data:`INVENTORY` (:func:`stock_node`
        gives the node it is released into).
    releases, builds : the stock nodes with a release / a purchase, in ``stocks`` order.
    inventories : the stock nodes that are private inventories (drawn freely, bought back
        apart from what they release), in ``stocks`` order.
    reserved : dict
        Stock node → the importers its releases may reach (empty: the holder's own use
        only); nodes released to the market are absent.
    recyclers : Index of the nodes with secondary (recycled) supply, sorted.
    coproducers : tuple of :class:`CoNode`
        The separating nodes whose goods come jointly out of one feed (co-production),
        sorted; their producers draw no recipe input of their own.
    et_controllers : countries with an extraterritorial control.
    thrifts : Index of the producers with a reduced-input grade (a ``thrifting``
        measure), sorted; ``thrift_saving`` gives, per such producer, the t of each input
        good a tonne of the grade saves.
    tie_order : array aligned to ``demands``
        Where users of equal priority tie inside one shortfall tranche, the one with the
        smaller number is cut first (see :func:`tie_order`).
    """

    goods: tuple[Good, ...]
    classes: dict[Good, tuple[str, ...]]
    inputs: dict[Good, list[tuple[Good, float]]]
    producers: Index
    prod_classes: dict[Node, tuple[str, ...]]
    flows: Index
    demands: Index
    stocks: Index
    releases: Index
    builds: Index
    recyclers: Index
    inventories: Index
    coproducers: tuple[CoNode, ...]
    reserved: dict[Node, frozenset[str]]
    et_controllers: frozenset[str]
    tie_order: np.ndarray
    thrifts: Index
    thrift_saving: dict[Node, tuple[tuple[Good, float], ...]]

    @property
    def coproduced(self) -> frozenset[Node]:
        """The producers whose output is co-produced (they draw no recipe input)."""
        return frozenset((c.country, c.stage, m) for c in self.coproducers for m in c.made)

    def node_class(self, good: Good) -> str:
        """The class secondary supply and stock releases of ``good`` enter: ``any``, or
        ``free`` in the lineage of an extraterritorial control."""
        return ANY if self.classes[good] == (ANY,) else FREE


@dataclass(frozen=True)
class CoNode:
    """A co-producing separation node: ``country`` separates ``feed`` (t) into ``yields``
    (material → t per t of feed, every element of the feed's ore, see
    :class:`critmin.model.coproduction.Feed`). ``made`` are the yielded goods it has a
    producer of; the feed it may separate is bounded by the capacity of ``main``, the one
    of them with the largest yield (its primary circuit)."""

    country: str
    stage: str
    feed: Good
    yields: tuple[tuple[str, float], ...]
    made: tuple[str, ...]
    main: str


def coproducers(net: Network, producers: dict[Good, set[str]]) -> tuple[CoNode, ...]:
    """The co-producing nodes of ``net`` that have a producer of a yielded good."""
    out = []
    for (k, st), f in sorted(net.feeds.items()):
        # every yielded material with a producer here comes out of the feed, also one the
        # ore holds none of (yield 0): it cannot be made from nothing
        made = tuple(m for m, _ in f.yields if k in producers.get((st, m), ()))
        if made:
            main = max(made, key=lambda m: (f.yield_of(m), m))
            out.append(CoNode(k, st, f.feed, f.yields, made, main))
    return tuple(out)


def tie_order(keys: Iterable[tuple[str, str, str, str]]) -> dict[tuple[str, str, str, str], float]:
    """A fixed order of demand keys ``(country, sector, stage, material)``, as ranks
    scaled to [0, 1).

    The order is that of the CRC-32 of ``"country|sector|stage|material"``: it favours no
    country or sector systematically and does not change between runs, processes or
    machines. It only decides ties (equal priority, same tranche), so that the LP's
    shortfall split has one optimum and does not depend on the solver's path.
    """
    keys = sorted(set(keys))
    ranked = sorted(keys, key=lambda k: (zlib.crc32("|".join(k).encode()), k))
    return {k: r / len(ranked) for r, k in enumerate(ranked)}


@dataclass(frozen=True)
class Extras:
    """What measures add to a run's sets beyond the dataset's chain (all ``(country,
    stage, material)`` nodes): producers from investments, stock nodes released or bought
    into, recycling nodes, and the goods of the controls whose origin is tracked
    (extraterritorial ones and those denying end users, with their
    controlling country)."""

    producers: frozenset[Node] = frozenset()
    releases: frozenset[Node] = frozenset()
    builds: frozenset[Node] = frozenset()
    recyclers: frozenset[Node] = frozenset()
    extraterritorial: tuple[tuple[str, frozenset[Good]], ...] = ()
    inventories: frozenset[Node] = frozenset()
    reserved: tuple[tuple[Node, frozenset[str]], ...] = ()
    thrifts: tuple[tuple[Node, tuple[tuple[Good, float], ...]], ...] = ()

    def without_controls(self) -> Extras:
        """The same sets without extraterritorial controls (the no-shock baseline's)."""
        return Extras(self.producers, self.releases, self.builds, self.recyclers,
                      inventories=self.inventories, reserved=self.reserved,
                      thrifts=self.thrifts)


#: No extra nodes: the dataset's chain only.
NO_EXTRAS = Extras()


def define_structure(net: Network, years: Iterable[int], extras: Extras = NO_EXTRAS
                     ) -> Structure:
    """The sets of a run over ``years`` on the chain of ``net``, with ``extras``."""
    years = sorted(set(years))
    producers, demand = _producers_and_demand(net, years)
    for k, st, m in extras.producers:
        producers.setdefault((st, m), set()).add(k)
    stock_nodes = extras.releases | extras.builds
    inputs = {g: net.inputs_of(g) for g in producers}
    co = coproducers(net, producers)
    goods: set[Good] = set(producers) | {(st, m) for _, _, st, m in demand}
    goods |= {c.feed for c in co}
    goods |= {h for ins in inputs.values() for h, _ in ins}
    goods |= {(st, m) for _, st, m in stock_nodes | extras.recyclers}
    classes, prod_classes = _origin_classes(net, goods, producers, inputs,
                                            extras.extraterritorial)
    flow_keys = _flow_pairs(goods, producers, inputs, demand, extras, co)
    demand_keys = sorted(demand)
    order = tie_order(demand_keys)
    stocks = sorted(stock_nodes)
    return Structure(
        goods=tuple(sorted(goods)), classes=classes, inputs=inputs,
        producers=Index(PRODUCER, [(k, *g) for g in sorted(goods)
                                   for k in sorted(producers.get(g, ()))]),
        prod_classes=prod_classes, flows=Index(FLOW, flow_keys),
        demands=Index(DEMAND, demand_keys), stocks=Index(NODE, stocks),
        releases=Index(NODE, [n for n in stocks if n in extras.releases]),
        builds=Index(NODE, [n for n in stocks if n in extras.builds]),
        recyclers=Index(NODE, sorted(extras.recyclers)),
        inventories=Index(NODE, [n for n in stocks if n in extras.inventories]),
        coproducers=co, reserved=dict(extras.reserved),
        et_controllers=frozenset(c for c, _ in extras.extraterritorial),
        tie_order=np.array([order[k] for k in demand_keys], dtype=float),
        thrifts=Index(NODE, sorted(dict(extras.thrifts))),
        thrift_saving=dict(extras.thrifts))


def _producers_and_demand(net: Network, years: list[int]
                          ) -> tuple[dict[Good, set[str]], set[tuple[str, str, str, str]]]:
    producers: dict[Good, set[str]] = {}
    demand: set[tuple[str, str, str, str]] = set()
    for y in years:
        cap = net.capacity(y)
        cap = cap[cap["capacity_t"] > 0]
        for k, st, m in zip(cap["country"], cap["stage"], cap["material"], strict=True):
            producers.setdefault((st, m), set()).add(k)
        d = net.demand(y)
        d = d[d["demand_t"] > 0]
        demand |= set(zip(d["country"], d["sector"], d["stage"], d["material"], strict=True))
    return producers, demand


def _origin_classes(net: Network, goods: set[Good], producers: dict[Good, set[str]],
                    inputs: dict[Good, list[tuple[Good, float]]],
                    extraterritorial: Iterable[tuple[str, frozenset[Good]]]
                    ) -> tuple[dict[Good, tuple[str, ...]], dict[Node, tuple[str, ...]]]:
    """Origin classes of every good and of every producer's output."""
    controllers: set[str] = set()
    lineage: set[Good] = set()
    for country, ctl in extraterritorial:
        controllers.add(country)
        lineage |= net.downstream_closure(set(ctl) & goods)
    classes = {g: ((FREE, CO) if g in lineage else (ANY,)) for g in goods}
    prod_classes: dict[Node, tuple[str, ...]] = {}
    for g, ks in producers.items():
        for k in ks:
            if g not in lineage:
                prod_classes[(k, *g)] = (ANY,)
            elif k in controllers:
                prod_classes[(k, *g)] = (CO,)
            elif any(h in lineage for h, _ in inputs[g]):
                prod_classes[(k, *g)] = (FREE, CO)
            else:
                prod_classes[(k, *g)] = (FREE,)
    return classes, prod_classes


def _flow_pairs(goods: set[Good], producers: dict[Good, set[str]],
                inputs: dict[Good, list[tuple[Good, float]]],
                demand: set[tuple[str, str, str, str]], extras: Extras,
                co: tuple[CoNode, ...] = ()) -> list[tuple[str, str, str, str]]:
    """Every (exporter, importer, good) allowed to trade: from a producer, a stock release
    or a recycler of the good to a user of it (demand, recipe input, co-production feed,
    stock purchase)."""
    importers: dict[Good, set[str]] = {}
    for c in co:
        importers.setdefault(c.feed, set()).add(c.country)
    for k, _, st, m in demand:
        importers.setdefault((st, m), set()).add(k)
    for g, ks in producers.items():
        for h, _ in inputs[g]:
            importers.setdefault(h, set()).update(ks)
    for k, st, m in map(stock_node, extras.builds):
        importers.setdefault((st, m), set()).add(k)
    exporters: dict[Good, set[str]] = {g: set(ks) for g, ks in producers.items()}
    for k, st, m in map(stock_node, extras.releases | extras.recyclers):
        exporters.setdefault((st, m), set()).add(k)
    return [(e, i, *g) for g in sorted(goods)
            for e, i in sorted((e, i) for e in exporters.get(g, ())
                               for i in importers.get(g, ()) if e != i)]
