"""``critmin policies`` and ``critmin scenarios from-policies``: thin adapters over
:mod:`critmin.app.policies` (which controls are in force on a date, and their scenario)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from critmin.cli._common import (
    DatasetOption,
    FormatOption,
    OutputFormat,
    console,
    emit_table,
    handle_errors,
    load,
    warn,
)
from critmin.cli.simulate import scenarios_app

AsOfOption = Annotated[str | None, typer.Option(
    "--as-of", help="Date (YYYY-MM-DD, YYYY-MM or YYYY; default: today).", show_default=False)]


@handle_errors
def policies(
    as_of: AsOfOption = None,
    country: Annotated[str | None, typer.Option(
        "--country", "-c", help="Only the policies this country issued or that name it as a "
        "destination.", show_default=False)] = None,
    fmt: FormatOption = OutputFormat.table,
    dataset: DatasetOption = None,
) -> None:
    """Which policies are in force, suspended, not yet in force or expired on a date.

    A control whose suspension has ended is in force again as far as the dataset knows;
    the `caveat` column says so, since an extension published later is not in the data.
    """
    from critmin.app.policies import policies_on

    day = as_of or dt.date.today().isoformat()
    df = policies_on(load(dataset), day, country)
    if fmt is not OutputFormat.table:
        emit_table(df, fmt)
        return
    shown = df[["policy_id", "type", "country", "destinations", "materials", "status", "until",
                "suspended_by"]]
    counts = df["status"].value_counts()
    emit_table(shown, fmt, title=f"Policies on {day}" + (f" for {country}" if country else "")
               + ": " + ", ".join(f"{counts.get(s, 0)} {s.replace('_', ' ')}"
                                  for s in ("in_force", "suspended", "not_yet", "expired")))
    warn([f"{p}: {c}" for p, c in zip(df["policy_id"], df["caveat"], strict=True) if c])


@scenarios_app.command("from-policies")
@handle_errors
def from_policies(
    out: Annotated[Path, typer.Option("--out", "-o", help="YAML file to write.")],
    as_of: AsOfOption = None,
    months: Annotated[int, typer.Option(help="Months of the horizon from the date's month.")]
    = 24,
    licensing_severity: Annotated[float, typer.Option(
        help="Share of flows a licensing regime withholds (an assumption; bans withhold "
        "all).")] = 0.25,
    dataset: DatasetOption = None,
) -> None:
    """Write the scenario of the export controls in force on a date (runs in `critmin
    simulate`); what it assumes and leaves out is in its description."""
    from critmin.app.policies import scenario_from_policies
    from critmin.core.files import atomic_write_text
    from critmin.scenarios import dump_scenario

    day = as_of or dt.date.today().isoformat()
    sc = scenario_from_policies(load(dataset), day, months, licensing_severity)
    path = atomic_write_text(out, dump_scenario(sc))
    console().print(f"Wrote {path}: {len(sc.shocks)} controls in force on {day} "
                    f"({', '.join(x.policy_id or x.country for x in sc.shocks)}), "
                    f"{sc.horizon.start} to {sc.horizon.end}.", highlight=False)


__all__ = ["from_policies", "policies"]
