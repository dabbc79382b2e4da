"""Project economics: cash flows, NPV, IRR, breakeven price, price floors and offtakes.

A :class:`Project` (usually built from a row of ``ds.facilities`` with
:func:`project_from_facility`) is valued against one or several price paths
(:class:`~critmin.economics.price_paths.PricePaths`, read from a price-path file).
Equations, assumptions and sources are in ``docs/economics.md``; every default below is an
assumption a caller can override.

Units: capacity and output in t/yr of the facility's output material, prices and unit costs
in USD/kg, money in MUSD (real, constant dollars), rates as fractions per year. Cash flows are
end-of-year amounts; NPV is discounted to ``base_year`` (default: the first cash-flow year).

>>> p = Project("demo", capacity_t=1000, start_year=2027, capex_musd=100,
...             unit_cost_usd_per_kg=40, ramp_up=(1.0,), life_years=10, construction_years=1)
>>> float(cash_flows(p, 60.0)["net_cash_flow_musd"].sum())
100.0
"""

from __future__ import annotations

import dataclasses
import difflib
import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from critmin.economics import cashflow as _cf
from critmin.economics.price_paths import PricePath
from critmin.exceptions import ScenarioError

if TYPE_CHECKING:
    import pandas as pd

    from critmin.data import Dataset

logger = logging.getLogger(__name__)

#: Real discount rate per year used when none is given (assumption, see docs/economics.md).
DEFAULT_DISCOUNT_RATE = 0.08
#: Share of nameplate output in operating years 1, 2, 3, 4+ (assumption).
DEFAULT_RAMP_UP: tuple[float, ...] = (0.3, 0.6, 0.9, 1.0)
#: Operating life in years (assumption).
DEFAULT_LIFE_YEARS = 20
#: Years of construction before the first output year, capex spread evenly (assumption).
DEFAULT_CONSTRUCTION_YEARS = 2

if TYPE_CHECKING:
    PriceLike = float | Mapping[int, float] | Sequence[float] | np.ndarray | "PricePath"


# --------------------------------------------------------------------------- project


def _number(value: Any) -> float | None:
    """``value`` as a finite float, or None (blank, NaN, text, infinite)."""
    if _missing(value) or isinstance(value, bool):
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value) or str(value) in {"<NA>", ""}  # NaN, pd.NA, blank
    except TypeError:  # pd.NA comparisons raise in boolean context
        return True


