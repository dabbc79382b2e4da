"""Concentration of production per material × stage × year (shares, HHI, HHI_WGI).

>>> from critmin.testing import make_dataset, toy_tables
>>> ds = make_dataset(toy_tables())
>>> row = concentration(ds, materials=["Nd"], stages=["mining"]).iloc[0]
>>> row["top1_country"], float(row["top1_share"]), round(float(row["hhi"]), 6)
('XAA', 0.8, 6800.0)
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from critmin.data.dataset import Dataset
from critmin.metrics import _kernels as k
from critmin.metrics._common import (
    REST_OF_WORLD,
    as_list,
    check_names,
    join,
    select,
)

logger = logging.getLogger(__name__)

KEY = ["material", "stage", "year"]

CONCENTRATION_COLUMNS = [
    "material", "stage", "year", "world_t", "n_countries", "hhi", "top1_country",
    "top1_share", "top2_country", "top2_share", "top3_country", "top3_share_single",
    "top3_share", "hhi_wgi", "other_share", "group", "group_share", "missing_production",
    "missing_wgi", "rows_t", "world_basis",
]


def production_rows(capacity: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split capacity rows into those with production and those where it is blank.

    Returns ``(known, blank)``; ``known`` is aggregated to one row per country,
    material, stage and year (so splitting a country's row in two changes nothing).
    """
    cap = capacity.loc[:, ["country", "material", "stage", "year", "production_t"]].copy()
    cap["year"] = cap["year"].astype("int64")
    blank = cap.loc[cap["production_t"].isna()]
    known = (cap.loc[cap["production_t"].notna()]
             .groupby([*KEY, "country"], as_index=False, sort=True)["production_t"].sum())
    return known, blank


def concentration_frame(capacity: pd.DataFrame,
                        wgi_scaled: Mapping[str, float] | pd.Series | None = None,
                        group: Sequence[str] | None = None, group_label: str | None = None,
                        outside: bool = False,
                        published: Mapping[tuple, float] | None = None) -> pd.DataFrame:
    """Concentration table from a capacity-like frame (the kernel of :func:`concentration`).

    Parameters
    ----------
    capacity : DataFrame
        Columns ``country, material, stage, year, production_t`` (t/yr). Rows with a
        blank ``production_t`` are left out of every number and listed in
        ``missing_production``; several rows of one country are summed.
    wgi_scaled : mapping country → WGI on 0-10, optional
        Governance scores for ``hhi_wgi``; producers without one are listed in
        ``missing_wgi`` and contribute nothing to ``hhi_wgi``.
    group : list of str, optional
        Countries whose combined share is reported in ``group_share``.
    group_label : str, optional
        Label of the group in the ``group`` column (default: the codes joined by ``+``).
    outside : bool
        Report the share held by countries *outside* ``group`` instead (the
        rest-of-world row counts as outside).
    published : mapping (material, stage, year) → t, optional
        Published world totals (``world_totals.csv``). Where one exists it is the
        denominator of every share, as the publisher computes them (USGS divides by its
        rounded world total, so country shares may add up to slightly more or less than
        1); ``world_basis`` says ``published`` or ``rows``.

    Returns
    -------
    DataFrame
        One row per material × stage × year, columns :data:`CONCENTRATION_COLUMNS`.
        Shares are fractions (0-1) of ``world_t``: the published world total where one
        is given, else Σ production of every row with data, *including* the
        rest-of-world row ``XOT`` (``rows_t`` is that sum in both cases). ``hhi`` (0-10,000),
        ``top*`` and ``hhi_wgi`` (Σ s² · WGI, 0-10) rank named countries only: an
        aggregate of many countries is not one supplier. Its share is ``other_share``.
    """
    known, blank = production_rows(capacity)
    wgi = dict(wgi_scaled.items()) if wgi_scaled is not None else {}
    members = set(group or [])
    label = group_label or ("+".join(sorted(members)) if members else "")
    if outside and label:
        label = f"outside {label}"
    missing = {key: join(g["country"]) for key, g in blank.groupby(KEY, sort=False)}
    rows = []
    keys = sorted(set(map(tuple, known[KEY].itertuples(index=False, name=None)))
                  | set(missing))
    groups = dict(iter(known.groupby(KEY, sort=False)))
    for key in keys:
        g = groups.get(key)
        rows.append(_one(key, g, wgi, members, label, outside, missing.get(key, ""),
                         (published or {}).get(key)))
    out = pd.DataFrame(rows, columns=CONCENTRATION_COLUMNS)
    if not group:
        out = out.drop(columns=["group", "group_share"])
    return out.astype({"year": "int64", "n_countries": "int64"}).reset_index(drop=True)


