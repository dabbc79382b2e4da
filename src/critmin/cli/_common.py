"""Shared pieces of the command-line interface: options, output, error handling.

Nothing here imports pandas or a solver at module level, so ``critmin --help`` stays fast.
"""

from __future__ import annotations

import enum
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from critmin.core.defaults import DEFAULT_COALITION
from critmin.core.formatting import format_cell
from critmin.core.jsonio import dumps, records

if TYPE_CHECKING:
    import pandas as pd
    from rich.table import Table

    from critmin.data import Dataset

F = TypeVar("F", bound=Callable[..., Any])

EXIT_USAGE = 2

#: The default coalition as a command-line value.
COALITION_TEXT = ",".join(DEFAULT_COALITION)


class OutputFormat(enum.StrEnum):
    """How a command prints its tables."""

    table = "table"
    csv = "csv"
    json = "json"


DatasetOption = Annotated[
    Path | None,
    typer.Option("--dataset", "-d", help="Dataset folder (default: the bundled reference dataset).",
                 show_default=False),
]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="Output format: table, csv or json.")
]


def console(stderr: bool = False):
    from rich.console import Console

    # errors and warnings are never hard-wrapped (they are read and grepped whole)
    return Console(stderr=stderr, soft_wrap=stderr, width=_terminal_width())


def _terminal_width() -> int:
    import shutil

    return max(80, shutil.get_terminal_size((100, 40)).columns)


def out_folder(value: Path | None) -> Path | None:
    """Callback of ``--out`` folder options: refuse a file or ``/`` before any work."""
    if value is not None:
        from critmin.core.files import check_folder_target

        try:
            check_folder_target(value)
        except FileExistsError as exc:
            raise fail(f"--out: {exc}") from None
    return value


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print ``message`` in red to stderr and return an Exit to raise."""
    console(stderr=True).print(f"[bold red]error:[/] {message}", highlight=False, markup=True)
    return typer.Exit(code)


def warn(messages: list[str]) -> None:
    """Print each warning on stderr (so JSON on stdout stays clean)."""
    err = console(stderr=True)
    for m in messages:
        err.print(f"[yellow]warning:[/] {m}", highlight=False)


def handle_errors(func: F) -> F:
    """Turn critmin's own errors into a clean message and exit code 2 (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from critmin.exceptions import CritminError

        try:
            return func(*args, **kwargs)
        except CritminError as exc:
            _print_error(exc)
            raise typer.Exit(EXIT_USAGE) from None
        except OSError as exc:  # a path the user gave: missing, a file, read-only, full
            where = f"{exc.filename}: " if exc.filename else ""
            raise fail(f"{where}{exc.strerror or exc}") from None
        except MemoryError:
            raise fail("out of memory; try a smaller input") from None

    return wrapper  # type: ignore[return-value]


def _print_error(exc: Exception) -> None:
    from rich.markup import escape

    from critmin.exceptions import DatasetError

    err = console(stderr=True)
    if isinstance(exc, DatasetError):
        n = len(exc.problems)
        head = f"dataset {escape(str(exc.path))} has" if exc.path else "found"
        err.print(f"[bold red]error:[/] {head} {n} problem{'s' if n != 1 else ''}:")
        for p in exc.problems:
            err.print(f"  - {escape(str(p))}", highlight=False)
    else:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)


def load(dataset: Path | None) -> Dataset:
    """Load the dataset named by ``--dataset`` (the bundled one by default)."""
    from critmin.data import load_dataset

    return load_dataset(dataset)


def emit_table(df: pd.DataFrame, fmt: OutputFormat, title: str | None = None) -> None:
    """Print ``df`` as a Rich table, CSV or JSON (a list of row objects)."""
    if fmt is OutputFormat.json:
        sys.stdout.write(dumps(records(df)) + "\n")
    elif fmt is OutputFormat.csv:
        df.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        console().print(rich_table(df, title=title))


def rich_table(df: pd.DataFrame, title: str | None = None) -> Table:
    """A Rich table of ``df`` with numbers right-aligned and readably formatted."""
    import pandas as pd
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    numeric = [pd.api.types.is_numeric_dtype(df[c]) for c in df.columns]
    for c, num in zip(df.columns, numeric, strict=True):
        table.add_column(str(c), justify="right" if num else "left", overflow="fold")
    for row in df.itertuples(index=False, name=None):
        cells = []
        for c, v, num in zip(df.columns, row, numeric, strict=True):
            if v is None or (num and pd.isna(v)):
                cells.append("")
            elif num:
                cells.append(format_cell(v, c))
            else:
                cells.append(str(v))
        table.add_row(*cells)
    return table