@dataclass(frozen=True)
class Project:
    """A facility as an investment: output, costs and timing, with explicit assumptions.

    Attributes
    ----------
    facility_id : str
        Identifier (``facilities.csv``).
    capacity_t : float
        Nameplate output, t/yr of the output material.
    start_year : int
        First year of output.
    capex_musd : float
        Initial capital cost, MUSD, spread over the construction years.
    unit_cost_usd_per_kg : float
        Operating cost per kg of output, USD/kg (constant real).
    ramp_up : tuple of float
        Share of capacity produced in operating years 1, 2, …; the last value holds after.
    life_years : int
        Operating years from ``start_year``.
    construction_years : int
        Years before ``start_year`` over which capex is spent (0: capex in ``start_year``).
    capex_phasing : tuple of float or None
        Share of capex in each construction year (sums to 1); ``None`` = even.
    sustaining_capex_musd_per_year : float
        Capital spending in every operating year, MUSD/yr (default 0: ignored).
    tax_rate : float
        Flat rate on positive taxable profit (revenue − opex − straight-line depreciation of
        the initial capex over the life); 0 (default) gives pre-tax economics.
    price_factor : float
        kg of the priced good per kg of output (e.g. 1/0.857 when capacity is t of contained
        Nd and the price is per kg of Nd oxide); 1 when they match.
    """

    facility_id: str
    capacity_t: float
    start_year: int
    capex_musd: float
    unit_cost_usd_per_kg: float
    ramp_up: tuple[float, ...] = DEFAULT_RAMP_UP
    life_years: int = DEFAULT_LIFE_YEARS
    construction_years: int = DEFAULT_CONSTRUCTION_YEARS
    capex_phasing: tuple[float, ...] | None = None
    sustaining_capex_musd_per_year: float = 0.0
    tax_rate: float = 0.0
    price_factor: float = 1.0
    name: str = ""
    material: str = ""
    stage: str = ""

    def __post_init__(self) -> None:
        where = f"project {self.facility_id!r}"
        for f in ("capacity_t", "capex_musd", "unit_cost_usd_per_kg",
                  "sustaining_capex_musd_per_year", "price_factor", "tax_rate"):
            v = _number(getattr(self, f))
            if v is None or v < 0:
                msg = f"{where}: {f} must be a finite number >= 0, got {getattr(self, f)!r}"
                raise ScenarioError(msg)
            object.__setattr__(self, f, v)
        for f, lo in (("start_year", 1900), ("life_years", 1), ("construction_years", 0)):
            v = _number(getattr(self, f))
            if v is None or not v.is_integer() or v < lo:
                msg = f"{where}: {f} must be an integer >= {lo}, got {getattr(self, f)!r}"
                raise ScenarioError(msg)
            object.__setattr__(self, f, int(v))
        if self.tax_rate >= 1.0:
            msg = f"{where}: tax_rate must be in [0, 1), got {self.tax_rate!r}"
            raise ScenarioError(msg)
        ramp = tuple(float(x) for x in self.ramp_up)
        if not ramp or any(not 0.0 <= x <= 1.0 for x in ramp):
            msg = f"{where}: ramp_up must be a non-empty list of shares in [0, 1], got {ramp}"
            raise ScenarioError(msg)
        object.__setattr__(self, "ramp_up", ramp)
        if self.capex_phasing is None:
            n = self.construction_years
            phasing = tuple([1.0 / n] * n) if n else ()
        else:
            phasing = tuple(float(x) for x in self.capex_phasing)
            if (len(phasing) != self.construction_years or any(x < 0 for x in phasing)
                    or (phasing and abs(sum(phasing) - 1.0) > 1e-9)):
                msg = (f"{where}: capex_phasing needs {self.construction_years} non-negative "
                       f"shares summing to 1 (one per construction year), got {phasing}")
                raise ScenarioError(msg)
        object.__setattr__(self, "capex_phasing", phasing)

    @property
    def first_year(self) -> int:
        """First cash-flow year (start of construction)."""
        return self.start_year - self.construction_years

    @property
    def years(self) -> np.ndarray:
        """Cash-flow years, construction then operation."""
        return np.arange(self.first_year, self.start_year + self.life_years)

    @property
    def output_t(self) -> np.ndarray:
        """Output per cash-flow year, t (``capacity_t × utilisation``)."""
        u = _cf.utilisation_profile(self.construction_years, self.life_years, self.ramp_up)
        return self.capacity_t * u

    def replace(self, **changes: Any) -> Project:
        """A copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_facility(cls, row: Mapping[str, Any], **overrides: Any) -> Project:
        """Build a project from a ``facilities`` row; ``overrides`` replace or fill fields.

        Raises :class:`ScenarioError` when capacity, start year, capex or unit cost is blank
        in the row and not overridden: a missing cost is never taken as zero.
        """
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(overrides) - names)
        if unknown:
            msg = (f"unknown project assumption(s) {', '.join(unknown)}; "
                   f"known: {', '.join(sorted(names))}")
            raise ScenarioError(msg)
        fid = str(row.get("facility_id", overrides.get("facility_id", "")))
        values: dict[str, Any] = {"facility_id": fid}
        for f in ("name", "material", "stage"):
            values[f] = "" if _missing(row.get(f)) else str(row.get(f))
        missing = []
        for f in ("capacity_t", "start_year", "capex_musd", "unit_cost_usd_per_kg"):
            if f in overrides:
                continue
            if _missing(row.get(f)):
                missing.append(f)
            else:
                values[f] = row[f]
        if missing:
            flags = ", ".join(f"{f}=... / --{f.replace('_', '-')}" for f in missing)
            msg = (f"facility {fid!r} has no {', '.join(missing)} in the dataset; give "
                   f"{'it' if len(missing) == 1 else 'them'} explicitly ({flags}) - critmin "
                   "does not assume a missing cost or date")
            raise ScenarioError(msg)
        if "start_year" in values:
            values["start_year"] = int(values["start_year"])
        values.update(overrides)
        return cls(**values)


def project_from_facility(ds: Dataset, facility_id: str, *, price_basis: str | None = None,
                          **overrides: Any) -> Project:
    """The :class:`Project` of facility ``facility_id`` in ``ds.facilities``.

    Parameters
    ----------
    ds : Dataset
    facility_id : str
        Unknown ids raise :class:`ScenarioError` naming up to three close matches.
    price_basis : {"oxide", "element", "product"}, optional
        Basis of the prices the project will be valued with. For a ``separation`` facility
        (capacity in t of contained element, by convention) priced per kg of oxide, sets
        ``price_factor = 1 / element_per_oxide`` from ``ds.materials``.
    **overrides
        Project assumptions (``capex_musd=…``, ``life_years=…``, ``ramp_up=…``, …).
    """
    fac = ds.facilities
    ids = [str(x) for x in fac["facility_id"]]
    if facility_id not in ids:
        close = difflib.get_close_matches(facility_id, ids, n=3, cutoff=0.4)
        close += [i for i in ids if facility_id.lower() in i.lower() and i not in close]
        hint = f"; did you mean {', '.join(close[:3])}?" if close else ""
        msg = f"unknown facility_id {facility_id!r} ({len(ids)} facilities in dataset){hint}"
        raise ScenarioError(msg)
    row = fac.iloc[ids.index(facility_id)].to_dict()
    if price_basis == "oxide" and "price_factor" not in overrides and row["stage"] == "separation":
        mat = ds.materials[ds.materials["material"] == row["material"]]
        basis = str(mat["basis"].iloc[0]) if len(mat) else ""
        epo = _number(mat["element_per_oxide"].iloc[0]) if len(mat) else None
        if basis == "element" and epo:
            overrides["price_factor"] = 1.0 / epo
            logger.info("%s: oxide prices for element capacity: price_factor = 1/%.4f",
                        facility_id, epo)
        elif basis != "oxide":  # capacity in t REO etc. is already on an oxide basis
            msg = (f"facility {facility_id!r}: oxide prices for {row['material']!r} capacity "
                   "but no element_per_oxide in materials.csv; give price_factor (kg oxide "
                   "per kg output) explicitly")
            raise ScenarioError(msg)
    return Project.from_facility(row, **overrides)


# --------------------------------------------------------------------------- contracts


@dataclass(frozen=True)
class Offtake:
    """A share of output sold at a fixed price for a term; the rest is sold at market.

    ``p̃_t = s × fixed + (1 − s) × p_t`` inside the term, ``p_t`` outside it.
    """

    share: float
    price_usd_per_kg: float
    first_year: int | None = None  # default: the project's start year
    term_years: int | None = None  # default: the whole life

    def __post_init__(self) -> None:
        if not 0.0 <= self.share <= 1.0:
            msg = f"offtake share must be in [0, 1], got {self.share!r}"
            raise ScenarioError(msg)
        if not (math.isfinite(self.price_usd_per_kg) and self.price_usd_per_kg >= 0):
            msg = f"offtake price must be a finite number >= 0, got {self.price_usd_per_kg!r}"
            raise ScenarioError(msg)

    def shares(self, years: np.ndarray, start_year: int) -> np.ndarray:
        """Offtake share of output per year (0 outside the term)."""
        return self.share * _term_mask(years, self.first_year or start_year, self.term_years)


@dataclass(frozen=True)
class PriceFloor:
    """A government price floor on a share of output, with an optional upside share.

    The government pays ``max(floor − p_t, 0)`` per covered kg in the term and receives
    ``upside_share × max(p_t − threshold, 0)`` per covered kg from ``upside_from_year``.
    """

    floor_usd_per_kg: float
    covered_share: float = 1.0
    first_year: int | None = None  # default: the project's start year
    term_years: int | None = None  # default: the whole life
    upside_share: float = 0.0
    upside_threshold_usd_per_kg: float | None = None  # default: the floor
    upside_from_year: int | None = None  # default: the first covered year

    def __post_init__(self) -> None:
        for f in ("floor_usd_per_kg", "upside_threshold_usd_per_kg"):
            v = getattr(self, f)
            if v is not None and not (math.isfinite(v) and v >= 0):
                msg = f"price floor: {f} must be a finite number >= 0, got {v!r}"
                raise ScenarioError(msg)
        for f in ("covered_share", "upside_share"):
            if not 0.0 <= getattr(self, f) <= 1.0:
                msg = f"price floor: {f} must be in [0, 1], got {getattr(self, f)!r}"
                raise ScenarioError(msg)
        if self.term_years is not None and self.term_years < 0:
            msg = f"price floor: term_years must be >= 0, got {self.term_years!r}"
            raise ScenarioError(msg)

    def masks(self, years: np.ndarray, start_year: int) -> tuple[np.ndarray, np.ndarray, float]:
        """Covered share per year, upside switch per year and the upside threshold."""
        first = self.first_year if self.first_year is not None else start_year
        covered = self.covered_share * _term_mask(years, first, self.term_years)
        up_from = self.upside_from_year if self.upside_from_year is not None else first
        upside_on = (years >= up_from).astype(float)
        thr = (self.floor_usd_per_kg if self.upside_threshold_usd_per_kg is None
               else self.upside_threshold_usd_per_kg)
        return covered, upside_on, thr


#: The NdPr floor of the US DoD–MP Materials agreement of 10 July 2025 as modelled here:
#: USD 110/kg on all NdPr sold or stockpiled, 10 years from Q4 2025 (modelled as calendar
#: 2025–2034), DoD receiving 30 % of the upside above the floor once the 10X magnet facility
#: operates (commissioning 2028). Source: MP Materials/DoD release and 8-K of 10 Jul 2025 as
#: reported by Metal Tech News, FAS (15 Jul 2025), Adamas Intelligence, Project Blue (secondary;
#: figures.md S20). Apply it to the project that sells NdPr oxide (Mountain Pass).
MP_DOD_NDPR_FLOOR = PriceFloor(floor_usd_per_kg=110.0, covered_share=1.0, first_year=2025,
                               term_years=10, upside_share=0.30, upside_from_year=2028)


def _term_mask(years: np.ndarray, first: int, term: int | None) -> np.ndarray:
    last = np.inf if term is None else first + term - 1
    return ((years >= first) & (years <= last)).astype(float)


def price_array(prices: Any, years: np.ndarray) -> np.ndarray:
    """Prices (USD/kg) aligned on ``years`` from a number, mapping, PricePath or array."""
    if isinstance(prices, PricePath):
        out = prices.price_array(years)
    elif isinstance(prices, (int, float, np.integer, np.floating)):
        out = np.full(years.size, float(prices))
    elif isinstance(prices, Mapping) or hasattr(prices, "items"):  # dict or pandas Series
        from pydantic import ValidationError

        try:
            path = PricePath(name="prices", prices={int(k): float(v) for k, v in prices.items()})
        except (ValidationError, TypeError, ValueError) as exc:
            msg = f"prices by year must map years 1900-2100 to numbers >= 0: {exc}"
            raise ScenarioError(msg) from None
        out = path.price_array(years)
    else:
        out = np.asarray(prices, dtype=float)
        if out.shape != years.shape:
            msg = (f"a price array needs one price per cash-flow year ({years.size}: "
                   f"{years[0]}-{years[-1]}), got shape {out.shape}")
            raise ScenarioError(msg)
    if not np.all(np.isfinite(out)):
        msg = "prices must be finite numbers"
        raise ScenarioError(msg)
    return out


# --------------------------------------------------------------------------- valuation


def cash_flows(project: Project, prices: PriceLike, *, offtake: Offtake | None = None,
               floor: PriceFloor | None = None) -> pd.DataFrame:
    """Yearly cash flows of ``project`` under ``prices`` (one row per year).

    Parameters
    ----------
    project : Project
    prices : float, {year: USD/kg}, PricePath or array
        Market price of the priced good, USD/kg (constant, by year, or one per cash-flow year).
    offtake : Offtake, optional
        Share of output sold at a fixed price.
    floor : PriceFloor, optional
        Price floor whose net payments the project receives.

    Returns
    -------
    pandas.DataFrame
        ``year, utilisation, output_t, price_usd_per_kg, realized_price_usd_per_kg,
        revenue_musd, floor_support_musd, opex_musd, capex_musd, tax_musd,
        net_cash_flow_musd`` with ``revenue = V f p̃ / 1e3``, ``opex = V c / 1e3``,
        ``net = revenue + floor_support − opex − capex − tax``.
    """
    import pandas as pd

    years = project.years
    price = price_array(prices, years)
    vol = project.output_t
    realized = price
    if offtake is not None:
        s = offtake.shares(years, project.start_year)
        realized = s * offtake.price_usd_per_kg + (1.0 - s) * price
    support = None
    if floor is not None:
        covered, upside_on, thr = floor.masks(years, project.start_year)
        pay, up = _cf.floor_payments(vol * project.price_factor, price, floor.floor_usd_per_kg,
                                     covered, floor.upside_share, thr, upside_on)
        support = pay - up
    capex = _cf.capex_profile(project.construction_years, project.life_years,
                              project.capex_musd, project.capex_phasing,
                              project.sustaining_capex_musd_per_year)
    dep = np.zeros(years.size)
    dep[project.construction_years:] = project.capex_musd / project.life_years
    lines = _cf.project_flows(vol, realized, project.price_factor,
                              project.unit_cost_usd_per_kg, capex, dep, project.tax_rate,
                              support)
    util = _cf.utilisation_profile(project.construction_years, project.life_years,
                                   project.ramp_up)
    return pd.DataFrame({
        "year": years, "utilisation": util, "output_t": vol, "price_usd_per_kg": price,
        "realized_price_usd_per_kg": realized, "revenue_musd": lines["revenue"],
        "floor_support_musd": lines["support"], "opex_musd": lines["opex"],
        "capex_musd": lines["capex"], "tax_musd": lines["tax"],
        "net_cash_flow_musd": lines["net"],
    })


def offtake(project: Project, prices: PriceLike, share: float, price_usd_per_kg: float, *,
            first_year: int | None = None, term_years: int | None = None,
            floor: PriceFloor | None = None) -> pd.DataFrame:
    """Cash flows when ``share`` of output is sold at a fixed ``price_usd_per_kg``.

    The rest is sold at the market price ``p_t``: realized price
    ``p̃_t = share × fixed + (1 − share) × p_t`` in the contract term. See :func:`cash_flows`.
    """
    deal = Offtake(share=share, price_usd_per_kg=price_usd_per_kg, first_year=first_year,
                   term_years=term_years)
    return cash_flows(project, prices, offtake=deal, floor=floor)
