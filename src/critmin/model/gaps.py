"""The coverage gaps that touch an answer, as warnings a reader can act on.

A shock to gallium shows no shortfall where the data holds gallium demand for one country
only; a magnet embargo reads as harmless where magnet demand covers a fifth of the world's
output. :func:`coverage_warnings` names such gaps for the goods an answer depends on (a
shock's controlled goods and everything made from them), using
:func:`critmin.data.coverage.world_coverage`. :func:`stock_warnings` says where stocks
the answer depends on are not public: a blank holding is never silently 0 t.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from critmin.data.coverage import WORLD_CODES, world_coverage
from critmin.model.network import Good, Network

#: Demand covering less than this share of world output is flagged.
DEMAND_COVERAGE_MIN = 0.5
#: At most this many countries are named in a warning.
NAMED = 4


def coverage_warnings(net: Network, goods: Iterable[Good], year: int) -> list[str]:
    """Warnings for the demand and supply gaps of ``goods`` (and of what is made from
    them) in ``year``: no demand anywhere downstream, or demand known for too small a share
    of world output for a zero shortfall to mean anything."""
    goods = set(goods)
    if not goods:
        return []
    demand = _model_demand(net, year)
    out: list[str] = []
    for g in sorted(goods):
        reach = net.downstream_closure({g})
        used = sorted(h for h in reach if h in demand.index)
        if not used:
            out.append(f"{g[1]} ({g[0]}): the data holds no demand for it or anything made "
                       "from it, so no shortfall can show (0 t is no answer here)")
            continue
        for h in used:
            row = demand.loc[h]
            share = row["coverage"]
            if pd.isna(share) or share >= DEMAND_COVERAGE_MIN:
                continue
            out.append(f"{h[1]} ({h[0]}) demand is known for {_names(row['countries'])} only, "
                       f"{share:.0%} of world output in {int(row['year'])}: a zero shortfall "
                       "elsewhere is not meaningful")
    return list(dict.fromkeys(out))


def _model_demand(net: Network, year: int) -> pd.DataFrame:
    """The demand the model reads in ``year`` (rows carried forward, as the simulation
    does), per good, against the world output of the good in ``year`` (or its latest
    earlier year with a figure): ``demand_t, countries, year, coverage``."""
    d = net.demand(year)
    d = d[(d["demand_t"] > 0) & ~d["country"].isin(WORLD_CODES)]
    cols = ["stage", "material", "demand_t", "countries", "year", "coverage"]
    if d.empty:
        return pd.DataFrame(columns=cols).set_index(["stage", "material"])
    g = d.groupby(["stage", "material"]).agg(
        demand_t=("demand_t", "sum"),
        countries=("country", lambda s: ";".join(sorted(set(map(str, s))))))
    cov = _year_rows(world_coverage(net.dataset), year)
    world = cov[cov["quantity"] == "production"].set_index(["stage", "material"])
    g["year"] = world["year"].reindex(g.index).fillna(year).astype(int)
    g["coverage"] = g["demand_t"] / world["world_t"].reindex(g.index).where(lambda w: w > 0)
    return g


def _year_rows(cov: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each material × stage × quantity at ``year``, or at its latest earlier year."""
    cov = cov[cov["year"] <= year] if (cov["year"] <= year).any() else cov
    cov = cov.sort_values("year")
    return cov.drop_duplicates(["material", "stage", "quantity"], keep="last")


def _names(countries: str) -> str:
    names = [c for c in str(countries).split(";") if c]
    if len(names) <= NAMED:
        return ", ".join(names)
    return ", ".join(names[:NAMED]) + f" and {len(names) - NAMED} more"


def stock_warnings(net: Network, goods: Iterable[Good],
                   releases: Iterable[tuple[str, Good, bool]] = (),
                   inventories: Mapping[Good, float] | None = None) -> list[str]:
    """Warnings for the stocks of ``goods`` (and of what is made from them) whose holdings
    are not public.

    ``releases`` are the run's stockpile releases as ``(country, good, quantity_given)``;
    ``inventories`` the days of cover of the run's private inventories by good.
    A release from a stock with no public quantity and no ``quantity_t`` in the measure
    releases 0 t; a good with stockpile rows (a target, a stated cover, planned
    acquisitions) but no release in the run is answered as if no stock were drawn (or, if
    the run models users' inventories of it, as if no other stock were). Both are said,
    with the cover the data states.
    """
    inventories = inventories or {}
    goods = set(goods)
    st = net.dataset.stockpiles
    if not goods or st.empty:
        return []
    reach = net.downstream_closure(goods)
    released = {(k, g): given for k, g, given in releases}
    held = net.stock_held
    out: list[str] = []
    for (k, g), given in sorted(released.items()):
        if not given and held.get((k, g), 0.0) <= 0:
            out.append(f"{g[1]} ({g[0]}): {k}'s stockpile has no public quantity, so its "
                       "release counts 0 t; give the measure a quantity_t to test one")
    for g in sorted(reach):
        rows = st[(st["stage"] == g[0]) & (st["material"] == g[1])]
        if rows.empty or any(gg == g for _, gg in released):
            continue
        if g in inventories:
            out.append(f"{g[1]} ({g[0]}): the scenario's private inventories are drawn "
                       f"({inventories[g]:g} days of use); no other stock is "
                       f"({_cover(rows)}): the shortfall is before any stockpile release")
        else:
            out.append(f"{g[1]} ({g[0]}): stocks are not drawn in this run ({_cover(rows)}); "
                       "the shortfall is before any stock release")
    return out


def _cover(rows: pd.DataFrame) -> str:
    """What the stockpile rows of one good say: quantities, stated cover, targets."""
    parts = []
    for r in rows.itertuples(index=False):
        who = f"{r.country} {r.holder}"
        q = getattr(r, "quantity_t", float("nan"))
        lo, hi = getattr(r, "cover_low", float("nan")), getattr(r, "cover_high", float("nan"))
        unit = getattr(r, "cover_unit", "") or ""
        when = getattr(r, "as_of", "") or ""
        if pd.notna(q):
            parts.append(f"{who} {q:,.0f} t")
        elif pd.notna(lo):
            span = f"{lo:g}" if pd.isna(hi) or hi == lo else f"{lo:g}-{hi:g}"
            more = "more than " if pd.isna(hi) else ""
            parts.append(f"{who}: {more}{span} {unit}" + (f" ({when})" if when else ""))
        else:
            parts.append(f"{who}: holdings not public")
    if len(parts) > NAMED:
        parts = [*parts[:NAMED], f"{len(parts) - NAMED} more"]
    return "; ".join(parts)
