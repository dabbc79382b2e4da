"""Exceptions raised by critmin.

Every error a user can cause (a bad dataset, scenario, plan or flag) is a subclass of
:class:`CritminError`, so the CLI and the API can report it cleanly without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class CritminError(Exception):
    """Base class of every error critmin raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a dataset: where it is and which rule it breaks.

    Attributes
    ----------
    file : str
        File name inside the dataset folder, e.g. ``capacity.csv``.
    row : int or None
        Line number in the file as an editor shows it (the header is line 1), or
        ``None`` for a problem with the whole file or a column.
    column : str or None
        Column concerned, if any.
    rule : str
        Short stable name of the rule broken, e.g. ``non_negative``.
    message : str
        What is wrong, in words.
    """

    file: str
    row: int | None
    column: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.message} [rule: {self.rule}]"

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "rule": self.rule,
            "message": self.message,
        }


class DatasetError(CritminError, ValueError):
    """A dataset breaks one or more rules; ``problems`` lists every one found."""

    def __init__(self, problems: list[Problem], path: str | None = None) -> None:
        self.problems = list(problems)
        self.path = path
        head = f"dataset {path}" if path else "dataset"
        n = len(self.problems)
        lines = [f"{head} has {n} problem{'s' if n != 1 else ''}:"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class ScenarioError(CritminError, ValueError):
    """A scenario or plan file is invalid; the message names the field."""


class SolveError(CritminError, RuntimeError):
    """A solver did not return an optimal solution where one was required."""


class ConsistencyError(CritminError, ValueError):
    """A model's result breaks an invariant it must keep, e.g. a mass balance."""


class InputError(CritminError, ValueError):
    """A file or value the user gave cannot be read: its encoding, size, depth or path."""


class LimitError(InputError):
    """A run would exceed one of the configured size limits (:mod:`critmin.core.limits`)."""
