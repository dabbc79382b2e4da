"""Every table of a dashboard page downloads as CSV and xlsx that open with pandas and hold
the same rows as the JSON download; errors of pages are pages, errors of the API are JSON."""

from __future__ import annotations

import io
import re
from html import unescape

import pandas as pd
import pytest
from fastapi.testclient import TestClient


def _links(page: str, fmt: str) -> list[str]:
    return [unescape(u) for u in re.findall(rf'class="download-{fmt}" href="([^"]+)"', page)]


def _text(s: pd.Series) -> list[str]:
    # Excel reads a boolean column with blanks back as 1.0/0.0: compare booleans as numbers
    return ["" if pd.isna(v) else str(float(v)) if isinstance(v, bool) else str(v)
            for v in s]


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    assert list(a.columns) == list(b.columns)
    assert len(a) == len(b) > 0
    for c in a.columns:
        if pd.api.types.is_numeric_dtype(b[c]) and pd.api.types.is_numeric_dtype(a[c]):
            pd.testing.assert_series_equal(a[c].astype(float), b[c].astype(float),
                                           check_names=False, rtol=1e-9)
        else:
            assert _text(a[c]) == _text(b[c]), c


def test_every_exposure_table_downloads_as_csv_and_xlsx_matching_json(
        client: TestClient) -> None:
    page = client.get("/", params={"dataset": "sample", "coalition": "USA,JPN"}).text
    csvs, xlsxs, jsons = _links(page, "csv"), _links(page, "xlsx"), _links(page, "json")
    assert len(csvs) == len(xlsxs) == len(jsons) == 2  # exposure and the CRMA scorecard
    for csv, xlsx, js in zip(csvs, xlsxs, jsons, strict=True):
        got = client.get(csv)
        assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
        assert "attachment" in got.headers["content-disposition"]
        from_json = pd.DataFrame(client.get(js).json())
        _same(pd.read_csv(io.StringIO(got.text)), from_json)
        _same(pd.read_excel(io.BytesIO(client.get(xlsx).content)), from_json)
    # the coalition of the page is the coalition of the download
    exposure = pd.read_csv(io.StringIO(client.get(csvs[0]).text))
    assert "bottleneck_share" in exposure.columns


def test_run_tables_download(client: TestClient, dy_ban: dict, wait_for) -> None:
    rid = client.post("/api/runs", json={"dataset": "sample", "scenario": dy_ban}).json()["id"]
    run = wait_for(client, rid)
    page = client.get(f"/runs/{rid}").text
    per_good = client.get(f"/runs/{rid}", params={"download": "per-good.csv"})
    assert per_good.status_code == 200
    goods = pd.read_csv(io.StringIO(per_good.text))
    # one row per good of the run's JSON summary, with its tonnes
    summary = run["result"]["summary"]["goods"]
    assert set(goods["good"]) == set(summary)
    for _, row in goods.iterrows():
        assert row["demand_t"] == pytest.approx(summary[row["good"]]["demand_t"])
    assert len(_links(page, "xlsx")) >= 2
    assert client.get(f"/runs/{rid}", params={"download": "nope.csv"}).status_code == 404


@pytest.mark.parametrize("url", ["/runs/nope", "/materials/Kr?dataset=sample",
                                 "/scenarios/library/nope", "/no/such/page"])
def test_page_errors_are_friendly_pages(client: TestClient, url: str) -> None:
    res = client.get(url)
    assert res.status_code == 404
    assert res.headers["content-type"].startswith("text/html")
    assert "Not found" in res.text and 'href="/"' in res.text


def test_bad_page_input_is_a_page_and_api_errors_stay_json(client: TestClient) -> None:
    bad = client.get("/", params={"dataset": "sample", "coalition": "USA,ATL"})
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("text/html")
    assert "ATL" in bad.text and "Check your input" in bad.text
    typed = client.get("/materials/Dy", params={"dataset": "sample", "year": "soon"})
    assert typed.status_code == 422 and "year" in typed.text
    api = client.get("/api/runs/nope")
    assert api.status_code == 404 and api.json()["detail"]
    assert client.post("/api/runs", json={"kind": "nope"}).headers[
        "content-type"].startswith("application/json")


def test_stored_names_stay_escaped_in_error_pages(client: TestClient) -> None:
    res = client.get("/runs/<script>alert(1)</script>")
    assert res.status_code == 404
    assert "<script>alert(1)" not in res.text


def test_a_crash_on_a_page_is_a_page_without_traceback(data_dir, monkeypatch) -> None:
    from critmin.api import Settings, create_app
    from critmin.report import dashboard_charts

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(dashboard_charts, "policy_timeline_figure", broken)
    with TestClient(create_app(Settings(data_dir=data_dir)),
                    raise_server_exceptions=False) as client:
        res = client.get("/policies", params={"as_of": "2026-01-01"})
        assert res.status_code == 500 and res.headers["content-type"].startswith("text/html")
        assert "Server error" in res.text
        assert "secret internals" not in res.text and "Traceback" not in res.text
