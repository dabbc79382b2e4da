"""Where the reserves are: each country's share of the published world reserves, and HHI.

Shares are computed against the world total the publisher prints (the row of the world
code ``XWL`` in ``reserves.csv``), as USGS computes them; the world row is never added to
the country rows, and the country rows need not add up to it (USGS rounds it, and some
countries are only "included in the world total"). A figure printed as a lower bound
(``>``) makes the shares bounds too: ``share_bound`` says which way.

>>> from critmin.testing import make_dataset, toy_tables
>>> t = toy_tables()
>>> t["countries"] += [{"country": "XWL", "name": "World"}]
>>> t["reserves"] = [
...     {"country": "XAA", "material": "Nd", "year": 2024, "reserves_t": 600, "source_id": "toy"},
...     {"country": "XBB", "material": "Nd", "year": 2024, "reserves_t": 300, "source_id": "toy"},
...     {"country": "XCC", "material": "Nd", "year": 2024, "qualifier": "not-available",
...      "source_id": "toy"},
...     {"country": "XWL", "material": "Nd", "year": 2024, "reserves_t": 1000,
...      "qualifier": "lower-bound", "source_id": "toy"}]
>>> ds = make_dataset(t)
>>> sh = reserve_shares(ds, "Nd")
>>> [(c, s, b) for c, s, b in zip(sh["country"], sh["share"], sh["share_bound"])]
[('XAA', 0.6, 'upper'), ('XBB', 0.3, 'upper'), ('XCC', nan, '')]
>>> row = reserve_concentration(ds, "Nd").iloc[0]
>>> float(row["hhi"]), row["hhi_bound"], row["not_available"]
(4500.0, 'upper', 'XCC')
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from critmin.data.coverage import WORLD_CODES
from critmin.data.dataset import Dataset
from critmin.metrics import _kernels as k
from critmin.metrics._common import REST_OF_WORLD, as_list, check_names, join

KEY = ["material", "year"]

SHARE_COLUMNS = ["material", "year", "country", "reserves_t", "qualifier", "share",
                 "share_bound", "rank", "world_t", "world_qualifier", "world_basis",
                 "source_id"]

RESERVE_CONCENTRATION_COLUMNS = [
    "material", "year", "world_t", "world_qualifier", "world_basis", "rows_t",
    "n_countries", "hhi", "hhi_bound", "top1_country", "top1_share", "top3_share",
    "other_share", "not_available", "in_world_total"]

LOWER = "lower-bound"


def _bound(country_lower: bool, world_lower: bool) -> str:
    """Which way a share errs: a lower-bound world makes it an upper bound, a lower-bound
    country figure a lower bound, both together unknown."""
    if country_lower and world_lower:
        return "unknown"
    return "upper" if world_lower else ("lower" if country_lower else "")


def _select(ds: Dataset, materials: str | Sequence[str] | None,
            years: int | Sequence[int] | None) -> pd.DataFrame:
    res = ds.tables.get("reserves")
    if res is None or res.empty:
        return pd.DataFrame(columns=["country", "material", "year", "reserves_t", "qualifier",
                                     "source_id"])
    mats = as_list(materials)
    check_names("material", mats, res["material"])
    if mats is not None:
        res = res[res["material"].isin(mats)]
    if years is not None:
        yrs = [years] if isinstance(years, int) else list(years)
        res = res[res["year"].astype("int64").isin([int(y) for y in yrs])]
    return res.assign(year=res["year"].astype("int64"))


def _worlds(res: pd.DataFrame) -> pd.DataFrame:
    """The world total of each material × year: the published row, else the sum of the
    country rows with a figure (``world_basis`` says which)."""
    pub = res[res["country"].isin(WORLD_CODES)]
    pub = pub[KEY].assign(world_t=pub["reserves_t"].astype(float),
                          world_qualifier=pub["qualifier"], world_basis="published")
    own = (res[~res["country"].isin(WORLD_CODES)].groupby(KEY, as_index=False)["reserves_t"]
           .sum(min_count=1).rename(columns={"reserves_t": "world_t"})
           .assign(world_qualifier="", world_basis="rows"))
    return pd.concat([pub, own], ignore_index=True).drop_duplicates(KEY, keep="first")


def reserve_shares(ds: Dataset, materials: str | Sequence[str] | None = None,
                   years: int | Sequence[int] | None = None) -> pd.DataFrame:
    """Each country's reserves and share of the world reserves, largest first.

    Parameters
    ----------
    ds : Dataset
        Uses ``ds.reserves`` (empty result if the dataset has none).
    materials : str or list of str, optional
        Restrict to these materials (default: all with reserves).
    years : int or list of int, optional
        Restrict to these years.

    Returns
    -------
    DataFrame
        :data:`SHARE_COLUMNS`, one row per country (the world row is not one of them).
        ``share = reserves_t / world_t`` with ``world_t`` the published world total
        (``world_basis = published``) or, where none is published, the sum of the country
        rows (``rows``). ``share`` is NaN where the source gives no figure (``qualifier``
        ``not-available`` or ``in-world-total``). ``share_bound`` is ``upper`` when the
        world total is a lower bound, ``lower`` when the country's figure is, ``unknown``
        when both are, blank otherwise. ``rank`` ranks named countries; the
        rest-of-world row ``XOT`` has none.
    """
    res = _select(ds, materials, years)
    if res.empty:
        return pd.DataFrame(columns=SHARE_COLUMNS)
    out = res[~res["country"].isin(WORLD_CODES)].merge(_worlds(res), on=KEY, how="left")
    world = out["world_t"].where(out["world_t"] > 0)
    out["share"] = out["reserves_t"].astype(float) / world
    out["share_bound"] = [
        _bound(q == LOWER, w == LOWER) if not np.isnan(s) else ""
        for q, w, s in zip(out["qualifier"], out["world_qualifier"], out["share"], strict=True)]
    out = out.sort_values([*KEY, "share", "country"], ascending=[True, True, False, True],
                          na_position="last", kind="stable")
    named = ~out["country"].isin(REST_OF_WORLD) & out["share"].notna()
    out["rank"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out.loc[named, "rank"] = out.loc[named].groupby(KEY).cumcount().add(1).astype("int64")
    return out[SHARE_COLUMNS].reset_index(drop=True)


def reserve_concentration(ds: Dataset, materials: str | Sequence[str] | None = None,
                          years: int | Sequence[int] | None = None) -> pd.DataFrame:
    """Concentration of reserves per material × year: world total, HHI, top shares.

    Returns
    -------
    DataFrame
        :data:`RESERVE_CONCENTRATION_COLUMNS`. ``hhi`` (0-10,000) and the ``top*`` shares
        rank named countries with a figure, with shares of the world total as in
        :func:`reserve_shares` (the rest-of-world row is ``other_share``); ``hhi_bound``
        says whether they are bounds (``upper`` when the world total is printed as a
        lower bound). ``rows_t`` sums the rows with a figure (rest of world included);
        ``not_available`` and ``in_world_total`` list the countries without a figure, so
        that a missing producer is never read as holding nothing.
    """
    sh = reserve_shares(ds, materials, years)
    rows = [_concentration_row(key, g) for key, g in sh.groupby(KEY, sort=True)]
    out = pd.DataFrame(rows, columns=RESERVE_CONCENTRATION_COLUMNS)
    return out.astype({"year": "int64", "n_countries": "int64"}).reset_index(drop=True)


def _concentration_row(key: tuple, g: pd.DataFrame) -> dict:
    has = g[g["share"].notna()]
    named = has[~has["country"].isin(REST_OF_WORLD)]
    s = named["share"].to_numpy(dtype=float)
    world_lower = bool((g["world_qualifier"] == LOWER).any())
    any_lower = bool((named["qualifier"] == LOWER).any())
    top = named.sort_values(["share", "country"], ascending=[False, True])
    return {
        "material": key[0], "year": int(key[1]), "world_t": float(g["world_t"].iloc[0]),
        "world_qualifier": g["world_qualifier"].iloc[0], "world_basis": g["world_basis"].iloc[0],
        "rows_t": float(has["reserves_t"].sum()), "n_countries": int((s > 0).sum()),
        "hhi": float(k.hhi(s)), "hhi_bound": _bound(any_lower, world_lower),
        "top1_country": str(top["country"].iloc[0]) if len(top) else "",
        "top1_share": float(top["share"].iloc[0]) if len(top) else np.nan,
        "top3_share": float(k.top_k_share(s, 3)) if s.size else np.nan,
        "other_share": float(has.loc[has["country"].isin(REST_OF_WORLD), "share"].sum()),
        "not_available": join(g.loc[g["qualifier"] == "not-available", "country"]),
        "in_world_total": join(g.loc[g["qualifier"] == "in-world-total", "country"]),
    }
