"""The chain LP compiler: one model of the supply chain for every solve critmin makes.

A run's LP has a :class:`~critmin.chain.structure.Structure` (which variables and rows
exist, with named index maps), a :class:`~critmin.chain.template.ChainTemplate` (the LP
assembled once), and one function per mechanism (:mod:`critmin.chain.mechanisms`:
capacity and ramp, investment, export control, stock release and purchase, recycling,
substitution; :mod:`critmin.chain.contracts`) that turns a scenario's parameters into a
period's bounds. The simulation's period loop, the ensemble's warm re-solves and the
portfolio MILP all build on it; :mod:`critmin.chain.highs` is the one adapter to HiGHS.
"""

from critmin.chain.compile import ScenarioModel as ScenarioModel
from critmin.chain.compile import compile_scenario as compile_scenario
from critmin.chain.compile import period_numbers as period_numbers
from critmin.chain.highs import Resolver as Resolver
from critmin.chain.highs import Solution as Solution
from critmin.chain.highs import Status as Status
from critmin.chain.index import Index as Index
from critmin.chain.lp import LinearProgram as LinearProgram
from critmin.chain.numbers import PeriodNumbers as PeriodNumbers
from critmin.chain.numbers import YearNumbers as YearNumbers
from critmin.chain.scaling import Scaling as Scaling
from critmin.chain.structure import Structure as Structure
from critmin.chain.template import ChainTemplate as ChainTemplate

__all__ = ["ChainTemplate", "Index", "LinearProgram", "PeriodNumbers", "Resolver",
           "Scaling", "ScenarioModel", "Solution", "Status", "Structure", "YearNumbers",
           "compile_scenario", "period_numbers"]
