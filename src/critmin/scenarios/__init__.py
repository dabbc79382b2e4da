"""Scenarios: pydantic models, YAML I/O, validation against a dataset, the bundled library."""

from critmin.scenarios.definitions import ExportControl as ExportControl
from critmin.scenarios.definitions import Horizon as Horizon
from critmin.scenarios.definitions import Invest as Invest
from critmin.scenarios.definitions import Scenario as Scenario
from critmin.scenarios.definitions import StockpileBuild as StockpileBuild
from critmin.scenarios.definitions import StockpileRelease as StockpileRelease
from critmin.scenarios.io import dump_scenario as dump_scenario
from critmin.scenarios.io import load_scenario as load_scenario
from critmin.scenarios.io import save_scenario as save_scenario
from critmin.scenarios.io import scenario_from_dict as scenario_from_dict
from critmin.scenarios.library import list_scenarios as list_scenarios
from critmin.scenarios.library import load_library_scenario as load_library_scenario
from critmin.scenarios.validate import validate_scenario as validate_scenario

__all__ = ["ExportControl", "Horizon", "Invest", "Scenario", "StockpileBuild",
           "StockpileRelease", "dump_scenario", "list_scenarios", "load_library_scenario",
           "load_scenario", "save_scenario", "scenario_from_dict", "validate_scenario"]
