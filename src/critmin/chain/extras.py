"""The sets a scenario adds to the dataset's chain: the nodes of its measures, its users'
inventories, its extraterritorial controls and reduced-input grades
(:class:`~critmin.chain.structure.Extras`), and the run's structures built with them.
"""

from __future__ import annotations

from critmin.chain.structure import (
    NO_EXTRAS,
    Extras,
    Node,
    Structure,
    define_structure,
    inventory_key,
)
from critmin.model.network import Network
from critmin.scenarios import definitions as sd
from critmin.scenarios.definitions import ExportControl, Invest, Scenario


def inventory_nodes(net: Network, sc: Scenario) -> dict[tuple[str, str, str], tuple[float, float]]:
    """The stock nodes of ``sc``'s private inventories: ``(country, stage, material)`` →
    ``(full level t, rebuild rate t/month)``.

    A country holds an inventory of a good where it uses some in the horizon's first
    year: its demand for it plus what its plants consume of it by recipe (capacity
    rows' production). Full level = ``days``/365 × that use; a full inventory is rebuilt
    in ``restock_days``. The keys are the inventories' own stock accounts
    (:func:`~critmin.chain.structure.inventory_key`), apart from any stockpile at the node.
    """
    if not sc.inventories:
        return {}
    year = int(sc.horizon.start_index // 12)
    use: dict[tuple[str, str, str], float] = {}
    d = net.demand(year)
    for k, st, m, q in zip(d["country"], d["stage"], d["material"], d["demand_t"], strict=True):
        use[(k, st, m)] = use.get((k, st, m), 0.0) + float(q)
    cap = net.capacity(year)
    for k, st, m, q in zip(cap["country"], cap["stage"], cap["material"], cap["production_t"],
                           strict=True):
        for (hs, hm), a in net.inputs_of((st, m)):
            use[(k, hs, hm)] = use.get((k, hs, hm), 0.0) + float(q) * a
    out: dict[tuple[str, str, str], tuple[float, float]] = {}
    for inv in sc.inventories:
        places = (None if inv.countries == "all"
                  else set(net.dataset.resolve_countries(inv.countries)))
        for (k, st, m), q in use.items():
            node = (k, st, m)
            if ((st, m) != (inv.stage, inv.material) or q <= 0
                    or (places is not None and k not in places)):
                continue
            full = inv.days / 365.0 * q
            out[inventory_key(node)] = (full, full / (inv.restock_days / (365.0 / 12.0)))
    return out


def structure_extras(net: Network, sc: Scenario, candidates: Extras = NO_EXTRAS) -> Extras:
    """The nodes ``sc``'s measures and extraterritorial controls add to the chain, and
    ``candidates``'s."""
    inv = set()
    for m in sc.measures:
        if isinstance(m, Invest):
            f = net.facility(m.facility_id)
            inv.add((str(f["country"]), str(f["stage"]), str(f["material"])))
    nodes = {t: frozenset((m.country, m.stage, m.material) for m in sc.measures
                          if isinstance(m, t)) for t in (sd.StockpileRelease, sd.StockpileBuild,
                                                         sd.Recycling)}
    held = frozenset(inventory_nodes(net, sc))
    members = frozenset(net.dataset.resolve_countries(sc.coalition))
    # who a release may serve; the scenario's own policy at a node overrides a candidate's;
    # users' inventories serve their holders
    reserved: dict[Node, frozenset[str] | None] = dict(candidates.reserved)
    for r in sc.measures:
        if isinstance(r, sd.StockpileRelease):
            reserved[(r.country, r.stage, r.material)] = (
                None if r.release_to == "market"
                else frozenset() if r.release_to == "holder" else members - {r.country})
    # controls whose origin is tracked: extraterritorial ones, and those denying end users
    et = tuple((x.country, frozenset((st, mt) for st in x.stages for mt in x.materials))
               for x in sc.shocks if isinstance(x, ExportControl)
               and (x.extraterritorial or x.denied_sectors))
    thrifts: dict[Node, tuple[tuple[tuple[str, str], float], ...]] = {}
    for m in sc.measures:
        if isinstance(m, sd.Thrifting):
            saving = tuple((h, m.cut_share * a) for h, a in net.inputs_of((m.stage, m.material))
                           if h[1] in m.inputs)
            for k in net.dataset.resolve_countries(m.countries):
                if saving:
                    thrifts.setdefault((k, m.stage, m.material), saving)
    return Extras(producers=frozenset(inv) | candidates.producers,
                  releases=nodes[sd.StockpileRelease] | held | candidates.releases,
                  builds=nodes[sd.StockpileBuild] | held | candidates.builds,
                  recyclers=nodes[sd.Recycling] | candidates.recyclers, extraterritorial=et,
                  inventories=held,
                  reserved=tuple((n, a) for n, a in sorted(reserved.items()) if a is not None)
                  + tuple((n, frozenset()) for n in sorted(held)),
                  thrifts=tuple(sorted(thrifts.items())))


def define_structures(net: Network, sc: Scenario, extras: Extras
                      ) -> tuple[Structure, Structure]:
    """The run's structure and its baseline's (the same without extraterritorial origin
    classes), over the years of ``sc``'s horizon."""
    years = sorted({p.year for p in sc.periods()})
    base = define_structure(net, years, extras.without_controls())
    return (define_structure(net, years, extras) if extras.extraterritorial else base), base
