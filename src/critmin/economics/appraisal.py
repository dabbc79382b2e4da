"""Valuing a project: NPV, IRR, breakeven price, the expected cost of a price floor.

Equations, assumptions and sources are in ``docs/economics.md``.

>>> p = Project("demo", capacity_t=1000, start_year=2027, capex_musd=100,
...             unit_cost_usd_per_kg=40, ramp_up=(1.0,), life_years=10, construction_years=1)
>>> round(breakeven_price(p, discount_rate=0.0), 6)
50.0
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from critmin.economics import cashflow as _cf
from critmin.economics.price_paths import PricePath, PricePaths
from critmin.economics.project import (
    DEFAULT_DISCOUNT_RATE,
    Offtake,
    PriceFloor,
    Project,
    cash_flows,
    price_array,
)
from critmin.exceptions import ScenarioError

if TYPE_CHECKING:
    import pandas as pd

logger = logging.getLogger(__name__)


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

    See :func:`critmin.economics.cashflow.irr_kernel` for the root-finding method.
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
        price = price_array(prices, years)
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
