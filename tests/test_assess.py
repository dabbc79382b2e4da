"""The main job: `critmin assess` on the bundled data, as `make demo` runs it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from critmin.app.assess import assess
from critmin.data import bundled_path, load_dataset
from critmin.testing import tonnes_across_goods


def plotly_traces(html: str, div_id: str) -> list[dict]:
    m = re.search(r'Plotly\.newPlot\(\s*"' + re.escape(div_id) + r'",\s*(\[.*?\]),\s*\{', html,
                  re.S)
    assert m, f"no chart {div_id}"
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path_factory.mktemp("demo") / "assess"
    res = subprocess.run([sys.executable, "-m", "critmin", "assess", "--out", str(out)],
                         capture_output=True, text=True, timeout=900, check=False)
    return res, out


@pytest.mark.slow
def test_demo_prints_exposure_shocks_and_portfolio(demo) -> None:
    res, _ = demo
    assert res.returncode == 0, res.stderr
    text = res.stdout
    assert "coalition JPN, USA" in text
    assert "Exposure, worst first" in text
    assert "Bundled shocks" in text
    assert "Recommended portfolio" in text
    assert "The portfolio over 200 uncertain futures" in text


@pytest.mark.slow
def test_demo_opens_with_findings_each_with_a_number_and_unit(demo) -> None:
    """The terminal output opens with 5-10 sentences before any table, each with a number
    and a unit, fitting 100 columns; the report's first section and summary.json carry the
    same sentences; no sentence adds tonnes across materials unless it says so."""
    res, out = demo
    text = res.stdout
    head = text[text.index("Findings"):text.index("Exposure, worst first")]
    lines = [ln for ln in head.splitlines()[1:] if ln.strip()]
    assert all(len(ln) <= 100 for ln in lines)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    sentences = summary["findings"]
    assert 5 <= len(sentences) <= 10
    unit = re.compile(r"\d[\d,.]* ?(t|%|MUSD|months)\b")
    for s in sentences:
        assert unit.search(s), s
        assert s.replace(" ", "")[:40] in head.replace(" ", "").replace("\n", "")
        assert "every good together" not in s  # tonnes are never added across goods
        if "coalition's expected shortfall" in s:
            assert "magnet/NdFeB from" in s and "benefits: JPN" in s
    assert any("NdFeB" in s and "months of that demand" in s for s in sentences)
    # how long stocks last: China's April 2025 licensing draws Japan's magnet inventory
    assert any("inventory of magnet/NdFeB" in s and "ran out after" in s for s in sentences)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.index("Findings") < page.index("Exposure of")


def test_demo_report_has_every_chart_with_data(demo) -> None:
    res, out = demo
    assert res.returncode == 0, res.stderr
    html = (out / "report.html").read_text()
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?://', html)
    heat = plotly_traces(html, "exposure-heatmap")[0]
    assert any(v is not None and v > 0 for row in heat["z"] for v in row)
    bars = plotly_traces(html, "concentration-chart")
    assert sum(len(t["y"]) for t in bars) > 10
    for m in re.findall(r'id="(sankey-[\w-]+)"', html):
        assert plotly_traces(html, m)[0]["link"]["value"]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["coalition"] == ["JPN", "USA"]
    assert summary["portfolio"]["solver"]["status"]
    assert tonnes_across_goods(summary) == []  # tonnes only per good (issue 15)
    for png in ("exposure", "concentration"):
        assert (out / "figures" / f"{png}.png").read_bytes()[:4] == b"\x89PNG"
    without, with_ = plotly_traces(html, "ensemble-histogram")
    assert len(without["x"]) == len(with_["x"]) == 200
    assert max(without["x"]) > 0  # some futures are short without the portfolio
    title = re.search(r'Plotly\.newPlot\(\s*"ensemble-histogram".*?Coalition shortfall of '
                      r'([^"]+?) per future', html, re.S)
    assert title, "the histogram names its good"
    good = json.loads(f'"{title.group(1)}"')  # Plotly's JSON writes "/" as \u002f
    avoided = summary["ensemble"]["coalition_shortfall_avoided_t_by_good"][good]
    mean = sum(a - b for a, b in zip(without["x"], with_["x"], strict=True)) / 200
    assert avoided["mean"] == pytest.approx(mean)


def test_demo_sources_appendix_covers_every_cited_source(demo) -> None:
    _, out = demo
    html = (out / "report.html").read_text()
    ds = load_dataset()
    for sid in ds.source_ids_used():
        assert sid in html, sid


def test_concentration_matches_usgs_on_the_reference_dataset() -> None:
    """USGS MCS 2026: China 270,000 of 380,000 t REO = 71.1% of 2024 world mine production
    (MCS 2025 had 390,000 t and 69.2%)."""
    res = assess(load_dataset(), scenarios=False, portfolio=False)
    conc = res.tables["concentration"].set_index(["material", "stage"]).loc[("REO", "mining")]
    assert conc["top1_country"] == "CHN"
    assert round(conc["top1_share"], 3) == 0.711
    assert conc["world_t"] == 380_000


def test_a_dataset_the_library_does_not_fit_is_reported_not_failed() -> None:
    res = assess(load_dataset(bundled_path("sample")), scenarios=True, portfolio=True)
    assert "portfolio" in res.notes
    assert any(k.startswith("scenario ") for k in res.notes)
    assert not res.tables["exposure"].empty
