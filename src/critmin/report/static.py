"""Static PNG figures (matplotlib) for slides: the same views as the interactive charts.

Each function takes tidy tables and a path, writes one PNG and returns the path. The Agg
backend is used, so no display is needed.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl

mpl.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

DPI = 150


def _save(fig: plt.Figure, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)
    plt.close(fig)
    return path


def shortfall_png(shortfall: pd.DataFrame, path: Path, countries: list[str] | None = None,
                  title: str = "Shortfall by period, member and sector") -> Path:
    """Stacked bars of shortfall per period (t per period), by country × sector, of the good
    (stage/material) with the largest shortfall: tonnes of different goods are never
    stacked together."""
    df = shortfall if countries is None else shortfall[shortfall["country"].isin(countries)]
    df = df[df["shortfall_t"] > 0]
    unit = "t per period"
    if not df.empty:
        key = df["stage"].astype(str) + "/" + df["material"].astype(str)
        good = str(df.groupby(key)["shortfall_t"].sum().idxmax())
        df, title, unit = df[key == good], f"{title}: {good}", f"{good}, t per period"
    fig, ax = plt.subplots(figsize=(10, 4.5))
    periods = list(dict.fromkeys(shortfall["period"].astype(str)))
    table = (df.assign(key=df["country"] + " · " + df["sector"], period=df["period"].astype(str))
             .pivot_table(index="period", columns="key", values="shortfall_t", aggfunc="sum")
             .reindex(periods).fillna(0.0))
    table = table.loc[:, table.sum() > 0]
    if table.empty:
        ax.text(0.5, 0.5, "no shortfall in any period", ha="center", va="center",
                transform=ax.transAxes)
    else:
        bottom = np.zeros(len(table))
        for col in table.columns:
            ax.bar(table.index, table[col], bottom=bottom, label=col)
            bottom += table[col].to_numpy()
        ax.legend(fontsize=7, ncol=3, loc="upper right")
        ax.tick_params(axis="x", rotation=60, labelsize=7)
    ax.set_title(title)
    ax.set_ylabel(unit)
    return _save(fig, path)


def heatmap_png(df: pd.DataFrame, value: str, path: Path, stage_order: list[str],
                title: str, unknown: str | None = None) -> Path:
    """Material × stage heat map of a share (0-1); cells with at least half their supply of
    unknown origin (``unknown`` column) are grey and say "no data"; a material without a
    stage has a blank cell."""
    from critmin.report.charts import no_data_cells

    stages = [s for s in stage_order if s in set(df["stage"])]
    materials = sorted(df["material"].unique())
    z, missing = no_data_cells(df, value, unknown, materials, stages)
    fig, ax = plt.subplots(figsize=(1.6 * max(3, len(stages)) + 2,
                                    0.35 * max(4, len(materials)) + 1.5))
    cmap = plt.get_cmap("YlOrRd").with_extremes(bad="white")
    im = ax.imshow(np.ma.masked_invalid(z), cmap=cmap, vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(stages)), stages)
    ax.set_yticks(range(len(materials)), materials)
    for (i, j), v in np.ndenumerate(z):
        if missing[i, j]:
            ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, color="#d0d7de"))
            ax.text(j, i, "no data", ha="center", va="center", fontsize=6, color="#57606a")
        elif not np.isnan(v):
            ax.text(j, i, f"{v:.0%}", ha="center", va="center", fontsize=7)
    fig.colorbar(im, ax=ax, label="share")
    ax.set_title(title)
    return _save(fig, path)


def lines_png(df: pd.DataFrame, x: str, y: str, group: str, path: Path, title: str,
              y_label: str = "", x_label: str = "") -> Path:
    """One line per ``group``."""
    fig, ax = plt.subplots(figsize=(9, 4))
    numeric = pd.api.types.is_numeric_dtype(df[x])
    for key, part in df.sort_values(x).groupby(group):
        ax.plot(part[x] if numeric else part[x].astype(str), part[y], marker="o", label=str(key))
    if not df.empty:
        ax.legend(fontsize=7, ncol=3)
    ax.set_title(title)
    ax.set_ylabel(y_label or y)
    if numeric:
        ax.set_xlabel(x_label or x)
    else:
        ax.tick_params(axis="x", rotation=60, labelsize=7)
    return _save(fig, path)
