"""``critmin assess``: the main job — a coalition's exposure, shocks, joint portfolio and
that portfolio over uncertain futures."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from critmin.cli._common import (
    COALITION_TEXT,
    DatasetOption,
    console,
    fail,
    handle_errors,
    load,
    out_folder,
    rich_table,
    warn,
)


@handle_errors
def assess(
    coalition: Annotated[str, typer.Option(
        "--coalition", "-c", help="Comma-separated ISO3 codes or group names."),
    ] = COALITION_TEXT,
    year: Annotated[int | None, typer.Option(help="Data year (default: latest with data).",
                                             show_default=False)] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", callback=out_folder,
        help="Write report.html, PNG figures, the tables (CSV) and "
        "summary.json here.", show_default=False)] = None,
    scenarios: Annotated[bool, typer.Option(
        help="Run the bundled shock scenarios against the coalition.")] = True,
    portfolio: Annotated[bool, typer.Option(
        help="Optimise the coalition's joint portfolio (bundled plan).")] = True,
    runs: Annotated[int, typer.Option(
        "--runs", "-n", min=0, help="Uncertain futures to test the portfolio against "
        "(0: none).")] = 200,
    dataset: DatasetOption = None,
) -> None:
    """Assess a coalition: exposure, shocks and joint response (`make demo` runs it)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from critmin.app.assess import assess as run_assess
    from critmin.report.assessment import write_report

    ds = load(dataset)
    names = [c.strip() for c in coalition.split(",") if c.strip()]
    try:
        ds.resolve_countries(names)
    except KeyError as exc:
        raise fail(f"--coalition: {exc.args[0]}") from None
    with Progress(TextColumn("[bold]assess"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), console=console(stderr=True),
                  transient=True) as bar:
        task = bar.add_task("", total=None)

        def progress(name: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=name)

        result = run_assess(ds, names, year=year, scenarios=scenarios, portfolio=portfolio,
                            runs=runs, progress=progress)
    _print(result, runs)
    if out is not None:
        write_report(result, ds, out)
        console().print(f"report written to {out / 'report.html'}", highlight=False)


def _print(result, runs: int) -> None:
    """The findings first (wrapped to 100 columns), then the tables, worst first."""
    import textwrap

    from critmin.report.findings import findings

    con = console()
    con.rule(f"[bold]critmin assess[/] — coalition {', '.join(result.coalition)}")
    con.print(f"Dataset {result.dataset}, year {result.year}; "
              f"{len(result.sources) if result.sources is not None else 0} sources cited.",
              highlight=False)
    con.print("[bold]Findings[/]")
    for sentence in findings(result):
        con.print(textwrap.fill(f"- {sentence}", 100, subsequent_indent="  "), highlight=False,
                  markup=False)
    con.print("")
    t = result.tables
    exp = t["exposure"]
    cols = ["material", "stage", "supply_t", "import_reliance", "bottleneck_stage",
            "bottleneck_origin", "bottleneck_share", "unknown_share", "world_top1_country",
            "world_top1_share"]
    con.print(rich_table(exp[[c for c in cols if c in exp.columns]].head(20),
                         title="Exposure, worst first (shares 0-1; bottleneck traced upstream; "
                               "unknown_share = origin the data cannot trace)"))
    sc = t["scorecard"]
    if not sc.empty:
        head = sc[sc["benchmark"] == "single_third_country_traced"] if \
            "single_third_country_traced" in set(sc["benchmark"]) else sc
        cols = ["material", "stage", "benchmark", "value", "threshold", "meets", "detail"]
        misses = head[head["meets"] == False]  # noqa: E712 - NaN-aware comparison
        con.print(rich_table(misses[[c for c in cols if c in misses.columns]].head(12),
                             title=f"CRMA 2030 benchmarks missed ({len(misses)} of {len(head)} "
                                   "traced single-country checks)"))
    if "shocks_by_member" in t:
        by = (t["shocks_by_member"].assign(
                  good=lambda d: d["stage"] + "/" + d["material"])
              .groupby(["scenario", "good", "country"], as_index=False)
              [["added_shortfall_t"]].sum())
        con.print(rich_table(by, title="Bundled shocks: shortfall added by the shock, by member "
                                       "(t over each scenario's horizon)"))
    if result.portfolio is not None:
        p = result.portfolio
        sel = p.table[p.table["selected"]] if "selected" in p.table.columns else p.table
        cols = ["measure_id", "type", "country", "stage", "material", "amount", "cost_musd",
                "cost_by_partner"]
        title = (f"Recommended portfolio: {p.cost_musd:,.0f} MUSD; coalition's expected "
                 "shortfall " + "; ".join(
                     f"{g.good} {g.coalition_expected_t_before:,.0f} t → "
                     f"{g.coalition_expected_t_after:,.0f} t" for g in p.by_good.itertuples()))
        con.print(rich_table(sel[[c for c in cols if c in sel.columns]], title=title))
    if result.ensemble is not None:
        con.print(rich_table(t["ensemble"], title=f"The portfolio over {runs} uncertain "
                             "futures of the heavy rare-earth ban (same futures; t of each "
                             "good per future)"))
    for name, note in result.notes.items():
        con.print(f"[yellow]not run[/] {name}: {note}", highlight=False)
    warn(result.warnings)
