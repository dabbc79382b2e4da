"""``critmin simulate`` and ``critmin scenarios list|show``: thin adapters over
:func:`critmin.simulate.simulate` and the bundled scenario library.

"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from critmin.cli._common import (
    DatasetOption,
    FormatOption,
    OutputFormat,
    console,
    dumps,
    emit_table,
    handle_errors,
    out_folder,
    warn,
)

if TYPE_CHECKING:

    import pandas as pd


scenarios_app = typer.Typer(help="The bundled scenario library.", no_args_is_help=True)



@handle_errors
def simulate_command(
    scenario: Annotated[str, typer.Argument(
        help="Scenario YAML file, or the name of a bundled scenario (see `scenarios list`).")],
    dataset: DatasetOption = None,
    fmt: FormatOption = OutputFormat.table,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", callback=out_folder,
        help="Folder to write the tables (CSV and Parquet) and summary.json "
        "into, atomically.", show_default=False)] = None,
) -> None:
    """Simulate a shock scenario period by period: who runs short of what, and when.

    The dataset is --dataset, else the scenario's `dataset:` path (relative to the
    scenario file), else the bundled reference dataset.
    """
    import pandas as pd

    from critmin.app import resolve
    from critmin.app.jobs import Job, run_job
    from critmin.simulate.summary import goods_frame, headline, stocks_frame

    named = resolve.scenario(scenario)
    sc = named.value
    res = run_job(Job("simulate", scenario=sc), ds=resolve.dataset(named, dataset))
    if out is not None:
        res.write(out)
    if fmt is OutputFormat.json:
        typer.echo(dumps(res.to_dict()))
        return
    short = _by_country_sector(res.shortfall)
    if fmt is OutputFormat.csv:
        emit_table(short, fmt)
        return
    con = console()
    s = res.summary
    con.rule(f"[bold]{sc.name}[/] — {s['start']} to {s['end']} ({s['periods']} "
             f"{sc.horizon.step}s, {s['allocation']})")
    for line in headline(s):
        con.print(line, highlight=False)
    goods = goods_frame(s)
    hit = goods[goods["shortfall_t"] > 0]
    if not hit.empty:
        shown = pd.DataFrame({
            "good": hit["good"], "demand t": hit["demand_t"], "short t": hit["shortfall_t"],
            "% demand": 100 * hit["share_of_demand"], "months": hit["months_of_demand"],
            "rationed t": hit["rationed_t"], "coalition t": hit["coalition_shortfall_t"],
            "worst": hit["worst_period"].fillna("")})
        emit_table(shown, fmt, title="Goods short over the horizon (t of each good, never "
                   "added across goods)")
    fine = goods.loc[goods["shortfall_t"] <= 0, "good"].tolist()
    if fine:
        con.print(f"No shortfall of: {', '.join(fine)}.", highlight=False)
    cover = stocks_frame(s)
    if not cover.empty:
        emit_table(cover, fmt, title="Stockpiles and inventories: months of the holder's "
                   "demand covered, months lasted once drawn")
    emit_table(short[short["shortfall_t"] > 0] if (short["shortfall_t"] > 0).any() else short,
               fmt, title="Shortfall by country, sector, stage and material (t)")
    pr = res.prices
    keys = [c for c in ("market", "stage", "material") if c in pr.columns]
    peak = pr.groupby(keys, as_index=False)[["price_index", "usd_per_kg"]].max()
    peak = peak[peak["price_index"] > 1.0 + 1e-6]
    if peak.empty:
        con.print("No price rises above its base in any market.", highlight=False)
    else:
        emit_table(peak, fmt, title="Peak price by market: index p/p0 and USD/kg (goods "
                   "that move)")
    warn(s.get("warnings", []))
    if out is not None:
        con.print(f"Tables written to {out}", highlight=False)


def _by_country_sector(shortfall: pd.DataFrame) -> pd.DataFrame:
    keys = ["country", "sector", "stage", "material"]
    cols = [c for c in ("demand_t", "supplied_t", "shortfall_t", "priced_out_t", "rationed_t")
            if c in shortfall.columns]
    g = shortfall.groupby(keys, as_index=False)[cols].sum()
    return g.sort_values(["shortfall_t", *keys], ascending=[False, True, True, True, True],
                         ignore_index=True)


@scenarios_app.command("list")
@handle_errors
def list_command(fmt: FormatOption = OutputFormat.table) -> None:
    """List the bundled scenarios."""
    import pandas as pd

    from critmin.scenarios import list_scenarios, load_library_scenario

    rows = []
    for name in list_scenarios():
        sc = load_library_scenario(name)
        rows.append({"name": name, "horizon": f"{sc.horizon.start}..{sc.horizon.end} "
                     f"({sc.horizon.step})", "shocks": len(sc.shocks),
                     "measures": len(sc.measures),
                     "description": " ".join(sc.description.split())[:100]})
    emit_table(pd.DataFrame(rows), fmt, title="Bundled scenarios")


@scenarios_app.command("show")
@handle_errors
def show_command(
    name: Annotated[str, typer.Argument(help="Name of a bundled scenario.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="yaml or json.")] = "yaml",
) -> None:
    """Print a bundled scenario (YAML, or JSON with --format json)."""
    from critmin.scenarios import dump_scenario, load_library_scenario
    from critmin.scenarios.io import scenario_to_dict

    sc = load_library_scenario(name)
    typer.echo(dumps(scenario_to_dict(sc)) if fmt == "json" else dump_scenario(sc), nl=False)
