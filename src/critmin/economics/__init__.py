"""Project economics: cash flows, NPV, IRR, breakeven prices, price floors and offtakes.

A :class:`Project` (usually from a row of ``facilities.csv``, :func:`project_from_facility`)
is valued against price paths (:mod:`critmin.economics.price_paths`, with the bundled
``ndpr-example``): :func:`appraise` gives its NPV and IRR on each path, the breakeven price
and the expected government cost of a price floor (:func:`price_floor_cost`); a
fixed-price offtake is :func:`offtake`. Pure kernels in :mod:`critmin.economics.cashflow`.
Equations and assumptions: ``docs/economics.md``.
"""

from critmin.economics.appraisal import Appraisal as Appraisal
from critmin.economics.appraisal import FloorCost as FloorCost
from critmin.economics.appraisal import appraise as appraise
from critmin.economics.appraisal import breakeven_price as breakeven_price
from critmin.economics.appraisal import irr as irr
from critmin.economics.appraisal import npv as npv
from critmin.economics.appraisal import price_floor_cost as price_floor_cost
from critmin.economics.price_paths import PricePath as PricePath
from critmin.economics.price_paths import PricePaths as PricePaths
from critmin.economics.price_paths import PriceSource as PriceSource
from critmin.economics.price_paths import bundled_price_paths as bundled_price_paths
from critmin.economics.price_paths import load_price_paths as load_price_paths
from critmin.economics.project import DEFAULT_CONSTRUCTION_YEARS as DEFAULT_CONSTRUCTION_YEARS
from critmin.economics.project import DEFAULT_DISCOUNT_RATE as DEFAULT_DISCOUNT_RATE
from critmin.economics.project import DEFAULT_LIFE_YEARS as DEFAULT_LIFE_YEARS
from critmin.economics.project import DEFAULT_RAMP_UP as DEFAULT_RAMP_UP
from critmin.economics.project import MP_DOD_NDPR_FLOOR as MP_DOD_NDPR_FLOOR
from critmin.economics.project import Offtake as Offtake
from critmin.economics.project import PriceFloor as PriceFloor
from critmin.economics.project import Project as Project
from critmin.economics.project import cash_flows as cash_flows
from critmin.economics.project import offtake as offtake
from critmin.economics.project import project_from_facility as project_from_facility

__all__ = [
    "DEFAULT_CONSTRUCTION_YEARS", "DEFAULT_DISCOUNT_RATE", "DEFAULT_LIFE_YEARS",
    "DEFAULT_RAMP_UP", "MP_DOD_NDPR_FLOOR", "Appraisal", "FloorCost", "Offtake", "PriceFloor",
    "PricePath", "PricePaths", "PriceSource", "Project", "appraise", "breakeven_price",
    "bundled_price_paths", "cash_flows", "irr", "load_price_paths", "npv", "offtake",
    "price_floor_cost", "project_from_facility",
]
