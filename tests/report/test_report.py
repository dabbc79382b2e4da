"""Reports open with no network and every chart has data; the sources appendix is complete."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from critmin.report.simulation import sources_used, write_simulation_report
from critmin.scenarios import scenario_from_dict
from critmin.simulate import simulate

SCENARIO = {
    "name": "magnet-and-dy-ban",
    "horizon": {"start": "2025-01", "end": "2025-12", "step": "month"},
    "coalition": ["USA", "JPN"],
    "shocks": [{"type": "export_control", "country": "CHN", "materials": ["Dy", "NdFeB"],
                "stages": ["separation", "magnet"], "severity": 1.0, "start": "2025-04",
                "end": "2025-12"}],
    "measures": [{"type": "stockpile_release", "country": "JPN", "material": "Dy",
                  "stage": "separation"}],
}


@pytest.fixture(scope="module")
def report_dir(sample, tmp_path_factory: pytest.TempPathFactory) -> Path:
    sc = scenario_from_dict(SCENARIO)
    out = tmp_path_factory.mktemp("rep") / "report"
    return write_simulation_report(simulate(sample, sc), sc, sample, out)


def plotly_traces(html: str, div_id: str) -> list[dict]:
    """The data argument of the Plotly.newPlot call that draws ``div_id``."""
    m = re.search(r'Plotly\.newPlot\(\s*"' + re.escape(div_id) + r'",\s*(\[.*?\]),\s*\{', html,
                  re.S)
    assert m, f"no chart {div_id}"
    return json.loads(m.group(1))


def test_report_is_self_contained(report_dir: Path) -> None:
    html = (report_dir / "report.html").read_text()
    # no script, style, image or font is fetched from anywhere
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?://', html)
    assert "plotly.js" in html[:2_000_000]  # the library itself is inlined


def test_every_chart_has_data(report_dir: Path) -> None:
    html = (report_dir / "report.html").read_text()
    bars = plotly_traces(html, "shortfall-chart")
    # the US loses its Chinese magnets from April: 9 months with a shortfall
    assert sum(1 for t in bars for y in t["y"] if y > 0) >= 9
    assert {t["name"].split(" · ")[0] for t in bars} <= {"USA", "JPN"}
    stocks = plotly_traces(html, "stocks-chart")
    assert stocks and len(stocks[0]["y"]) == 12
    prices = plotly_traces(html, "prices-chart")
    assert max(max(t["y"]) for t in prices) > 1.0  # magnets become scarce


def test_pngs_and_tables(report_dir: Path) -> None:
    for name in ("shortfall", "stocks", "prices"):
        png = report_dir / "figures" / f"{name}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    summary = json.loads((report_dir / "summary.json").read_text())
    assert summary["periods"] == 12
    assert (report_dir / "shortfall.csv").read_text().startswith("country,sector,stage")


def test_sources_appendix_lists_every_cited_source(sample, report_dir: Path) -> None:
    html = (report_dir / "report.html").read_text()
    cited = set(sources_used(sample)["source_id"])
    expected = set()
    for t in ("capacity", "trade", "recipes", "demand", "stockpiles"):
        expected |= set(sample.table(t)["source_id"])
    assert expected <= cited
    for s in cited:
        assert s in html


@pytest.mark.slow
def test_plan_report_has_portfolio_frontier_and_assumptions(tmp_path: Path) -> None:
    """`critmin report PLAN` (the bundled us-japan-framework plan on the reference data):
    the frontier chart has one point per budget and falls as the budget grows, and every
    assumption of the plan is labelled as one."""
    import subprocess
    import sys

    out = tmp_path / "plan"
    res = subprocess.run([sys.executable, "-m", "critmin", "report", "us-japan-framework",
                          "--out", str(out)], capture_output=True, text=True, timeout=600,
                         check=False)
    assert res.returncode == 0, res.stderr
    html = (out / "report.html").read_text()
    line = plotly_traces(html, "frontier-chart")[0]
    assert line["x"] == sorted(line["x"]) and len(line["x"]) >= 5
    assert all(b <= a + 1e-6 for a, b in zip(line["y"], line["y"][1:], strict=False))
    assert line["y"][-1] < line["y"][0]
    assert "assumption: probabilities" in html and "assumption: budget" in html
    summary = json.loads((out / "summary.json").read_text())
    assert summary["solver"]["status"] == "optimal"
    assert (out / "figures" / "frontier.png").read_bytes()[:4] == b"\x89PNG"


def test_unknown_origin_reads_no_data_not_pale() -> None:
    """A cell whose supply is 60 % of unknown origin says "no data" (value hidden); a cell
    with 10 % unknown keeps its share; a stage a material lacks stays blank."""
    import numpy as np
    import pandas as pd

    from critmin.report import charts

    df = pd.DataFrame({"material": ["Dy", "Nd"], "stage": ["metal", "metal"],
                       "bottleneck_share": [0.1, 0.7], "unknown_share": [0.6, 0.1],
                       "bottleneck_origin": ["CHN", "CHN"]})
    z, missing = charts.no_data_cells(df, "bottleneck_share", "unknown_share", ["Dy", "Nd"],
                                      ["metal", "magnet"])
    assert missing.tolist() == [[True, False], [False, False]]
    assert np.isnan(z[0, 0]) and z[1, 0] == 0.7 and np.isnan(z[1, 1])
    fig = charts.heatmap_figure(df, "bottleneck_share", "t", ["metal", "magnet"],
                                hover="bottleneck_origin", unknown="unknown_share")
    labels = [t for trace in fig.data if trace.type == "scatter" for t in trace.text]
    assert labels == ["no data"]
