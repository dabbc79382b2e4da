"""Demand outlooks: an application's own growth path sets its inflows, so its stocks and
scrap follow; answers derived by hand on the toy of ``test_model``."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from tests.stocks.test_model import _rows, _toy
from typer.testing import CliRunner

from critmin.stocks.model import run_stocks
from critmin.stocks.outlook import OutlookError, list_outlooks, load_outlook, outlook_from_dict


def outlook(*paths: dict[str, Any]):
    base = {"sector": "ev", "unit": "million cars", "source_ids": ["toy"]}
    return outlook_from_dict({"name": "toy-outlook", "world": "IEA-APS",
                              "applications": [{**base, **p} for p in paths]})


def test_an_application_follows_its_path_and_its_stock_and_scrap_follow() -> None:
    """XCC's ev demand of 2024 is 60 t. Path 10 (2024) → 40 (2026), log-linear: ev inflow
    60, 120, 240 in 2024–2026 and 240 after (flat). Fixed 2-year life: stock at the end of
    2027 = 240 + 240 = 480; outflow 2027 = the 2025 cohort, 120; recyclable = 120 × 0.5 ×
    0.2 = 12. Wind (no path) keeps the world's flat 40 t/yr; years before 2024 unchanged."""
    plain = run_stocks(_toy(), years=(2020, 2028), materials=["NdFeB"])
    r = run_stocks(_toy(), years=(2020, 2028), materials=["NdFeB"],
                   outlook=outlook({"values": {2024: 10, 2026: 40}}))
    ev = _rows(r, region="XCC", application="ev")
    assert ev["inflow_t"].loc[2024:2028].tolist() == pytest.approx([60, 120, 240, 240, 240])
    assert ev.loc[2027, "stock_t"] == pytest.approx(480)
    assert ev.loc[2027, "outflow_t"] == pytest.approx(120)
    assert ev.loc[2027, "recyclable_t"] == pytest.approx(12)
    before = _rows(plain, region="XCC", application="ev")["inflow_t"].loc[2020:2023]
    assert ev["inflow_t"].loc[2020:2023].tolist() == pytest.approx(before.tolist())
    wind = _rows(r, region="XBB", application="wind")
    assert wind["inflow_t"].loc[2024:2028].tolist() == pytest.approx([40] * 5)


def test_a_regional_path_overrides_the_world_path_there() -> None:
    """World ev path doubles by 2025; XBB's own path stays flat. XCC's ev inflow in 2025 is
    120; XBB has no ev demand, so its path has nothing to scale: an error naming it."""
    r = run_stocks(_toy(), years=(2025, 2025), materials=["NdFeB"],
                   outlook=outlook({"values": {2024: 1, 2025: 2}},
                                   {"regions": ["XCC"], "values": {2024: 1, 2025: 1.5}}))
    assert _rows(r, region="XCC", application="ev").loc[2025, "inflow_t"] == pytest.approx(90)
    with pytest.raises(OutlookError, match=r"applications\[1\].sector: no 'ev' demand"):
        run_stocks(_toy(), years=(2025, 2025),
                   outlook=outlook({"values": {2024: 1, 2025: 2}},
                                   {"regions": ["XBB"], "values": {2024: 1, 2025: 1}}))


@pytest.mark.parametrize(("path", "message"), [
    ({"values": {2030: 2}}, r"applications\[0\].values: needs the base year 2024"),
    ({"values": {2024: 1}, "source_ids": ["nowhere"]}, r"source_ids: 'nowhere' is not in"),
    ({"values": {2024: 1}, "sector": "hvac"}, r"sector: no 'hvac' demand"),
    ({"values": {2024: 1}, "regions": ["XZZ"]}, r"applications\[0\].regions"),
])
def test_an_outlook_that_does_not_fit_the_data_is_refused(path, message) -> None:
    with pytest.raises(OutlookError, match=message):
        run_stocks(_toy(), years=(2025, 2025), outlook=outlook(path))


def test_bad_outlook_files_name_the_field(tmp_path) -> None:
    with pytest.raises(OutlookError, match=r"values"):
        outlook({"values": {2024: 0}})
    p = tmp_path / "o.yaml"
    p.write_text(yaml.safe_dump({"name": "o", "world": "IEA-APS", "applications": [
        {"sector": "ev", "unit": "u", "values": {2024: 1}, "source_ids": ["toy"],
         "colour": "red"}]}))
    with pytest.raises(OutlookError, match=r"o.yaml: applications\[0\].colour"):
        load_outlook(p)


def test_the_cli_takes_an_outlook_file_and_refuses_a_bad_one_cleanly(tmp_path) -> None:
    from critmin.cli import app

    runner = CliRunner()
    p = tmp_path / "o.yaml"
    p.write_text(yaml.safe_dump({"name": "o", "world": "IEA-APS", "applications": [
        {"sector": "ev", "unit": "u", "values": {2024: 1, 2030: 3},
         "source_ids": ["iea-gevo-2025"]}]}))
    res = runner.invoke(app, ["stocks", "-r", "XWL", "-m", "NdFeB", "-y", "2030",
                              "--outlook", str(p), "--format", "json"])
    assert res.exit_code == 0, res.output
    p.write_text(yaml.safe_dump({"name": "o", "world": "IEA-APS", "applications": [
        {"sector": "ev", "unit": "u", "values": {2030: 3}, "source_ids": ["iea-gevo-2025"]}]}))
    res = runner.invoke(app, ["stocks", "-y", "2030", "--outlook", str(p)])
    assert res.exit_code == 2
    assert "needs the base year" in res.output and "Traceback" not in res.output


def test_the_bundled_ev_outlook_scales_ev_magnets_by_iea_sales() -> None:
    """iea-ev-steps: every country's EV inflow is its 2024 demand × sales / 17 million
    (world EV inflow 34,000 t in 2024 → 90,000 t at 45 million in 2030, 130,000 t at 65
    million in 2035 and after); every other application is as under IEA-APS."""
    from critmin import load_dataset

    assert "iea-ev-steps" in list_outlooks()
    ds = load_dataset()
    years = (2024, 2040)
    steps = run_stocks(ds, regions=["XWL"], materials=["NdFeB"], years=years,
                       outlook="iea-ev-steps").table
    aps = run_stocks(ds, regions=["XWL"], materials=["NdFeB"], years=years).table
    ev = steps[steps["application"] == "ev"].set_index("year")["inflow_t"]
    ev_2024 = float(ev[2024])
    assert ev[2030] == pytest.approx(ev_2024 * 45 / 17)
    assert ev[2035] == pytest.approx(ev_2024 * 65 / 17) == pytest.approx(ev[2040])
    rest_s = steps[steps["application"] != "ev"].reset_index(drop=True)
    rest_a = aps[aps["application"] != "ev"].reset_index(drop=True)
    assert rest_s["inflow_t"].tolist() == pytest.approx(rest_a["inflow_t"].tolist())
