"""The dashboard pages render real content from the library (sample dataset)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_overview_shows_the_coalition_exposure(client: TestClient) -> None:
    page = client.get("/", params={"dataset": "sample", "coalition": "USA,JPN"})
    assert page.status_code == 200
    assert "Coalition exposure — JPN, USA" in page.text
    assert 'id="exposure-heatmap"' in page.text
    assert "CRMA 2030" in page.text
    bad = client.get("/", params={"dataset": "sample", "coalition": "USA,ATL"})
    assert bad.status_code == 422


def test_overview_puts_data_gaps_first(client: TestClient, reference) -> None:
    """Where Japan's supply traces to no recorded origin (reference data), the page says so
    before any chart instead of painting the cell pale: every warning of the exposure table
    is listed first."""
    import html

    from critmin.metrics import coalition_exposure, exposure_warnings

    expected = exposure_warnings(coalition_exposure(reference, "JPN"), "JPN")
    page = client.get("/", params={"dataset": "reference", "coalition": "JPN"}).text
    assert expected, "the reference data has no unknown origin for Japan any more: pick another"
    assert page.index("Read first: data gaps") < page.index("exposure-heatmap")
    for w in expected:
        assert w in html.unescape(page)


def test_material_page_has_sankey_and_concentration(client: TestClient) -> None:
    page = client.get("/materials/NdPr", params={"dataset": "sample"})
    assert page.status_code == 200
    assert 'id="sankey"' in page.text and '"type":"sankey"' in page.text
    # the Sankey carries the real flows, e.g. 7,700 t NdPr concentrate from the US to China
    assert "NdPr mining made \\u00b7 USA" in page.text or "NdPr mining made · USA" in page.text
    assert 'id="concentration-top1"' in page.text
    assert client.get("/materials/Kr", params={"dataset": "sample"}).status_code == 404


def test_plotly_is_served_locally(client: TestClient) -> None:
    page = client.get("/scenarios")
    assert '<script src="/static/plotly.min.js">' in page.text
    assert not re.search(r"https?://cdn", page.text)
    js = client.get("/static/plotly.min.js")
    assert js.status_code == 200 and len(js.content) > 1_000_000


def test_editor_and_scenario_pages(client: TestClient) -> None:
    assert "validate" in client.get("/editor").text
    lib = client.get("/scenarios").text
    name = re.search(r'href="/scenarios/library/([\w-]+)"', lib).group(1)
    page = client.get(f"/scenarios/library/{name}")
    assert page.status_code == 200 and 'id="run-button"' in page.text
    assert client.get("/scenarios/library/nope").status_code == 404


def test_run_page_and_comparison(client: TestClient, dy_ban: dict, wait_for) -> None:
    rid = client.post("/api/runs", json={"dataset": "sample", "scenario": dy_ban}).json()["id"]
    wait_for(client, rid)
    page = client.get(f"/runs/{rid}")
    assert page.status_code == 200
    assert 'id="shortfall-chart"' in page.text and 'id="prices-chart"' in page.text
    assert "dy-ban-test" in page.text
    assert client.get(f"/compare?a={rid}&b={rid}").status_code == 200
    assert client.get(f"/compare?a={rid}&b=nope").status_code == 404
    assert client.get("/runs/nope").status_code == 404
