"""The whole job in a real headless Chromium: pick a coalition, edit a scenario (seeing
every error at once, with suggestions), run it, see the charts, download a table as CSV,
start a second run from the run form, compare the two by ticking them; and start an
ensemble from the form, watch its progress bar and cancel it."""

from __future__ import annotations

import io
import json
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

pytestmark = pytest.mark.slow

SCENARIO = """name: dy-tb-ban-edited
horizon: {start: 2025-01, end: 2025-12, step: month}
coalition: [USA, JPN]
shocks:
  - type: export_control
    country: CHN
    materials: [Dy, Tb]
    stages: [separation, metal, magnet]
    severity: 1.0
    start: 2025-03
    end: 2025-12
"""


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as res:
        return res.read().decode()


def _wait(browser, seconds: float = 180) -> WebDriverWait:
    # a run page reloads itself when the run ends: an element may go stale mid-poll
    return WebDriverWait(browser, seconds, ignored_exceptions=(
        StaleElementReferenceException, NoSuchElementException))


def _type(browser, element_id: str, text: str) -> None:
    box = browser.find_element(By.ID, element_id)
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE)
    box.send_keys(text)


def _finished(browser) -> str:
    # read the state in one script call: the page reloads itself when the run ends, and a
    # WebElement fetched before the reload can fail with a stale-node inspector error
    def done(d) -> str | bool:
        text = d.execute_script(
            "const e = document.getElementById('run-state');"
            "return e ? e.textContent.trim() : '';")
        return text if text in ("done", "failed", "cancelled") else False
    return _wait(browser).until(done)


def _points(browser, div_id: str) -> int:
    return browser.execute_script(
        f"const g = document.getElementById('{div_id}');"
        "if (!g || !g.data) return 0;"
        "return g.data.reduce((n, t) => n + (t.y || []).filter(v => v > 0).length, 0);")


def _pick_coalition(browser, server: str) -> None:
    browser.get(server + "/")
    picker = Select(browser.find_element(By.ID, "select-coalition"))
    picker.deselect_all()
    for code in ("USA", "JPN", "AUS"):
        picker.select_by_value(code)
    browser.find_element(By.ID, "show-button").click()
    _wait(browser, 60).until(ec.text_to_be_present_in_element(
        (By.TAG_NAME, "h1"), "Coalition exposure — AUS, JPN, USA"))
    assert _wait(browser, 60).until(lambda d: d.execute_script(
        "const g = document.getElementById('exposure-heatmap');"
        "return g && g.data && g.data[0].z.length;"))
    assert "Source:" in browser.find_element(By.ID, "source-exposure-heatmap").text


def _edit_and_run(browser, server: str) -> str:
    browser.get(server + "/editor")
    _type(browser, "yaml", SCENARIO.replace("[USA, JPN]", "[USA, JPX]")
          .replace("[Dy, Tb]", "[Dyy, Tb]").replace("severity: 1.0", "severity: lots"))
    errors = _wait(browser, 30).until(lambda d: len(
        d.find_elements(By.CSS_SELECTOR, "#annotated .field-error")) >= 3 and
        d.find_elements(By.CSS_SELECTOR, "#annotated .field-error"))
    text = " ".join(e.text for e in errors)
    # every problem at once, each under its line, with the closest known code
    assert "did you mean 'JPN'?" in text and "did you mean 'Dy'?" in text
    assert "severity" in text
    assert browser.find_element(By.ID, "run-button").get_attribute("disabled")
    _type(browser, "yaml", SCENARIO)
    _wait(browser, 30).until(ec.text_to_be_present_in_element((By.ID, "validation-state"),
                                                              "valid"))
    _wait(browser, 30).until(ec.element_to_be_clickable((By.ID, "run-button"))).click()
    _wait(browser, 30).until(ec.url_contains("/runs/"))
    assert _finished(browser) == "done"
    assert "dy-tb-ban-edited" in browser.find_element(By.TAG_NAME, "h1").text
    assert _points(browser, "shortfall-chart") > 0, "no shortfall bar drawn"
    assert browser.find_elements(By.CSS_SELECTOR, "#shortfall-chart g.trace.bars path")
    assert browser.find_element(By.ID, "source-shortfall-chart").text.startswith("Source:")
    return browser.current_url.rsplit("/", 1)[-1]


def _download_csv(browser, server: str, run_id: str, folder: Path) -> None:
    browser.execute_cdp_cmd("Page.setDownloadBehavior",
                            {"behavior": "allow", "downloadPath": str(folder)})
    link = browser.find_element(By.CSS_SELECTOR, "#table-per-good + p a.download-csv")
    link.click()
    target = folder / "per-good.csv"
    deadline = time.monotonic() + 30
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert target.exists(), f"no download in {folder}: {list(folder.iterdir())}"
    table = pd.read_csv(target)
    goods = json.loads(_get(f"{server}/api/runs/{run_id}"))["result"]["summary"]["goods"]
    assert set(table["good"]) == set(goods)
    for _, row in table.iterrows():
        assert row["shortfall_t"] == pytest.approx(goods[row["good"]]["shortfall_t"])


def _run_from_form(browser, server: str) -> str:
    browser.get(server + "/runs/new")
    browser.find_element(By.ID, "kind-simulate").click()
    Select(browser.find_element(By.ID, "scenario")).select_by_value(
        "library:china-2025-04-controls")
    browser.find_element(By.ID, "start-button").click()
    _wait(browser, 30).until(ec.url_contains("/runs/"))
    assert _finished(browser) == "done"
    return browser.current_url.rsplit("/", 1)[-1]


def test_pick_edit_run_chart_download_compare(server, browser, tmp_path: Path) -> None:
    _pick_coalition(browser, server)
    first = _edit_and_run(browser, server)
    _download_csv(browser, server, first, tmp_path)
    second = _run_from_form(browser, server)
    browser.get(server + "/runs")
    for run_id in (first, second):
        browser.find_element(By.CSS_SELECTOR, f"input.pick[value='{run_id}']").click()
    browser.find_element(By.ID, "compare-button").click()
    _wait(browser, 30).until(ec.text_to_be_present_in_element((By.TAG_NAME, "h1"),
                                                              "Compare runs"))
    headings = " ".join(h.text for h in browser.find_elements(By.TAG_NAME, "h2"))
    assert "dy-tb-ban-edited" in headings and "china-2025-04-controls" in headings
    assert _points(browser, f"shortfall-{first}") > 0
    diff = browser.find_element(By.CSS_SELECTOR, "#table-difference + p a.download-csv")
    got = pd.read_csv(io.StringIO(_get(diff.get_attribute("href"))))
    assert {f"{first} (t)", f"{second} (t)", "difference (t)"} <= set(got.columns)


def test_start_an_ensemble_from_the_form_and_cancel_it(server, browser) -> None:
    browser.get(server + "/runs/new?kind=ensemble")
    Select(browser.find_element(By.ID, "scenario")).select_by_value(
        "library:heavy-ree-ban-24m")
    _type(browser, "runs", "5000")
    browser.find_element(By.ID, "start-button").click()
    _wait(browser, 30).until(ec.url_contains("/runs/"))
    bar = _wait(browser, 60).until(ec.presence_of_element_located((By.ID, "run-progress")))
    assert bar.tag_name == "progress"
    _wait(browser, 60).until(ec.element_to_be_clickable((By.ID, "cancel-button"))).click()
    assert _finished(browser) == "cancelled"
