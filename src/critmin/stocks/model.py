"""In-use stocks, end-of-life flows and secondary supply of NdFeB magnets and their elements.

For every region r, end-use sector s and year t (magnet mass, t):

* stock and outflow from the inflows and the sector's lifetime (:mod:`critmin.stocks.kernel`,
  flodym), with inflow − outflow = Δstock checked at run time;
* recyclable = outflow × collection × separation — magnets taken out of collected products
  and sent to rare-earth recovery, the feed a recycling plant can take;
* recycled = recyclable × recovery.

Each element e (Nd, Pr, Dy, Tb) is the magnet flow times its content :math:`c_e` (t/t), one
composition for every cohort. See ``docs/stocks.md``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from critmin.stocks.inputs import DEFAULT_OUTLOOK, PRODUCT, StockInputs, read_inputs
from critmin.stocks.kernel import check_balance, inflow_driven

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd

    from critmin.data import Dataset
    from critmin.stocks.outlook import Outlook

#: Columns of :attr:`StocksResult.table`, in order.
COLUMNS = ["year", "region", "application", "material", "inflow_t", "stock_t", "outflow_t",
           "recyclable_t", "recycled_t"]
FLOWS = COLUMNS[4:]
#: Default years reported.
DEFAULT_YEARS = (2000, 2050)
#: Years the model can report (inflows are flat after the last outlook year).
HORIZON = (1950, 2100)


@dataclass(frozen=True)
class StocksResult:
    """The stocks model's answer.

    Attributes
    ----------
    table : pandas.DataFrame
        :data:`COLUMNS`: one row per year, region, application (sector) and material
        (``NdFeB`` and each element); flows in t/yr, stocks in t at the end of the year.
        ``recyclable_t`` and ``recycled_t`` are blank where a rate is not sourced.
    notes : list of str
        What the model left out and why.
    """

    table: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def run_stocks(ds: Dataset, *, materials: list[str] | None = None,
               regions: list[str] | None = None, years: tuple[int, int] = DEFAULT_YEARS,
               outlook: str | Outlook = DEFAULT_OUTLOOK) -> StocksResult:
    """Run the NdFeB stocks model on ``ds`` and return the rows asked for.

    Parameters
    ----------
    materials : list of str, optional
        ``NdFeB`` and/or elements of ``contents.csv`` (default: all).
    regions : list of str, optional
        Country codes or group names of the dataset, each reported as one region summed over
        its members, or ``XWL`` for the world (default: every country with demand).
    years : (int, int)
        First and last year reported (inclusive); the model runs from the first inflow.
    outlook : str or Outlook
        The world outlook of ``demand.csv`` that sets inflows after the base year, or a
        demand outlook with paths per application (:mod:`critmin.stocks.outlook`: a
        bundled name, a YAML path or an :class:`~critmin.stocks.outlook.Outlook`).

    Raises
    ------
    ValueError
        For an unknown material or region, or years outside the model's horizon.
    critmin.exceptions.DatasetError
        When the dataset lacks a table the model needs.
    """
    first, last = years
    if not HORIZON[0] <= first <= last <= HORIZON[1]:
        msg = (f"years {first}:{last}: need first <= last, both within "
               f"{HORIZON[0]}:{HORIZON[1]}")
        raise ValueError(msg)
    inputs = read_inputs(ds, end=max(last, DEFAULT_YEARS[1]), outlook=outlook,
                         start=first)
    mats = _materials(inputs, materials)
    magnet = solve_magnets(inputs)
    table = _tidy(inputs, magnet, mats)
    table = _regions(ds, table, regions)
    table = table[(table["year"] >= first) & (table["year"] <= last)]
    return StocksResult(table.reset_index(drop=True), list(inputs.notes))


def solve_magnets(inputs: StockInputs) -> dict[str, np.ndarray]:
    """Magnet-mass flows of every group, dims ``(year, group)``: inflow, stock, outflow,
    recyclable and recycled (t). Checks the mass balance and the end-of-life split."""
    lifetimes = [inputs.lifetimes[sector] for _, sector in inputs.groups]
    stock, outflow = inflow_driven(inputs.years, inputs.inflow, lifetimes)
    check_balance(inputs.inflow, outflow, stock)
    rate = {step: np.array([inputs.rates[(s, step)] for _, s in inputs.groups])
            for step in ("collection", "separation", "recovery")}
    recyclable = outflow * rate["collection"] * rate["separation"]
    recycled = recyclable * rate["recovery"]
    known = ~np.isnan(recycled)
    if (recycled[known] > outflow[known] * (1 + 1e-12)).any():  # rates are shares: cannot be
        msg = "end-of-life split broken: more recycled than reached end of life"
        raise ValueError(msg)
    return {"inflow_t": inputs.inflow, "stock_t": stock, "outflow_t": outflow,
            "recyclable_t": recyclable, "recycled_t": recycled}


def _materials(inputs: StockInputs, materials: list[str] | None) -> list[str]:
    order = ["Nd", "Pr", "Dy", "Tb"]
    known = [PRODUCT, *sorted(inputs.contents,
                              key=lambda m: (order.index(m) if m in order else len(order), m))]
    if not materials:
        return known
    unknown = [m for m in materials if m not in known]
    if unknown:
        msg = f"unknown material {unknown[0]!r}; the stocks model has {', '.join(known)}"
        raise ValueError(msg)
    return [m for m in known if m in materials]


def _tidy(inputs: StockInputs, magnet: dict[str, np.ndarray], mats: list[str]) -> pd.DataFrame:
    """Long table of every year × group × material."""
    import pandas as pd

    n_year, n_group = inputs.inflow.shape
    frames = []
    for m in mats:
        factor = 1.0 if m == PRODUCT else inputs.contents[m]
        frame = pd.DataFrame({
            "year": np.repeat(inputs.years, n_group),
            "region": [r for _ in range(n_year) for r, _ in inputs.groups],
            "application": [s for _ in range(n_year) for _, s in inputs.groups],
            "material": m})
        for col in FLOWS:
            frame[col] = magnet[col].reshape(-1) * factor
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _regions(ds: Dataset, table: pd.DataFrame, regions: list[str] | None) -> pd.DataFrame:
    """Rows of each named region (a country, a group summed over members, or XWL)."""
    import pandas as pd

    if not regions:
        return table.sort_values(["year", "region", "application", "material"], kind="stable")
    parts = []
    for name in regions:
        if name == "XWL":
            members = sorted(set(table["region"]))
        else:
            try:
                members = ds.resolve_countries([name])
            except KeyError as exc:
                raise ValueError(exc.args[0]) from None
        rows = table[table["region"].isin(members)]
        summed = rows.groupby(["year", "application", "material"], as_index=False, sort=False)[
            FLOWS].sum(min_count=1)
        parts.append(summed.assign(region=name))
    out = pd.concat(parts, ignore_index=True)[COLUMNS]
    return out.sort_values(["year", "region", "application", "material"], kind="stable")


def stock_in(result: StocksResult, year: int, material: str) -> float:
    """Total in-use stock of ``material`` at the end of ``year`` over the result's rows (t)."""
    t = result.table
    rows = t[(t["year"] == year) & (t["material"] == material)]
    value = float(rows["stock_t"].sum())
    return value if rows.shape[0] else math.nan


