"""The coalition's exposure table — one row per material × stage, worst first — and the
warnings a reader of an exposure table needs (an empty answer is no data; an unknown
origin is no safe source).

>>> from critmin.testing import make_dataset, toy_tables
>>> t = coalition_exposure(make_dataset(toy_tables()), "XCC")
>>> t.loc[t["stage"] == "magnet", "import_reliance"].round(3).tolist()
[1.0]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from critmin.data.dataset import Dataset
from critmin.metrics import _kernels as k
from critmin.metrics._common import UNKNOWN, resolve_economy
from critmin.metrics.exposure import (
    Node,
    OriginTrace,
    exposure_bottlenecks,
    trace_origins,
    traced_exposure,
)

COALITION_EXPOSURE_COLUMNS = [
    "economy", "material", "stage", "year", "supply_t", "top_origin", "top_origin_share",
    "outside_share", "import_reliance", "bottleneck_stage", "bottleneck_origin",
    "bottleneck_share", "unknown_share", "world_hhi", "world_top1_country", "world_top1_share",
    "trade_year", "notes",
]


def _reliance_from_trace(tr: OriginTrace, node: Node, members: Sequence[str]) -> float:
    """Net import reliance of an economy at ``node`` from the traced P and T."""
    inside = np.isin(np.array(tr.countries), list(members))
    t = tr.trade[node]
    p = tr.production[node][inside].sum()
    m = t[np.ix_(~inside, inside)].sum()
    x = t[np.ix_(inside, ~inside)].sum()
    return float(k.net_import_reliance(p, m, x))


def coalition_exposure(ds: Dataset, coalition: str | Sequence[str],
                       year: int | None = None, trade_fallback: bool = True) -> pd.DataFrame:
    """The coalition's exposure table, one row per material × stage, worst first.

    Parameters
    ----------
    ds : Dataset
    coalition : str or list of str
        Country codes or group names, treated as one economy (e.g. ``["USA", "JPN"]``).
    year : int, optional
        Default: the dataset's base year (or latest year with production).
    trade_fallback : bool
        See :func:`trace_origins`: nodes without trade in ``year`` use their latest
        earlier trade year (shown in ``trade_year``).

    Returns
    -------
    DataFrame
        Columns :data:`COALITION_EXPOSURE_COLUMNS`:

        * ``supply_t`` — members' production + imports from outside (t);
        * ``top_origin``, ``top_origin_share`` — largest direct origin of that supply
          at its own stage (members included, ``unknown`` excluded);
        * ``outside_share`` — share of the supply made outside the coalition at the
          node's own stage;
        * ``import_reliance`` — net import reliance, internal trade removed (from the
          same production and trade as the tracing);
        * ``bottleneck_stage``, ``bottleneck_origin``, ``bottleneck_share`` — the
          largest share held by one non-member at any stage up the chain (traced);
        * ``unknown_share`` — largest share of untraceable origin over stages;
        * ``world_hhi``, ``world_top1_country``, ``world_top1_share`` — global
          production concentration of the node in ``year``;
        * ``trade_year`` — year of the trade data used (``<NA>``: no trade);
        * ``notes`` — production implied by exports (see :func:`trace_origins`),
          producers with blank production.

        Sorted by ``bottleneck_share``, then ``unknown_share``, then
        ``import_reliance``, all descending.
    """
    from critmin.metrics.concentration import concentration

    eco = resolve_economy(ds, coalition)
    tr = trace_origins(ds, year, trade_fallback=trade_fallback)
    bott = exposure_bottlenecks(ds, eco.members, trace=tr)
    if bott.empty:
        return pd.DataFrame(columns=COALITION_EXPOSURE_COLUMNS)
    long = traced_exposure(ds, eco.members, trace=tr)
    own = long.loc[(long["upstream_stage"] == long["stage"]) & (long["origin"] != UNKNOWN)
                   & (long["share"] > 0)]
    own = own.sort_values(["material", "stage", "share", "origin"],
                          ascending=[True, True, False, True])
    top = own.groupby(["material", "stage"]).first()[["origin", "share"]]
    outside = (own.loc[~own["origin"].isin(eco.members)]
               .groupby(["material", "stage"])["share"].sum())
    conc = concentration(ds, years=tr.year).set_index(["material", "stage"])
    out = bott.set_index(["material", "stage"])
    out["economy"] = eco.name
    out["top_origin"] = top["origin"].reindex(out.index).fillna("")
    out["top_origin_share"] = top["share"].reindex(out.index).fillna(0.0)
    out["outside_share"] = outside.reindex(out.index).fillna(0.0)
    nodes = [(stg, mat) for mat, stg in out.index]
    out["import_reliance"] = [_reliance_from_trace(tr, n, eco.members) for n in nodes]
    out["world_hhi"] = conc["hhi"].reindex(out.index)
    out["world_top1_country"] = conc["top1_country"].reindex(out.index).fillna("")
    out["world_top1_share"] = conc["top1_share"].reindex(out.index)
    out["trade_year"] = pd.array([tr.trade_year.get(n) for n in nodes], dtype="Int64")
    out["notes"] = [_notes(tr, n) for n in nodes]
    out = out.reset_index()[COALITION_EXPOSURE_COLUMNS]
    out = out.sort_values(["bottleneck_share", "unknown_share", "import_reliance", "material",
                           "stage"], ascending=[False, False, False, True, True],
                          na_position="last")
    return out.reset_index(drop=True)


def _notes(tr: OriginTrace, node: Node) -> str:
    parts = []
    implied = tr.implied_production.get(node)
    if implied:
        parts.append("implied production " + ", ".join(
            f"{c} {q:,.4g} t" for c, q in sorted(implied.items())))
    unexplained = tr.unexplained_exports.get(node)
    if unexplained:
        parts.append("exports beyond recorded supply (origin unknown) " + ", ".join(
            f"{c} {q:,.4g} t" for c, q in sorted(unexplained.items())))
    if tr.missing_production.get(node):
        parts.append("blank production " + ", ".join(tr.missing_production[node]))
    return "; ".join(parts)


#: An unknown origin share from this on is named in the warnings.
UNKNOWN_WARN = 0.2


def exposure_warnings(df: pd.DataFrame, economy: str, asked: str = "") -> list[str]:
    """What a reader of an exposure table must know: an empty table is no data (not no
    exposure), and a supply that traces partly to no recorded origin is not safe.

    ``df`` is a table of :func:`coalition_exposure`, :func:`exposure_bottlenecks` or
    :func:`traced_exposure`; ``asked`` names what was asked for (e.g. ``"Tb"``).
    """
    if df.empty:
        what = asked or "what was asked"
        return [f"no rows: the data holds no supply of {what} for {economy} (no production "
                "and no recorded imports): an empty answer is no data, not no exposure"]
    if "unknown_share" in df.columns:
        rows = df.loc[df["unknown_share"] >= UNKNOWN_WARN, ["material", "stage", "unknown_share"]]
    elif "origin" in df.columns:
        rows = (df.loc[df["origin"] == UNKNOWN].groupby(["material", "stage"], as_index=False)
                ["share"].max().rename(columns={"share": "unknown_share"}))
        rows = rows.loc[rows["unknown_share"] >= UNKNOWN_WARN]
    else:
        return []
    return [f"{r.material} ({r.stage}): {r.unknown_share:.0%} of {economy}'s supply traces to "
            "no recorded origin at some stage up the chain; 'unknown' is missing data, not a "
            "safe source" for r in rows.itertuples(index=False)]
