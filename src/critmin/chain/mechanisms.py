"""One function per mechanism: what a scenario's shocks and measures do to a period's LP.

Each mechanism holds its compiled inputs in a small frozen dataclass (positions in the
structure's index maps, amounts, windows, as arrays) and one pure function that turns
them into a period's bounds (t per period). The simulation adds them into
:class:`~critmin.chain.numbers.PeriodNumbers`; the portfolio MILP uses the same functions
for the coefficients of its first-stage columns (a facility's capacity in a year is
:func:`investment_capacity` whether it is built for sure or chosen by the optimiser).
Equations: ``docs/model.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from critmin.scenarios.periods import Period

INF = float("inf")


def _ints(n: int = 0) -> np.ndarray:
    return np.zeros(n, dtype=np.int64)


def _floats(n: int = 0) -> np.ndarray:
    return np.zeros(n, dtype=float)


def ramp_mean(cap: np.ndarray, level0: np.ndarray, rate: float | np.ndarray | None,
              t0: np.ndarray, t_on: np.ndarray, a: float, b: float) -> np.ndarray:
    """Mean over the months ``[a, b)`` of the available capacity (t/yr).

    Capacity is 0 before ``t_on`` and ``min(cap, level0 + rate·cap·max(0, t − t0)/12)``
    from then on (``t_on ≤ t0``): output starts at ``level0`` and grows by ``rate`` of the
    capacity per year from month ``t0``. ``rate`` may differ by element; ``None`` or a
    non-finite rate means no ramp limit (``cap`` from ``t_on``). Exact: the integral of a
    piecewise-linear function, in closed form.
    """
    cap, level0, t0, t_on = np.broadcast_arrays(*(np.asarray(x, float)
                                                 for x in (cap, level0, t0, t_on)))
    lo, hi = np.maximum(a, t_on), np.maximum(b, t_on)
    full = cap * (hi - lo) / (b - a)
    if rate is None:
        return full
    rate = np.broadcast_to(np.asarray(rate, float), cap.shape)
    free = ~np.isfinite(rate)
    slope = np.where(free, 0.0, rate) * cap / 12.0
    base = np.minimum(level0, cap)
    room = cap - base
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        span = np.where(slope > 0, room / np.where(slope > 0, slope, 1.0), INF)

    def integral(t: np.ndarray) -> np.ndarray:  # ∫_{t0}^{t} of the capacity
        u = np.clip(t - t0, 0.0, span)
        over = np.maximum(0.0, t - t0 - span)
        return base * (t - t0) + slope * u * u / 2.0 + np.where(over > 0, room * over, 0.0)

    return np.where(free, full, (integral(hi) - integral(lo)) / (b - a))


def per_node(position: np.ndarray, amounts: Callable[[], np.ndarray], n: int) -> np.ndarray:
    """The ``amounts()`` of several lines (facilities, recycling lines) summed into the
    ``n`` nodes at ``position`` (not computed when there is no line)."""
    if not position.size:
        return np.zeros(n)
    return np.bincount(position, weights=amounts(), minlength=n)


def online(p: Period, start: np.ndarray | float, end: np.ndarray | float = INF) -> np.ndarray:
    """Share of period ``p`` inside each window ``[start, end)`` (month indices)."""
    lo = np.maximum(p.start, start)
    hi = np.minimum(p.end, end)
    return np.maximum(0.0, hi - lo) / p.months


# -- capacity and ramp ----------------------------------------------------------------------

@dataclass(frozen=True)
class Ramp:
    """The ramp limit of a run: producers outside ``controlled`` may raise output by
    ``rate`` of their capacity per year from month ``t0`` (the first shock). ``rate`` is
    one rate for all, or one per producer (NaN: no limit for that producer); None = no
    limit at all."""

    rate: float | np.ndarray | None = None
    t0: float = 0.0
    controlled: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))


def rates_at(ramp: Ramp, position: np.ndarray) -> float | np.ndarray | None:
    """The ramp rate of the producers at ``position`` (for new facilities there)."""
    if ramp.rate is None or np.isscalar(ramp.rate):
        return ramp.rate
    return np.asarray(ramp.rate, float)[np.asarray(position, dtype=np.int64)]


def capacity_bounds(ramp: Ramp, capacity: np.ndarray, production: np.ndarray,
                    p: Period) -> np.ndarray:
    """Largest production of each producer in period ``p`` (t per period): its capacity,
    or, under a ramp limit, the mean of its output ramping up from its production at
    ``t0`` (a controlling country is not limited)."""
    frac = p.fraction_of_year
    if ramp.rate is None:
        return capacity * frac
    ramped = ramp_mean(capacity, production, ramp.rate, ramp.t0, -INF, p.start, p.end)
    return np.where(ramp.controlled, capacity, ramped) * frac


# -- end users denied -----------------------------------------------------------------------

@dataclass(frozen=True)
class Denials:
    """End users refused any licence: per entry, the demands (positions in ``demands``)
    that may not draw goods of the controlling country's origin (class ``co``) in the
    window ``[start, end)``."""

    demands: tuple[np.ndarray, ...] = ()
    start: np.ndarray = field(default_factory=_floats)
    end: np.ndarray = field(default_factory=_floats)


def denied_shares(den: Denials, p: Period, n: int) -> np.ndarray:
    """Share of period ``p`` in which each of the ``n`` demands is denied controlled-origin
    goods (0: never)."""
    out = np.zeros(n)
    for pos, a, b in zip(den.demands, den.start.tolist(), den.end.tolist(), strict=True):
        if pos.size:
            out[pos] = np.maximum(out[pos], float(online(p, a, b)))
    return out


# -- demand response ------------------------------------------------------------------------

#: Largest price index ``p/p₀``: demand left unmet at this price is rationed.
PRICE_CAP = 10.0
#: Segments of each user's price-responsive demand (equal shares of it).
RESPONSE_SEGMENTS = 8


def response_shares(elasticity: np.ndarray, segments: int = RESPONSE_SEGMENTS,
                    cap: float = PRICE_CAP) -> np.ndarray:
    """Share of each user's demand priced out in each segment (users × segments).

    Constant-elasticity demand ``q/q₀ = (p/p₀)^ε`` forgoes ``1 − m^ε`` of demand at price
    index ``m``; up to the cap that is ``R = 1 − cap^ε``, split into ``segments`` equal
    parts (segment *k* ends at the index ``(1 − (k+1)·R/segments)^(1/ε)``). A user with
    ``ε = 0`` (or NaN: no response) forgoes nothing.

    >>> response_shares(np.array([-0.5, 0.0]), segments=2).round(4)
    array([[0.3419, 0.3419],
           [0.    , 0.    ]])
    """
    eps = np.nan_to_num(np.asarray(elasticity, float), nan=0.0)
    total = np.where(eps < 0, 1.0 - cap ** eps, 0.0)
    return np.repeat((total / segments)[:, None], segments, axis=1)


# -- investment ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Investments:
    """New facilities: the producer each adds to (position in ``producers``), its
    capacity (t/yr) and the month it comes on line; it ramps at ``rate`` (one for all or
    one per facility; None or NaN: at once)."""

    position: np.ndarray = field(default_factory=_ints)
    capacity_t: np.ndarray = field(default_factory=_floats)
    t_on: np.ndarray = field(default_factory=_floats)
    rate: float | np.ndarray | None = None


def investment_capacity(inv: Investments, p: Period) -> np.ndarray:
    """Capacity (t per period) each facility adds in period ``p``: its ramped mean output
    from ``t_on``."""
    return ramp_mean(inv.capacity_t, 0.0, inv.rate, inv.t_on, inv.t_on, p.start,
                     p.end) * p.fraction_of_year


def invest(inv: Investments, p: Period, producers: int) -> np.ndarray:
    """Capacity added to every producer in period ``p`` (t per period)."""
    return per_node(inv.position, lambda: investment_capacity(inv, p), producers)


# -- export controls -------------------------------------------------------------------------

@dataclass(frozen=True)
class Controls:
    """Export controls: for each, the trade pairs it caps (``direct``, positions in
    ``flows``) and those whose controlled-origin class it caps (``co``, the
    extraterritorial rule), the share withheld and the window ``[start, end)``; the
    shipping lag of each capped pair (months, aligned to ``direct`` and ``co``; empty =
    none) shifts the window at the importer: goods already shipped still arrive. The
    share withheld may differ by pair (``sev_direct``, ``sev_co``, aligned the same way;
    empty = ``severity`` for every pair). A scenario's control with a licence lag or
    suspensions is compiled into several entries, one per window."""

    direct: tuple[np.ndarray, ...] = ()
    co: tuple[np.ndarray, ...] = ()
    severity: np.ndarray = field(default_factory=_floats)
    start: np.ndarray = field(default_factory=_floats)
    end: np.ndarray = field(default_factory=_floats)
    lag_direct: tuple[np.ndarray, ...] = ()
    lag_co: tuple[np.ndarray, ...] = ()
    sev_direct: tuple[np.ndarray, ...] = ()
    sev_co: tuple[np.ndarray, ...] = ()

    def candidates(self, flows: int) -> np.ndarray:
        """Trade pairs some control caps in some period (they get a control row)."""
        out = np.zeros(flows, dtype=bool)
        for d in self.direct:
            out[d] = True
        return out


def control_caps(ctl: Controls, base_flows: np.ndarray, p: Period
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Caps on each trade pair's flow and on its controlled-origin class in period ``p``
    (t per period; ``inf`` without a control): ``(1 − severity·overlap)`` of the no-shock
    baseline flow (``base_flows``, t/yr), the tightest where controls overlap."""
    frac = p.fraction_of_year
    cap = np.full(base_flows.size, INF)
    co_cap = np.full(base_flows.size, INF)
    for j, (direct, co) in enumerate(zip(ctl.direct, ctl.co, strict=True)):
        for pos, lags, sevs, out in ((direct, ctl.lag_direct, ctl.sev_direct, cap),
                                     (co, ctl.lag_co, ctl.sev_co, co_cap)):
            if not pos.size:
                continue
            lag = lags[j] if lags else 0.0
            sev = sevs[j] if sevs else float(ctl.severity[j])
            keep = 1.0 - sev * online(p, ctl.start[j] + lag, ctl.end[j] + lag)
            keep = np.broadcast_to(keep, pos.shape)
            on = keep < 1.0  # outside the window, or severity 0: no cap at all
            out[pos[on]] = np.minimum(out[pos[on]], keep[on] * base_flows[pos[on]] * frac)
    return cap, co_cap


