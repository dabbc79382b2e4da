"""A server with users, in real headless Chromium: sign in with a token, then stored
scripts in a scenario's name and description run on no page and in no report."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from critmin.api import Settings, create_app
from critmin.app.access import new_token, token_hash
from critmin.app.store import Store

pytestmark = pytest.mark.slow

#: Each sets a different value of ``window.__xss`` if it ever runs.
NAME = '<img src=x onerror="window.__xss=1">"><script>window.__xss=2</script>'
DESCRIPTION = ("<svg onload=\"window.__xss=3\"></svg>'><iframe src=\"javascript:"
               "parent.__xss=4\"></iframe><a href=\"javascript:window.__xss=5\">x</a>")
SCENARIO = {
    "name": NAME, "description": DESCRIPTION,
    "horizon": {"start": "2025-01", "end": "2025-06", "step": "month"},
    "coalition": ["USA", "JPN"],
    "shocks": [{"type": "export_control", "country": "CHN", "materials": ["Dy"],
                "stages": ["separation"], "severity": 1.0, "start": "2025-02",
                "end": "2025-06"}],
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    """(base URL, an analyst's token, data folder) of a server with users."""
    data_dir = tmp_path_factory.mktemp("secured")
    token = new_token()
    Store(data_dir / "critmin.sqlite").add_user("aiko", "JPN", "analyst", token_hash(token))
    app = create_app(Settings(data_dir=data_dir))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", token, data_dir
    srv.should_exit = True
    thread.join(timeout=10)
    app.state.critmin.runner.shutdown()


def _api(base: str, token: str, path: str, body: dict | None = None) -> dict:
    req = urllib.request.Request(base + path, method="POST" if body is not None else "GET",
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Authorization": f"Bearer {token}",
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.loads(res.read())


def _run(base: str, token: str, body: dict) -> str:
    run_id = _api(base, token, "/api/runs", body)["id"]
    deadline = time.monotonic() + 180
    while _api(base, token, f"/api/runs/{run_id}")["status"] in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    return run_id


def _nothing_ran(browser, url: str) -> None:
    assert browser.execute_script("return window.__xss === undefined"), url
    try:
        text = browser.switch_to.alert.text
    except NoAlertPresentException:
        return
    raise AssertionError(f"{url}: an alert opened: {text}")


def test_sign_in_then_no_stored_script_runs_on_any_page_or_report(secured, browser,
                                                                  tmp_path) -> None:
    base, token, data_dir = secured
    browser.get(base + "/runs")  # not signed in: the sign-in form, then back here
    WebDriverWait(browser, 30).until(ec.url_contains("/login"))
    browser.find_element(By.ID, "token").send_keys(token)
    browser.find_element(By.ID, "login-button").click()
    WebDriverWait(browser, 30).until(ec.url_matches(r"/runs$"))
    assert "Runs" in browser.find_element(By.TAG_NAME, "h1").text

    stored = _api(base, token, "/api/scenarios?visibility=coalition", SCENARIO)
    a = _run(base, token, {"scenario_id": stored["id"]})
    b = _run(base, token, {"scenario": SCENARIO})
    pages = ["/", "/runs", f"/runs/{a}", f"/runs/{b}", f"/compare?run={a}&run={b}",
             "/scenarios", f"/scenarios/stored/{stored['id']}",
             f"/editor?from=stored:{stored['id']}", "/runs/new"]
    for url in pages:
        browser.get(base + url)
        WebDriverWait(browser, 30).until(
            lambda d: d.execute_script("return document.readyState") == "complete")
        assert "Sign in" not in browser.title, url
        _nothing_ran(browser, url)
        links = browser.execute_script(
            "return [...document.querySelectorAll('a[href^=\"javascript:\"]')].length")
        assert links == 0, url

    from typer.testing import CliRunner

    from critmin.cli import app as cli

    out = tmp_path / "report"
    res = CliRunner().invoke(cli, ["report", "--run", a, "--data-dir", str(data_dir),
                                   "--out", str(out)])
    assert res.exit_code == 0, res.output
    browser.get((out / "report.html").as_uri())
    _nothing_ran(browser, "report.html")
    assert "window.__xss" in (out / "report.html").read_text(encoding="utf-8")  # shown, as text
