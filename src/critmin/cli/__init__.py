"""The ``critmin`` command line: thin adapters over library functions.

Each command group lives in its own module; this module only assembles them.
Heavy libraries are imported inside commands so that ``critmin --help`` is fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from critmin.cli import assess as _assess
from critmin.cli import backtest as _backtest
from critmin.cli import data as _data
from critmin.cli import economics as _economics
from critmin.cli import ensemble as _ensemble
from critmin.cli import metrics as _metrics
from critmin.cli import optimize as _optimize
from critmin.cli import policies as _policies
from critmin.cli import report as _report
from critmin.cli import serve as _serve
from critmin.cli import simulate as _simulate
from critmin.cli import stocks as _stocks
from critmin.cli import users as _users
from critmin.core.version import __version__

app = typer.Typer(
    name="critmin",
    help="Critical-mineral and rare-earth supply-chain resilience: exposure, shocks, "
    "joint response and uncertainty, on open and sourced data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"critmin {__version__}")
        raise typer.Exit


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """critmin command line."""


app.add_typer(_data.app, name="data")
app.add_typer(_metrics.app, name="metrics")
app.command(name="assess")(_assess.assess)
app.command(name="simulate")(_simulate.simulate_command)
app.command(name="backtest")(_backtest.backtest_command)
app.command(name="policies")(_policies.policies)
app.add_typer(_simulate.scenarios_app, name="scenarios")
app.command(name="serve")(_serve.serve)
app.add_typer(_users.app, name="users")
app.command(name="report")(_report.report)
app.command(name="optimize")(_optimize.optimize)
app.command(name="economics")(_economics.economics)
app.command(name="ensemble")(_ensemble.ensemble)
app.command(name="stocks")(_stocks.stocks)


def main() -> None:
    """Entry point of the ``critmin`` console script."""
    app()
