"""Pure-numpy kernels for project cash flows, discounting and internal rates of return.

Arrays in, arrays (or floats) out: no pandas, files, logging or random numbers. The labelled
wrappers in :mod:`critmin.economics` build these arrays from a
:class:`~critmin.economics.project.Project` and a price path.

Units: volumes in tonnes per year, prices and unit costs in USD/kg, money in MUSD
(1 t × 1 USD/kg = 1,000 USD = 1e-3 MUSD).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import brentq

#: MUSD per (t × USD/kg): 1 t = 1,000 kg, 1 MUSD = 1e6 USD.
MUSD_PER_T_USD_PER_KG = 1e-3

#: Rates at which NPV(r) is scanned for sign changes before Brent's method refines them.
_RATE_GRID = np.unique(np.concatenate([
    np.linspace(-0.99, -0.001, 199), [0.0], np.geomspace(1e-4, 1e4, 321),
]))


def discount_factors(n: int, rate: float, offset: float = 0.0) -> np.ndarray:
    """Discount factors ``(1 + rate) ** -(t + offset)`` for ``t = 0 … n-1``.

    Parameters
    ----------
    n : int
        Number of periods (years).
    rate : float
        Discount rate per period, > -1 (0.08 = 8 %/yr).
    offset : float
        Periods between the valuation date and period 0 (positive when period 0 lies after
        the valuation date).
    """
    t = np.arange(n, dtype=float) + offset
    return np.power(1.0 + rate, -t)


def npv_kernel(flows: np.ndarray, rate: float, offset: float = 0.0) -> float:
    """Net present value ``Σ_t c_t (1 + r)^-(t + offset)`` of end-of-year cash flows ``c_t``."""
    flows = np.asarray(flows, dtype=float)
    return float(np.dot(flows, discount_factors(flows.size, rate, offset)))


def sign_changes(flows: np.ndarray) -> int:
    """Number of sign changes in ``flows``, zeros ignored (Descartes' rule of signs)."""
    s = np.sign(np.asarray(flows, dtype=float))
    s = s[s != 0]
    return int(np.count_nonzero(s[1:] != s[:-1]))


def _positive_poly_roots(flows: np.ndarray) -> np.ndarray | None:
    """Distinct real roots ``x > 0`` of ``Σ_t c_t x^t`` (``x = 1 / (1 + r)``).

    ``None`` when the companion-matrix eigenvalues are not all finite (an ill-conditioned
    polynomial, e.g. a last flow 300 orders of magnitude below the others).
    """
    coeffs = np.trim_zeros(np.asarray(flows, dtype=float), "b")[::-1]  # highest power first
    if coeffs.size < 2:
        return np.empty(0)
    scale = np.max(np.abs(coeffs))
    with np.errstate(all="ignore"):
        companion_row = coeffs[1:] / coeffs[0]
        if not np.all(np.isfinite(companion_row)):
            return None
        roots = np.roots(coeffs / scale)
    if not np.all(np.isfinite(roots)):
        return None
    real = roots[np.abs(roots.imag) <= 1e-7 * np.maximum(1.0, np.abs(roots))].real
    real = np.sort(real[real > 0])
    if real.size > 1:
        keep = np.concatenate([[True], np.diff(real) > 1e-6 * np.maximum(1.0, real[1:])])
        real = real[keep]
    return real


def irr_kernel(flows: Sequence[float] | np.ndarray) -> float | None:
    """Internal rate of return: the unique ``r > -1`` with ``Σ_t c_t (1 + r)^-t = 0``.

    Returns ``None`` when it is undefined: no sign change in the flows, no root in
    ``(-0.99, 1e4)``, more than one root (a non-conventional project), a root where the NPV
    only touches 0 without changing sign (e.g. flows −1, 1, 1, −1 at r = 0), or a
    polynomial too ill-conditioned to tell. Never a number that is not the unique root.

    Method: scan NPV(r) on a fixed grid of rates, refine every bracket with Brent's method
    (``scipy.optimize.brentq``, ``xtol=1e-12``). With exactly one sign change in the flows
    Descartes' rule guarantees a single root; otherwise the positive real roots of the
    polynomial in ``x = 1/(1+r)`` are counted as well, so that a pair of roots hidden
    between two grid points cannot go unnoticed.
    """
    c = np.asarray(flows, dtype=float)
    if c.size < 2 or not np.all(np.isfinite(c)):
        return None
    changes = sign_changes(c)
    if changes == 0:
        return None
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        values = np.array([npv_kernel(c, r) for r in _RATE_GRID])
    ok = np.isfinite(values)
    grid, values = _RATE_GRID[ok], values[ok]
    roots: list[float] = [float(r) for r, v in zip(grid, values, strict=True) if v == 0.0]
    sgn = np.sign(values)
    for i in np.flatnonzero(sgn[:-1] * sgn[1:] < 0):
        roots.append(float(brentq(lambda r: npv_kernel(c, r), grid[i], grid[i + 1],
                                  xtol=1e-12, rtol=4 * np.finfo(float).eps, maxiter=500)))
    roots = sorted(set(roots))
    if len(roots) != 1:
        return None
    if changes > 1:
        x_roots = _positive_poly_roots(c)
        if x_roots is None or x_roots.size != 1:
            return None
    r = roots[0]
    d = 1e-6 * max(1.0, abs(r))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if not npv_kernel(c, r - d) * npv_kernel(c, r + d) < 0:
            return None  # a touching point (double root), not a rate at which NPV crosses 0
    return r


def utilisation_profile(construction_years: int, life_years: int,
                        ramp_up: Sequence[float]) -> np.ndarray:
    """Share of nameplate capacity produced each year, construction years first.

    ``u_t = 0`` during construction; in operating year ``k = 1, 2, …`` it is ``ramp_up[k-1]``,
    and the last ramp-up value holds for the rest of the life.
    """
    ramp = np.asarray(ramp_up, dtype=float)
    ops = np.full(life_years, ramp[-1] if ramp.size else 1.0)
    k = min(ramp.size, life_years)
    ops[:k] = ramp[:k]
    return np.concatenate([np.zeros(construction_years), ops])


def capex_profile(construction_years: int, life_years: int, capex: float,
                  phasing: Sequence[float], sustaining: float) -> np.ndarray:
    """Capital spending per year (MUSD): initial capex phased over construction, then sustaining.

    With no construction years the whole initial capex falls in the first operating year.
    """
    out = np.zeros(construction_years + life_years)
    if construction_years:
        out[:construction_years] = capex * np.asarray(phasing, dtype=float)
    else:
        out[0] += capex
    out[construction_years:] += sustaining
    return out


def floor_payments(volume_t: np.ndarray, price: np.ndarray, floor: float,
                   covered: np.ndarray, upside_share: float, upside_threshold: float,
                   upside_on: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Government payments under a price floor and the upside it receives back (MUSD/yr).

    ``pay_t = max(floor − p_t, 0) × covered_t × V_t × 1e-3`` and
    ``up_t = s × max(p_t − threshold, 0) × upside_on_t × covered_t × V_t × 1e-3``,
    with ``V_t`` the output in t, ``covered_t`` the covered share of it (0 outside the term).
    """
    vol = np.asarray(volume_t, dtype=float) * np.asarray(covered, dtype=float)
    p = np.asarray(price, dtype=float)
    pay = np.maximum(floor - p, 0.0) * vol * MUSD_PER_T_USD_PER_KG
    up = (upside_share * np.maximum(p - upside_threshold, 0.0) * np.asarray(upside_on, float)
          * vol * MUSD_PER_T_USD_PER_KG)
    return pay, up


def project_flows(volume_t: np.ndarray, realized_price: np.ndarray, price_factor: float,
                  unit_cost: float, capex: np.ndarray, depreciation: np.ndarray,
                  tax_rate: float, support: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Yearly cash-flow lines of a project (MUSD).

    ``revenue_t = V_t × f × p̃_t × 1e-3`` (``p̃_t`` realized price per kg of the priced good,
    ``f`` kg priced per kg output), ``opex_t = V_t × unit_cost × 1e-3``,
    ``tax_t = τ × max(revenue_t + support_t − opex_t − dep_t, 0)`` and
    ``net_t = revenue_t + support_t − opex_t − capex_t − tax_t``; ``support_t`` is the net
    price-floor payment received (payments − upside returned), 0 without a floor.
    """
    vol = np.asarray(volume_t, dtype=float)
    revenue = vol * price_factor * np.asarray(realized_price, float) * MUSD_PER_T_USD_PER_KG
    opex = vol * unit_cost * MUSD_PER_T_USD_PER_KG
    sup = np.zeros_like(vol) if support is None else np.asarray(support, dtype=float)
    taxable = revenue + sup - opex - np.asarray(depreciation, dtype=float)
    tax = tax_rate * np.maximum(taxable, 0.0)
    net = revenue + sup - opex - np.asarray(capex, dtype=float) - tax
    return {"revenue": revenue, "support": sup, "opex": opex, "capex": np.asarray(capex, float),
            "tax": tax, "net": net}
