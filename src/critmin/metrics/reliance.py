"""Net import reliance and import sources of a country or a coalition.

A coalition is treated as one economy: trade between its members is internal and
counts neither as imports nor as exports.

>>> from critmin.testing import make_dataset, toy_tables
>>> ds = make_dataset(toy_tables())
>>> r = import_reliance(ds, "XCC")
>>> r[["material", "stage", "imports_t", "import_reliance"]].to_dict("records")
[{'material': 'NdFeB', 'stage': 'magnet', 'imports_t': 60.0, 'import_reliance': 1.0}]
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
import pandas as pd

from critmin.data.dataset import Dataset
from critmin.metrics import _kernels as k
from critmin.metrics._common import (
    Economy,
    as_list,
    check_names,
    join,
    resolve_economy,
    select,
)
from critmin.metrics.concentration import KEY, production_rows

logger = logging.getLogger(__name__)

RELIANCE_COLUMNS = [
    "economy", "material", "stage", "year", "production_t", "imports_t", "exports_t",
    "internal_trade_t", "apparent_consumption_t", "import_reliance", "top_source",
    "top_source_share", "n_sources", "missing_production",
]


def trade_rows(trade: pd.DataFrame) -> pd.DataFrame:
    """Trade aggregated to one row per exporter, importer, material, stage and year."""
    t = trade.loc[:, ["exporter", "importer", "material", "stage", "year", "quantity_t"]].copy()
    t["year"] = t["year"].astype("int64")
    return t.groupby(["exporter", "importer", *KEY], as_index=False, sort=True)["quantity_t"].sum()


def import_reliance_frame(capacity: pd.DataFrame, trade: pd.DataFrame,
                          economy: Economy) -> pd.DataFrame:
    """Import reliance of ``economy`` from capacity- and trade-like frames.

    ``NIR = (M − X) / (P + M − X)`` per material × stage × year, where ``P`` is the
    members' production, ``M`` imports from non-members and ``X`` exports to
    non-members (t). Rows cover every material × stage × year where the economy
    produces (a production row, even zero) or trades with the outside. Members
    whose production is blank are listed in ``missing_production`` (their
    production is unknown, not zero, and the reliance then overstates).
    """
    members = set(economy.members)
    known, blank = production_rows(capacity)
    t = trade_rows(trade)
    exp_in, imp_in = t["exporter"].isin(members), t["importer"].isin(members)
    imports = t.loc[imp_in & ~exp_in]
    exports = t.loc[exp_in & ~imp_in]
    internal = t.loc[exp_in & imp_in & (t["exporter"] != t["importer"])]
    prod = known.loc[known["country"].isin(members)].groupby(KEY)["production_t"].sum()
    imp = imports.groupby(KEY)["quantity_t"].sum()
    exp = exports.groupby(KEY)["quantity_t"].sum()
    intern = internal.groupby(KEY)["quantity_t"].sum()
    blank_m = blank.loc[blank["country"].isin(members)]
    miss = blank_m.groupby(KEY)["country"].agg(join)
    keys = sorted(set(prod.index) | set(imp.index) | set(exp.index) | set(miss.index))
    if not keys:
        return pd.DataFrame(columns=RELIANCE_COLUMNS)
    idx = pd.MultiIndex.from_tuples(keys, names=KEY)
    out = pd.DataFrame(index=idx)
    out["production_t"] = prod.reindex(idx).fillna(0.0)
    out["imports_t"] = imp.reindex(idx).fillna(0.0)
    out["exports_t"] = exp.reindex(idx).fillna(0.0)
    out["internal_trade_t"] = intern.reindex(idx).fillna(0.0)
    out["apparent_consumption_t"] = out["production_t"] + out["imports_t"] - out["exports_t"]
    out["import_reliance"] = k.net_import_reliance(out["production_t"], out["imports_t"],
                                                   out["exports_t"])
    by_src = imports.groupby([*KEY, "exporter"])["quantity_t"].sum().reset_index()
    by_src = by_src.sort_values([*KEY, "quantity_t", "exporter"],
                                ascending=[True, True, True, False, True])
    first = by_src.groupby(KEY).first()
    counts = by_src.loc[by_src["quantity_t"] > 0].groupby(KEY)["exporter"].count()
    out["top_source"] = first["exporter"].reindex(idx).fillna("")
    top_q = first["quantity_t"].reindex(idx)
    out["top_source_share"] = np.where(out["imports_t"] > 0,
                                       top_q / out["imports_t"].where(out["imports_t"] > 0),
                                       np.nan)
    out["n_sources"] = counts.reindex(idx).fillna(0).astype("int64")
    out["missing_production"] = miss.reindex(idx).fillna("")
    out = out.reset_index()
    out.insert(0, "economy", economy.name)
    return out[RELIANCE_COLUMNS].astype({"year": "int64"})


def _inputs(ds: Dataset, materials: str | Sequence[str] | None,
            stages: str | Sequence[str] | None,
            year: int | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    mats, stgs = as_list(materials), as_list(stages)
    check_names("material", mats, ds.materials["material"])
    check_names("stage", stgs, ds.stages["stage"])
    yrs = None if year is None else [int(year)]
    return select(ds.capacity, mats, stgs, yrs), select(ds.trade, mats, stgs, yrs)


def import_reliance(ds: Dataset, economy: str | Sequence[str],
                    materials: str | Sequence[str] | None = None,
                    stages: str | Sequence[str] | None = None,
                    year: int | None = None) -> pd.DataFrame:
    """Net import reliance of a country or coalition per material × stage × year.

    Parameters
    ----------
    ds : Dataset
        Uses ``ds.capacity`` (production_t) and ``ds.trade``.
    economy : str or list of str
        A country code, a group name, or several (``["USA", "JPN"]``): a coalition,
        one economy whose internal trade is removed.
    materials, stages : optional
        Restrict to these.
    year : int, optional
        One year (default: every year with data).

    Returns
    -------
    DataFrame
        Columns :data:`RELIANCE_COLUMNS`; ``import_reliance = (imports_t −
        exports_t) / apparent_consumption_t`` (fraction; negative for a net
        exporter; NaN where apparent consumption is not positive).
    """
    eco = resolve_economy(ds, economy)
    cap, trade = _inputs(ds, materials, stages, year)
    return import_reliance_frame(cap, trade, eco)


def import_sources(ds: Dataset, economy: str | Sequence[str],
                   materials: str | Sequence[str] | None = None,
                   stages: str | Sequence[str] | None = None,
                   year: int | None = None) -> pd.DataFrame:
    """Where the economy's imports come from: one row per exporter, largest first.

    Returns ``economy, material, stage, year, exporter, quantity_t, share`` where
    ``share`` is the exporter's fraction of the economy's imports from outside it.
    """
    eco = resolve_economy(ds, economy)
    _, trade = _inputs(ds, materials, stages, year)
    t = trade_rows(trade)
    members = set(eco.members)
    ext = t.loc[t["importer"].isin(members) & ~t["exporter"].isin(members)]
    src = ext.groupby([*KEY, "exporter"], as_index=False)["quantity_t"].sum()
    total = src.groupby(KEY)["quantity_t"].transform("sum")
    src["share"] = np.where(total > 0, src["quantity_t"] / total.where(total > 0), np.nan)
    src = src.sort_values([*KEY, "quantity_t", "exporter"],
                          ascending=[True, True, True, False, True])
    src.insert(0, "economy", eco.name)
    return src[["economy", *KEY, "exporter", "quantity_t", "share"]].reset_index(drop=True)
