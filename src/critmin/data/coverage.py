"""How much of the world a dataset covers: production and demand against world totals.

A zero shortfall or a pale cell means nothing where the data has no demand or no supply
to show; :func:`world_coverage` says, per material, stage and year, what share of the
world the dataset's rows hold, and :func:`critmin.model.gaps.coverage_warnings` turns the
gaps into the warnings every result carries.

>>> from critmin.data import load_sample
>>> cov = world_coverage(load_sample(), materials="NdFeB")
>>> sorted(set(cov["quantity"]))
['demand', 'production']
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from critmin.data.dataset import Dataset

COVERAGE_COLUMNS = ["material", "stage", "year", "quantity", "dataset_t", "countries", "world_t",
                    "coverage", "world_basis"]

#: Pseudo-countries that stand for the world, not a part of it.
WORLD_CODES = frozenset({"XWL"})

KEY = ["material", "stage", "year"]


def _as_set(value: str | Iterable[str] | None) -> set[str] | None:
    if value is None:
        return None
    return {value} if isinstance(value, str) else set(value)


def world_coverage(ds: Dataset, materials: str | Iterable[str] | None = None,
                   years: int | Iterable[int] | None = None) -> pd.DataFrame:
    """What the dataset's rows hold of the world, per material × stage × year.

    Returns
    -------
    DataFrame
        :data:`COVERAGE_COLUMNS`. ``quantity`` is ``production`` (reported production of
        ``capacity.csv``; blanks left out) or ``demand`` (observed rows of ``demand.csv``,
        outlooks and world rows left out); ``dataset_t`` their sum (t/yr), ``countries``
        the countries with a row. ``world_t`` is the published world production
        (``world_totals.csv``) or, where none is published, the dataset's own production
        of the good (``world_basis`` says which; blank where neither exists), so demand
        coverage is demand over world output. ``coverage = dataset_t / world_t``.
    """
    mats = _as_set(materials)
    yrs = None if years is None else ({int(years)} if isinstance(years, int | np.integer)
                                      else {int(y) for y in years})
    prod = _summed(ds.capacity.dropna(subset=["production_t"]), "production_t", "production")
    dem = ds.demand
    if "outlook" in dem.columns:
        dem = dem[dem["outlook"].fillna("") == ""]
    dem = _summed(dem[~dem["country"].isin(WORLD_CODES)], "demand_t", "demand")
    world = _world(ds, prod)
    out = pd.concat([prod, dem], ignore_index=True).merge(world, on=KEY, how="left")
    out["coverage"] = out["dataset_t"] / out["world_t"].where(out["world_t"] > 0)
    out["world_basis"] = out["world_basis"].fillna("")
    if mats is not None:
        out = out[out["material"].isin(mats)]
    if yrs is not None:
        out = out[out["year"].isin(yrs)]
    out = out.sort_values(["material", "stage", "year", "quantity"], kind="stable")
    return out[COVERAGE_COLUMNS].reset_index(drop=True)


def _summed(df: pd.DataFrame, column: str, quantity: str) -> pd.DataFrame:
    """Sum and countries of ``column`` per material × stage × year."""
    if df.empty:
        return pd.DataFrame(columns=[*KEY, "quantity", "dataset_t", "countries"])
    g = df.groupby(KEY, as_index=False).agg(
        dataset_t=(column, "sum"),
        countries=("country", lambda s: ";".join(sorted(set(map(str, s))))))
    g["year"] = g["year"].astype("int64")
    return g.assign(quantity=quantity)


def _world(ds: Dataset, prod: pd.DataFrame) -> pd.DataFrame:
    """The world total of each material × stage × year: published, else the dataset's."""
    pub = ds.tables.get("world_totals")
    rows = []
    if pub is not None and not pub.empty:
        p = pub.assign(year=pub["year"].astype("int64"))
        rows.append(p[KEY].assign(world_t=p["production_t"].astype(float),
                                  world_basis="published (" + p["source_id"].astype(str) + ")"))
    own = prod[KEY].assign(world_t=prod["dataset_t"].astype(float),
                           world_basis="dataset production (no published world total)")
    rows.append(own)
    out = pd.concat(rows, ignore_index=True)
    return out.drop_duplicates(KEY, keep="first")
