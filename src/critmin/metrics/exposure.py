"""Upstream-traced exposure: where a country's supply was made, stage by stage.

The origin of every tonne is traced back through trade and recipes the way
multi-regional input-output (MRIO) accounting traces embodied inputs:

* supply of a country at a (stage, material) node = domestic production + imports;
* domestic production embodies its recipe inputs, whose origin mix is that of the
  country's own supply of the input node (weighted by the recipe);
* imports carry the exporter's origin mix (proportional mixing: a country's exports
  have the same origin mix as its total supply — the standard MRIO assumption);
* nodes are solved in stage order; re-exports make each node a linear system, solved
  exactly (:func:`critmin.metrics._kernels.origin_mix`).

Where a recipe input is not covered by the country's recorded supply of it, the
uncovered part is reported with origin ``unknown``, never guessed.

>>> from critmin.testing import make_dataset, toy_tables
>>> ds = make_dataset(toy_tables())
>>> t = traced_exposure(ds, "XCC")
>>> for r in t[t["share"] > 0].itertuples():
...     print(r.upstream_stage, r.origin, round(r.share, 4))
mining XAA 0.8889
mining XBB 0.1111
metal XAA 1.0
magnet XBB 1.0
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from critmin.data.dataset import Dataset
from critmin.metrics import _kernels as k
from critmin.metrics._common import (
    UNKNOWN,
    Economy,
    MetricsError,
    as_list,
    chain_year,
    check_names,
    default_year,
    resolve_economy,
    stage_order,
)

logger = logging.getLogger(__name__)

Node = tuple[str, str]  # (stage, material)


@dataclass
class OriginTrace:
    """Origin mixes of every country's supply at every node, for one year.

    Attributes
    ----------
    year : int
    countries : list of str
        Row labels of every array (the dataset's countries, sorted).
    origins : list of str
        Column labels of the mixes: ``countries`` + ``["unknown"]``.
    nodes : list of (stage, material)
        In stage order.
    order : dict
        Stage → order.
    production, imports, exports : dict node → array (n,)
        t/yr; blank production counts as 0 and is listed in ``missing_production``.
    trade : dict node → array (n, n)
        ``trade[node][e, i]`` t/yr from exporter ``e`` to importer ``i``.
    mix : dict node → dict upstream node → array (n, k)
        ``mix[n][u][i]`` = origin mix, at upstream node ``u``, of country ``i``'s
        supply of node ``n`` (``u == n`` is the node's own stage). NaN rows: no supply.
    domestic : dict node → dict upstream node → array (n, k)
        Same for country ``i``'s domestic production only.
    weight : dict node → dict upstream node → float
        Embodied tonnes of ``u`` per tonne of ``n`` (product of recipe coefficients
        summed over paths, like the Leontief total-requirements matrix).
    missing_production : dict node → list of str
        Countries with a capacity row whose production is blank.
    trade_year : dict node → int
        Year of the trade rows used for the node (absent: no trade).
    implied_production : dict node → dict country → t
        Production inferred from exports where the country has no recorded production
        (included in ``production``).
    unexplained : dict node → array (n,)
        Exports beyond a country's *recorded* production plus imports: supply of
        ``unknown`` origin (included in ``production``, which is therefore the supply
        not imported), e.g. re-exports of unrecorded origin.
    unexplained_exports : dict node → dict country → t
        The same, for the notes of the tables.
    """

    year: int
    countries: list[str]
    origins: list[str]
    nodes: list[Node]
    order: dict[str, int]
    production: dict[Node, np.ndarray] = field(default_factory=dict)
    trade: dict[Node, np.ndarray] = field(default_factory=dict)
    mix: dict[Node, dict[Node, np.ndarray]] = field(default_factory=dict)
    domestic: dict[Node, dict[Node, np.ndarray]] = field(default_factory=dict)
    weight: dict[Node, dict[Node, float]] = field(default_factory=dict)
    missing_production: dict[Node, list[str]] = field(default_factory=dict)
    trade_year: dict[Node, int] = field(default_factory=dict)
    implied_production: dict[Node, dict[str, float]] = field(default_factory=dict)
    unexplained: dict[Node, np.ndarray] = field(default_factory=dict)
    unexplained_exports: dict[Node, dict[str, float]] = field(default_factory=dict)

    def supply(self, node: Node) -> np.ndarray:
        """Production + imports of every country at ``node`` (t)."""
        t = self.trade[node].copy()
        np.fill_diagonal(t, 0.0)
        return self.production[node] + t.sum(axis=0)

    def economy_mix(self, node: Node,
                    members: Sequence[str]) -> tuple[float, dict[Node, np.ndarray]]:
        """Supply (t) and origin mixes of an economy (country or coalition) at ``node``.

        A coalition is one economy: its supply is members' production plus imports
        from non-members, ``S_C = Σ_{i∈C} P_i + Σ_{i∈C, e∉C} T_ei``, and its mix
        ``M_C = (Σ_{i∈C} P_i D_i + Σ_{i∈C, e∉C} T_ei M_e) / S_C``.
        """
        idx = [self.countries.index(c) for c in members if c in self.countries]
        inside = np.zeros(len(self.countries), dtype=bool)
        inside[idx] = True
        p = self.production[node]
        t = self.trade[node].copy()
        np.fill_diagonal(t, 0.0)
        ext = t[np.ix_(~inside, inside)].sum(axis=1)  # per outside exporter
        supply = float(p[inside].sum() + ext.sum())
        out: dict[Node, np.ndarray] = {}
        if supply <= 0:
            return 0.0, out
        for u, m in self.mix[node].items():
            d = self.domestic[node][u]
            num = (p[inside][:, None] * np.nan_to_num(d[inside])).sum(axis=0)
            num += (ext[:, None] * np.nan_to_num(m[~inside])).sum(axis=0)
            out[u] = num / supply
        return supply, out


def _nodes(ds: Dataset, cap: pd.DataFrame, trade: pd.DataFrame,
           order: dict[str, int]) -> list[Node]:
    found: set[Node] = set(zip(cap["stage"], cap["material"], strict=True))
    found |= set(zip(trade["stage"], trade["material"], strict=True))
    rec = ds.recipes
    found |= set(zip(rec["stage"], rec["material"], strict=True))
    found |= set(zip(rec["input_stage"], rec["input_material"], strict=True))
    return sorted(found, key=lambda n: (order.get(n[0], 0), n[0], n[1]))


def trace_origins(ds: Dataset, year: int | None = None,
                  trade_fallback: bool = True) -> OriginTrace:
    """Trace the origin of every country's supply at every node of one year.

    Parameters
    ----------
    ds : Dataset
        Uses ``capacity`` (production_t), ``trade``, ``recipes``, ``stages``.
    year : int, optional
        Default: the dataset's base year (or the latest year with production).
    trade_fallback : bool
        Carry trade rows forward from earlier years where ``year`` has none for a pair
        (bilateral trade statistics often lag production estimates); the latest trade
        year used at a node is kept in ``OriginTrace.trade_year`` and reported by the
        tables. ``False``: only trade rows of ``year`` itself.

    Returns
    -------
    OriginTrace

    Notes
    -----
    The production and trade are the chain in a year the simulation reads
    (:func:`critmin.metrics._common.chain_year`): rows carried forward per key, a blank
    production counted as 0 (and listed in ``missing_production``). An exporter whose
    exports exceed its production plus imports is taken to have produced the
    difference at that stage, ``implied = max(0, X − P − M)``, where it has no recorded
    production (kept in ``OriginTrace.implied_production``; its upstream origin is
    traced through recipes like any production, so it is ``unknown`` where no input is
    recorded). Where a production figure is recorded, the excess is not production but
    supply of ``unknown`` origin at every stage (``OriginTrace.unexplained``): a
    published figure is never overridden by trade.
    """
    year = default_year(ds) if year is None else int(year)
    order = stage_order(ds)
    cap, trade = chain_year(ds, year, trade_fallback)
    if cap.empty and trade.empty:
        msg = f"no capacity or trade data for year {year}; years with data: {ds.years}"
        raise MetricsError(msg)
    countries = sorted(str(c) for c in ds.countries["country"])
    pos = {c: i for i, c in enumerate(countries)}
    n = len(countries)
    origins = [*countries, UNKNOWN]
    unk = n
    nodes = _nodes(ds, cap, trade, order)
    tr = OriginTrace(year=year, countries=countries, origins=origins, nodes=nodes, order=order)
    recipes: dict[Node, list[tuple[Node, float]]] = {}
    for r in ds.recipes.itertuples(index=False):
        recipes.setdefault((r.stage, r.material), []).append(
            ((r.input_stage, r.input_material), float(r.input_t_per_t)))
    for node in nodes:
        _node_data(tr, node, cap, trade, pos)
        _trace_node(tr, node, recipes.get(node, []), unk)
    return tr


def _node_data(tr: OriginTrace, node: Node, cap: pd.DataFrame, trade: pd.DataFrame,
               pos: dict[str, int]) -> None:
    """Production, trade and their notes of one node, from the chain in a year."""
    n = len(tr.countries)
    rows = cap.loc[(cap["stage"] == node[0]) & (cap["material"] == node[1])]
    idx = [pos[c] for c in rows["country"]]
    p = np.zeros(n)
    np.add.at(p, idx, rows["production_t"].fillna(0.0).to_numpy(float))
    tr.missing_production[node] = sorted(
        rows.loc[rows["reported_production_t"].isna(), "country"].astype(str))
    implied = rows.loc[rows["implied_t"] > 0]
    if len(implied):
        tr.implied_production[node] = dict(zip(implied["country"].astype(str),
                                               implied["implied_t"].astype(float),
                                               strict=True))
    unexplained = rows.loc[rows["unexplained_t"] > 0]
    u = np.zeros(n)
    np.add.at(u, [pos[c] for c in unexplained["country"]],
              unexplained["unexplained_t"].to_numpy(float))
    if len(unexplained):
        tr.unexplained_exports[node] = dict(zip(unexplained["country"].astype(str),
                                                unexplained["unexplained_t"].astype(float),
                                                strict=True))
    tr.unexplained[node] = u
    p += u
    t = np.zeros((n, n))
    rows = trade.loc[(trade["stage"] == node[0]) & (trade["material"] == node[1])]
    np.add.at(t, ([pos[e] for e in rows["exporter"]], [pos[i] for i in rows["importer"]]),
              rows["quantity_t"].to_numpy(float))
    np.fill_diagonal(t, 0.0)
    if len(rows):
        tr.trade_year[node] = int(rows["data_year"].max())
    tr.production[node], tr.trade[node] = p, t


def _trace_node(tr: OriginTrace, node: Node, inputs: list[tuple[Node, float]], unk: int) -> None:
    n = len(tr.countries)
    t = tr.trade[node]
    u_x = tr.unexplained[node]
    p = tr.production[node] - u_x  # made here: embodies the recipe inputs
    own = np.zeros((n, n + 1))
    own[np.arange(n), np.arange(n)] = 1.0
    domestic: dict[Node, np.ndarray] = {node: own}
    weight: dict[Node, float] = {node: 1.0}
    parts: dict[Node, list[tuple[float, np.ndarray]]] = {}
    for inp, r in inputs:
        if inp not in tr.mix:
            continue
        t_in = tr.trade[inp].copy()
        np.fill_diagonal(t_in, 0.0)
        avail = tr.production[inp] + t_in.sum(axis=0) - t_in.sum(axis=1)
        f = k.coverage(avail, p * r)
        for u, m in tr.mix[inp].items():
            w = r * tr.weight[inp][u]
            adj = f[:, None] * np.nan_to_num(m)
            adj[:, unk] += 1.0 - f
            parts.setdefault(u, []).append((w, adj))
            weight[u] = weight.get(u, 0.0) + w
    for u, lst in parts.items():
        total = sum(w for w, _ in lst)
        domestic[u] = sum(w * a for w, a in lst) / total if total > 0 else lst[0][1]
    supply = tr.production[node]
    if u_x.any():  # unexplained exports: supply of unknown origin at every stage
        made = np.divide(p, supply, out=np.zeros(n), where=supply > 0)[:, None]
        gap = np.zeros(n + 1)
        gap[unk] = 1.0
        domestic = {u: made * d + (1.0 - made) * gap * (supply > 0)[:, None]
                    for u, d in domestic.items()}
    tr.domestic[node] = domestic
    tr.weight[node] = weight
    tr.mix[node] = {u: k.origin_mix(supply, t, d, unk) for u, d in domestic.items()}


def _stage_mix(tr: OriginTrace, node: Node, mixes: dict[Node, np.ndarray],
               by: str) -> list[tuple[str, str, np.ndarray]]:
    """Aggregate upstream-node mixes to stages (weighted by embodied tonnes)."""
    if by == "node":
        return [(u[0], u[1], m) for u, m in mixes.items()]
    out: dict[str, tuple[float, np.ndarray]] = {}
    for u, m in mixes.items():
        w = tr.weight[node][u]
        prev = out.get(u[0])
        out[u[0]] = (w, w * m) if prev is None else (prev[0] + w, prev[1] + w * m)
    return [(s, "", acc / w if w > 0 else acc) for s, (w, acc) in out.items()]


def _economy_rows(tr: OriginTrace, eco: Economy, node: Node, by: str) -> list[dict]:
    supply, mixes = tr.economy_mix(node, eco.members)
    rows = []
    if supply <= 0:
        return rows
    for stage, material, m in _stage_mix(tr, node, mixes, by):
        for origin, share in zip(tr.origins, m, strict=True):
            rows.append({"economy": eco.name, "material": node[1], "stage": node[0],
                         "year": tr.year, "supply_t": supply, "upstream_stage": stage,
                         "upstream_order": tr.order.get(stage, 0),
                         "upstream_material": material, "origin": origin,
                         "share": float(share)})
    return rows


def traced_exposure(ds: Dataset, economy: str | Sequence[str],
                    materials: str | Sequence[str] | None = None,
                    stages: str | Sequence[str] | None = None, year: int | None = None,
                    by: str = "stage", trace: OriginTrace | None = None,
                    trade_fallback: bool = True) -> pd.DataFrame:
    """Origin shares of an economy's supply at each upstream stage.

    Parameters
    ----------
    ds : Dataset
    economy : str or list of str
        A country, a group or a coalition (one economy, internal trade removed).
    materials, stages : optional
        The supply nodes to report (default: every node the economy has supply of).
    year : int, optional
        Default: base year.
    by : {"stage", "node"}
        ``"stage"`` aggregates the upstream materials of one stage, weighted by
        embodied tonnes; ``"node"`` reports each upstream (stage, material).
    trace : OriginTrace, optional
        A precomputed :func:`trace_origins` of the same year (saves work).
    trade_fallback : bool
        See :func:`trace_origins` (ignored with ``trace``).

    Returns
    -------
    DataFrame
        ``economy, material, stage, year, supply_t, upstream_stage, upstream_order,
        upstream_material, origin, share`` — for each supply node and upstream stage
        the shares over ``origin`` (countries and ``unknown``) sum to 1. The node's
        own stage is included (direct origin of the supply).
    """
    if by not in ("stage", "node"):
        msg = f"by must be 'stage' or 'node', got {by!r}"
        raise MetricsError(msg)
    eco = resolve_economy(ds, economy)
    tr = trace if trace is not None else trace_origins(ds, year, trade_fallback)
    mats, stgs = as_list(materials), as_list(stages)
    check_names("material", mats, ds.materials["material"])
    check_names("stage", stgs, ds.stages["stage"])
    rows: list[dict] = []
    for node in tr.nodes:
        if (mats is None or node[1] in mats) and (stgs is None or node[0] in stgs):
            rows += _economy_rows(tr, eco, node, by)
    cols = ["economy", "material", "stage", "year", "supply_t", "upstream_stage",
            "upstream_order", "upstream_material", "origin", "share"]
    out = pd.DataFrame(rows, columns=cols)
    node_rank = {n: i for i, n in enumerate(tr.nodes)}
    out["_n"] = [node_rank[(s, m)] for s, m in zip(out["stage"], out["material"], strict=True)]
    out = out.sort_values(["_n", "upstream_order", "upstream_material"], kind="stable")
    out = out.drop(columns=["_n"])
    if by == "stage":
        out = out.drop(columns=["upstream_material"])
    return out.reset_index(drop=True)


def _stage_bottleneck(gs: pd.DataFrame, eco: Economy, origin: str | None
                      ) -> tuple[str, float, float]:
    """The largest outside origin (or ``origin``) at one upstream stage, its share, and the
    share of unknown origin there."""
    unknown = float(gs.loc[gs["origin"] == UNKNOWN, "share"].sum())
    if origin is not None:
        cand = gs.loc[gs["origin"] == origin]
    else:
        cand = gs.loc[~gs["origin"].isin([*eco.members, UNKNOWN])]
    cand = cand.loc[cand["share"] > 0].sort_values(["share", "origin"], ascending=[False, True])
    if not len(cand):
        return "", 0.0, unknown
    return str(cand["origin"].iloc[0]), float(cand["share"].iloc[0]), unknown


def exposure_bottlenecks(ds: Dataset, economy: str | Sequence[str],
                         materials: str | Sequence[str] | None = None,
                         stages: str | Sequence[str] | None = None, year: int | None = None,
                         origin: str | None = None, trace: OriginTrace | None = None,
                         trade_fallback: bool = True) -> pd.DataFrame:
    """The bottleneck of each supply node: the largest single-origin share over stages.

    Parameters
    ----------
    origin : str, optional
        Report the exposure to this origin (e.g. ``"CHN"``): its share at each stage
        and the maximum over stages. Default: the largest origin outside the
        economy at each stage (``unknown`` excluded).

    Returns
    -------
    DataFrame
        ``economy, material, stage, year, supply_t, bottleneck_stage,
        bottleneck_origin, bottleneck_share, direct_origin, direct_share,
        unknown_share`` plus, per upstream stage, ``share_<stage>`` and beside it
        ``unknown_<stage>`` (the share of that stage's supply of no recorded origin: the
        true share of an origin may be as high as ``share + unknown``). ``direct_*`` is
        the largest outside origin at the node's own stage; ``unknown_share`` the
        largest unknown share over stages.
    """
    eco = resolve_economy(ds, economy)
    long = traced_exposure(ds, eco.members, materials, stages, year, trace=trace,
                           trade_fallback=trade_fallback)
    long["economy"] = eco.name
    if origin is not None and origin not in set(ds.countries["country"]):
        msg = f"unknown origin {origin!r}"
        raise MetricsError(msg)
    rows = []
    for (mat, stg), g in long.groupby(["material", "stage"], sort=False):
        per_stage = {str(up): _stage_bottleneck(gs, eco, origin)
                     for up, gs in g.groupby("upstream_stage", sort=False)}
        order = {s: int(o) for s, o in zip(g["upstream_stage"], g["upstream_order"],
                                          strict=True)}
        best = max(per_stage, key=lambda s: (round(per_stage[s][1], 12), -order[s]))
        direct = per_stage.get(stg, ("", 0.0, 0.0))
        row = {"economy": eco.name, "material": mat, "stage": stg,
               "year": int(g["year"].iloc[0]), "supply_t": float(g["supply_t"].iloc[0]),
               "bottleneck_stage": best if per_stage[best][1] > 0 else "",
               "bottleneck_origin": per_stage[best][0],
               "bottleneck_share": per_stage[best][1],
               "direct_origin": direct[0], "direct_share": direct[1],
               "unknown_share": max(u for _, _, u in per_stage.values())}
        for s in sorted(per_stage, key=lambda s: order[s]):
            row[f"share_{s}"] = per_stage[s][1]
            row[f"unknown_{s}"] = per_stage[s][2]
        rows.append(row)
    return pd.DataFrame(rows)
