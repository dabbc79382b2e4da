"""The dynamic stock kernel: inflow-driven stocks and outflows on flodym, and their balance.

Arrays in, arrays out; no files, no pandas. flodym is imported inside the functions so that
importing :mod:`critmin.stocks` stays cheap.

For a cohort entering use in year :math:`c` (inflow :math:`I_c`, entering in the middle of the
year, flodym's default) and the survival function :math:`S` of its lifetime distribution,

.. math::

    \\text{stock}_t = \\sum_{c \\le t} I_c \\, S(t - c + \\tfrac12), \\qquad
    \\text{outflow}_t = \\text{inflow}_t - (\\text{stock}_t - \\text{stock}_{t-1}).

A fixed lifetime of :math:`L` whole years keeps the cohort of year :math:`c` in use at the end of
years :math:`c \\dots c+L-1` and retires it in year :math:`c+L`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from critmin.exceptions import ConsistencyError

#: Lifetime distributions and the parameters each needs (flodym's lifetime models).
DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "fixed": ("mean",),
    "normal": ("mean", "std"),
    "foldednormal": ("mean", "std"),
    "lognormal": ("mean", "std"),
    "weibull": ("shape", "scale"),
}


@dataclass(frozen=True)
class Lifetime:
    """A lifetime distribution in years.

    Parameters
    ----------
    distribution : str
        One of :data:`DISTRIBUTIONS`: ``fixed`` (every unit retires at ``mean``), ``normal``,
        ``foldednormal``, ``lognormal`` (``mean`` and ``std`` of the lifetime itself) or
        ``weibull`` (``shape`` k and ``scale`` λ: :math:`S(a) = e^{-(a/λ)^k}`).
    mean, std, shape, scale : float, optional
        The parameters the distribution needs; the others stay ``None``.
    """

    distribution: str
    mean: float | None = None
    std: float | None = None
    shape: float | None = None
    scale: float | None = None

    def __post_init__(self) -> None:
        if self.distribution not in DISTRIBUTIONS:
            msg = (f"unknown lifetime distribution {self.distribution!r}; "
                   f"expected one of {', '.join(DISTRIBUTIONS)}")
            raise ValueError(msg)
        for name in DISTRIBUTIONS[self.distribution]:
            value = getattr(self, name)
            if value is None or not np.isfinite(value) or value <= 0:
                msg = f"{self.distribution} lifetime needs a positive {name}, got {value!r}"
                raise ValueError(msg)


def inflow_driven(years: Sequence[int], inflow: np.ndarray,
                  lifetimes: Sequence[Lifetime]) -> tuple[np.ndarray, np.ndarray]:
    """Stock at the end of each year and outflow in each year, from inflows and lifetimes.

    Parameters
    ----------
    years : sequence of int
        Consecutive calendar years, dims ``(year,)``.
    inflow : numpy.ndarray
        Inflow into use, t/yr, dims ``(year, group)``; non-negative.
    lifetimes : sequence of Lifetime
        One lifetime per group.

    Returns
    -------
    stock, outflow : numpy.ndarray
        t and t/yr, dims ``(year, group)``.

    Examples
    --------
    >>> stock, outflow = inflow_driven([2000, 2001, 2002, 2003], np.array([[5.0], [0], [0], [0]]),
    ...                                [Lifetime("fixed", mean=2)])
    >>> stock[:, 0].tolist(), outflow[:, 0].tolist()
    ([5.0, 5.0, 0.0, 0.0], [0.0, 0.0, 5.0, 0.0])
    """
    inflow = np.asarray(inflow, dtype=float)
    years = [int(y) for y in years]
    if inflow.ndim != 2 or inflow.shape != (len(years), len(lifetimes)):
        msg = (f"inflow must have shape (years, groups) = ({len(years)}, {len(lifetimes)}), "
               f"got {inflow.shape}")
        raise ValueError(msg)
    if years != list(range(years[0], years[0] + len(years))):
        msg = "years must be consecutive"
        raise ValueError(msg)
    if (inflow < 0).any() or not np.isfinite(inflow).all():
        msg = "inflow must be finite and non-negative"
        raise ValueError(msg)
    stock = np.zeros_like(inflow)
    outflow = np.zeros_like(inflow)
    by_distribution: dict[str, list[int]] = {}
    for i, lifetime in enumerate(lifetimes):
        by_distribution.setdefault(lifetime.distribution, []).append(i)
    for distribution, groups in by_distribution.items():
        if not inflow[:, groups].any():
            continue  # flodym logs a warning for an all-zero inflow; nothing is in use anyway
        s, o = _run_dsm(years, inflow[:, groups], [lifetimes[g] for g in groups], distribution)
        stock[:, groups] = s
        outflow[:, groups] = o
    return stock, outflow


def _run_dsm(years: list[int], inflow: np.ndarray, lifetimes: list[Lifetime],
             distribution: str) -> tuple[np.ndarray, np.ndarray]:
    """One flodym InflowDrivenDSM over ``(year, group)`` for groups of one distribution."""
    import flodym as fd

    n = len(years)
    if n < 3:  # flodym's time bounds need three years: add empty ones, then drop them
        pad = np.zeros((3 - n, inflow.shape[1]))
        s, o = _run_dsm(list(range(years[0], years[0] + 3)), np.vstack([inflow, pad]),
                        lifetimes, distribution)
        return s[:n], o[:n]

    time = fd.Dimension(name="year", letter="t", items=years, dtype=int)
    group = fd.Dimension(name="group", letter="g", items=list(range(inflow.shape[1])), dtype=int)
    dims = fd.DimensionSet(dim_list=[time, group])

    def column(name: str) -> np.ndarray:
        return np.array([getattr(lt, name) for lt in lifetimes], dtype=float)

    if distribution == "weibull":
        model = fd.WeibullLifetime(dims=dims, weibull_shape=column("shape"),
                                   weibull_scale=column("scale"))
    elif distribution == "fixed":
        model = fd.FixedLifetime(dims=dims, mean=column("mean"))
    else:
        cls = {"normal": fd.NormalLifetime, "foldednormal": fd.FoldedNormalLifetime,
               "lognormal": fd.LogNormalLifetime}[distribution]
        model = cls(dims=dims, mean=column("mean"), std=column("std"))
    dsm = fd.InflowDrivenDSM(dims=dims, lifetime_model=model,
                             inflow=fd.StockArray(dims=dims, values=inflow.copy()))
    dsm.compute()
    return dsm.stock.values.copy(), dsm.outflow.values.copy()


def balance_residual(inflow: np.ndarray, outflow: np.ndarray, stock: np.ndarray) -> np.ndarray:
    """inflow − outflow − Δstock per year (the stock before the first year is zero), in t."""
    change = np.diff(stock, axis=0, prepend=np.zeros_like(stock[:1]))
    return inflow - outflow - change


def check_balance(inflow: np.ndarray, outflow: np.ndarray, stock: np.ndarray,
                  rtol: float = 1e-9) -> None:
    """Raise :class:`ConsistencyError` unless inflow − outflow = Δstock in every cell.

    The tolerance scales with the data: ``rtol`` times the largest stock or inflow (at least
    1 t × ``rtol``), as flodym's own mass-balance check scales with flows.
    """
    residual = np.abs(balance_residual(inflow, outflow, stock))
    scale = max(float(np.max(np.abs(stock), initial=0)), float(np.max(inflow, initial=0)), 1.0)
    worst = float(residual.max(initial=0))
    if worst > rtol * scale:
        msg = f"mass balance broken: |inflow - outflow - change in stock| reaches {worst:.3g} t"
        raise ConsistencyError(msg)
    if (stock < -rtol * scale).any() or (outflow < -rtol * scale).any():
        msg = "mass balance broken: a stock or outflow is negative"
        raise ConsistencyError(msg)
