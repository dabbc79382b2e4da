"""The per-period allocation model: export controls, spare capacity, stockpiles, prices.

``critmin.simulate(dataset, scenario)`` is :func:`simulate`.
"""

import sys
import types

from critmin.data import Dataset
from critmin.scenarios import Scenario as Scenario
from critmin.scenarios import load_scenario as load_scenario
from critmin.simulate.result import SimulationResult as SimulationResult
from critmin.simulate.run import simulate as simulate

__all__ = ["Scenario", "SimulationResult", "load_scenario", "simulate"]


class _CallableModule(types.ModuleType):
    """Makes ``critmin.simulate(dataset, scenario)`` work as well as
    ``from critmin.simulate import simulate``."""

    def __call__(self, dataset: Dataset, scenario: Scenario | str) -> SimulationResult:
        return simulate(dataset, scenario)


sys.modules[__name__].__class__ = _CallableModule
