"""The coverage gaps that touch an answer, as warnings a reader can act on.

A shock to gallium shows no shortfall where the data holds gallium demand for one country
only; a magnet embargo reads as harmless where magnet demand covers a fifth of the world's
output. :func:`coverage_warnings` names such gaps for the goods an answer depends on (a
shock's controlled goods and everything made from them), using
:func:`critmin.data.coverage.world_coverage`.
"""

from __future__ import annotations

from collections.abc import Iterable

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
