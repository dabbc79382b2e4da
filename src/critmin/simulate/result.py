"""The result of a simulation: tidy tables (t per period) and a summary."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from critmin.chain.index import Index
from critmin.core.files import atomic_directory
from critmin.core.jsonio import dumps, json_safe, records

SHORTFALL_COLUMNS = ["country", "sector", "stage", "material", "period", "demand_t",
                     "supplied_t", "shortfall_t", "priced_out_t", "rationed_t"]
PRODUCTION_COLUMNS = ["country", "stage", "material", "period", "production_t", "capacity_t"]
FLOW_COLUMNS = ["exporter", "importer", "stage", "material", "period", "quantity_t",
                "baseline_t", "controlled_origin_t"]
STOCK_COLUMNS = ["country", "stage", "material", "period", "opening_t", "release_t",
                 "build_t", "closing_t"]
PRICE_COLUMNS = ["market", "stage", "material", "period", "demand_t", "supplied_t",
                 "elasticity", "scarcity_index", "price_index", "shadow_price", "usd_per_kg",
                 "base_usd_per_kg", "priced_as"]
SHADOW_COLUMNS = ["country", "stage", "material", "period", "shadow_price"]
COPRODUCTION_COLUMNS = ["country", "stage", "material", "period", "feed_t", "content_t",
                        "produced_t", "surplus_t"]

THRIFT_COLUMNS = ["country", "stage", "material", "period", "grade_t", "input_stage",
                  "input_material", "saved_t"]

TABLES = ("shortfall", "production", "flows", "stocks", "inventories", "prices",
          "shadow_prices", "coproduction", "thrift")

#: Units of the tables' numeric columns (``DataFrame.attrs["units"]``).
UNITS = {
    **dict.fromkeys(("demand_t", "supplied_t", "shortfall_t", "priced_out_t", "rationed_t",
                     "production_t", "quantity_t", "baseline_t", "controlled_origin_t",
                     "opening_t", "release_t", "build_t", "closing_t", "feed_t",
                     "content_t", "produced_t", "surplus_t", "grade_t", "saved_t"),
                    "t per period"),
    "capacity_t": "t per period (capacity × period length)",
    "usd_per_kg": "USD per kg of priced_as", "base_usd_per_kg": "USD per kg of priced_as",
    "price_index": "ratio to the base price (1 = base)",
    "scarcity_index": "ratio to the base price from the market's own scarcity",
    "elasticity": "short-run price elasticity of demand (dimensionless)",
    "shadow_price": "priority points per t (dual of the node balance)",
}


def as_period(label: str) -> pd.Period:
    """A period label of a run (``2025-03`` a month, ``2025`` a year) as a pandas Period.

    >>> as_period("2025-03"), as_period("2025")
    (Period('2025-03', 'M'), Period('2025', 'Y-DEC'))
    """
    return pd.Period(label, freq="M" if "-" in str(label) else "Y")


def annotate(df: pd.DataFrame, sources: list[str]) -> pd.DataFrame:
    """``df`` with its ``period`` column as pandas Periods and ``attrs`` holding the units
    of its columns and the source ids of the data the run read."""
    if "period" in df.columns and len(df) and not isinstance(df["period"].dtype,
                                                             pd.PeriodDtype):
        df = df.assign(period=pd.PeriodIndex([as_period(v) for v in df["period"]]))
    df.attrs = {"units": {c: UNITS[c] for c in df.columns if c in UNITS},
                "sources": list(sources)}
    return df


@dataclass
class SimulationResult:
    """Tidy tables of a run; every quantity is in tonnes *per period*.

    Attributes
    ----------
    shortfall : DataFrame
        ``country, sector, stage, material, period, demand_t, supplied_t, shortfall_t,
        priced_out_t, rationed_t``: the demand not met (``shortfall_t``) is what users forgo
        as the price rises (``priced_out_t``, at their elasticity, up to the price cap) plus
        what is rationed beyond it (``rationed_t``: plants that stop).
    production : DataFrame
        ``country, stage, material, period, production_t, capacity_t``.
    flows : DataFrame
        ``exporter, importer, stage, material, period, quantity_t, baseline_t,
        controlled_origin_t`` (the last is the part made with controlled-origin inputs,
        0 unless an extraterritorial control is active).
    stocks : DataFrame
        ``country, stage, material, period, opening_t, release_t, build_t, closing_t`` of
        the stockpiles the scenario's measures release or build.
    inventories : DataFrame
        The same accounts for the scenario's private inventories (``build_t`` = buy-back).
    prices : DataFrame
        ``market, stage, material, period, demand_t, supplied_t, elasticity,
        scarcity_index, price_index, shadow_price, usd_per_kg, base_usd_per_kg,
        priced_as``: per market (each controlling country's own, and ``ROW``; ``world``
        without controls) and good, the demand there, the index of its own scarcity
        there (unique), the price's ratio to base (with the rent an input carries, read
        from duals that can be non-unique where the LP is degenerate), the largest node
        dual in the market
        (priority points per tonne) and, where the dataset has a base price, the price in
        USD per kg of ``priced_as`` (the oxide for separation goods, as quoted).
    shadow_prices : DataFrame
        ``country, stage, material, period, shadow_price`` (dual of each node balance).
    coproduction : DataFrame
        ``country, stage, material, period, feed_t, content_t, produced_t, surplus_t`` of
        the co-producing separation nodes: the feed separated, each material's content in
        it (yield × feed), what was made of it and the surplus (content − produced,
        disposed of or stocked; all of it for materials the node has no producer of).
    thrift : DataFrame
        ``country, stage, material, period, grade_t, input_stage, input_material,
        saved_t`` of the ``thrifting`` measures: output made in the reduced-input grade
        and the input it did not need, per input.
    summary : dict
        Per good (never summed across goods): demand, shortfall, share and months of
        demand, who and when, peak prices; the value at base prices; every stockpile's
        and inventory's cover (see :mod:`critmin.simulate.summary`).
    """

    scenario: str
    periods: list[str]
    shortfall: pd.DataFrame
    production: pd.DataFrame
    flows: pd.DataFrame
    stocks: pd.DataFrame
    prices: pd.DataFrame
    shadow_prices: pd.DataFrame
    inventories: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=STOCK_COLUMNS))
    coproduction: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=COPRODUCTION_COLUMNS))
    thrift: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=THRIFT_COLUMNS))
    summary: dict[str, Any] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for name in TABLES:
            setattr(self, name, annotate(getattr(self, name), self.sources))

    @property
    def period_index(self) -> pd.PeriodIndex:
        """The run's periods as a :class:`pandas.PeriodIndex` (months or years)."""
        return pd.PeriodIndex([as_period(p) for p in self.periods])

    def to_excel(self, path: str | os.PathLike[str]) -> Path:
        """Write the per-good summary, the stock cover and every table to one xlsx file
        (one sheet each; periods as text), atomically."""
        from critmin.core.files import atomic_file
        from critmin.simulate.summary import goods_frame, stocks_frame

        with atomic_file(path) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as xw:
            goods_frame(self.summary).to_excel(xw, sheet_name="goods", index=False)
            stocks_frame(self.summary).to_excel(xw, sheet_name="stocks cover", index=False)
            for name in TABLES:
                df = getattr(self, name)
                if "period" in df.columns:
                    df = df.assign(period=df["period"].astype(str))
                df.to_excel(xw, sheet_name=name, index=False)
        return Path(path)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready object: ``scenario, periods, shortfall, stocks, inventories, prices,
        coproduction, thrift, summary``."""
        return {"scenario": self.scenario, "periods": [str(p) for p in self.periods],
                "shortfall": records(self.shortfall), "stocks": records(self.stocks),
                "inventories": records(self.inventories),
                "prices": records(self.prices), "coproduction": records(self.coproduction),
                "thrift": records(self.thrift), "summary": json_safe(self.summary)}

    def write(self, out_dir: str | os.PathLike[str]) -> Path:
        """Write every table as CSV and Parquet plus ``summary.json`` into ``out_dir``,
        atomically (see :func:`critmin.core.files.atomic_directory`: a folder critmin did not
        write is never replaced)."""
        with atomic_directory(out_dir) as tmp:
            for name in TABLES:
                df: pd.DataFrame = getattr(self, name)
                df.to_csv(tmp / f"{name}.csv", index=False, lineterminator="\n")
                df.to_parquet(tmp / f"{name}.parquet", index=False)
            (tmp / "summary.json").write_text(dumps(self.summary) + "\n", encoding="utf-8")
        return Path(out_dir)

    def __repr__(self) -> str:
        s = self.summary
        short = s.get("goods_short", [])
        what = ", ".join(f"{k} {s['goods'][k]['shortfall_t']:,.1f} t "
                         f"({100 * s['goods'][k]['share_of_demand']:.1f} %)" for k in short[:3])
        more = f" and {len(short) - 3} more" if len(short) > 3 else ""
        return (f"<SimulationResult {self.scenario!r}: {len(self.periods)} periods, "
                f"{'short: ' + what + more if short else 'no shortfall'}>")


@dataclass
class LightResult:
    """What a *light* run keeps (``simulate(..., light=True)``, used by ensembles): the
    shortfall of every demand and the stock account of every tracked stockpile, as
    period × key arrays in tonnes per period.

    Attributes
    ----------
    demands : Index ``country × sector × stage × material`` of each column of
        ``demand_t`` and ``shortfall_t``.
    stock_nodes : Index ``country × stage × material`` of each column of the ``stocks``
        arrays.
    demand_t, shortfall_t : arrays (periods × demands).
    stocks : ``opening``, ``release``, ``build``, ``closing`` arrays (periods × stock nodes).
    private : bool per stock node: a private inventory, not a stockpile.
    summary : dict
        Solver timings and warnings (the arrays hold the tonnes, per demand).
    """

    scenario: str
    periods: list[str]
    demands: Index
    stock_nodes: Index
    demand_t: np.ndarray
    shortfall_t: np.ndarray
    stocks: dict[str, np.ndarray]
    summary: dict[str, Any] = field(default_factory=dict)
    private: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
