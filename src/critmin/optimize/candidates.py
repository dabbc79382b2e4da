"""The candidate measures of a plan and who pays for them.

:func:`candidate_measures` lists every first-stage decision a plan offers (facilities or
their phases, stockpile targets, recycling lines, substitution programmes) with its unit
cost and where the cost comes from; :func:`cost_shares` splits a measure's cost between
the partners by the plan's rule. Candidates that cannot be costed are left out with a
reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from critmin.data import Dataset
from critmin.exceptions import DatasetError
from critmin.model.base_prices import base_price
from critmin.model.network import Good
from critmin.optimize.plan import FacilityOverride, Phase, Plan, PlanError

FACILITY, STOCKPILE, RECYCLING, SUBSTITUTION = "facility", "stockpile", "recycling", "substitution"


@dataclass
class Measure:
    """One first-stage column.

    ``unit_cost_musd`` is the cost of one unit of the column: the whole cost of a binary
    measure, MUSD per t of a stockpile target, MUSD per t/yr of recycling capacity.
    """

    measure_id: str
    type: str
    integer: bool
    upper: float
    unit_cost_musd: float
    shares: dict[str, float]
    country: str = ""
    good: Good = ("", "")
    capacity_t: float = 0.0
    start_year: float = math.nan
    parent: str = ""
    cost_source: str = ""
    countries: tuple[str, ...] = ()
    sector: str = ""
    cut_share: float = 0.0
    feed_t: dict[int, float] | None = None
    eol_rates: dict[str, float] | None = None


def _good(code: str) -> Good:
    st, m = code.split("/")
    return st, m


def resolve(ds: Dataset, names: list[str] | tuple[str, ...], field: str) -> list[str]:
    """Country codes of ``names`` (codes or groups); :class:`PlanError` names ``field``."""
    try:
        return ds.resolve_countries(list(names))
    except KeyError as exc:
        msg = f"{field}: {exc.args[0]}"
        raise PlanError(msg) from None


def check_good(ds: Dataset, code: str, field: str) -> Good:
    g = _good(code)
    if g[0] not in set(ds.stages["stage"]) or g[1] not in set(ds.materials["material"]):
        msg = f"{field}: {code!r} is not a stage/material of this dataset"
        raise PlanError(msg)
    return g


# -- cost sharing ------------------------------------------------------------------------
def cost_shares(ds: Dataset, plan: Plan, partners: list[str], host: str = "") -> dict[str, float]:
    """Share of a measure's cost paid by each partner (summing to 1).

    ``fixed``: ``shares`` over the partners. ``host``: the host pays ``host_share`` if it
    is a partner and the rest is split by ``shares`` over the other partners (equally if
    no shares); a host outside the coalition pays nothing. ``proportional``: by
    ``countries.csv[column]`` or ``weights``.
    """
    cs = plan.cost_sharing

    def split(base: dict[str, float], who: list[str]) -> dict[str, float]:
        w = {k: max(0.0, float(base.get(k, 0.0))) for k in who} if base else dict.fromkeys(who, 1.0)
        tot = sum(w.values())
        if tot <= 0:
            msg = (f"cost sharing: no positive share among {', '.join(who)} "
                   f"(rule {cs.rule!r})")
            raise PlanError(msg)
        return {k: v / tot for k, v in w.items()}

    if cs.rule == "fixed":
        out = split(cs.shares, partners)
    elif cs.rule == "host":
        if host in partners and len(partners) > 1:
            rest = split(cs.shares, [k for k in partners if k != host])
            out = {k: (1.0 - cs.host_share) * v for k, v in rest.items()}
            out[host] = cs.host_share
        elif host in partners:
            out = {host: 1.0}
        else:
            out = split(cs.shares, partners)
    else:
        if cs.column is not None:
            c = ds.countries
            if cs.column not in c.columns:
                msg = f"cost_sharing.column: countries.csv has no column {cs.column!r}"
                raise PlanError(msg)
            vals = pd.to_numeric(c.set_index("country")[cs.column], errors="coerce")
            base = {k: float(vals.get(k, math.nan)) for k in partners}
            bad = [k for k, v in base.items() if math.isnan(v)]
            if bad:
                msg = f"cost_sharing.column: {cs.column!r} is blank for {', '.join(bad)}"
                raise PlanError(msg)
        else:
            base = dict(cs.weights)
        out = split(base, partners)
    return {k: out.get(k, 0.0) for k in partners}


# -- candidates --------------------------------------------------------------------------
def _price(ds: Dataset, good: Good) -> tuple[float, str]:
    """Latest price of ``good`` in USD per kg of the good's basis, with its source."""
    bp = base_price(ds, good)
    if bp is None:
        return math.nan, ""
    return bp.per_kg_good, bp.note


