"""Plotly figures of the dashboard: ensemble and portfolio results, the world map of
shares, the timeline of policies.

Tonnes of different goods are never added or stacked: a figure that shows several goods
draws each in its own panel with its own axis (:func:`panels_figure`).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from critmin.report.charts import LAYOUT, _empty

#: Most goods drawn, each in its own panel (the largest first).
MAX_PANELS = 4

STATS = (("p5", "P5"), ("p50", "P50"), ("mean", "mean"), ("p95", "P95"),
         ("cvar95", "CVaR 95 %"))


def panels_figure(title: str, panels: list[tuple[str, list[go.BaseTraceType]]],
                  y_title: str | list[str], x_title: str = "") -> go.Figure:
    """One panel per ``(subtitle, traces)``, side by side, each with its own y axis
    (``y_title``: the first panel's axis title, or one per panel)."""
    from plotly.subplots import make_subplots

    if not panels:
        return _empty(title, "nothing to show")
    panels = panels[:MAX_PANELS]
    fig = make_subplots(rows=1, cols=len(panels), subplot_titles=[p[0] for p in panels],
                        horizontal_spacing=0.08)
    for col, (_, traces) in enumerate(panels, start=1):
        for tr in traces:
            fig.add_trace(tr, row=1, col=col)
        titles = y_title if isinstance(y_title, list) else [y_title]
        fig.update_yaxes(title_text=titles[col - 1] if col <= len(titles) else "", row=1,
                         col=col)
        fig.update_xaxes(title_text=x_title, row=1, col=col)
    fig.update_layout(**{**LAYOUT, "title": title})
    return fig


def _goods(summary: dict[str, Any]) -> list[str]:
    by = summary.get("shortfall_by_good_t") or {}
    return sorted(by, key=lambda g: -float(by[g].get("mean") or 0.0))


def ensemble_distribution_figure(summary: dict[str, Any],
                                 by_draw: dict[str, list[float]] | None) -> go.Figure:
    """Histogram over the futures of the coalition's shortfall, one panel per good (t over
    the horizon); without the per-future values, the quantiles as points."""
    title = "Coalition shortfall over the futures, per good (t over the horizon)"
    panels = []
    for good in _goods(summary):
        if by_draw and good in by_draw:
            traces = [go.Histogram(x=by_draw[good], name=good, nbinsx=30, showlegend=False)]
        else:
            s = summary["shortfall_by_good_t"][good]
            traces = [go.Scatter(x=[s[k] for k, _ in STATS], y=[lab for _, lab in STATS],
                                 mode="markers", name=good, showlegend=False)]
        panels.append((good, traces))
    y = "futures" if by_draw else ""
    return panels_figure(title, panels, y, x_title="t short")


def ensemble_risk_figure(summary: dict[str, Any]) -> go.Figure:
    """P5, P50, mean, P95 and CVaR 95 % of the coalition's shortfall, one panel per good."""
    panels = []
    for good in _goods(summary):
        s = summary["shortfall_by_good_t"][good]
        panels.append((f"{good} (P(any) {s['prob_any']:.0%})", [go.Bar(
            x=[lab for _, lab in STATS], y=[s[k] for k, _ in STATS], showlegend=False,
            text=[f"{s[k]:,.0f}" for k, _ in STATS], textposition="outside")]))
    return panels_figure("Tail risk per good: P95 and CVaR 95 % (t over the horizon)",
                         panels, "t short")


def sensitivity_figure(rows: list[dict[str, Any]]) -> go.Figure:
    """Each uncertain parameter's first-order index (RBD-FAST) and rank correlation with
    the largest share of a good's demand left short."""
    title = "Sensitivity: what drives the worst shortfall"
    df = pd.DataFrame(rows)
    if df.empty:
        return _empty(title, "no uncertain parameter")
    fig = go.Figure(layout={**LAYOUT, "title": title, "barmode": "group",
                            "xaxis": {"title": "index (-1 to 1)"}})
    for col, name in (("s1_rbd_fast", "first-order index (RBD-FAST)"),
                      ("spearman", "Spearman rank correlation")):
        if col in df:
            fig.add_bar(y=df["parameter"].tolist(), x=df[col].astype(float).tolist(),
                        orientation="h", name=name)
    return fig


def portfolio_figure(picks: list[dict[str, Any]]) -> go.Figure:
    """Cost of each pick of the portfolio (MUSD) and, on hover, what it avoids."""
    title = "Portfolio: cost of each pick (MUSD)"
    df = pd.DataFrame(picks)
    if df.empty:
        return _empty(title, "the portfolio picks nothing")
    fig = go.Figure(layout={**LAYOUT, "title": title, "yaxis": {"title": "MUSD"}})
    for typ, part in df.groupby("type"):
        fig.add_bar(x=part["measure_id"].tolist(), y=part["cost_musd"].tolist(), name=str(typ),
                    customdata=part[["good", "coalition_avoided_t"]].to_numpy().tolist(),
                    hovertemplate="%{x}: %{y:,.0f} MUSD; avoids %{customdata[1]:,.0f} t of "
                                  "%{customdata[0]}<extra></extra>")
    return fig


def partners_figure(cost_by_partner: dict[str, float],
                    benefit: list[dict[str, Any]]) -> go.Figure:
    """Each partner's cost (MUSD, first panel) and the shortfall of its own demand the
    portfolio avoids (t, one panel per good)."""
    partners = sorted(cost_by_partner)
    panels = [("cost (MUSD)", [go.Bar(x=partners, y=[cost_by_partner[p] for p in partners],
                                      showlegend=False, marker_color="#0b3d5c")])]
    ben = pd.DataFrame(benefit)
    if not ben.empty:
        order = ben.groupby("good")["avoided_t"].sum().sort_values(ascending=False).index
        for good in order:
            part = ben[ben["good"] == good].sort_values("partner")
            panels.append((f"{good} avoided (t)", [go.Bar(
                x=part["partner"].tolist(), y=part["avoided_t"].tolist(), showlegend=False,
                marker_color="#1a7f37")]))
    return panels_figure("Who pays and who benefits, by partner", panels,
                         ["MUSD", *["t avoided"] * (len(panels) - 1)])


def frontier_figure(frontier: list[dict[str, Any]] | None) -> go.Figure:
    """Expected coalition shortfall against the coalition budget, one panel per good."""
    title = "Budget frontier: expected coalition shortfall per good against the budget"
    df = pd.DataFrame(frontier or [])
    if df.empty:
        return _empty(title, "no frontier in this run (start it with frontier budgets)")
    df = df.sort_values("budget_musd")
    cols = [c for c in df.columns if c.startswith("coalition_t[")]
    panels = [(c.removeprefix("coalition_t[").removesuffix("]"),
               [go.Scatter(x=df["budget_musd"].tolist(), y=df[c].tolist(),
                           mode="lines+markers", showlegend=False)]) for c in cols]
    return panels_figure(title, panels, "expected t short", x_title="budget (MUSD)")


@cache
def world_shapes() -> dict[str, Any]:
    """Country shapes bundled with critmin (Natural Earth 1:110m admin-0, public domain),
    keyed by ISO 3166-1 alpha-3 in ``properties.iso3``: the map needs no network."""
    text = resources.files("critmin.report").joinpath("world_110m.geojson").read_text()
    return json.loads(text)


#: Script that stops plotly.js fetching its base-map topology from a CDN: the map draws
#: no coastlines or land of its own (every country is a shape of :func:`world_shapes`).
NO_BASE_MAP = ("<script>window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};"
               "PlotlyGeoAssets.topojson['world_110m'] = "
               "{type: 'Topology', objects: {}, arcs: []};</script>")


def choropleth_figure(shares: pd.DataFrame, title: str,
                      geojson: str | dict[str, Any] | None = None) -> go.Figure:
    """World map of ``shares`` (``country`` ISO3, ``share`` 0-1, ``production_t``), every
    other country in grey. ``geojson``: the shapes or a URL that serves them (default:
    :func:`world_shapes` inline). The page needs :data:`NO_BASE_MAP` before the figure."""
    df = shares[shares["country"].str.fullmatch(r"[A-Z]{3}")]
    shapes = geojson if geojson is not None else world_shapes()
    fig = go.Figure(layout={**LAYOUT, "title": title, "height": 520, "geo": {
        "projection": {"type": "natural earth"}, "showframe": False, "showcoastlines": False,
        "showland": False, "showcountries": False, "showlakes": False, "showocean": False,
        "lataxis": {"range": [-58, 85]}}})
    every = [f["properties"]["iso3"] for f in world_shapes()["features"]]
    fig.add_choropleth(geojson=shapes, featureidkey="properties.iso3", locations=every,
                       z=[0.0] * len(every), colorscale=[[0, "#e6e9ec"], [1, "#e6e9ec"]],
                       showscale=False, hovertemplate="%{location}: no production recorded"
                                                      "<extra></extra>",
                       marker={"line": {"color": "#ffffff", "width": 0.5}})
    if df.empty:
        fig.add_annotation(text="no production recorded", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper")
        return fig
    fig.add_choropleth(geojson=shapes, featureidkey="properties.iso3",
                       locations=df["country"].tolist(), z=df["share"].astype(float).tolist(),
                       zmin=0, zmax=1, colorscale="YlOrRd", colorbar={"title": "share"},
                       customdata=df["production_t"].astype(float).tolist(),
                       marker={"line": {"color": "#ffffff", "width": 0.5}},
                       hovertemplate="%{location}: %{z:.1%} (%{customdata:,.0f} t)"
                                     "<extra></extra>")
    return fig


STATUS_COLOURS = {"in_force": "#cf222e", "suspended": "#bf8700", "not_yet": "#0969da",
                  "expired": "#8c959f"}


def policy_timeline_figure(policies: pd.DataFrame, as_of: str) -> go.Figure:
    """One bar per policy from its start to its end (open-ended: to two years after
    ``as_of``), coloured by its status on ``as_of``, with a line at ``as_of``."""
    from critmin.model.policies import first_day, last_day

    title = f"Export controls and their suspensions: status on {as_of}"
    if policies.empty:
        return _empty(title, "no policy in the dataset")
    day = first_day(as_of)
    fig = go.Figure(layout={**LAYOUT, "title": title, "barmode": "overlay",
                            "height": max(360, 26 * len(policies) + 160),
                            "xaxis": {"type": "date", "title": "date"},
                            "yaxis": {"autorange": "reversed"}})
    for status, part in policies.groupby("status", sort=False):
        starts = [first_day(str(s)) for s in part["start"]]
        ends = [last_day(str(e)) if isinstance(e, str) and e.strip() else
                day + pd.DateOffset(years=2) for e in part["end"]]
        fig.add_bar(y=part["policy_id"].tolist(), base=[s.isoformat() for s in starts],
                    x=[(e - s).total_seconds() * 1000 for s, e in zip(starts, ends,
                                                                       strict=True)],
                    orientation="h", name=str(status).replace("_", " "),
                    marker_color=STATUS_COLOURS.get(str(status), "#57606a"),
                    customdata=[[str(s), str(e) if isinstance(e, str) and e.strip() else
                                 "open-ended"] for s, e in zip(part["start"], part["end"],
                                                               strict=True)],
                    hovertemplate="%{y}: %{customdata[0]} to %{customdata[1]}"
                                  "<extra></extra>")
    fig.add_vline(x=day.isoformat(), line_dash="dash", line_color="#1b1f24")
    return fig