#: Chain materials made of several elements of the MFA.
_PARTS = {"NdPr": ("Nd", "Pr")}


def recycled_feed(ds: Dataset, country: str, material: str, years: tuple[int, int],
                  rates: Mapping[str, float] | None = None,
                  factors: Mapping[str, float] | None = None) -> dict[int, float]:
    """Material recovered each year from the end-of-life magnets first used in ``country``
    (t/yr): outflow × collection × separation × recovery, summed over the applications whose
    rates are known, times the material's content (NdFeB 1; NdPr = Nd + Pr).

    ``rates`` replaces the dataset's rate of a step (``collection``, ``separation``,
    ``recovery``) for every application, e.g. a policy that separates every collected
    magnet. ``factors`` then multiplies a step's rate of every application, capped at 1
    (an ensemble's draw of the rates). The MFA runs once per dataset (kept by
    ``Dataset.memo``); a country with no demand gets zeros.
    """
    end = max(years[1], DEFAULT_YEARS[1])

    def make() -> tuple[StockInputs, dict[str, np.ndarray]]:
        inputs = read_inputs(ds, end=end)
        return inputs, solve_magnets(inputs)

    inputs, magnet = ds.memo(f"stocks-magnets-{end}",
                             ("world_totals", "demand", "lifetimes", "contents", "eol_rates"),
                             make)
    cols = [j for j, (region, _) in enumerate(inputs.groups) if region == country]
    share = np.ones(len(cols))
    for step in ("collection", "separation", "recovery"):
        rate = np.array([(rates or {}).get(step, inputs.rates[(inputs.groups[j][1], step)])
                         for j in cols], dtype=float)
        share = share * np.minimum(rate * (factors or {}).get(step, 1.0), 1.0)
    recovered = np.nansum(magnet["outflow_t"][:, cols] * share, axis=1)
    factor = 1.0 if material == PRODUCT else sum(
        inputs.contents.get(part, 0.0) for part in _PARTS.get(material, (material,)))
    first = inputs.years[0]
    return {y: float(recovered[y - first]) * factor if first <= y <= inputs.years[-1] else 0.0
            for y in range(years[0], years[1] + 1)}
