"""critmin: critical-mineral and rare-earth supply-chain resilience.

Exposure, shocks, joint response and uncertainty, on open and sourced data.

The top-level names are imported lazily (PEP 562), so ``import critmin`` and
``critmin --help`` stay fast: pandas, solvers, Dask and the web stack load only
when a function that needs them is first used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from critmin.core.version import __version__ as __version__

_LAZY = {
    "Dataset": "critmin.data",
    "load_dataset": "critmin.data",
    "load_sample": "critmin.data",
    "CritminError": "critmin.exceptions",
    "DatasetError": "critmin.exceptions",
    "ScenarioError": "critmin.exceptions",
    "SolveError": "critmin.exceptions",
    "SimulationResult": "critmin.simulate",
    "Scenario": "critmin.scenarios",
    "load_scenario": "critmin.scenarios",
    "run_ensemble": "critmin.ensemble",
}

#: Subpackages reachable as attributes without an explicit import. ``critmin.simulate`` is
#: also callable: ``critmin.simulate(dataset, scenario)`` (see critmin/simulate/__init__.py).
_SUBPACKAGES = ("simulate", "metrics", "scenarios", "optimize", "ensemble", "data", "economics",
               "chain", "app")

__all__ = ["__version__", *_LAZY, "simulate"]

if TYPE_CHECKING:
    from critmin.data import Dataset as Dataset
    from critmin.data import load_dataset as load_dataset
    from critmin.data import load_sample as load_sample
    from critmin.ensemble import run_ensemble as run_ensemble
    from critmin.exceptions import CritminError as CritminError
    from critmin.exceptions import DatasetError as DatasetError
    from critmin.exceptions import ScenarioError as ScenarioError
    from critmin.exceptions import SolveError as SolveError
    from critmin.scenarios import Scenario as Scenario
    from critmin.scenarios import load_scenario as load_scenario
    from critmin.simulate import SimulationResult as SimulationResult


def __getattr__(name: str) -> Any:
    if name in _SUBPACKAGES:
        return importlib.import_module(f"critmin.{name}")
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    msg = f"module 'critmin' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted(__all__)
