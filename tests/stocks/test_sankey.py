"""The Sankey of a year's flows: links derived by hand on the toy of ``test_model``, every
inner node balances, and ``critmin stocks --sankey`` writes a page that needs no network."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from tests.stocks.test_model import _rows, _toy
from typer.testing import CliRunner

from critmin.stocks.model import run_stocks
from critmin.stocks.sankey import node_balance, sankey_links


def _link(links: pd.DataFrame, source: str, target: str, material: str = "NdFeB") -> float:
    rows = links[(links["source"] == source) & (links["target"] == target)
                 & (links["material"] == material)]
    assert len(rows) == 1, (source, target)
    return float(rows["value_t"].iloc[0])


def test_the_links_of_2025_are_derived_by_hand() -> None:
    """2025: 60 t enter EV use and 40 t wind use (the flat world after 2024). EVs live 2
    years: the 2023 cohort retires, 30 × 2^(3/4) t; wind lives 3 years: the 2022 cohort,
    20 × 2^(1/2) t, with no sourced collection rate (fate unknown). Of the EV end of life
    half is collected, 20 % of that separated and half of that recycled."""
    links = sankey_links(_toy(), 2025, materials=["NdFeB", "Nd"])
    ev_out, wind_out = 30 * 2 ** 0.75, 20 * 2 ** 0.5
    assert _link(links, "into use", "in use: ev") == pytest.approx(60)
    assert _link(links, "in use: ev", "end of life") == pytest.approx(ev_out)
    assert _link(links, "in use: ev", "added to stock in use") == pytest.approx(60 - ev_out)
    assert _link(links, "in use: wind", "added to stock in use") == pytest.approx(40 - wind_out)
    assert _link(links, "end of life", "end of life, fate unknown") == pytest.approx(wind_out)
    assert _link(links, "end of life", "collected") == pytest.approx(0.5 * ev_out)
    assert _link(links, "end of life", "lost: not collected") == pytest.approx(0.5 * ev_out)
    assert _link(links, "collected", "separated (recyclable)") == pytest.approx(0.1 * ev_out)
    assert _link(links, "collected", "lost: shredded with the product") == pytest.approx(
        0.4 * ev_out)
    assert _link(links, "separated (recyclable)", "recycled") == pytest.approx(0.05 * ev_out)
    assert _link(links, "separated (recyclable)", "recycled", "Nd") == pytest.approx(
        0.3 * 0.05 * ev_out)


@pytest.mark.parametrize("year", [2020, 2023, 2025, 2040])
def test_every_inner_node_balances_and_matches_the_mfa(year: int) -> None:
    """In = out at every node that receives and sends; the net addition to stock is the
    MFA's change in stock and 'recycled' its recycled flow; sources = sinks overall."""
    ds = _toy()
    for material in ("NdFeB", "Dy"):
        links = sankey_links(ds, year, materials=[material])
        assert node_balance(links).abs().max() < 1e-9
        mfa = run_stocks(ds, years=(year - 1, year), materials=[material])
        ev = _rows(mfa, region="XCC", application="ev")
        change = ev.loc[year, "stock_t"] - ev.loc[year - 1, "stock_t"]
        added = links[(links["source"] == "in use: ev")
                      & (links["target"] == "added to stock in use")]["value_t"].sum()
        assert added == pytest.approx(change, abs=1e-9)
        recycled = links[links["target"] == "recycled"]["value_t"].sum()
        assert recycled == pytest.approx(ev.loc[year, "recycled_t"], abs=1e-12)
        sources = set(links["source"]) - set(links["target"])
        sinks = set(links["target"]) - set(links["source"])
        total_in = links[links["source"].isin(sources)]["value_t"].sum()
        total_out = links[links["target"].isin(sinks)]["value_t"].sum()
        assert total_in == pytest.approx(total_out)


@pytest.mark.slow
def test_the_cli_writes_a_page_that_needs_no_network(tmp_path) -> None:
    from critmin.cli import app

    runner = CliRunner()
    out = tmp_path / "flows.html"
    res = runner.invoke(app, ["stocks", "--sankey", "2030", "--out", str(out), "-r", "USA",
                              "-m", "NdFeB", "-m", "Dy"])
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert page.count('"type":"sankey"') == 2  # one figure per material
    assert "Plotly" in page  # plotly.js inlined
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?://', page)
    res = runner.invoke(app, ["stocks", "--sankey", "2030"])
    assert res.exit_code == 2 and "--out" in res.output
    res = runner.invoke(app, ["stocks", "--sankey", "2030", "--out", str(out), "-m", "Co"])
    assert res.exit_code == 2 and "unknown material 'Co'" in res.output
    assert "Traceback" not in res.output
