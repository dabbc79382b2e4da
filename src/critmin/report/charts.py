"""Plotly figures shared by the HTML report and the dashboard.

Each builder takes tidy tables (as produced by the library) and returns a
``plotly.graph_objects.Figure``; :func:`figure_html` renders one as an HTML fragment that
needs ``plotly.js`` on the page (inlined in reports, served locally by the dashboard —
never from a CDN).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

LAYOUT = {"template": "plotly_white", "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
          "legend": {"orientation": "h", "y": -0.2}, "height": 420}


@cache
def plotly_js() -> str:
    """The plotly.js bundle shipped inside the plotly package (works offline)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def figure_html(fig: go.Figure, div_id: str) -> str:
    """An HTML fragment drawing ``fig`` in ``<div id=div_id>`` (plotly.js not included)."""
    return pio.to_html(fig, include_plotlyjs=False, full_html=False, div_id=div_id,
                       config={"displaylogo": False, "responsive": True})


#: A heat-map cell with at least this share of supply of unknown origin says "no data".
NO_DATA_UNKNOWN = 0.5


def _empty(title: str, message: str) -> go.Figure:
    fig = go.Figure(layout={**LAYOUT, "title": title, "height": 200,
                            "xaxis": {"visible": False}, "yaxis": {"visible": False}})
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper",
                       yref="paper")
    return fig


def shortfall_figure(shortfall: pd.DataFrame, countries: list[str] | None = None,
                     title: str = "Shortfall by period, member and sector",
                     good: str | None = None) -> go.Figure:
    """Stacked bars of ``shortfall_t`` per period of **one good** (``stage/material``; by
    default the one with the largest shortfall, named in the title), one trace per
    country × sector: tonnes of different goods are never stacked together.

    ``countries`` restricts the bars (e.g. to a coalition); by default every country
    with a shortfall is shown.
    """
    df = shortfall
    if countries is not None:
        df = df[df["country"].isin(countries)]
    df = df[df["shortfall_t"] > 0]
    if df.empty:
        return _empty(title, "no shortfall in any period")
    key = df["stage"].astype(str) + "/" + df["material"].astype(str)
    if good is None:
        good = str(df.groupby(key)["shortfall_t"].sum().idxmax())
    df = df[key == good]
    title = f"{title}: {good}"
    periods = list(dict.fromkeys(shortfall["period"].astype(str)))
    g = (df.assign(period=df["period"].astype(str))
         .groupby(["country", "sector", "period"], as_index=False)["shortfall_t"].sum())
    fig = go.Figure(layout={**LAYOUT, "title": title, "barmode": "stack",
                            "yaxis": {"title": f"{good} short (t per period)"},
                            "xaxis": {"title": "period", "categoryorder": "array",
                                      "categoryarray": periods}})
    for (country, sector), part in g.groupby(["country", "sector"]):
        fig.add_bar(x=part["period"].tolist(), y=part["shortfall_t"].tolist(),
                    name=f"{country} · {sector}")
    return fig


def shortfall_figures(shortfall: pd.DataFrame, countries: list[str] | None = None,
                      limit: int = 4) -> list[tuple[str, go.Figure]]:
    """One :func:`shortfall_figure` per good short (the ``limit`` largest), as
    ``(element id, figure)`` pairs; a single "no shortfall" figure when none is."""
    df = shortfall if countries is None else shortfall[shortfall["country"].isin(countries)]
    df = df[df["shortfall_t"] > 0]
    if df.empty:
        return [("shortfall-chart", shortfall_figure(shortfall, countries))]
    key = df["stage"].astype(str) + "/" + df["material"].astype(str)
    goods = df.groupby(key)["shortfall_t"].sum().sort_values(ascending=False).index[:limit]
    return [(f"shortfall-chart-{i}" if i else "shortfall-chart",
             shortfall_figure(shortfall, countries, good=str(g))) for i, g in enumerate(goods)]


def stocks_figure(stocks: pd.DataFrame, title: str = "Stockpile levels") -> go.Figure:
    """Closing stock per period, one line per country × stage × material."""
    if stocks.empty:
        return _empty(title, "no stockpile in this scenario")
    fig = go.Figure(layout={**LAYOUT, "title": title, "yaxis": {"title": "closing stock (t)"}})
    for (c, s, m), part in stocks.groupby(["country", "stage", "material"]):
        fig.add_scatter(x=part["period"].astype(str).tolist(), y=part["closing_t"].tolist(),
                        mode="lines+markers",
                        name=f"{c} {m} ({s})")
    return fig


