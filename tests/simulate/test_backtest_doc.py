"""docs/backtest.md's scored table is what `critmin backtest` gives on the bundled data."""

from pathlib import Path

from critmin.scenarios import load_library_scenario
from critmin.simulate.backtest import backtest, markdown_table

DOC = Path(__file__).parents[2] / "docs" / "backtest.md"
START, END = "<!-- backtest-table:start -->", "<!-- backtest-table:end -->"


def test_backtest_md_table_is_current(reference) -> None:
    section = DOC.read_text(encoding="utf-8").split(START, 1)[1].split(END, 1)[0]
    res = backtest(reference, load_library_scenario("china-2025-04-controls"))
    assert section.strip() == markdown_table(res).strip(), (
        "run `python tools/backtest.py --write` to regenerate")
