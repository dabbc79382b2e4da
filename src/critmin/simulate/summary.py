"""The summary of a simulation, in honest units.

Tonnes of different goods are never added: every quantity in tonnes is given **per good**
(``stage/material``, e.g. ``magnet/NdFeB``), with its share of that good's demand and
the months of that demand it stands for. The only cross-material aggregates are

* ``shortfall_value_musd`` — the shortfall valued at each good's base price
  (:func:`critmin.model.base_prices.base_price`, USD), with the goods that have no
  price listed under ``unpriced`` (their tonnes are in no total);
* ``worst_share`` — the largest share of any good's demand left short.

Stocks: per stockpile and private inventory the run holds, its opening stock, what it
released, the months of its holder's demand it covers (opening ÷ average monthly demand
of the holder over the horizon) and how many months it lasted once drawn.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from critmin.data import Dataset

TOL = 1e-9


def _key(stage: str, material: str) -> str:
    return f"{stage}/{material}"


def good_totals(sf: pd.DataFrame, members: set[str], months: float,
                periods: list[str]) -> dict[str, dict[str, Any]]:
    """Per good: demand, shortfall (priced out, rationed), share of demand, months of
    demand, the coalition's part, by country and the worst period.

    >>> sf = pd.DataFrame({"country": ["USA", "JPN", "USA"], "sector": ["ev"] * 3,
    ...     "stage": ["magnet"] * 3, "material": ["NdFeB"] * 3, "period": ["2025"] * 3,
    ...     "demand_t": [120.0, 60.0, 0.0], "supplied_t": [90.0, 60.0, 0.0],
    ...     "shortfall_t": [30.0, 0.0, 0.0], "priced_out_t": [10.0, 0.0, 0.0],
    ...     "rationed_t": [20.0, 0.0, 0.0]})
    >>> g = good_totals(sf, {"USA"}, 12.0, ["2025"])["magnet/NdFeB"]
    >>> g["shortfall_t"], g["share_of_demand"], g["months_of_demand"]
    (30.0, 0.16666666666666666, 2.0)
    """
    out: dict[str, dict[str, Any]] = {}
    if sf.empty:
        return out
    for (st, m), g in sf.groupby(["stage", "material"], sort=True):
        dem, short = float(g["demand_t"].sum()), float(g["shortfall_t"].sum())
        if dem <= TOL and short <= TOL:
            continue
        mine = g[g["country"].isin(members)]
        by_cty = g.groupby("country")["shortfall_t"].sum()
        by_per = g.groupby("period", sort=False)["shortfall_t"].sum().reindex(periods)
        by_sec = g.groupby("sector")["shortfall_t"].sum()
        per_month = dem / months if months > 0 else math.nan
        out[_key(st, m)] = {
            "demand_t": dem, "shortfall_t": short,
            "share_of_demand": short / dem if dem > TOL else 0.0,
            "months_of_demand": short / per_month if per_month > TOL else 0.0,
            "priced_out_t": float(g["priced_out_t"].sum()),
            "rationed_t": float(g["rationed_t"].sum()),
            "coalition_demand_t": float(mine["demand_t"].sum()),
            "coalition_shortfall_t": float(mine["shortfall_t"].sum()),
            "by_country_t": {str(k): float(v) for k, v in by_cty.items() if v > TOL},
            "by_sector_t": {str(k): float(v) for k, v in by_sec.items() if v > TOL},
            "worst_period": str(by_per.idxmax()) if short > TOL else None,
        }
    return out


def stock_cover(stocks: pd.DataFrame, sf: pd.DataFrame, kind: str,
                months_per_period: float) -> list[dict[str, Any]]:
    """Per stock account (country × good): opening and released t, the months of the
    holder's average demand it covers and the months it lasted once drawn (``None``
    while never drawn; ``exhausted`` says whether it ran empty within the horizon).

    >>> st = pd.DataFrame({"country": ["USA"] * 3, "stage": ["separation"] * 3,
    ...     "material": ["Dy"] * 3, "period": ["m1", "m2", "m3"],
    ...     "opening_t": [30.0, 30.0, 10.0], "release_t": [0.0, 20.0, 10.0],
    ...     "build_t": [0.0] * 3, "closing_t": [30.0, 10.0, 0.0]})
    >>> sf = pd.DataFrame({"country": ["USA"] * 3, "stage": ["separation"] * 3,
    ...     "material": ["Dy"] * 3, "demand_t": [10.0] * 3})
    >>> c = stock_cover(st, sf, "stockpile", 1.0)[0]
    >>> c["cover_months"], c["lasted_months"], c["exhausted"]
    (3.0, 2.0, True)
    """
    rows: list[dict[str, Any]] = []
    if stocks.empty:
        return rows
    for (k, st, m), g in stocks.groupby(["country", "stage", "material"], sort=True):
        opening = float(g["opening_t"].iloc[0])
        d = sf[(sf["country"] == k) & (sf["stage"] == st) & (sf["material"] == m)]
        n_per = g["period"].nunique()
        monthly = float(d["demand_t"].sum()) / (n_per * months_per_period) if n_per else 0.0
        rel = g["release_t"].to_numpy(dtype=float)
        closing = g["closing_t"].to_numpy(dtype=float)
        drawn = [i for i, v in enumerate(rel) if v > TOL]
        lasted, exhausted = None, False
        if drawn:
            first = drawn[0]
            empty = [i for i in range(first, len(closing)) if closing[i] <= TOL]
            exhausted = bool(empty)
            lasted = ((empty[0] + 1) if empty else len(closing)) - first
            lasted *= months_per_period
        rows.append({"kind": kind, "country": str(k), "good": _key(st, m),
                     "opening_t": opening, "released_t": float(rel.sum()),
                     "cover_months": opening / monthly if monthly > TOL else None,
                     "lasted_months": lasted, "exhausted": exhausted})
    return rows


def shortfall_value(ds: Dataset, goods: dict[str, dict[str, Any]],
                    year: int) -> dict[str, Any]:
    """The shortfall of every priced good valued at its base price (MUSD), and the goods
    short that have no price (left out of the value, never counted as 0)."""
    from critmin.model.base_prices import base_price

    value, priced, unpriced = 0.0, [], []
    for key, g in goods.items():
        if g["shortfall_t"] <= TOL:
            continue
        st, m = key.split("/", 1)
        bp = base_price(ds, (st, m), year)
        if bp is None or not math.isfinite(bp.per_kg_good):
            unpriced.append(key)
            continue
        value += g["shortfall_t"] * bp.per_kg_good / 1000.0  # t × USD/kg → MUSD
        priced.append(key)
    return {"value_musd": value, "priced": priced, "unpriced": unpriced,
            "basis": f"base prices of prices.csv (latest year ≤ {year}), USD per kg of the "
                     "good as the chain counts it"}


def summarise(ds: Dataset, inputs: Any, t: dict[str, pd.DataFrame], stats: Any,
              warnings: list[str]) -> dict[str, Any]:
    """The summary of a full run (see the module docstring for what it holds)."""
    sc = inputs.scenario
    sf = t["shortfall"]
    members = set(ds.resolve_countries(sc.coalition))
    periods = inputs.periods
    mpp = periods[0].months
    months = sum(p.months for p in periods)
    labels = [p.label for p in periods]
    goods = good_totals(sf, members, months, labels)
    peak = t["prices"].groupby(["stage", "material"])["price_index"].max()
    usd = t["prices"].dropna(subset=["usd_per_kg"])
    peak_usd = usd.groupby(["stage", "material", "market"])["usd_per_kg"].max()
    for (st, m), v in peak.items():
        if _key(st, m) in goods:
            goods[_key(st, m)]["peak_price_index"] = float(v)
    for (st, m, mk), v in peak_usd.items():
        if _key(st, m) in goods:
            goods[_key(st, m)].setdefault("peak_usd_per_kg", {})[str(mk)] = float(v)
    short = {k: g for k, g in goods.items() if g["shortfall_t"] > TOL}
    worst = max(short, key=lambda k: short[k]["share_of_demand"]) if short else None
    year = periods[0].year
    return {
        "scenario": sc.name, "allocation": sc.allocation, "step": sc.horizon.step,
        "start": periods[0].label, "end": periods[-1].label, "periods": len(periods),
        "months": months, "coalition": sorted(members),
        "goods": goods,
        "goods_short": sorted(short, key=lambda k: -short[k]["share_of_demand"]),
        "worst_good": worst,
        "worst_share": short[worst]["share_of_demand"] if worst else 0.0,
        "shortfall_by_material_t": {k: g["shortfall_t"] for k, g in short.items()},
        "shortfall_value": shortfall_value(ds, goods, year),
        "stocks": [*stock_cover(t["stocks"], sf, "stockpile", mpp),
                   *stock_cover(t["inventories"], sf, "inventory", mpp)],
        "lp": {"columns": stats.cols, "rows": stats.rows, "nonzeros": stats.nonzeros},
        "objective": stats.objective,
        "build_seconds": stats.build_s, "solve_seconds": stats.solve_s,
        "warnings": warnings,
    }


GOOD_COLUMNS = ["good", "demand_t", "shortfall_t", "share_of_demand", "months_of_demand",
                "priced_out_t", "rationed_t", "coalition_shortfall_t", "worst_period",
                "peak_price_index"]


def goods_frame(summary: dict[str, Any]) -> pd.DataFrame:
    """One row per good of a run's summary (tonnes over the horizon, never summed across
    goods), those short first, by share of demand."""
    goods = summary.get("goods", {})
    rows = [{"good": k, **{c: g.get(c) for c in GOOD_COLUMNS[1:]}} for k, g in goods.items()]
    df = pd.DataFrame(rows, columns=GOOD_COLUMNS)
    return df.sort_values(["share_of_demand", "good"], ascending=[False, True],
                          ignore_index=True)


def stocks_frame(summary: dict[str, Any]) -> pd.DataFrame:
    """One row per stockpile and inventory: opening t, released t, months of its holder's
    demand it covers, months it lasted once drawn."""
    cols = ["kind", "country", "good", "opening_t", "released_t", "cover_months",
            "lasted_months", "exhausted"]
    return pd.DataFrame(summary.get("stocks", []), columns=cols)


def headline(summary: dict[str, Any], limit: int = 5) -> list[str]:
    """Plain sentences: per good short (the worst ``limit``), its shortfall in t, share
    and months of demand, who and when; the value at base prices; or no shortfall."""
    goods, short = summary.get("goods", {}), summary.get("goods_short", [])
    if not short:
        return ["No good runs short over the horizon."]
    out = []
    for key in short[:limit]:
        g = goods[key]
        who = ", ".join(f"{k} {v:,.0f} t" for k, v in sorted(
            g["by_country_t"].items(), key=lambda kv: -kv[1])[:3])
        out.append(f"{key}: {g['shortfall_t']:,.0f} t short of {g['demand_t']:,.0f} t "
                   f"({100 * g['share_of_demand']:.1f} % of demand, "
                   f"{g['months_of_demand']:.1f} months of it; {who}; worst "
                   f"{g['worst_period']}; {g['rationed_t']:,.0f} t rationed, "
                   f"{g['priced_out_t']:,.0f} t priced out).")
    if len(short) > limit:
        out.append(f"{len(short) - limit} more goods run short (see the table).")
    v = summary.get("shortfall_value", {})
    if v:
        gap = (f"; not valued, no price in the data: {', '.join(v['unpriced'])}"
               if v["unpriced"] else "")
        out.append(f"Valued at base prices the shortfall is {v['value_musd']:,.0f} MUSD"
                   f"{gap}.")
    return out
