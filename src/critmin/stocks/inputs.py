"""Inputs of the NdFeB stocks model, read from a dataset: inflows, lifetimes, contents, rates.

The inflow into use of NdFeB magnets, by year, region and end-use sector, is

.. math::

    I_{y,r,s} = W_y \\cdot \\frac{D_{r,s}}{\\sum_{r,s} D_{r,s}}

where :math:`D` is the base year's NdFeB demand by country and sector (``demand.csv``, first
use) and :math:`W_y` the world output: published world totals (``world_totals.csv``, NdFeB at
the magnet stage), the base year's demand total and the world outlook rows (``demand.csv``,
country ``XWL``), interpolated log-linearly between anchor years, zero before the first and
flat after the last.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NoReturn

import numpy as np

from critmin.exceptions import DatasetError, Problem
from critmin.stocks.kernel import Lifetime
from critmin.stocks.outlook import Outlook, OutlookError, list_outlooks, resolve_outlook

if TYPE_CHECKING:
    import pandas as pd

    from critmin.data import Dataset

PRODUCT = "NdFeB"
STAGE = "magnet"
WORLD = "XWL"
STEPS = ("collection", "separation", "recovery")
#: The outlook whose world rows set the inflows after the base year, unless one is named.
DEFAULT_OUTLOOK = "IEA-APS"


@dataclass(frozen=True)
class StockInputs:
    """Everything the stocks model needs, as arrays.

    Attributes
    ----------
    years : list of int
        Consecutive years from the first anchor to the end year.
    groups : list of (region, sector)
        The columns of ``inflow``: every region × sector with base-year demand and a lifetime.
    inflow : numpy.ndarray
        Magnets entering use, t/yr, dims ``(year, group)``.
    lifetimes : dict
        Sector → :class:`~critmin.stocks.kernel.Lifetime`.
    contents : dict
        Element → t of element per t of magnet.
    rates : dict
        ``(sector, step)`` → rate (share); ``nan`` where no sourced rate exists.
    world : dict
        Year → world inflow (t/yr) at the anchor years, as read.
    notes : list of str
        What was left out and why.
    """

    years: list[int]
    groups: list[tuple[str, str]]
    inflow: np.ndarray
    lifetimes: dict[str, Lifetime]
    contents: dict[str, float]
    rates: dict[tuple[str, str], float]
    world: dict[int, float]
    notes: list[str] = field(default_factory=list)


def read_inputs(ds: Dataset, end: int = 2050, outlook: str | Outlook = DEFAULT_OUTLOOK,
                start: int | None = None) -> StockInputs:
    """The :class:`StockInputs` of dataset ``ds`` from the first inflow (or ``start``, if
    earlier) up to year ``end``.

    ``outlook`` is a world outlook of ``demand.csv``, or an application outlook
    (:mod:`critmin.stocks.outlook`: a bundled name, a YAML path or an
    :class:`~critmin.stocks.outlook.Outlook`) whose paths set the inflows of their
    applications after the base year.

    Raises :class:`~critmin.exceptions.DatasetError` naming the file, row and column when a
    table the model needs is missing or a lifetime row cannot be used, and
    :class:`~critmin.stocks.outlook.OutlookError` for an outlook that does not fit the data.
    """
    notes: list[str] = []
    app = resolve_outlook(outlook)
    base_year, shares = _base_shares(ds)
    world = _world_anchors(ds, base_year, float(shares.sum()),
                           app.world if app is not None else str(outlook))
    lifetimes = _lifetimes(ds)
    missing = sorted({s for (_, s) in shares.index} - set(lifetimes))
    for sector in missing:
        t = float(shares[[k for k in shares.index if k[1] == sector]].sum())
        notes.append(f"sector {sector!r} has no row in lifetimes.csv: its {t:,.0f} t of "
                     f"{base_year} demand is left out of the stocks")
    groups = [k for k in shares.index if k[1] in lifetimes]
    first = min(world) if start is None else min(start, min(world))
    years = list(range(first, max(end, first) + 1))
    total = interpolate_world(world, years)
    weights = shares[groups].to_numpy(dtype=float) / float(shares.sum())
    inflow = np.outer(total, weights)
    if app is not None:
        apply_paths(ds, app, base_year, years, groups, shares, inflow)
    rates = _rates(ds, sorted(lifetimes), notes)
    return StockInputs(years=years, groups=groups, inflow=inflow, lifetimes=lifetimes,
                       contents=_contents(ds), rates=rates, world=world, notes=notes)


def apply_paths(ds: Dataset, app: Outlook, base_year: int, years: list[int],
                groups: list[tuple[str, str]], shares: pd.Series, inflow: np.ndarray) -> None:
    """Set, in place, the inflows of each application with a path in ``app`` from the base
    year on: base-year demand × path(y) / path(base year). World paths first, then paths of
    named regions (which override them there)."""
    known = set(ds.sources["source_id"])
    first = years.index(base_year) if base_year in years else len(years)
    order = sorted(range(len(app.applications)),
                   key=lambda i: app.applications[i].regions is not None)
    for i in order:
        path, where = app.applications[i], f"outlook {app.name!r}: applications[{i}]"
        unknown = [s for s in path.source_ids if s not in known]
        if unknown:
            msg = f"{where}.source_ids: {unknown[0]!r} is not in the dataset's sources.csv"
            raise OutlookError(msg)
        if base_year not in path.values:
            msg = (f"{where}.values: needs the base year {base_year} (each year's value is "
                   "taken relative to it)")
            raise OutlookError(msg)
        try:
            regions = set(ds.resolve_countries(path.regions)) if path.regions else None
        except KeyError as exc:
            msg = f"{where}.regions: {exc.args[0]}"
            raise OutlookError(msg) from None
        cols = [j for j, (r, s) in enumerate(groups)
                if s == path.sector and (regions is None or r in regions)]
        if not cols:
            msg = (f"{where}.sector: no {path.sector!r} demand with a lifetime in this dataset"
                   + (" in those regions" if regions else ""))
            raise OutlookError(msg)
        ratio = interpolate_world(path.values, years[first:]) / path.values[base_year]
        base = shares[[groups[j] for j in cols]].to_numpy(dtype=float)
        inflow[first:, cols] = np.outer(ratio, base)


def interpolate_world(anchors: dict[int, float], years: list[int]) -> np.ndarray:
    """World inflow in each of ``years``: log-linear between anchors, 0 before the first,
    flat after the last.

    Examples
    --------
    >>> interpolate_world({2000: 100.0, 2002: 400.0}, [1999, 2000, 2001, 2002, 2003]).tolist()
    [0.0, 100.0, 200.0, 400.0, 400.0]
    """
    keys = sorted(anchors)
    out = np.zeros(len(years))
    for i, y in enumerate(years):
        if y < keys[0]:
            continue
        if y >= keys[-1]:
            out[i] = anchors[keys[-1]]
            continue
        j = max(k for k in range(len(keys)) if keys[k] <= y)
        y0, y1 = keys[j], keys[j + 1]
        a, b = anchors[y0], anchors[y1]
        out[i] = a * math.exp(math.log(b / a) * (y - y0) / (y1 - y0)) if a > 0 and b > 0 \
            else a + (b - a) * (y - y0) / (y1 - y0)
    return out


def _problem(file: str, column: str | None, message: str,
             rule: str = "stocks_input") -> NoReturn:
    raise DatasetError([Problem(file, None, column, rule, message)])


def _magnet_demand(ds: Dataset) -> pd.DataFrame:
    d = ds.demand
    return d[(d["material"] == PRODUCT) & (d["stage"] == STAGE)]


def _base_shares(ds: Dataset) -> tuple[int, pd.Series]:
    """The base year and its NdFeB demand by (country, sector), observed rows only."""
    d = _magnet_demand(ds)
    observed = d[(d["outlook"].fillna("") == "") & (d["country"] != WORLD)]
    base = ds.base_year
    if base is None or observed[observed["year"] == base].empty:
        if observed.empty:
            _problem("demand.csv", "demand_t", "no observed NdFeB demand at the magnet stage: "
                     "the stocks model splits world inflows by it")
        base = int(observed["year"].max())
    rows = observed[observed["year"] == base]
    shares = rows.groupby(["country", "sector"])["demand_t"].sum()
    return int(base), shares[shares > 0]


def _world_anchors(ds: Dataset, base_year: int, base_total: float,
                   outlook: str) -> dict[int, float]:
    wt = ds.world_totals
    hist = wt[(wt["material"] == PRODUCT) & (wt["stage"] == STAGE) & (wt["year"] < base_year)]
    anchors = {int(y): float(v) for y, v in zip(hist["year"], hist["production_t"], strict=True)}
    anchors[base_year] = base_total
    d = _magnet_demand(ds)
    ahead = d[(d["country"] == WORLD) & (d["year"] > base_year)]
    chosen = ahead[ahead["outlook"] == outlook]
    if ahead.shape[0] and chosen.empty:
        known = ", ".join(sorted(set(ahead["outlook"])))
        _problem("demand.csv", "outlook", f"no world NdFeB outlook {outlook!r}; known: {known}; "
                 f"bundled demand outlooks: {', '.join(list_outlooks())}")
    for y, v in zip(chosen["year"], chosen["demand_t"], strict=True):
        anchors[int(y)] = float(v)
    return anchors


def _lifetimes(ds: Dataset) -> dict[str, Lifetime]:
    if "lifetimes" not in ds.tables or ds.lifetimes.empty:
        _problem("lifetimes.csv", None, "the stocks model needs lifetimes by sector",
                 rule="missing_table")
    out = {}
    for i, row in enumerate(ds.lifetimes.itertuples(index=False)):
        def value(x: object) -> float | None:
            return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)
        try:
            out[str(row.sector)] = Lifetime(row.distribution, mean=value(row.mean_years),
                                            std=value(row.std_years),
                                            shape=value(row.weibull_shape),
                                            scale=value(row.weibull_scale))
        except ValueError as exc:
            raise DatasetError([Problem("lifetimes.csv", i + 2, "distribution",
                                        "lifetime_parameters", str(exc))]) from None
    return out


def _contents(ds: Dataset) -> dict[str, float]:
    c = ds.contents if "contents" in ds.tables else None
    if c is None or c[c["product"] == PRODUCT].empty:
        _problem("contents.csv", None, f"the stocks model needs the element contents of "
                 f"{PRODUCT}", rule="missing_table")
    rows = c[c["product"] == PRODUCT]
    return {str(m): float(v) for m, v in zip(rows["material"], rows["t_per_t"], strict=True)}


def _rates(ds: Dataset, sectors: list[str], notes: list[str]) -> dict[tuple[str, str], float]:
    """``(sector, step)`` → rate: the sector's own row, else the all-sector row, else nan."""
    r = ds.eol_rates if "eol_rates" in ds.tables else None
    table = {} if r is None else {(str(s), str(p)): float(v) for s, p, v in
                                  zip(r["sector"], r["step"], r["rate"], strict=True)}
    out: dict[tuple[str, str], float] = {}
    for sector in sectors:
        for step in STEPS:
            out[(sector, step)] = table.get((sector, step), table.get(("", step), math.nan))
        gaps = [p for p in STEPS if math.isnan(out[(sector, p)])]
        if gaps:
            notes.append(f"sector {sector!r} has no sourced {' or '.join(gaps)} rate in "
                         "eol_rates.csv: its recyclable and recycled flows are unknown (blank)")
    return out
