"""Pure numpy kernels of the exposure metrics: arrays in, arrays out.

No pandas, files, logging or randomness here; :mod:`critmin.metrics` wraps these
kernels with labels. Every formula is written out in ``docs/metrics.md`` with its
source.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

Float = NDArray[np.float64]

HHI_SCALE = 10_000.0
"""HHI on the 0-10,000 scale of the US DOJ/FTC merger guidelines (shares in percent)."""


def shares(values: ArrayLike, axis: int = -1) -> Float:
    """Shares of a total along ``axis``: ``s_c = x_c / Σ_c x_c``.

    Parameters
    ----------
    values : array_like of float, non-negative
        Quantities (e.g. production in t) along ``axis``. NaN counts as 0.
    axis : int
        Axis over which shares sum to 1.

    Returns
    -------
    ndarray
        Shares as fractions (0-1); NaN where the total is 0.
    """
    x = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0)
    total = x.sum(axis=axis, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, x / np.where(total > 0, total, 1.0), np.nan)


def hhi(share: ArrayLike, axis: int = -1) -> Float:
    """Herfindahl-Hirschman index on the 0-10,000 scale: ``HHI = 10⁴ · Σ_c s_c²``.

    ``share`` are fractions (0-1) of the total; NaN counts as 0. The result lies in
    ``[10⁴ · max_c s_c², 10⁴ · Σ_c s_c]`` (at most 10,000 when the shares sum to 1).
    """
    s = np.nan_to_num(np.asarray(share, dtype=float), nan=0.0)
    return HHI_SCALE * np.square(s).sum(axis=axis)


def top_k_share(share: ArrayLike, k: int, axis: int = -1) -> Float:
    """Sum of the ``k`` largest shares along ``axis`` (``k`` ≥ 1)."""
    if k < 1:
        msg = f"k must be at least 1, got {k}"
        raise ValueError(msg)
    s = np.nan_to_num(np.asarray(share, dtype=float), nan=0.0)
    s = np.moveaxis(s, axis, -1)
    ordered = -np.sort(-s, axis=-1)
    return ordered[..., :k].sum(axis=-1)


def hhi_wgi(share: ArrayLike, wgi_scaled: ArrayLike, t: ArrayLike | None = None,
            axis: int = -1) -> Float:
    """Governance-weighted concentration of the EU CRM method: ``Σ_c s_c² · WGI_c · t_c``.

    Shares are fractions, ``WGI_scaled`` is on 0-10 (higher = weaker governance) and
    ``t_c`` the trade-related factor (1 = neutral), so the result lies in 0-10 when
    every ``t_c`` ≤ 1. Countries whose WGI is NaN contribute nothing; the labelled
    wrappers report them as missing inputs.
    """
    s = np.nan_to_num(np.asarray(share, dtype=float), nan=0.0)
    w = np.nan_to_num(np.asarray(wgi_scaled, dtype=float), nan=0.0)
    tt = np.ones_like(s) if t is None else np.nan_to_num(np.asarray(t, dtype=float), nan=1.0)
    return (np.square(s) * w * tt).sum(axis=axis)


def net_import_reliance(production: ArrayLike, imports: ArrayLike,
                        exports: ArrayLike) -> Float:
    """Net import reliance ``NIR = (M − X) / (P + M − X)``.

    The denominator is apparent consumption. NIR is NaN where apparent consumption
    is not positive (a net exporter whose exports exceed production plus imports has
    no meaningful reliance; USGS reports such cases as "E", net exporter). Negative
    values mean net exports.
    """
    p = np.asarray(production, dtype=float)
    m = np.asarray(imports, dtype=float)
    x = np.asarray(exports, dtype=float)
    consumption = p + m - x
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(consumption > 0, (m - x) / np.where(consumption > 0, consumption, 1.0),
                        np.nan)


def eu_supply_risk(hhi_wgi_gs: ArrayLike, hhi_wgi_sourcing: ArrayLike, import_reliance: ArrayLike,
                   eol_rir: ArrayLike, si_sr: ArrayLike) -> Float:
    """EU CRM supply risk of one stage (Blengini et al. 2017, eq. for SR).

    ``SR = [HHI_WGI,GS · IR/2 + HHI_WGI,sourcing · (1 − IR/2)] · (1 − EoL_RIR) · SI_SR``

    ``IR`` is clipped to [0, 1] (a net exporter counts as 0, full reliance as 1). Any
    NaN input gives NaN: missing inputs are never read as zero.
    """
    ir = np.clip(np.asarray(import_reliance, dtype=float), 0.0, 1.0)
    gs = np.asarray(hhi_wgi_gs, dtype=float)
    src = np.asarray(hhi_wgi_sourcing, dtype=float)
    return (gs * ir / 2 + src * (1 - ir / 2)) * (1 - np.asarray(eol_rir, dtype=float)) \
        * np.asarray(si_sr, dtype=float)


def grounded(production: ArrayLike, trade: ArrayLike) -> NDArray[np.bool_]:
    """Countries whose supply can be traced back to some production.

    A country is grounded if it produces, or imports from a grounded country.
    ``trade[e, i]`` is the flow from exporter ``e`` to importer ``i``.
    """
    p = np.asarray(production, dtype=float)
    t = np.asarray(trade, dtype=float)
    g = p > 0
    for _ in range(len(p)):
        new = g | ((t[g, :] > 0).any(axis=0) if g.any() else np.zeros_like(g))
        if (new == g).all():
            break
        g = new
    return g


def origin_mix(production: ArrayLike, trade: ArrayLike, domestic_mix: ArrayLike,
               unknown: int) -> Float:
    """Origin mix of each country's supply under proportional mixing (MRIO accounting).

    For every country ``i`` with supply ``S_i = P_i + Σ_e T_ei`` (production plus
    imports, the diagonal of ``trade`` ignored) the origin mix ``M_i`` (a row over
    origins summing to 1) solves

    ``S_i · M_i = P_i · D_i + Σ_e T_ei · M_e``

    i.e. ``(I − A) M = diag(P/S) D`` with ``A_ie = T_ei / S_i``: each country's exports
    carry the origin mix of its total supply. The system is solved exactly with
    ``numpy.linalg.solve`` on the countries whose supply traces back to production;
    a country that only trades in a closed loop with no production anywhere upstream
    gets the ``unknown`` origin, and so do shipments from an exporter that has no
    recorded supply at all (inconsistent data is reported, not guessed).

    Parameters
    ----------
    production : array (n,)
        Domestic production ``P_i`` (t); NaN counts as 0.
    trade : array (n, n)
        ``trade[e, i]`` = tonnes shipped from ``e`` to ``i``.
    domestic_mix : array (n, k)
        Origin mix ``D_i`` of each country's domestic production (rows sum to 1
        where ``P_i > 0``).
    unknown : int
        Column of the ``unknown`` origin in ``domestic_mix``.

    Returns
    -------
    ndarray (n, k)
        ``M``; rows of countries without supply are NaN.
    """
    p = np.nan_to_num(np.asarray(production, dtype=float), nan=0.0)
    t = np.nan_to_num(np.array(trade, dtype=float), nan=0.0)
    np.fill_diagonal(t, 0.0)
    d = np.nan_to_num(np.asarray(domestic_mix, dtype=float), nan=0.0)
    n, k = d.shape
    supply = p + t.sum(axis=0)
    has = supply > 0
    # Flows negligible next to the receiving country's supply (< 1e-9) cannot anchor a
    # re-export loop: the system would be numerically singular. Such loops are unknown.
    eps = 1e-9 * supply
    g = grounded(np.where(p > eps, p, 0.0), np.where(t > eps[None, :], t, 0.0)) & has
    unknown_row = np.zeros(k)
    unknown_row[unknown] = 1.0
    out = np.full((n, k), np.nan)
    out[has & ~g] = unknown_row
    if g.any():
        sg = supply[g]
        a = t[np.ix_(g, g)].T / sg[:, None]
        rhs = (p[g] / sg)[:, None] * d[g]
        # imports from countries that cannot be traced (closed loops, or exporters
        # without any recorded supply) have unknown origin
        rhs += (t[np.ix_(~g, g)].sum(axis=0) / sg)[:, None] * unknown_row
        sol = np.clip(np.linalg.solve(np.eye(int(g.sum())) - a, rhs), 0.0, None)
        # the exact solution's rows sum to 1; remove round-off of ill-conditioned loops
        total = sol.sum(axis=1, keepdims=True)
        out[g] = np.where(total > 0, sol / np.where(total > 0, total, 1.0), sol)
    return out


def coverage(available: ArrayLike, required: ArrayLike) -> Float:
    """Share of a recipe requirement covered by recorded supply: ``min(1, avail/req)``.

    ``available`` is the input's domestic availability (production + imports −
    exports, t), ``required`` = output production × input_t_per_t. Where nothing is
    required the coverage is 1; negative availability counts as 0.
    """
    a = np.clip(np.nan_to_num(np.asarray(available, dtype=float), nan=0.0), 0.0, None)
    r = np.nan_to_num(np.asarray(required, dtype=float), nan=0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(r > 0, np.minimum(1.0, a / np.where(r > 0, r, 1.0)), 1.0)
