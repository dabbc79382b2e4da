"""Dynamic material-flow analysis of NdFeB magnets and their elements, on flodym.

:mod:`critmin.stocks.kernel` holds the array kernel (inflow-driven stocks, the mass balance);
:mod:`critmin.stocks.model` builds inflows, lifetimes and end-of-life rates from a dataset and
returns tidy tables. See ``docs/stocks.md``.
"""

from critmin.stocks.kernel import Lifetime as Lifetime
from critmin.stocks.kernel import check_balance as check_balance
from critmin.stocks.kernel import inflow_driven as inflow_driven
