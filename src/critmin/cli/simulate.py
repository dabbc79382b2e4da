"""``critmin simulate`` and ``critmin scenarios list|show``: thin adapters over
:func:`critmin.simulate.simulate` and the bundled scenario library.

Also :func:`run_library`, the library call behind ``critmin assess``'s shock section.
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
    load,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd

    from critmin.data import Dataset

scenarios_app = typer.Typer(help="The bundled scenario library.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add ``simulate`` and the ``scenarios`` group to the root app."""
    app.command(name="simulate")(simulate_command)
    app.add_typer(scenarios_app, name="scenarios")


def _scenario(name_or_path: str):
    """A scenario file path, or the name of a bundled scenario."""
    from critmin.scenarios import load_library_scenario, load_scenario

    p = Path(name_or_path)
    if p.suffix in {".yaml", ".yml"} or p.exists():
        return load_scenario(p)
    return load_library_scenario(name_or_path)


@handle_errors
def simulate_command(
    scenario: Annotated[str, typer.Argument(
        help="Scenario YAML file, or the name of a bundled scenario (see `scenarios list`).")],
    dataset: DatasetOption = None,
    fmt: FormatOption = OutputFormat.table,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Folder to write the tables (CSV and Parquet) and summary.json "
        "into, atomically.", show_default=False)] = None,
) -> None:
    """Simulate a shock scenario period by period: who runs short of what, and when.

    The dataset is --dataset, else the scenario's `dataset:` path (relative to the
    scenario file), else the bundled reference dataset.
    """
    from critmin.simulate import simulate

    sc = _scenario(scenario)
    if dataset is None and sc.dataset not in ("", "bundled"):
        base = Path(scenario).parent if Path(scenario).is_file() else Path.cwd()
        dataset = base / sc.dataset  # the scenario's own dataset, relative to its file
    ds = load(dataset)
    res = simulate(ds, sc)
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
    con.print(f"Shortfall {s['shortfall_t']:,.1f} t of {s['demand_t']:,.1f} t demanded "
              f"({100 * s['shortfall_share']:.2f}%); coalition {', '.join(s['coalition'])}: "
              f"{s['coalition_shortfall_t']:,.1f} t; stock released "
              f"{s['stock_released_t']:,.1f} t.", highlight=False)
    emit_table(short[short["shortfall_t"] > 0] if (short["shortfall_t"] > 0).any() else short,
               fmt, title="Shortfall by country, sector, stage and material (t)")
    peak = res.prices.groupby(["stage", "material"], as_index=False)["price_index"].max()
    emit_table(peak, fmt, title="Peak scarcity price index (p/p0)")
    if out is not None:
        con.print(f"Tables written to {out}", highlight=False)


def _by_country_sector(shortfall: pd.DataFrame) -> pd.DataFrame:
    keys = ["country", "sector", "stage", "material"]
    g = shortfall.groupby(keys, as_index=False)[["demand_t", "supplied_t", "shortfall_t"]].sum()
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


def run_library(ds: Dataset, coalition: Iterable[str],
                names: Iterable[str] | None = None) -> pd.DataFrame:
    """Run bundled scenarios and summarise the shortfall of ``coalition``'s members.

    Parameters
    ----------
    ds : Dataset
    coalition : country codes or group names
    names : bundled scenario names (default: all but ``baseline``)

    Returns
    -------
    DataFrame
        ``scenario, country, sector, stage, material, demand_t, shortfall_t,
        shortfall_share, worst_period`` over each scenario's horizon (t summed over
        periods), one row per member, sector and material with demand.
    """
    import pandas as pd

    from critmin.scenarios import list_scenarios, load_library_scenario
    from critmin.simulate import simulate

    members = ds.resolve_countries(list(coalition))
    names = [n for n in list_scenarios() if n != "baseline"] if names is None else list(names)
    cols = ["scenario", "country", "sector", "stage", "material", "demand_t", "shortfall_t",
            "shortfall_share", "worst_period"]
    frames = []
    for name in names:
        sc = load_library_scenario(name).model_copy(update={"coalition": members})
        sf = simulate(ds, sc).shortfall
        sf = sf[sf["country"].isin(members)]
        if sf.empty:
            continue
        keys = ["country", "sector", "stage", "material"]
        g = sf.groupby(keys, as_index=False)[["demand_t", "shortfall_t"]].sum()
        worst = (sf.sort_values("shortfall_t", ascending=False, kind="stable")
                 .drop_duplicates(keys).set_index(keys)["period"])
        g["worst_period"] = [worst[tuple(r)] if s > 0 else "" for r, s in
                             zip(g[keys].itertuples(index=False, name=None), g["shortfall_t"],
                                 strict=True)]
        g["shortfall_share"] = (g["shortfall_t"] / g["demand_t"]).where(g["demand_t"] > 0, 0.0)
        g.insert(0, "scenario", name)
        frames.append(g[cols])
    if not frames:
        return pd.DataFrame(columns=cols)
    return pd.concat(frames, ignore_index=True)
