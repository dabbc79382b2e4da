"""Joint response: project economics, price floors and offtakes.

Project economics (:mod:`critmin.optimize.economics`): cash flows, NPV, IRR, breakeven
price, the expected government cost of a price floor over probability-weighted price paths,
and fixed-price offtakes. Price paths and their files (:mod:`critmin.optimize.price_paths`,
with the bundled ``ndpr-example``). Equations and assumptions: ``docs/economics.md``.

Joint portfolio (:mod:`critmin.optimize.portfolio`): a two-stage stochastic MILP on HiGHS
over a plan file (:mod:`critmin.optimize.plan`, with the bundled ``us-japan-framework``)
and its budget frontier. Equations and assumptions: ``docs/optimize.md``.
"""

from critmin.optimize.economics import DEFAULT_CONSTRUCTION_YEARS as DEFAULT_CONSTRUCTION_YEARS
from critmin.optimize.economics import DEFAULT_DISCOUNT_RATE as DEFAULT_DISCOUNT_RATE
from critmin.optimize.economics import DEFAULT_LIFE_YEARS as DEFAULT_LIFE_YEARS
from critmin.optimize.economics import DEFAULT_RAMP_UP as DEFAULT_RAMP_UP
from critmin.optimize.economics import MP_DOD_NDPR_FLOOR as MP_DOD_NDPR_FLOOR
from critmin.optimize.economics import Appraisal as Appraisal
from critmin.optimize.economics import FloorCost as FloorCost
from critmin.optimize.economics import Offtake as Offtake
from critmin.optimize.economics import PriceFloor as PriceFloor
from critmin.optimize.economics import Project as Project
from critmin.optimize.economics import appraise as appraise
from critmin.optimize.economics import breakeven_price as breakeven_price
from critmin.optimize.economics import cash_flows as cash_flows
from critmin.optimize.economics import irr as irr
from critmin.optimize.economics import npv as npv
from critmin.optimize.economics import offtake as offtake
from critmin.optimize.economics import price_floor_cost as price_floor_cost
from critmin.optimize.economics import project_from_facility as project_from_facility
from critmin.optimize.plan import Plan as Plan
from critmin.optimize.plan import PlanError as PlanError
from critmin.optimize.plan import bundled_plan as bundled_plan
from critmin.optimize.plan import list_plans as list_plans
from critmin.optimize.plan import load_plan as load_plan
from critmin.optimize.plan import plan_from_dict as plan_from_dict
from critmin.optimize.portfolio import PortfolioModel as PortfolioModel
from critmin.optimize.portfolio import PortfolioResult as PortfolioResult
from critmin.optimize.portfolio import budget_frontier as budget_frontier
from critmin.optimize.portfolio import optimize_portfolio as optimize_portfolio
from critmin.optimize.portfolio import recommend_portfolio as recommend_portfolio
from critmin.optimize.price_paths import PricePath as PricePath
from critmin.optimize.price_paths import PricePaths as PricePaths
from critmin.optimize.price_paths import PriceSource as PriceSource
from critmin.optimize.price_paths import bundled_price_paths as bundled_price_paths
from critmin.optimize.price_paths import load_price_paths as load_price_paths

__all__ = [
    "DEFAULT_CONSTRUCTION_YEARS",
    "DEFAULT_DISCOUNT_RATE",
    "DEFAULT_LIFE_YEARS",
    "DEFAULT_RAMP_UP",
    "MP_DOD_NDPR_FLOOR",
    "Appraisal",
    "FloorCost",
    "Offtake",
    "Plan",
    "PlanError",
    "PortfolioModel",
    "PortfolioResult",
    "PriceFloor",
    "PricePath",
    "PricePaths",
    "PriceSource",
    "Project",
    "appraise",
    "breakeven_price",
    "budget_frontier",
    "bundled_plan",
    "bundled_price_paths",
    "cash_flows",
    "irr",
    "list_plans",
    "load_plan",
    "load_price_paths",
    "npv",
    "offtake",
    "optimize_portfolio",
    "plan_from_dict",
    "price_floor_cost",
    "project_from_facility",
    "recommend_portfolio",
]
