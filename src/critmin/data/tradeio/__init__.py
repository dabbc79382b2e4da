"""Importers of published trade data (CEPII BACI, UN Comtrade) into a dataset's trade table.

:func:`~critmin.data.tradeio.hsmap.load_hs_map` reads the HS → (stage, material) map.
"""

from __future__ import annotations

from critmin.data.tradeio.common import TradeFileError
from critmin.data.tradeio.hsmap import HsMap, load_hs_map

__all__ = ["HsMap", "TradeFileError", "load_hs_map"]
