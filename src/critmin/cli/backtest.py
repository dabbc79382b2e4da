"""``critmin backtest``: a scenario against what was observed (a thin adapter over
:func:`critmin.simulate.backtest.backtest`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from critmin.cli._common import (
    DatasetOption,
    FormatOption,
    OutputFormat,
    console,
    dumps,
    emit_table,
    handle_errors,
    warn,
)


@handle_errors
def backtest_command(
    scenario: Annotated[str, typer.Argument(
        help="Scenario YAML file, or the name of a bundled scenario (see `scenarios list`).")],
    observations: Annotated[Path | None, typer.Option(
        "--observations", "-O", help="Observations CSV (the layout of observations.csv in "
        "docs/data.md; default: the dataset's own table).", show_default=False)] = None,
    calibrate: Annotated[bool, typer.Option(
        "--calibrate", help="Solve the severity of the scenario's first export control so that "
        "the model matches the calibration rows (validation rows are never fitted).")] = False,
    dataset: DatasetOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Compare a scenario's answer with observed outcomes: model, observed, ratio, and
    whether each validation row is within a factor of two.

    Rows marked `calibration` are what the scenario was set on (shown, not scored).
    """
    from critmin.app import resolve
    from critmin.data import read_table_file
    from critmin.simulate.backtest import backtest

    named = resolve.scenario(scenario)
    ds = resolve.dataset(named, dataset)
    obs = read_table_file(observations, "observations", ds) if observations else None
    res = backtest(ds, named.value, obs, calibrate=calibrate)
    if fmt is OutputFormat.json:
        typer.echo(dumps(res.to_dict()))
        return
    table = res.table.drop(columns=["note", "unit"])
    if fmt is OutputFormat.csv:
        emit_table(table, fmt)
        return
    con = console()
    s = res.summary
    con.rule(f"[bold]{res.scenario.name}[/] against {len(res.table)} observations")
    if res.calibration:
        c = res.calibration
        con.print(f"Calibrated: shock {c['shock']} severity {c['severity']} (model "
                  f"{c['model_t']:,.0f} t against {c['target_t']:,.0f} t observed in "
                  f"{', '.join(c['rows'])}).", highlight=False)
    con.print(f"{s['within_factor_2']} of {s['validation_rows']} validation rows within a "
              "factor of 2 (a first shortfall: within a month); median |log10(model/"
              f"observed)| {s['median_abs_log10_ratio']:.3f}.", highlight=False)
    shown = table[["observation_id", "role", "period", "observed", "model", "ratio",
                   "within_factor_2", "months_apart"]].copy()
    shown["model"] = [f"{v:,.1f}" if isinstance(v, float) else str(v) for v in shown["model"]]
    emit_table(shown, fmt, title="Observed and modelled (t, or month)")
    warn(res.warnings)
