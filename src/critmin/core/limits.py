"""The size limits every entry point checks before building anything.

The command line and the service read the same numbers, so a run the service refuses is
refused by the CLI too, with the same message. Each limit can be raised through the
environment (``CRITMIN_PERIODS`` ...) by whoever deploys critmin on a bigger machine.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from critmin.exceptions import LimitError


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(f"CRITMIN_{name}")
    if raw is None or not raw.strip().isdigit():
        return default
    return max(1, int(raw))


@dataclass(frozen=True)
class Limits:
    """The configured limits (defaults sized for a 2-core laptop).

    Attributes
    ----------
    periods : int
        Periods of a simulated horizon (240: 20 years of months).
    lp_columns : int
        Columns of one LP (a simulation's per-period LP or a plan's stacked MILP).
    plan_years : int
        Years of a plan's horizon.
    plan_year_min, plan_year_max : int
        Calendar years a plan or a period may name.
    frontier_budgets : int
        Budgets of one ``--frontier``.
    ensemble_runs : int
        Futures of one ensemble.
    yaml_bytes, yaml_depth, yaml_nodes : int
        Size of a YAML text, its nesting, and its node count with aliases expanded.
    text_bytes : int
        Size of any other text file read (a dataset table, a price path, inputs).
    number_chars : int
        Characters of one number in a table.
    scheduler_timeout_s : int
        Seconds to reach a Dask scheduler and to see one of its workers.
    solve_seconds : int
        Seconds one HiGHS solve may take before it stops with a time-limit status.
    """

    periods: int = 240
    lp_columns: int = 2_000_000
    plan_years: int = 30
    plan_year_min: int = 1900
    plan_year_max: int = 2200
    frontier_budgets: int = 50
    ensemble_runs: int = 1_000_000
    yaml_bytes: int = 2_000_000
    yaml_depth: int = 50
    yaml_nodes: int = 200_000
    text_bytes: int = 512_000_000
    number_chars: int = 40
    scheduler_timeout_s: int = 5
    solve_seconds: int = 600

    @classmethod
    def from_env(cls) -> Limits:
        defaults = cls()
        return cls(**{name: _env_int(name.upper(), getattr(defaults, name))
                      for name in cls.__dataclass_fields__})


def limits() -> Limits:
    """The limits in force (read from the environment each call: cheap, and testable)."""
    return Limits.from_env()


def check(value: int, name: str, what: str, where: str = "") -> None:
    """Raise :class:`LimitError` if ``value`` exceeds limit ``name``; ``what`` says what
    was counted (``"periods"``), ``where`` what it belongs to (a file, a field)."""
    limit = getattr(limits(), name)
    if value > limit:
        head = f"{where}: " if where else ""
        msg = (f"{head}{value:,} {what} exceeds the limit of {limit:,} "
               f"(CRITMIN_{name.upper()})")
        raise LimitError(msg)