def prices_figure(prices: pd.DataFrame, title: str = "Prices by market") -> go.Figure:
    """Price per period, one line per material × stage × market (only those that move):
    USD/kg where the dataset has a base price, else the index p/p0."""
    if prices.empty:
        return _empty(title, "no prices")
    keys = [c for c in ("material", "stage", "market") if c in prices.columns]
    moving = prices.groupby(keys)["price_index"].transform(
        lambda s: (s - 1).abs().max() > 1e-9)
    df = prices[moving] if moving.any() else prices
    usd = "usd_per_kg" in df.columns and df["usd_per_kg"].notna().all()
    y = "usd_per_kg" if usd else "price_index"
    fig = go.Figure(layout={**LAYOUT, "title": title, "showlegend": True, "yaxis": {
        "title": "USD per kg" if usd else "price index (p/p0)"}})
    for key, part in df.groupby(keys):
        m, s, *mk = key
        form = part["priced_as"].iloc[0] if usd and "priced_as" in part else ""
        name = f"{form or m} ({s})" + (f", {mk[0]}" if mk else "")
        fig.add_scatter(x=part["period"].astype(str).tolist(), y=part[y].tolist(),
                        mode="lines+markers", name=name)
    return fig


def no_data_cells(df: pd.DataFrame, value: str, unknown: str | None, materials: list[str],
                  stages: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The heat map's values (material × stage; NaN where the material has no such stage)
    and where they are no data: at least :data:`NO_DATA_UNKNOWN` of the cell's supply is of
    unknown origin (a low share there is missing data, not safety)."""
    z = df.pivot_table(index="material", columns="stage", values=value, aggfunc="max")
    z = z.reindex(index=materials, columns=stages).astype(float).to_numpy()
    missing = np.zeros(z.shape, dtype=bool)
    if unknown is not None:
        u = df.pivot_table(index="material", columns="stage", values=unknown, aggfunc="max")
        u = u.reindex(index=materials, columns=stages).astype(float).to_numpy()
        missing |= np.nan_to_num(u) >= NO_DATA_UNKNOWN
    return np.where(missing, np.nan, z), missing


def heatmap_figure(df: pd.DataFrame, value: str, title: str, stage_order: list[str],
                   hover: str | None = None, unknown: str | None = None) -> go.Figure:
    """Material × stage heat map of ``df[value]`` (a share, 0-1), e.g. the largest
    single-country share of a coalition's supply. ``hover`` names a column shown on hover
    (e.g. the country holding that share); ``unknown`` the column of the unknown-origin
    share: such cells say "no data" instead of a pale colour."""
    if df.empty:
        return _empty(title, "no data")
    stages = [s for s in stage_order if s in set(df["stage"])]
    materials = sorted(df["material"].unique())
    z, missing = no_data_cells(df, value, unknown, materials, stages)
    text = np.full(z.shape, "", dtype=object)
    if hover is not None:
        t = df.pivot_table(index="material", columns="stage", values=hover, aggfunc="first")
        text = t.reindex(index=materials, columns=stages).fillna("").to_numpy(dtype=object)
    fig = go.Figure(layout={**LAYOUT, "title": title,
                            "height": max(320, 28 * len(materials) + 140)})
    fig.add_heatmap(z=[[None if np.isnan(v) else float(v) for v in r] for r in z], x=stages,
                    y=materials, text=text.tolist(), zmin=0, zmax=1, colorscale="YlOrRd",
                    colorbar={"title": "share"},
                    hovertemplate="%{y} · %{x}: %{z:.0%} %{text}<extra></extra>")
    nd = [(stages[j], materials[i]) for i, j in zip(*np.nonzero(missing), strict=True)]
    if nd:
        fig.add_scatter(x=[s for s, _ in nd], y=[m for _, m in nd], mode="text",
                        text=["no data"] * len(nd), showlegend=False,
                        textfont={"color": "#57606a", "size": 10}, hoverinfo="skip")
    return fig


def lines_figure(df: pd.DataFrame, x: str, y: str, group: str, title: str,
                 y_title: str = "", x_title: str = "") -> go.Figure:
    """One line per value of ``group``: ``y`` against ``x``."""
    if df.empty:
        return _empty(title, "no data")
    xaxis: dict = {"title": x_title or x}
    if x == "year":  # whole years: no tick at 2,023.5, no thousands separator
        xaxis["tickformat"] = "d"
        if df[x].nunique() <= 12:
            xaxis.update(dtick=1, tickmode="linear")
    fig = go.Figure(layout={**LAYOUT, "title": title, "yaxis": {"title": y_title or y},
                            "xaxis": xaxis})
    for key, part in df.sort_values(x).groupby(group):
        fig.add_scatter(x=part[x].tolist(), y=part[y].tolist(), mode="lines+markers",
                        name=str(key))
    return fig


def paired_histogram_figure(a: pd.Series, b: pd.Series, names: tuple[str, str],
                            title: str, x_title: str = "t") -> go.Figure:
    """Overlaid histograms of two samples (e.g. one quantity per future, without and with
    a portfolio), on shared bins."""
    fig = go.Figure(layout={**LAYOUT, "title": title, "barmode": "overlay",
                            "xaxis": {"title": x_title}, "yaxis": {"title": "futures"}})
    hi = float(max(a.max(), b.max(), 1.0))
    bins = {"start": 0.0, "end": hi * 1.0001, "size": hi / 30}
    for series, name in zip((a, b), names, strict=True):
        fig.add_histogram(x=series.tolist(), name=name, xbins=bins, opacity=0.6)
    return fig


def sankey_figure(links: pd.DataFrame, title: str) -> go.Figure:
    """Sankey of ``links`` (columns ``source, target, value``; node labels are strings)."""
    if links.empty:
        return _empty(title, "no flows")
    labels = list(dict.fromkeys([*links["source"], *links["target"]]))
    index = {label: i for i, label in enumerate(labels)}
    fig = go.Figure(layout={**LAYOUT, "title": title, "height": 560})
    fig.add_sankey(node={"label": labels, "pad": 12, "thickness": 14},
                   link={"source": [index[s] for s in links["source"]],
                         "target": [index[t] for t in links["target"]],
                         "value": links["value"].tolist()})
    return fig


def chain_links(capacity: pd.DataFrame, trade: pd.DataFrame, demand: pd.DataFrame,
                recipes: pd.DataFrame, material: str, year: int) -> pd.DataFrame:
    """Links of a material's chain for a Sankey: ``source, target, value`` (t).

    The chain is the material's own stages plus every product a recipe makes from it
    (e.g. NdFeB from Nd). For each stage × material and country there are two nodes:
    ``made`` (its production) and ``supply`` (what it has: production kept + imports).
    Links: made → supply of each importer (trade) and of the producer itself (the rest);
    supply → made at the next stage (recipe inputs consumed, production × t/t); supply →
    end use (demand by sector). Every link points down the chain, so there are no cycles.
    Quantities keep each stage's unit (t oxide at mining, t element, t product).
    """
    cap = capacity[(capacity["year"] == year) & capacity["production_t"].notna()]
    chain: list[tuple[str, str]] = []
    todo = sorted(set(zip(cap.loc[cap["material"] == material, "stage"],
                          cap.loc[cap["material"] == material, "material"], strict=True)))
    while todo:
        node = todo.pop(0)
        if node not in chain:
            chain.append(node)
            nxt = recipes[(recipes["input_stage"] == node[0])
                          & (recipes["input_material"] == node[1])]
            todo += list(zip(nxt["stage"], nxt["material"], strict=True))
    rows: list[tuple[str, str, float]] = []
    tr = trade[trade["year"] == year]
    dem = demand[demand["year"] == year]
    for stage, mat in chain:
        label = f"{mat} {stage}"
        prod = cap[(cap["stage"] == stage) & (cap["material"] == mat)]
        flows = tr[(tr["stage"] == stage) & (tr["material"] == mat)]
        for _, r in prod.iterrows():
            sent = flows.loc[flows["exporter"] == r["country"]]
            for _, f in sent.iterrows():
                rows.append((f"{label} made · {r['country']}", f"{label} · {f['importer']}",
                             float(f["quantity_t"])))
            rows.append((f"{label} made · {r['country']}", f"{label} · {r['country']}",
                         float(r["production_t"] - sent["quantity_t"].sum())))
        for _, rec in recipes[(recipes["input_stage"] == stage)
                              & (recipes["input_material"] == mat)].iterrows():
            out = cap[(cap["stage"] == rec["stage"]) & (cap["material"] == rec["material"])]
            for _, r in out.iterrows():
                rows.append((f"{label} · {r['country']}",
                             f"{rec['material']} {rec['stage']} made · {r['country']}",
                             float(r["production_t"] * rec["input_t_per_t"])))
        for _, d in dem[(dem["stage"] == stage) & (dem["material"] == mat)].iterrows():
            rows.append((f"{label} · {d['country']}", f"end use {d['sector']} · {d['country']}",
                         float(d["demand_t"])))
    out = pd.DataFrame(rows, columns=["source", "target", "value"])
    return out[out["value"] > 1e-9].reset_index(drop=True)


def grouped_bars_figure(df: pd.DataFrame, x: str, y: str, group: str, title: str,
                        group_order: list[str] | None = None) -> go.Figure:
    """Grouped bars: ``y`` per ``x``, one bar colour per ``group`` (e.g. stage)."""
    if df.empty:
        return _empty(title, "no data")
    fig = go.Figure(layout={**LAYOUT, "title": title, "barmode": "group",
                            "yaxis": {"title": y}})
    groups = [g for g in (group_order or []) if g in set(df[group])] or sorted(set(df[group]))
    for g in groups:
        part = df[df[group] == g].sort_values(x)
        fig.add_bar(x=part[x].tolist(), y=part[y].astype(float).tolist(), name=str(g))
    return fig
