"""Findings first: the plain sentences an assessment opens with, each with its number and
unit, generated from the results (never typed by hand).

Tonnes are never added across materials: shocks are reported per material (tonnes, share
of the coalition's demand of it, months of that demand), uncertainty per material too.
The portfolio's figures that the optimiser sums over goods are labelled as such.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

#: An assessment (:class:`critmin.report.assessment.Assessment`: its ``coalition``, ``year``,
#: ``tables``, ``portfolio`` and ``ensemble``); typed loosely, as that module imports this one.
Assessment = Any

#: Most sentences an assessment opens with.
MAX_FINDINGS = 10


def _t(x: float) -> str:
    return f"{x:,.0f} t" if abs(x) >= 10 else f"{x:,.1f} t"


def _pct(x: float) -> str:
    return f"{100 * x:.0f} %" if x >= 0.1 else f"{100 * x:.1f} %"


def _months(horizon: str) -> int:
    """Months in a horizon label ``YYYY-MM–YYYY-MM``."""
    found = re.findall(r"(\d{4})-(\d{2})", str(horizon))
    if len(found) < 2:
        return 0
    (y0, m0), (y1, m1) = found[0], found[-1]
    return (int(y1) - int(y0)) * 12 + int(m1) - int(m0) + 1


def exposure_findings(result: Assessment, n: int = 3) -> list[str]:
    """The ``n`` most exposed materials of the coalition, traced up the chain."""
    exp = result.tables.get("exposure")
    if exp is None or exp.empty:
        return []
    who = " and ".join(result.coalition)
    out, seen = [], set()
    for r in exp.itertuples(index=False):
        if r.material in seen or pd.isna(r.bottleneck_share):
            continue
        seen.add(r.material)
        unknown = float(r.unknown_share) if pd.notna(r.unknown_share) else 0.0
        tail = (f"; the origin of {_pct(unknown)} cannot be traced (unknown, not safe)"
                if unknown >= 0.005 else "")
        out.append(f"{who} use {_t(float(r.supply_t))} of {r.material} ({r.stage}, "
                   f"{result.year}): {_pct(float(r.bottleneck_share))} of it traces to "
                   f"{r.bottleneck_origin} at the {r.bottleneck_stage} stage{tail}.")
        if len(out) == n:
            break
    return out


def shock_findings(result: Assessment, n: int = 3) -> list[str]:
    """Per bundled shock, the material it leaves the coalition shortest of (t, share of
    demand, months of demand, the sector and member hit hardest); one sentence for the
    shocks that leave nothing short."""
    lib = result.tables.get("shocks")
    if lib is None or lib.empty:
        return []
    g = lib.groupby(["scenario", "horizon", "material"], as_index=False)[
        ["demand_t", "added_shortfall_t"]].sum()
    g = g[g["demand_t"] > 0]
    g["share"] = g["added_shortfall_t"] / g["demand_t"]
    hit = g[g["added_shortfall_t"] > 0.5].sort_values("share", ascending=False)
    out = []
    for r in hit.drop_duplicates("scenario").head(n).itertuples(index=False):
        rows = lib[(lib["scenario"] == r.scenario) & (lib["material"] == r.material)]
        worst = rows.sort_values("added_shortfall_t", ascending=False).iloc[0]
        months = _months(r.horizon)
        per_month = r.demand_t / months if months else 0.0
        extra = (f", {r.added_shortfall_t / per_month:.1f} months of that demand"
                 if per_month > 0 else "")
        others = hit[(hit["scenario"] == r.scenario) & (hit["material"] != r.material)]
        more = ("; also " + ", ".join(f"{_t(o.added_shortfall_t)} of {o.material}"
                                      for o in others.itertuples(index=False))
                if not others.empty else "")
        out.append(f"{r.scenario} ({r.horizon}) leaves the coalition {_t(r.added_shortfall_t)}"
                   f" of {r.material} short ({_pct(r.share)} of its {r.material} demand"
                   f"{extra}), most in {worst['sector']} in {worst['country']}{more}.")
    quiet = sorted(set(lib["scenario"]) - set(hit["scenario"]))
    if quiet:
        out.append(f"{', '.join(quiet)} {'leaves' if len(quiet) == 1 else 'each leave'} the "
                   "coalition 0 t short beyond the baseline: read the warnings on data gaps "
                   "before taking that as safety.")
    return out


def stock_findings(result: Assessment) -> list[str]:
    """How long the members' stockpiles and inventories lasted in the bundled shocks (the
    first to run out), or that no shock draws any."""
    st = result.tables.get("shock_stocks")
    if st is None or "shocks" not in result.tables:
        return []
    if st.empty:
        return ["No bundled shock draws a stockpile or inventory of the coalition: the "
                "shortfalls above come before any stock release (the data gives no "
                "releasable holdings; see the warnings)."]
    first = st.sort_values(["exhausted", "lasted_months"], ascending=[False, True]).iloc[0]
    cover = (f", {first.cover_months:.1f} months of its demand"
             if pd.notna(first.cover_months) else "")
    end = (f"ran out after {first.lasted_months:.0f} months of drawing" if first.exhausted
           else f"still held stock after {first.lasted_months:.0f} months of drawing")
    n = len(st)
    return [f"In {first.scenario}, {first.country}'s {first.kind} of {first.good} "
            f"({_t(first.opening_t)}{cover}) {end}"
            + ("; 1 more stock account is drawn in the shocks (table)." if n == 2 else
               f"; {n - 1} more stock accounts are drawn in the shocks (table)." if n > 2
               else ".")]


def portfolio_findings(result: Assessment) -> list[str]:
    """What the recommended portfolio costs, who pays, what it avoids per good and who
    benefits (each partner's own demand)."""
    p = result.portfolio
    if p is None:
        return []
    t = p.table
    sel = t[t["selected"]] if "selected" in t.columns else t
    picks = ", ".join(f"{r.measure_id} ({r.cost_musd:,.0f} MUSD)"
                      for r in sel.itertuples(index=False)) or "nothing"
    pays = ", ".join(f"{k} {v:,.0f} MUSD" for k, v in p.cost_by_partner.items())
    goods = []
    for g in p.by_good.itertuples():
        if g.coalition_expected_t_before <= 0.5:
            continue
        who = p.benefit[p.benefit["good"] == g.good]
        gains = ", ".join(f"{b.partner} {b.avoided_t:,.0f} t" for b in who.itertuples())
        goods.append(f"{g.good} from {g.coalition_expected_t_before:,.0f} to "
                     f"{g.coalition_expected_t_after:,.0f} t (benefits: {gains})")
    cut = "; ".join(goods) or "no expected shortfall of the coalition to cut"
    dropped = "".join(f" {d['measure_id']} was dropped: it avoided nothing given the rest."
                      for d in p.pruned)
    return [f"The recommended portfolio costs {p.cost_musd:,.0f} MUSD ({pays}): {picks}; over "
            f"the plan's weighted scenarios the coalition's expected shortfall falls: {cut}."
            f"{dropped}"]


def uncertainty_findings(result: Assessment) -> list[str]:
    """Per material, the coalition's shortfall over the ensemble's futures without and with
    the portfolio: P50 and P95, the probability of any shortfall, and P50 if it happens."""
    e = result.ensemble
    if e is None:
        return []

    def per_material(ens) -> pd.DataFrame:
        sf = ens.shortfall
        if sf is None or sf.empty:
            return pd.DataFrame()
        good = sf["stage"].astype(str) + "/" + sf["material"].astype(str)
        per = sf.groupby([sf["draw"], good])["shortfall_t"].sum().unstack(fill_value=0.0)
        return per.reindex(ens.runs["draw"], fill_value=0.0)

    before, after = per_material(e.without), per_material(e.with_portfolio)
    n = len(e.without.runs)
    name = e.without.manifest.get("scenario", "bundled")
    out = []
    for m in before.columns:
        x = before[m]
        y = after[m] if m in after.columns else x * 0.0
        if x.max() <= 0.5:
            continue
        hit = x[x > 0.5]
        out.append(f"Over {n} futures of {name}, the coalition's {m} shortfall has P50 "
                   f"{_t(x.median())} and P95 {_t(x.quantile(0.95))} without the portfolio "
                   f"and {_t(y.median())} and {_t(y.quantile(0.95))} with it; the chance of "
                   f"any is {_pct(len(hit) / n)}, and if it happens its P50 is "
                   f"{_t(hit.median())} without the portfolio.")
    return out


def findings(result: Assessment) -> list[str]:
    """The assessment's opening sentences (at most ``MAX_FINDINGS``), most important
    first: exposure, shocks, the portfolio and its uncertainty."""
    out = [*exposure_findings(result), *shock_findings(result), *stock_findings(result),
           *portfolio_findings(result),
           *uncertainty_findings(result)]
    return out[:MAX_FINDINGS]