def _one(key: tuple, g: pd.DataFrame | None, wgi: Mapping[str, float], members: set[str],
         label: str, outside: bool, missing_production: str,
         published: float | None = None) -> dict:
    material, stage, year = key
    row = dict.fromkeys(CONCENTRATION_COLUMNS, np.nan)
    row.update(material=material, stage=stage, year=int(year), group=label,
               missing_production=missing_production, missing_wgi="", n_countries=0,
               top1_country="", top2_country="", top3_country="", world_basis="rows")
    if g is None or g.empty:
        return row
    countries = g["country"].to_numpy(dtype=object)
    qty = g["production_t"].to_numpy(dtype=float)
    row["rows_t"] = qty.sum()
    world = qty.sum()
    if published is not None and published > 0:
        world, row["world_basis"] = float(published), "published"
    row["world_t"] = world
    if world <= 0:
        return row
    share = qty / world
    named = np.array([c not in REST_OF_WORLD for c in countries])
    s_named = share[named]
    c_named = countries[named]
    row["hhi"] = float(k.hhi(s_named))
    row["top3_share"] = float(k.top_k_share(s_named, 3)) if s_named.size else 0.0
    row["other_share"] = float(share[~named].sum())
    row["n_countries"] = int((s_named > 0).sum())
    order = sorted((i for i in range(len(c_named)) if s_named[i] > 0),
                   key=lambda i: (-round(float(s_named[i]), 12), c_named[i]))
    for rank, i in enumerate(order[:3], start=1):
        row[f"top{rank}_country"] = str(c_named[i])
        row["top3_share_single" if rank == 3 else f"top{rank}_share"] = float(s_named[i])
    w = np.array([wgi.get(c, np.nan) for c in c_named], dtype=float)
    lacking = [str(c) for c, s, x in zip(c_named, s_named, w, strict=True)
               if s > 0 and np.isnan(x)]
    row["missing_wgi"] = join(lacking)
    row["hhi_wgi"] = float(k.hhi_wgi(s_named, w))
    if members:
        inside = np.array([c in members for c in countries])
        row["group_share"] = float(share[~inside].sum() if outside else share[inside].sum())
    return row


def published_totals(ds: Dataset) -> dict[tuple, float]:
    """``(material, stage, year)`` → published world total, from ``ds.world_totals``."""
    wt = ds.world_totals
    return {(m, s, int(y)): float(v) for m, s, y, v in
            zip(wt["material"], wt["stage"], wt["year"], wt["production_t"], strict=True)}


def wgi_map(ds: Dataset) -> dict[str, float]:
    """Country → ``wgi_scaled`` (NaN where blank)."""
    return {str(c): float(w) for c, w in
            zip(ds.countries["country"], ds.countries["wgi_scaled"], strict=True)}


def concentration(ds: Dataset, materials: str | Sequence[str] | None = None,
                  stages: str | Sequence[str] | None = None,
                  years: int | Sequence[int] | None = None,
                  group: str | Sequence[str] | None = None, outside: bool = False) -> pd.DataFrame:
    """Production concentration per material × stage × year of a dataset.

    Parameters
    ----------
    ds : Dataset
        Uses ``ds.capacity`` (``production_t``) and ``ds.countries`` (``wgi_scaled``).
    materials, stages : str or list of str, optional
        Restrict to these (default: all with data).
    years : int or list of int, optional
        Restrict to these years (default: every year).
    group : str or list of str, optional
        Country codes or group names (e.g. ``"CHN"``, ``["USA", "JPN"]``, ``"G7"``)
        whose combined share is reported as ``group_share``.
    outside : bool
        With ``group``: report the share of everyone outside the group instead.

    Returns
    -------
    DataFrame
        See :func:`concentration_frame`: ``material, stage, year, world_t,
        n_countries, hhi, top1_country, top1_share, ..., top3_share, hhi_wgi,
        other_share[, group, group_share], missing_production, missing_wgi``.

    Notes
    -----
    ``HHI = 10⁴ Σ s_c²`` over named countries; ``HHI_WGI = Σ s_c² · WGI_scaled,c``
    with shares as fractions (0-10). See ``docs/metrics.md``.
    """
    mats, stgs = as_list(materials), as_list(stages)
    check_names("material", mats, ds.capacity["material"])
    check_names("stage", stgs, ds.capacity["stage"])
    yrs = [years] if isinstance(years, int) else (list(years) if years is not None else None)
    cap = select(ds.capacity, mats, stgs, yrs)
    members, label = None, None
    if group is not None:
        from critmin.metrics._common import resolve_economy

        eco = resolve_economy(ds, group)
        members, label = list(eco.members), eco.name
    out = concentration_frame(cap, wgi_map(ds), group=members, group_label=label,
                              outside=outside, published=published_totals(ds))
    if yrs is not None and out.empty:
        logger.info("no production data for years %s", yrs)
    return out


def country_shares(ds: Dataset, materials: str | Sequence[str] | None = None,
                   stages: str | Sequence[str] | None = None,
                   years: int | Sequence[int] | None = None) -> pd.DataFrame:
    """Each country's production and share of the world total, largest first.

    The world total is the published one (``world_totals.csv``) where the dataset has it,
    else the sum of the rows, exactly as in :func:`concentration`.

    Returns ``material, stage, year, country, production_t, share, rank``; the
    rest-of-world row keeps its share but has no rank (``<NA>``).
    """
    mats, stgs = as_list(materials), as_list(stages)
    yrs = [years] if isinstance(years, int) else (list(years) if years is not None else None)
    known, _ = production_rows(select(ds.capacity, mats, stgs, yrs))
    total = known.groupby(KEY)["production_t"].transform("sum")
    published = published_totals(ds)
    if published:  # the publisher's own (rounded) world total, as in concentration()
        keys = list(zip(known["material"], known["stage"], known["year"].astype(int),
                        strict=True))
        total = pd.Series([published.get(k, t) for k, t in zip(keys, total, strict=True)],
                          index=known.index, dtype=float)
    out = known.assign(share=np.where(total > 0, known["production_t"] / total.where(total > 0),
                                      np.nan))
    out = out.sort_values([*KEY, "share", "country"], ascending=[True, True, True, False, True])
    named = ~out["country"].isin(REST_OF_WORLD)
    out["rank"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out.loc[named, "rank"] = out.loc[named].groupby(KEY).cumcount().add(1).astype("int64")
    return out[[*KEY, "country", "production_t", "share", "rank"]].reset_index(drop=True)