def candidate_measures(ds: Dataset, plan: Plan, partners: list[str]
                       ) -> tuple[list[Measure], pd.DataFrame]:
    """First-stage measures of ``plan`` on ``ds`` and the candidates left out, with reasons.

    Returns
    -------
    measures : list of Measure
    excluded : DataFrame ``measure_id, type, reason``
    """
    excluded: list[tuple[str, str, str]] = []
    out = _facilities(ds, plan, partners, excluded)
    out += _stockpiles(ds, plan, partners, excluded)
    c = plan.candidates
    for i in range(len(c.recycling)):
        line = _recycling(ds, plan, partners, i, excluded)
        if line is not None:
            out.append(line)
    for i, s in enumerate(c.substitution):
        ks = tuple(resolve(ds, s.countries, f"candidates.substitution[{i}].countries"))
        check_good(ds, s.good, f"candidates.substitution[{i}].good")
        out.append(Measure(s.id, SUBSTITUTION, True, 1.0, s.cost_musd,
                           cost_shares(ds, plan, partners, ks[0] if len(ks) == 1 else ""),
                           good=_good(s.good), start_year=float(s.start_year), countries=ks,
                           sector=s.sector, cut_share=s.cut_share, cost_source="plan"))
    return out, pd.DataFrame(excluded, columns=["measure_id", "type", "reason"])


def _recycling(ds: Dataset, plan: Plan, partners: list[str], i: int,
               excluded: list[tuple[str, str, str]]) -> Measure | None:
    """A recycling line; one fed by the stocks MFA carries its feed over the plan horizon
    (t/yr, :func:`critmin.stocks.model.recycled_feed`) or is left out with a reason when
    the dataset cannot run the MFA."""
    r = plan.candidates.recycling[i]
    where = f"candidates.recycling[{i}]"
    resolve(ds, [r.country], f"{where}.country")
    good = check_good(ds, r.good, f"{where}.good")
    src = f"plan: {r.capex_usd_per_t_per_year:g} USD per t/yr"
    if r.source_id is not None:
        if r.source_id not in set(ds.sources["source_id"]):
            msg = f"{where}.source_id: {r.source_id!r} is not in the dataset's sources.csv"
            raise PlanError(msg)
        src += f" ({r.source_id})"
    else:
        src += " (plan assumption)"
    feed = None
    if r.feed == "mfa":
        from critmin.stocks.model import recycled_feed

        try:
            feed = recycled_feed(ds, r.country, good[1], (plan.horizon.start, plan.horizon.end),
                                 r.eol_rates)
        except DatasetError as exc:
            excluded.append((r.id, RECYCLING, "fed by the stocks MFA, which this dataset "
                             f"cannot run: {exc.problems[0]}"))
            return None
        src += "; feed: stocks MFA" + (f" with {_rates_text(r.eol_rates)}" if r.eol_rates
                                        else "")
    return Measure(r.id, RECYCLING, False, r.max_t_per_year, r.capex_usd_per_t_per_year / 1e6,
                   cost_shares(ds, plan, partners, r.country), country=r.country, good=good,
                   start_year=float(r.start_year), cost_source=src, feed_t=feed,
                   eol_rates=dict(r.eol_rates) if r.eol_rates else None)


def _rates_text(rates: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:g}" for k, v in rates.items())


def _facility_ids(ds: Dataset, plan: Plan) -> list[str]:
    c, fac = plan.candidates, ds.facilities
    if c.facilities == "default":
        ids = [f for f, s in zip(fac["facility_id"], fac["status"], strict=True)
               if s in c.statuses]
    elif c.facilities == "none":
        ids = []
    else:
        ids = list(c.facilities)
        unknown = sorted(set(ids) - set(fac["facility_id"]))
        if unknown:
            msg = f"candidates.facilities: unknown facility ids {', '.join(unknown)}"
            raise PlanError(msg)
    unknown = sorted(set(c.overrides) - set(fac["facility_id"]))
    if unknown:
        msg = f"candidates.overrides: unknown facility ids {', '.join(unknown)}"
        raise PlanError(msg)
    return ids


