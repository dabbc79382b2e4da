"""The dashboard does the whole job: selectors, run forms, charts for every kind of run,
picking runs to compare, the map of shares and the policy timeline."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from fastapi.testclient import TestClient


def _figure(page: str, div_id: str) -> dict:
    """The Plotly figure drawn in ``<div id=div_id>`` (its data and layout)."""
    m = re.search(rf'Plotly\.newPlot\(\s*"{div_id}",\s*', page)
    assert m, f"no figure {div_id}"
    dec = json.JSONDecoder()
    data, end = dec.raw_decode(page, m.end())
    layout, _ = dec.raw_decode(page, page.index("{", end))
    return {"data": data, "layout": layout}


def test_overview_selectors_pick_coalition_and_year(client: TestClient) -> None:
    page = client.get("/", params={"dataset": "sample"}).text
    assert 'id="select-coalition"' in page and 'id="select-year"' in page
    assert 'id="select-dataset"' in page and 'id="material-select-material"' in page
    # what a multi-select sends: one value per country
    picked = client.get("/", params=[("dataset", "sample"), ("coalition", "USA"),
                                     ("coalition", "AUS"), ("year", "2024")])
    assert picked.status_code == 200, picked.text
    assert "Coalition exposure — AUS, USA" in picked.text
    assert re.search(r'<option value="AUS" selected>', picked.text)
    assert re.search(r'<option value="2024" selected>', picked.text)
    assert not re.search(r'<option value="JPN" selected>', picked.text)
    assert client.get("/", params={"dataset": "sample", "year": 1900}).status_code == 422
    # "latest" sends a blank year, as the form does
    latest = client.get("/", params={"dataset": "sample", "coalition": "USA", "year": ""})
    assert latest.status_code == 200 and '<option value="" selected>latest' in latest.text


def test_material_selector_leads_to_the_material_page(client: TestClient) -> None:
    res = client.get("/material", params={"material": "NdPr", "dataset": "sample"})
    assert res.status_code == 200 and "NdPr — " in res.text
    assert 'id="sankey"' in res.text


def test_every_chart_has_a_source_line(client: TestClient) -> None:
    for url in ("/?dataset=sample", "/materials/NdPr?dataset=sample", "/map?dataset=sample",
                "/policies?dataset=reference&as_of=2026-12-02"):
        page = client.get(url).text
        charts = re.findall(r'<div id="([\w-]+)" class="plotly-graph-div"', page)
        assert charts, url
        for div in charts:
            assert f'id="source-{div}">Source: ' in page, (url, div)


def test_map_of_shares_uses_bundled_shapes(client: TestClient) -> None:
    page = client.get("/map", params={"dataset": "reference", "material": "Dy",
                                      "stage": "separation"}).text
    fig = _figure(page, "share-map")
    shares = fig["data"][-1]
    assert shares["type"] == "choropleth" and shares["featureidkey"] == "properties.iso3"
    assert "CHN" in shares["locations"] and max(shares["z"]) > 0.5
    # the shapes come from this server, and plotly.js is kept from fetching a base map
    assert shares["geojson"] == "/static/world_110m.geojson"
    assert "PlotlyGeoAssets.topojson['world_110m']" in page
    shapes = client.get("/static/world_110m.geojson").json()
    ids = {f["properties"]["iso3"] for f in shapes["features"]}
    assert {"CHN", "USA", "JPN", "AUS", "FRA", "NOR"} <= ids
    assert client.get("/map", params={"stage": "nope"}).status_code == 404


def test_policy_timeline_shows_the_state_on_a_date(client: TestClient) -> None:
    page = client.get("/policies", params={"as_of": "2026-12-02"}).text
    fig = _figure(page, "policy-timeline")
    by_status = {t["name"]: t["y"] for t in fig["data"] if t.get("type") == "bar"}
    # the two MOFCOM suspensions ended in November 2026 (bundled policies.csv)
    assert {"mofcom-2025-70", "mofcom-2025-72"} <= set(by_status["expired"])
    assert by_status["in force"]
    before = _figure(client.get("/policies", params={"as_of": "2026-06-01"}).text,
                     "policy-timeline")
    in_force = {y for t in before["data"] if t.get("name") == "in force" for y in t["y"]}
    assert "mofcom-2025-70" in in_force
    assert client.get("/policies", params={"as_of": "soon"}).status_code == 422


def test_run_form_offers_every_kind(client: TestClient) -> None:
    page = client.get("/runs/new").text
    for kind in ("simulate", "ensemble", "optimize"):
        assert f'id="kind-{kind}"' in page
    assert 'value="library:heavy-ree-ban-24m" data-uncertain="yes"' in page
    assert '<option value="us-japan-framework">' in page
    assert client.get("/runs/new", params={"kind": "nope"}).status_code == 422


def test_ensemble_run_page_draws_distribution_risk_and_sensitivity(
        client: TestClient, dy_ban: dict, wait_for) -> None:
    # China withholds NdFeB magnets (sample data: the coalition runs short of magnets)
    dy_ban["shocks"][0].update(materials=["NdFeB"], stages=["magnet"])
    dy_ban["uncertainty"] = {"parameters": [
        {"name": "severity", "kind": "shock_severity", "shock": 0,
         "distribution": {"type": "uniform", "low": 0.2, "high": 1.0}}]}
    rid = client.post("/api/runs", json={"kind": "ensemble", "dataset": "sample",
                                         "scenario": dy_ban, "runs": 12}).json()["id"]
    run = wait_for(client, rid)
    assert run["status"] == "done", run["error"]
    page = client.get(f"/runs/{rid}").text
    dist = _figure(page, "distribution-chart")
    by_draw = run["result"]["shortfall_by_draw_t"]
    assert by_draw and all(len(v) == 12 for v in by_draw.values())
    # one histogram panel per good, each holding that good's value in every future
    hist = [t for t in dist["data"] if t["type"] == "histogram"]
    assert len(hist) == min(len(by_draw), 4)
    for t in hist:
        assert t["x"] == pytest.approx(by_draw[t["name"]])
    risk = _figure(page, "risk-chart")
    good = next(iter(run["result"]["summary"]["shortfall_by_good_t"]))
    stats = run["result"]["summary"]["shortfall_by_good_t"][good]
    bars = next(t for t in risk["data"] if t["type"] == "bar")
    assert bars["y"][bars["x"].index("P95")] == pytest.approx(stats["p95"])
    assert bars["y"][bars["x"].index("CVaR 95 %")] == pytest.approx(stats["cvar95"])
    assert 'id="sensitivity-chart"' in page and "severity" in unescape(page)


def test_compare_by_picking_runs(client: TestClient, dy_ban: dict, wait_for) -> None:
    a = client.post("/api/runs", json={"dataset": "sample", "scenario": dy_ban}).json()["id"]
    dy_ban["shocks"][0]["severity"] = 0.5
    dy_ban["name"] = "dy-half-ban"
    b = client.post("/api/runs", json={"dataset": "sample", "scenario": dy_ban}).json()["id"]
    wait_for(client, a)
    wait_for(client, b)
    runs = client.get("/runs").text
    assert f'name="run" value="{a}"' in runs and f'name="run" value="{b}"' in runs
    page = client.get("/compare", params=[("run", a), ("run", b)])
    assert page.status_code == 200
    assert "dy-ban-test" in page.text and "dy-half-ban" in page.text
    one = client.get("/compare", params=[("run", a)])
    assert one.status_code == 422 and "pick exactly two runs" in one.text


@pytest.mark.slow
def test_optimisation_run_page_draws_portfolio_partners_and_frontier(
        client: TestClient, wait_for) -> None:
    """A real optimisation of the bundled plan (reference data) with a two-point frontier."""
    res = client.post("/api/runs", json={"kind": "optimize", "budget_musd": 500,
                                         "frontier": [100, 500]})
    assert res.status_code == 202, res.text
    run = wait_for(client, res.json()["id"], timeout=600)
    assert run["status"] == "done", run["error"]
    out, page = run["result"], client.get(f"/runs/{run['id']}").text
    port = _figure(page, "portfolio-chart")
    assert sum(len(t["x"]) for t in port["data"]) == len(out["picks"])
    partners = _figure(page, "partners-chart")
    cost = partners["data"][0]
    assert dict(zip(cost["x"], cost["y"], strict=True)) == pytest.approx(
        out["cost_by_partner"])
    frontier = _figure(page, "frontier-chart")
    goods = [c for c in out["frontier"][0] if c.startswith("coalition_t[")]
    assert len([t for t in frontier["data"] if t["type"] == "scatter"]) == min(len(goods), 4)
    assert frontier["data"][0]["x"] == [100.0, 500.0]


HOSTILE = '<img src=x onerror="alert(1)">'


def test_stored_names_stay_escaped_on_every_new_page(client: TestClient, dy_ban: dict,
                                                     wait_for) -> None:
    dy_ban["name"] = HOSTILE
    stored = client.post("/api/scenarios", params={"dataset": "sample"}, json=dy_ban)
    assert stored.status_code == 201
    a = client.post("/api/runs", json={"dataset": "sample", "scenario": dy_ban}).json()["id"]
    b = client.post("/api/runs", json={"dataset": "sample",
                                       "scenario_id": stored.json()["id"]}).json()["id"]
    wait_for(client, a)
    wait_for(client, b)
    for url in ("/runs", "/runs/new", f"/runs/{a}", f"/compare?run={a}&run={b}",
                "/scenarios", f"/scenarios/stored/{stored.json()['id']}"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert HOSTILE not in page.text, url
        assert "onerror=" not in page.text.replace("onerror=&#34;", "").replace(
            "onerror=&quot;", "").replace('onerror=\\"', ""), url


def test_no_page_loads_anything_from_outside(client: TestClient) -> None:
    """Every script, style, image and link of the dashboard is served by critmin itself
    (the map's shapes included): the dashboard works with no network."""
    for url in ("/?dataset=sample", "/materials/NdPr?dataset=sample", "/map?dataset=sample",
                "/policies", "/runs", "/runs/new", "/editor", "/scenarios", "/nope"):
        page = client.get(url).text
        external = re.findall(r'(?:src|href)\s*=\s*["\']?(?:https?:)?//', page)
        assert external == [], url
        assert "cdn." not in page, url


def test_years_are_whole_years_on_charts_over_time(client: TestClient) -> None:
    fig = _figure(client.get("/materials/NdPr", params={"dataset": "sample"}).text,
                  "concentration-top1")
    assert fig["layout"]["xaxis"]["tickformat"] == "d"


def test_policy_page_filters_by_country(client: TestClient) -> None:
    every = client.get("/policies", params={"as_of": "2026-12-02", "download": "policies.csv"})
    jpn = client.get("/policies", params={"as_of": "2026-12-02", "country": "JPN",
                                          "download": "policies.csv"})
    assert every.status_code == jpn.status_code == 200
    assert 0 < len(jpn.text.splitlines()) < len(every.text.splitlines())
    assert "japan-stockpile-rule" in jpn.text
    assert client.get("/policies", params={"country": "ATL"}).status_code == 422


def test_compare_two_ensembles_per_good(client: TestClient, dy_ban: dict, wait_for) -> None:
    dy_ban["shocks"][0].update(materials=["NdFeB"], stages=["magnet"])
    dy_ban["uncertainty"] = {"parameters": [
        {"name": "severity", "kind": "shock_severity", "shock": 0,
         "distribution": {"type": "uniform", "low": 0.2, "high": 1.0}}]}
    ids = [client.post("/api/runs", json={"kind": "ensemble", "dataset": "sample",
                                          "scenario": dy_ban, "runs": n}).json()["id"]
           for n in (8, 16)]
    runs = [wait_for(client, i) for i in ids]
    table = client.get("/compare", params=[("run", ids[0]), ("run", ids[1]),
                                           ("download", "difference.json")]).json()
    good = next(iter(runs[0]["result"]["summary"]["shortfall_by_good_t"]))
    p95 = next(r for r in table if r["good"] == good and r["statistic"] == "p95")
    first = runs[0]["result"]["summary"]["shortfall_by_good_t"][good]["p95"]
    second = runs[1]["result"]["summary"]["shortfall_by_good_t"][good]["p95"]
    assert p95[f"{ids[0]} (t)"] == pytest.approx(first)
    assert p95["difference (t)"] == pytest.approx(second - first)
    sim = client.post("/api/runs", json={"dataset": "sample", "scenario": dy_ban}).json()["id"]
    wait_for(client, sim)
    mixed = client.get("/compare", params=[("run", ids[0]), ("run", sim)])
    assert mixed.status_code == 409 and "same kind" in mixed.text
