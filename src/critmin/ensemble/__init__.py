"""Uncertainty at scale: Monte Carlo ensembles of a scenario and their sensitivity.

For example (a thousand futures on two local worker processes, then the same futures
without and with the bundled plan's portfolio)::

    res = run_ensemble(ds, scenario, runs=1000, seed=1, workers=2)
    both = run_portfolio_ensemble(ds, scenario, "us-japan-framework", 1000, 1)
"""

from critmin.ensemble.portfolio import PortfolioEnsemble as PortfolioEnsemble
from critmin.ensemble.portfolio import run_portfolio_ensemble as run_portfolio_ensemble
from critmin.ensemble.run import EnsembleResult as EnsembleResult
from critmin.ensemble.run import run_ensemble as run_ensemble
from critmin.ensemble.sampling import draw as draw

__all__ = ["EnsembleResult", "PortfolioEnsemble", "draw", "run_ensemble",
           "run_portfolio_ensemble"]