def _capex(plan: Plan, row: pd.Series, cap: float, ov: FacilityOverride | None
           ) -> tuple[float, str] | None:
    """Capital cost (MUSD) of a facility and where it comes from; None if unknown."""
    c, stage = plan.candidates, str(row["stage"])
    if ov and ov.capex_musd is not None:
        return ov.capex_musd, "plan override (assumption)"
    if row["capex_musd"] == row["capex_musd"]:
        return float(row["capex_musd"]), f"facilities.csv ({row['source_id']})"
    if stage in c.capex_usd_per_t_per_year:
        return (c.capex_usd_per_t_per_year[stage] * cap / 1e6,
                f"plan assumption: {c.capex_usd_per_t_per_year[stage]:g} USD per t/yr at {stage}")
    return None


def _facilities(ds: Dataset, plan: Plan, partners: list[str],
                excluded: list[tuple[str, str, str]]) -> list[Measure]:
    """One measure per facility (or phase of one) the plan may fund."""
    c, fac, out = plan.candidates, ds.facilities, []
    for fid in _facility_ids(ds, plan):
        if fid in c.exclude:
            excluded.append((fid, FACILITY, "excluded by the plan"))
            continue
        row = fac[fac["facility_id"] == fid].iloc[0]
        ov = c.overrides.get(fid)
        cap = ov.capacity_t if ov and ov.capacity_t is not None else float(row["capacity_t"])
        if not cap == cap or cap <= 0:
            excluded.append((fid, FACILITY, "no capacity_t in facilities.csv or the plan"))
            continue
        cost = _capex(plan, row, cap, ov)
        if cost is None:
            excluded.append((fid, FACILITY, "no capex_musd in facilities.csv and no "
                             f"capex_usd_per_t_per_year for {row['stage']} in the plan"))
            continue
        capex, src = cost
        if ov and ov.start_year is not None:
            start = float(ov.start_year)
        elif not pd.isna(row["start_year"]):
            start = float(row["start_year"])
        else:
            start = float(plan.horizon.start + c.lead_time_years)
            src += f"; start {int(start)} = horizon start + {c.lead_time_years} y lead time"
        phases = list(ov.phases) if ov and ov.phases else [Phase(capacity_share=1.0,
                                                                  cost_share=1.0)]
        host = str(row["country"])
        shares = cost_shares(ds, plan, partners, host)
        for i, ph in enumerate(phases):
            mid = fid if len(phases) == 1 else f"{fid}#phase{i + 1}"
            out.append(Measure(mid, FACILITY, True, 1.0, capex * ph.cost_share, shares,
                               country=host, good=(str(row["stage"]), str(row["material"])),
                               capacity_t=cap * ph.capacity_share,
                               start_year=start + ph.extra_years, parent=fid,
                               cost_source=src))
    return out


def _stockpiles(ds: Dataset, plan: Plan, partners: list[str],
                excluded: list[tuple[str, str, str]]) -> list[Measure]:
    """One stockpile target per member and good the plan lists."""
    so, out = plan.candidates.stockpiles, []
    members = resolve(ds, so.members, "candidates.stockpiles.members") if so.members else partners
    for k in members:
        for code in so.goods:
            g = check_good(ds, code, "candidates.stockpiles.goods")
            mid = f"stockpile:{k}:{code}"
            if code in so.prices_usd_per_kg or g[1] in so.prices_usd_per_kg:
                price = so.prices_usd_per_kg.get(code, so.prices_usd_per_kg.get(g[1], 0.0))
                src = "plan price (assumption)"
            else:
                price, src = _price(ds, g)
            if not price == price:
                excluded.append((mid, STOCKPILE, "no price in prices.csv or the plan"))
                continue
            out.append(Measure(mid, STOCKPILE, False, so.max_t_by_good.get(code, so.max_t),
                               price / 1000.0, cost_shares(ds, plan, partners, k),
                               country=k, good=g,
                               start_year=float(so.ready_year or plan.horizon.start),
                               cost_source=f"target × {price:g} USD/kg ({src})"))
    return out
