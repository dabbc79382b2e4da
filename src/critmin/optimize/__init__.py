"""Joint response: the coalition's portfolio over a plan's scenarios, and its frontier.

A plan file (:mod:`critmin.optimize.plan`, with the bundled ``us-japan-framework``) names
the coalition, scenarios, budgets, cost sharing and candidates; the portfolio
(:mod:`critmin.optimize.portfolio`) is a two-stage stochastic MILP on HiGHS whose second
stage is the simulation's own chain LP (:mod:`critmin.optimize.stack`). Equations and
assumptions: ``docs/optimize.md``. Project economics and price floors are
:mod:`critmin.economics`.
"""

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

__all__ = ["Plan", "PlanError", "PortfolioModel", "PortfolioResult", "budget_frontier",
           "bundled_plan", "list_plans", "load_plan", "optimize_portfolio", "plan_from_dict",
           "recommend_portfolio"]
