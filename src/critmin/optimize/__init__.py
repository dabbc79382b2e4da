"""Joint response: project economics, price floors and offtakes.

Project economics (:mod:`critmin.optimize.economics`): cash flows, NPV, IRR, breakeven
price, the expected government cost of a price floor over probability-weighted price paths,
and fixed-price offtakes. Price paths and their files (:mod:`critmin.optimize.price_paths`,
with the bundled ``ndpr-example``). Equations and assumptions: ``docs/economics.md``.
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
from critmin.optimize.price_paths import PricePath as PricePath
from critmin.optimize.price_paths import PricePaths as PricePaths
from critmin.optimize.price_paths import PriceSource as PriceSource
from critmin.optimize.price_paths import bundled_price_paths as bundled_price_paths
from critmin.optimize.price_paths import load_price_paths as load_price_paths

__all__ = [
    "DEFAULT_CONSTRUCTION_YEARS", "DEFAULT_DISCOUNT_RATE", "DEFAULT_LIFE_YEARS",
    "DEFAULT_RAMP_UP", "MP_DOD_NDPR_FLOOR", "Appraisal", "FloorCost", "Offtake", "PriceFloor",
    "PricePath", "PricePaths", "PriceSource", "Project", "appraise", "breakeven_price",
    "bundled_price_paths", "cash_flows", "irr", "load_price_paths", "npv", "offtake",
    "price_floor_cost", "project_from_facility",
]