# -- stockpiles ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Releases:
    """Stock releases: the release node (position in ``releases``) and stock node
    (position in ``stocks``) of each, its limit (t/yr; ``inf`` = none) and window."""

    position: np.ndarray = field(default_factory=_ints)
    stock: np.ndarray = field(default_factory=_ints)
    limit: np.ndarray = field(default_factory=_floats)
    start: np.ndarray = field(default_factory=_floats)
    end: np.ndarray = field(default_factory=_floats)


def release_limits(rel: Releases, p: Period, releases: int) -> np.ndarray:
    """Largest release of each release node in period ``p`` (t per period): its limit
    times the share of the period inside its window (0 outside it, even without a
    limit). The stock level bounds it too (:func:`release_bounds`)."""
    out = np.zeros(releases)
    if not rel.position.size:
        return out
    ov = online(p, rel.start, rel.end)
    on = ov > 0
    out[rel.position[on]] = rel.limit[on] * p.fraction_of_year * ov[on]
    return out


def release_bounds(rel: Releases, limits: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Release bounds of a myopic period: the limits, and no more than each stock holds
    (``levels`` per stock node, t)."""
    out = limits.copy()
    out[rel.position] = np.minimum(levels[rel.stock], limits[rel.position])
    return out


@dataclass(frozen=True)
class Reserve:
    """Releases reserved for their holder or the coalition: their positions in
    ``releases``. A period where one may release is solved twice: first without them
    (:func:`without_reserved`), then with their blocks' trade and output bounded by the
    first solve's (:func:`reserve_bounds`), so the release is additional supply for its
    block (``equations.define_reserve``)."""

    position: np.ndarray = field(default_factory=_ints)

    #: slack on the bounds (t per t): below HiGHS's feasibility tolerance (1e-7), which
    #: absorbs the rest
    TOL = 1e-9

    def active(self, release_ub: np.ndarray) -> bool:
        return bool(self.position.size) and bool(np.any(release_ub[self.position] > 0))


def without_reserved(res: Reserve, release_ub: np.ndarray) -> np.ndarray:
    """Release bounds with the reserved releases shut (the first solve)."""
    ub = release_ub.copy()
    ub[res.position] = 0.0
    return ub


def reserve_bounds(exports: np.ndarray, imports: np.ndarray, made: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The bounds ``(X − M, I + M, M)`` of ``equations.define_reserve`` from the first
    solve's exports ``X``, imports ``I`` and output ``M`` of each block (t per period),
    with a small slack."""
    tol = Reserve.TOL

    def slack(x: np.ndarray) -> np.ndarray:
        return tol * np.maximum(1.0, np.abs(x))

    cap, floor = exports - made, imports + made
    return cap + slack(cap), floor - slack(floor), np.maximum(made - slack(made), 0.0)


@dataclass(frozen=True)
class Builds:
    """Stock purchases: tonnes to buy evenly over the window ``[start, end)`` of each
    build node (``builds`` order) and the weight per tonne not bought."""

    quantity_t: np.ndarray = field(default_factory=_floats)
    start: np.ndarray = field(default_factory=_floats)
    end: np.ndarray = field(default_factory=_floats)
    weight: np.ndarray = field(default_factory=_floats)


def build_targets(b: Builds, p: Period) -> np.ndarray:
    """Tonnes each build node should buy in period ``p`` (its quantity spread evenly over
    its window)."""
    if not b.quantity_t.size:
        return b.quantity_t
    span = np.minimum(p.end, b.end) - np.maximum(p.start, b.start)
    return b.quantity_t * np.maximum(0.0, span) / (b.end - b.start)


@dataclass(frozen=True)
class Inventories:
    """Private inventories at stock nodes: each one's position in ``builds`` and in
    ``stocks``, its full level (t) and how much it may rebuild per month (t)."""

    build: np.ndarray = field(default_factory=_ints)
    stock: np.ndarray = field(default_factory=_ints)
    full_t: np.ndarray = field(default_factory=_floats)
    restock_t_per_month: np.ndarray = field(default_factory=_floats)


def restock_targets(inv: Inventories, levels: np.ndarray, p: Period) -> np.ndarray:
    """Tonnes each inventory buys back in period ``p``: what it lacks of its full level,
    at most its restocking rate over the period (0 when full)."""
    lack = np.maximum(0.0, inv.full_t - levels[inv.stock])
    return np.minimum(lack, inv.restock_t_per_month * p.months)


def stock_levels(levels: np.ndarray, released: np.ndarray, bought: np.ndarray) -> np.ndarray:
    """Closing stock of each node: opening − released + bought (never below 0)."""
    return np.maximum(0.0, levels - released + bought)


# -- recycling and substitution ----------------------------------------------------------------

@dataclass(frozen=True)
class Recycling:
    """Secondary supply: the recycler (position in ``recyclers``), capacity (t/yr) and
    start month of each recycling line; ``feed_t`` (lines × years from ``feed_year``, t/yr)
    caps a line at the scrap the stocks MFA provides (``inf`` where no feed applies; empty
    when no line has one)."""

    position: np.ndarray = field(default_factory=_ints)
    capacity_t: np.ndarray = field(default_factory=_floats)
    start: np.ndarray = field(default_factory=_floats)
    feed_t: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    feed_year: int = 0


def recycling_feed(r: Recycling, year: int) -> np.ndarray:
    """Largest supply each line's feed allows in ``year`` (t/yr; ``inf`` without a feed;
    the nearest year of the feed outside its span)."""
    if r.feed_t.size == 0:
        return np.full(r.capacity_t.shape, np.inf)
    j = min(max(year - r.feed_year, 0), r.feed_t.shape[1] - 1)
    return r.feed_t[:, j]


def recycling_lines(r: Recycling, p: Period) -> np.ndarray:
    """Largest secondary supply of each recycling line in period ``p`` (t per period):
    its capacity, capped by its feed, over the part of the period it runs."""
    return np.minimum(r.capacity_t, recycling_feed(r, p.year)) * p.fraction_of_year * online(
        p, r.start)


def recycling_supply(r: Recycling, p: Period, recyclers: int) -> np.ndarray:
    """Largest secondary supply of each recycler in period ``p`` (t per period)."""
    return per_node(r.position, lambda: recycling_lines(r, p), recyclers)


@dataclass(frozen=True)
class Substitutions:
    """Substitution programmes: the demands each cuts (a mask over ``demands``), the
    share cut and the start month."""

    mask: tuple[np.ndarray, ...] = ()
    cut_share: np.ndarray = field(default_factory=_floats)
    start: np.ndarray = field(default_factory=_floats)


def substitution_cut(cut_share: np.ndarray | float, start: np.ndarray | float,
                     p: Period) -> np.ndarray:
    """Share of a demand a programme removes in period ``p``: its cut times the share of
    the period it runs."""
    return np.asarray(cut_share, float) * online(p, start)


@dataclass(frozen=True)
class Thrifts:
    """Reduced-input grades, aligned to the structure's ``thrifts``: the producer each
    applies to (position in ``producers``; −1: none, the grade makes nothing), the
    largest share of its capacity the grade may take, the month it starts and the years
    to reach that share (linearly; 0: at once)."""

    producer: np.ndarray = field(default_factory=_ints)
    adoption: np.ndarray = field(default_factory=_floats)
    start: np.ndarray = field(default_factory=_floats)
    years: np.ndarray = field(default_factory=_floats)


def thrift_bounds(th: Thrifts, production_ub: np.ndarray, p: Period) -> np.ndarray:
    """Most output (t per period) each thrifting producer can make in its reduced-input
    grade in period ``p``: its adopted share, rising linearly from 0 at ``start`` to
    ``adoption`` after ``years`` (averaged over the period), times its capacity."""
    if not th.producer.size:
        return np.zeros(0)
    with np.errstate(divide="ignore"):
        rate = np.where(th.years > 0, 1.0 / np.where(th.years > 0, th.years, 1.0), np.inf)
    share = ramp_mean(th.adoption, 0.0, rate, th.start, th.start, p.start, p.end)
    return np.where(th.producer >= 0, share * production_ub[np.maximum(th.producer, 0)], 0.0)


def substitute(sub: Substitutions, demand: np.ndarray, p: Period) -> np.ndarray:
    """Demand (t per period) after every programme running in ``p`` (each cuts what the
    previous ones left)."""
    if not sub.mask:
        return demand
    cuts = substitution_cut(sub.cut_share, sub.start, p)
    for mask, cut in zip(sub.mask, cuts.tolist(), strict=True):
        if cut > 0:
            demand = np.where(mask, demand * (1.0 - cut), demand)
    return demand
