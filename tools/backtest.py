"""Re-run the 2025 backtest of docs/backtest.md.

    .venv/bin/python tools/backtest.py            # the details behind the page's narrative
    .venv/bin/python tools/backtest.py --write    # regenerate the page's validation table

``--write`` runs ``critmin.simulate.backtest`` (the code behind ``critmin backtest``) on
the bundled scenario ``china-2025-04-controls`` and the dataset's observations, and
writes the table between the markers of docs/backtest.md
(``tests/simulate/test_backtest_doc.py`` checks it is current). Without it, the script
runs the scenario in market and contracts mode and prints, month by month, China's magnet
exports (all destinations and to the USA) against the no-shock baseline and against the
customs figures reported in 2025, the world NdFeB shortfall, who is short in May 2025,
the magnet price index and the shadow price of Dy metal.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from critmin import load_dataset
from critmin.scenarios import load_library_scenario
from critmin.simulate import simulate

# China's rare-earth magnet exports, t per month (GAC data as reported; docs/backtest.md)
REPORTED_WORLD_2025 = {"2025-01": 6_357, "2025-02": 3_587, "2025-03": 5_324, "2025-04": 2_626,
                       "2025-05": 1_238, "2025-06": 3_188, "2025-07": 5_577, "2025-08": 6_146,
                       "2025-09": 5_774, "2025-10": 5_473, "2025-11": 6_150, "2025-12": 5_952}
REPORTED_USA_2025 = {"2025-01": 877, "2025-02": 405, "2025-03": 584, "2025-04": 246,
                     "2025-05": 46, "2025-06": 353, "2025-07": 619, "2025-08": 590,
                     "2025-09": 420, "2025-10": 656, "2025-11": 582, "2025-12": 564}
WORLD_2024_T, USA_2024_T = 58_152, 7_444


def main() -> None:
    ds = load_dataset()
    sc = load_library_scenario("china-2025-04-controls")
    market = simulate(ds, sc)
    contracts = simulate(ds, sc.model_copy(update={"allocation": "contracts"}))
    f = market.flows
    mag = f[(f.exporter == "CHN") & (f.stage == "magnet") & (f.material == "NdFeB")]
    world = mag.groupby("period")[["quantity_t", "baseline_t"]].sum()
    usa = mag[mag.importer == "USA"].groupby("period")[["quantity_t", "baseline_t"]].sum()
    rows = []
    for p, rep in REPORTED_WORLD_2025.items():
        model, base = world.loc[p, "quantity_t"], world.loc[p, "baseline_t"]
        rows.append({"month": p, "model_t": model, "model_vs_baseline": model / base - 1,
                     "reported_t": rep, "reported_vs_2024_avg": rep / (WORLD_2024_T / 12) - 1,
                     "model_usa_t": usa.loc[p, "quantity_t"],
                     "reported_usa_t": REPORTED_USA_2025[p],
                     "reported_usa_vs_2024_avg": REPORTED_USA_2025[p] / (USA_2024_T / 12) - 1})
    print("China's magnet exports, 2025 (t per month)")
    print(pd.DataFrame(rows).round(3).to_string(index=False))
    year = [p for p in REPORTED_WORLD_2025]
    print(f"\nmodel 2025 total {world.loc[year, 'quantity_t'].sum():,.0f} t "
          f"(baseline {world.loc[year, 'baseline_t'].sum():,.0f}); reported "
          f"{sum(REPORTED_WORLD_2025.values()):,} t; to the USA model "
          f"{usa.loc[year, 'quantity_t'].sum():,.0f} t, reported "
          f"{sum(REPORTED_USA_2025.values()):,} t")
    for name, res in (("market", market), ("contracts", contracts)):
        sf = res.shortfall
        mag_sf = sf[(sf.material == "NdFeB") & (sf.stage == "magnet")]
        by_month = mag_sf.groupby("period")["shortfall_t"].sum()
        print(f"\n{name}: world NdFeB shortfall {mag_sf['shortfall_t'].sum():,.0f} t over "
              f"2025-2027; by month: " + ", ".join(
                  f"{p} {v:,.0f}" for p, v in by_month.items() if v > 0.5))
        by_country = mag_sf.groupby("country")["shortfall_t"].sum()
        print(f"{name}: by country " + ", ".join(
            f"{c} {v:,.0f}" for c, v in by_country.sort_values(ascending=False).items() if v > 0.5))
    sf = market.shortfall
    may = sf[(sf.period == "2025-05") & (sf.material == "NdFeB")]
    may = may.groupby(["country", "sector"])[["demand_t", "shortfall_t", "priced_out_t",
                                              "rationed_t"]].sum()
    may["share"] = may["shortfall_t"] / may["demand_t"]
    print("\nMay 2025, NdFeB: who is short (market)")
    print(may[may["shortfall_t"] > 0].round(1).to_string())
    sf = market.shortfall[market.shortfall.material == "NdFeB"]
    by = sf.groupby("period", sort=False)[["shortfall_t", "priced_out_t", "rationed_t"]].sum()
    print("\nNdFeB shortfall, priced out and rationed (t), 2025:")
    print(by.loc[[p for p in by.index if p.startswith("2025")]].round(0).to_string())
    pr = market.prices
    for good in (("magnet", "NdFeB"), ("separation", "Dy"), ("separation", "Tb")):
        g = pr[(pr.stage == good[0]) & (pr.material == good[1])]
        idx = g.pivot_table(index="period", columns="market", values="price_index",
                            sort=False)
        print(f"\n{good[1]} price index by market: " + "; ".join(
            f"{p} " + " ".join(f"{m} {idx.loc[p, m]:.2f}" for m in idx.columns)
            for p in idx.index if p in ("2025-04", "2025-05", "2025-06", "2025-07",
                                        "2025-09", "2025-12", "2026-06")))
    sp = market.shadow_prices
    dy = sp[(sp.material == "Dy") & (sp.stage == "metal") & (sp.period == "2025-05")]
    print("shadow price of Dy metal, May 2025: " + ", ".join(
        f"{r.country} {r.shadow_price:,.0f}" for r in dy.itertuples()))


DOC = Path(__file__).resolve().parents[1] / "docs" / "backtest.md"
START, END = "<!-- backtest-table:start -->", "<!-- backtest-table:end -->"


def write_table() -> None:
    """Write the generated validation table into docs/backtest.md."""
    from critmin.simulate.backtest import backtest, markdown_table

    res = backtest(load_dataset(), load_library_scenario("china-2025-04-controls"))
    text = DOC.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    DOC.write_text(f"{head}{START}\n{markdown_table(res)}\n{END}{tail}", encoding="utf-8")
    print(f"wrote {DOC}")


if __name__ == "__main__":
    write_table() if "--write" in sys.argv else main()
