"""Project economics: cash flows, NPV, IRR, breakeven price, price floors and offtakes.

A :class:`Project` (usually built from a row of ``ds.facilities`` with
:func:`project_from_facility`) is valued against one or several price paths
(:class:`~critmin.optimize.price_paths.PricePaths`, read from a price-path file).
Equations, assumptions and sources are in ``docs/economics.md``; every default below is an
assumption a caller can override.

Units: capacity and output in t/yr of the facility's output material, prices and unit costs
in USD/kg, money in MUSD (real, constant dollars), rates as fractions per year. Cash flows are
end-of-year amounts; NPV is discounted to ``base_year`` (default: the first cash-flow year).

>>> p = Project("demo", capacity_t=1000, start_year=2027, capex_musd=100,
...             unit_cost_usd_per_kg=40, ramp_up=(1.0,), life_years=10, construction_years=1)
>>> round(breakeven_price(p, discount_rate=0.0), 6)
50.0
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

from critmin.exceptions import ScenarioError
from critmin.optimize import _cashflow as _cf
from critmin.optimize.price_paths import PricePath, PricePaths

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


def _price_array(prices: Any, years: np.ndarray) -> np.ndarray:
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
    price = _price_array(prices, years)
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


def _flows_and_offset(cash_flows: Any, base_year: int | None) -> tuple[np.ndarray, float]:
    if hasattr(cash_flows, "columns"):
        years = cash_flows["year"].to_numpy(dtype=int)
        vals = cash_flows["net_cash_flow_musd"].to_numpy(dtype=float)
        if years.size == 0:
            return vals, 0.0
        full = np.zeros(int(years.max() - years.min()) + 1)
        np.add.at(full, years - years.min(), vals)  # fill gaps with zero flows
        base = int(years.min()) if base_year is None else int(base_year)
        return full, float(years.min() - base)
    return np.asarray(cash_flows, dtype=float), 0.0


def _check_rate(rate: float) -> float:
    if not (math.isfinite(rate) and rate > -1.0):
        msg = f"discount rate must be a number > -1 (0.08 = 8 %/yr), got {rate!r}"
        raise ScenarioError(msg)
    return float(rate)


def npv(cash_flows: Any, rate: float, *, base_year: int | None = None) -> float:
    """Net present value ``Σ_t CF_t / (1 + r)^(t − t0)`` (MUSD for :func:`cash_flows` output).

    ``cash_flows`` is a sequence (period 0 first, discounted by ``(1+r)^0``) or a
    :func:`cash_flows` table, discounted to ``base_year`` (default its first year).
    """
    flows, offset = _flows_and_offset(cash_flows, base_year)
    return _cf.npv_kernel(flows, _check_rate(rate), offset)


def irr(cash_flows: Any) -> float | None:
    """Internal rate of return, or ``None`` when there is no unique one.

    See :func:`critmin.optimize._cashflow.irr_kernel` for the root-finding method.
    """
    flows, _ = _flows_and_offset(cash_flows, None)
    return _cf.irr_kernel(flows)


def breakeven_price(project: Project, discount_rate: float = DEFAULT_DISCOUNT_RATE, *,
                    offtake: Offtake | None = None) -> float | None:
    """Constant real market price (USD/kg) at which the project's NPV is zero.

    Without tax NPV is affine in the price, ``NPV(p) = A + B p``, so ``p* = −A / B``
    (may be negative for a project profitable at any price). With tax NPV is continuous and
    non-decreasing in ``p``; the root is found by Brent's method above the untaxed ``p*``.
    Returns ``None`` when the NPV does not depend on the market price (``B = 0``, e.g. all
    output under a fixed-price offtake).
    """
    from scipy.optimize import brentq

    rate = _check_rate(discount_rate)
    untaxed = project.replace(tax_rate=0.0)

    def f(p: float, proj: Project = project) -> float:
        return npv(cash_flows(proj, p, offtake=offtake), rate)

    a = f(0.0, untaxed)
    # B = PV of the volume sold at market, Σ_t V_t f (1 − s_t) 1e-3 / (1+r)^t
    years = project.years
    at_market = np.ones(years.size) if offtake is None else \
        1.0 - offtake.shares(years, project.start_year)
    q = project.output_t * project.price_factor * at_market * _cf.MUSD_PER_T_USD_PER_KG
    b = _cf.npv_kernel(q, rate)
    if not b > 1e-12 * float(np.sum(q)):
        return None
    p0 = -a / b
    if not math.isfinite(p0):
        return None
    if project.tax_rate == 0.0 or f(p0) >= 0.0:  # no tax is due at the untaxed breakeven
        return p0
    hi = max(p0, 1.0) * 2.0
    while f(hi) <= 0.0:  # taxed margin grows with p (tax rate < 1): this ends
        hi *= 2.0
        if not math.isfinite(hi):
            return None
    return float(brentq(f, p0, hi, xtol=1e-10, rtol=1e-12, maxiter=500))


def _as_paths(price_paths: Any) -> list[tuple[str, float | None, Any]]:
    if isinstance(price_paths, PricePaths):
        return [(p.name, p.probability, p) for p in price_paths.paths]
    if isinstance(price_paths, PricePath):
        return [(price_paths.name, price_paths.probability, price_paths)]
    if isinstance(price_paths, Mapping):
        return [(str(k), None, v) for k, v in price_paths.items()]
    out = []
    for i, p in enumerate(price_paths):
        if isinstance(p, PricePath):
            out.append((p.name, p.probability, p))
        else:
            out.append((f"path-{i}", None, p))
    return out


def _weights(paths: list[tuple[str, float | None, Any]], probabilities: Any) -> np.ndarray:
    names = [n for n, _, _ in paths]
    if probabilities is None:
        given = [pr for _, pr, _ in paths]
        w = (np.full(len(paths), 1.0 / len(paths)) if any(g is None for g in given)
             else np.asarray(given, dtype=float))
    elif isinstance(probabilities, Mapping):
        unknown = sorted(set(probabilities) - set(names))
        if unknown:
            msg = f"probabilities name unknown path(s) {', '.join(unknown)}"
            raise ScenarioError(msg)
        w = np.asarray([probabilities.get(n, 0.0) for n in names], dtype=float)
    else:
        w = np.asarray(probabilities, dtype=float)
    if w.shape != (len(paths),) or np.any(~np.isfinite(w)) or np.any(w < 0) or \
            abs(w.sum() - 1.0) > 1e-6:
        msg = (f"probabilities must be {len(paths)} numbers >= 0 summing to 1 "
               f"(one per path: {', '.join(names)}), got {w.tolist()}")
        raise ScenarioError(msg)
    return w


@dataclass(frozen=True)
class FloorCost:
    """Expected cost to a government of a price floor over probability-weighted paths.

    Attributes
    ----------
    expected_cost_musd : float
        ``Σ_k π_k C_k``, MUSD discounted to ``base_year``.
    by_path : pandas.DataFrame
        ``path, probability, pv_payments_musd, pv_upside_musd, pv_net_cost_musd,
        payments_musd`` (undiscounted), ``years_below_floor``.
    by_year : pandas.DataFrame
        ``path, year, price_usd_per_kg, covered_t, payment_musd, upside_musd``.
    """

    expected_cost_musd: float
    by_path: pd.DataFrame
    by_year: pd.DataFrame
    floor: PriceFloor
    discount_rate: float
    base_year: int


def price_floor_cost(project: Project, price_paths: Any, floor: float | PriceFloor,
                     probabilities: Any = None, upside_share: float = 0.0, *,
                     discount_rate: float = DEFAULT_DISCOUNT_RATE,
                     covered_share: float = 1.0, first_year: int | None = None,
                     term_years: int | None = None, upside_threshold: float | None = None,
                     upside_from_year: int | None = None,
                     base_year: int | None = None) -> FloorCost:
    """Expected discounted government cost of a price floor on ``project``'s output.

    For path ``k`` with prices ``p_kt`` and covered volume ``Q_t`` (kg of priced good:
    covered share × output × price factor, in the term):
    ``C_k = Σ_t [max(F − p_kt, 0) − s · 1[t ≥ t_up] · max(p_kt − H, 0)] Q_t / (1+r)^(t−t0)``;
    the result is ``Σ_k π_k C_k``. ``s = upside_share``, ``H = upside_threshold``
    (default the floor ``F``). With ``s = 0`` the cost is never negative.

    Parameters
    ----------
    floor : float or PriceFloor
        Floor price (USD/kg); a :class:`PriceFloor` carries all terms itself (then the
        keyword terms here must be left at their defaults).
    probabilities : sequence or {path: probability}, optional
        Default: the paths' own probabilities, or equal weights.
    """
    import pandas as pd

    if isinstance(floor, PriceFloor):
        terms = floor
        if (upside_share, covered_share, first_year, term_years, upside_threshold,
                upside_from_year) != (0.0, 1.0, None, None, None, None):
            msg = "give the floor terms either as a PriceFloor or as keywords, not both"
            raise ScenarioError(msg)
    else:
        terms = PriceFloor(float(floor), covered_share=covered_share, first_year=first_year,
                           term_years=term_years, upside_share=upside_share,
                           upside_threshold_usd_per_kg=upside_threshold,
                           upside_from_year=upside_from_year)
    rate = _check_rate(discount_rate)
    paths = _as_paths(price_paths)
    if not paths:
        msg = "price_floor_cost needs at least one price path"
        raise ScenarioError(msg)
    w = _weights(paths, probabilities)
    years = project.years
    base = project.first_year if base_year is None else int(base_year)
    disc = _cf.discount_factors(years.size, rate, float(years[0] - base))
    covered, upside_on, thr = terms.masks(years, project.start_year)
    q = project.output_t * project.price_factor
    rows, yearly = [], []
    for (name, _, prices), prob in zip(paths, w, strict=True):
        price = _price_array(prices, years)
        pay, up = _cf.floor_payments(q, price, terms.floor_usd_per_kg, covered,
                                     terms.upside_share, thr, upside_on)
        rows.append({"path": name, "probability": float(prob),
                     "pv_payments_musd": float(pay @ disc), "pv_upside_musd": float(up @ disc),
                     "pv_net_cost_musd": float((pay - up) @ disc),
                     "payments_musd": float(pay.sum()),
                     "years_below_floor": int(np.count_nonzero(pay > 0))})
        yearly.append(pd.DataFrame({"path": name, "year": years, "price_usd_per_kg": price,
                                    "covered_t": q * covered, "payment_musd": pay,
                                    "upside_musd": up}))
    by_path = pd.DataFrame(rows)
    expected = float(by_path["pv_net_cost_musd"].to_numpy() @ w)
    return FloorCost(expected_cost_musd=expected, by_path=by_path,
                     by_year=pd.concat(yearly, ignore_index=True), floor=terms,
                     discount_rate=rate, base_year=base)


@dataclass(frozen=True)
class Appraisal:
    """NPV and IRR of a project on every price path, its breakeven price and floor cost."""

    project: Project
    by_path: pd.DataFrame
    expected_npv_musd: float
    breakeven_price_usd_per_kg: float | None
    discount_rate: float
    floor_cost: FloorCost | None = None


def appraise(project: Project, price_paths: Any, *,
             discount_rate: float = DEFAULT_DISCOUNT_RATE, floor: PriceFloor | None = None,
             probabilities: Any = None) -> Appraisal:
    """Value ``project`` on each price path: NPV, IRR, and with ``floor`` the NPV with the
    floor and the government's expected cost (see :func:`price_floor_cost`)."""
    import pandas as pd

    rate = _check_rate(discount_rate)
    paths = _as_paths(price_paths)
    w = _weights(paths, probabilities)
    rows = []
    for (name, _, prices), prob in zip(paths, w, strict=True):
        cf = cash_flows(project, prices)
        row = {"path": name, "probability": float(prob), "npv_musd": npv(cf, rate),
               "irr": irr(cf)}
        if floor is not None:
            cff = cash_flows(project, prices, floor=floor)
            row |= {"npv_with_floor_musd": npv(cff, rate), "irr_with_floor": irr(cff)}
        rows.append(row)
    by_path = pd.DataFrame(rows)
    cost = None
    if floor is not None:
        cost = price_floor_cost(project, price_paths, floor, probabilities=w,
                                discount_rate=rate)
        by_path["gov_cost_musd"] = cost.by_path["pv_net_cost_musd"].to_numpy()
    return Appraisal(project=project, by_path=by_path,
                     expected_npv_musd=float(by_path["npv_musd"].to_numpy() @ w),
                     breakeven_price_usd_per_kg=breakeven_price(project, rate),
                     discount_rate=rate, floor_cost=cost)
