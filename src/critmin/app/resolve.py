"""One resolver of what a user names: a scenario or plan (a file or a bundled name) and the
dataset it runs on.

A scenario or plan file may name its dataset (``dataset: path/to/folder``, relative to the
file's folder; ``bundled`` is the bundled reference dataset). Every command and the
service resolve names here, so each honours it the same way; an explicit dataset (the
command line's ``--dataset``) wins.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from critmin.data import Dataset, bundled_path, load_dataset
from critmin.exceptions import ScenarioError
from critmin.optimize.plan import Plan, list_plans, load_plan, plan_from_dict, resolve_plan
from critmin.scenarios import Scenario, list_scenarios, load_library_scenario, load_scenario

#: Dataset names that mean a bundled dataset.
BUNDLED = {"bundled": "reference", "reference": "reference", "sample": "sample"}

PathLike = str | os.PathLike[str]


@dataclass(frozen=True)
class Named:
    """A scenario or plan and the file it came from (None for a bundled one)."""

    value: Scenario | Plan
    path: Path | None

    @property
    def dataset(self) -> Path | None:
        """The dataset folder the scenario or plan names (None: the bundled reference)."""
        return dataset_path(self.value.dataset, self.path.parent if self.path else None)


def _is_file(ref: PathLike) -> bool:
    p = Path(ref)
    return p.suffix in {".yaml", ".yml"} or p.exists()


def scenario(ref: PathLike | Scenario) -> Named:
    """The scenario a file path or bundled name names (see ``critmin scenarios list``)."""
    if isinstance(ref, Scenario):
        return Named(ref, None)
    if _is_file(ref):
        return Named(load_scenario(ref), Path(ref).resolve())
    return Named(load_library_scenario(str(ref)), None)


def plan(ref: PathLike | Plan | None) -> Named:
    """The plan a file path or bundled name names (None: ``us-japan-framework``)."""
    if isinstance(ref, Plan) or ref is None:
        return Named(resolve_plan(ref), None)
    if str(ref) in list_plans() and not Path(ref).exists():
        return Named(resolve_plan(str(ref)), None)
    return Named(load_plan(ref), Path(ref).resolve())


def is_plan(ref: PathLike) -> bool:
    """Does ``ref`` name a plan (a bundled plan, or a file with ``budget`` or ``scenarios``
    and no ``horizon``) rather than a scenario?"""
    from critmin.core.yamlio import read_yaml

    if not _is_file(ref):
        return str(ref) in list_plans() and str(ref) not in list_scenarios()
    data = read_yaml(ref, "scenario or plan", ScenarioError)
    return isinstance(data, dict) and "horizon" not in data and (
        "budget" in data or "scenarios" in data)


def plan_data(data: object, where: str = "plan") -> Plan:
    """A plan from plain data (the service's requests); :class:`PlanError` names fields."""
    return plan_from_dict(data, where=where)


def dataset_path(name: str, base: Path | None = None) -> Path | None:
    """The folder of dataset ``name`` as a scenario or plan gives it: a bundled name, or a
    path relative to ``base`` (the file's folder; the working folder without one). None
    is the bundled reference dataset."""
    if name in ("", "bundled", "reference"):
        return None
    if name in BUNDLED:
        return bundled_path(BUNDLED[name])
    p = Path(name)
    return p if p.is_absolute() else (base or Path.cwd()) / p


def dataset(named: Named | None = None, override: PathLike | None = None) -> Dataset:
    """The dataset to run ``named`` on: ``override`` if given, else the one it names."""
    if override is not None:
        return load_dataset(Path(override))
    return load_dataset(named.dataset if named is not None else None)
