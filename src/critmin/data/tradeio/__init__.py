"""Importers of published trade data (CEPII BACI, UN Comtrade) into a dataset's trade table.

:func:`import_trade` reads the files (streamed by DuckDB), maps HS codes to stages and
materials with :func:`~critmin.data.tradeio.hsmap.load_hs_map`, writes the rows into a
dataset folder atomically and returns what changed with the largest mass-balance residuals
of the stages, materials and years imported. See ``docs/trade-data.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from critmin.data.tradeio.common import Progress, TradeFileError, TradeImport
from critmin.data.tradeio.hsmap import HsMap, load_hs_map
from critmin.data.tradeio.write import WriteResult, write_import

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("baci", "comtrade")


@dataclass
class ImportReport:
    """What was read (``parsed``), what was written (``written``) and the balance rows of
    the imported stage × material × year with the largest residual shares (``top``)."""

    parsed: TradeImport
    written: WriteResult
    top: pd.DataFrame


def import_trade(fmt: str, files: list[Path], out: str | Path, *,
                 base: str | Path | None = None, hs_map: str | Path | None = None,
                 countries: Path | None = None, release: str | None = None,
                 progress: Progress | None = None, top: int = 5) -> ImportReport:
    """Import BACI or Comtrade files into the dataset at ``out`` (see :mod:`.write`).

    Raises
    ------
    TradeFileError
        A bad file or map: file, row, column and rule named; nothing written.
    DatasetError
        The dataset would break a rule; nothing written.
    """
    from critmin.data.balance import mass_balance

    the_map = load_hs_map(hs_map)
    if fmt == "baci":
        from critmin.data.tradeio.baci import parse_baci

        parsed = parse_baci(files, the_map, countries=countries, release=release,
                            progress=progress)
    elif fmt == "comtrade":
        from critmin.data.tradeio.comtrade import parse_comtrade

        parsed = parse_comtrade(files, the_map, release=release, progress=progress)
    else:
        msg = f"unknown format {fmt!r}; known: {', '.join(FORMATS)}"
        raise ValueError(msg)
    written = write_import(parsed, out, base=base)
    bal = mass_balance(written.dataset)
    done = set(zip(parsed.trade["stage"], parsed.trade["material"], parsed.trade["year"],
                   strict=True))
    mine = bal[[k in done for k in zip(bal["stage"], bal["material"], bal["year"],
                                       strict=True)]]
    return ImportReport(parsed=parsed, written=written, top=mine.head(top))


__all__ = ["FORMATS", "HsMap", "ImportReport", "TradeFileError", "TradeImport",
           "WriteResult", "import_trade", "load_hs_map"]
