"""The per-period allocation model: export controls, spare capacity, stockpiles, prices."""

from critmin.scenarios import Scenario as Scenario
from critmin.scenarios import load_scenario as load_scenario
from critmin.simulate.result import SimulationResult as SimulationResult
from critmin.simulate.run import simulate as simulate

__all__ = ["Scenario", "SimulationResult", "load_scenario", "simulate"]
