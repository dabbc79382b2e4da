"""Drive the dashboard in a real headless Chromium: open it, open a bundled scenario, run
it, and see the shortfall chart drawn with data points."""

from __future__ import annotations

import os

import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

SCENARIO = "heavy-ree-ban-24m"

pytestmark = pytest.mark.slow


def test_open_dashboard_run_a_bundled_scenario_and_see_the_shortfall(server, browser,
                                                                      screenshot_dir) -> None:
    # the run page reloads itself when the run finishes: an element may go stale mid-poll
    wait = WebDriverWait(browser, 120, ignored_exceptions=(StaleElementReferenceException,
                                                           NoSuchElementException))
    browser.get(server + "/")
    heading = wait.until(ec.presence_of_element_located((By.TAG_NAME, "h1")))
    assert heading.text.startswith("Coalition exposure")
    # the exposure heat map is drawn by plotly.js (served locally) with real cells
    wait.until(lambda d: d.execute_script(
        "const g = document.getElementById('exposure-heatmap');"
        "return g && g.data && g.data.length > 0 && g.data[0].z.length > 0;"))
    if os.environ.get("CRITMIN_SCREENSHOTS"):
        screenshot_dir.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(screenshot_dir / "dashboard.png"))

    browser.find_element(By.LINK_TEXT, "Scenarios").click()
    wait.until(ec.element_to_be_clickable((By.LINK_TEXT, SCENARIO))).click()
    assert wait.until(ec.presence_of_element_located((By.TAG_NAME, "h1"))).text == \
        f"Scenario {SCENARIO}"
    assert "export_control" in browser.find_element(By.ID, "scenario-yaml").text

    browser.find_element(By.ID, "run-button").click()
    wait.until(ec.url_contains("/runs/"))
    # the page polls the run and reloads when it is done
    def finished(d) -> str | bool:
        text = d.find_element(By.ID, "run-state").text
        return text if text in ("done", "failed") else False

    state = wait.until(finished)
    assert state == "done"
    points = wait.until(lambda d: d.execute_script(
        "const g = document.getElementById('shortfall-chart');"
        "if (!g || !g.data) return null;"
        "return g.data.reduce((n, t) => n + t.y.filter(v => v > 0).length, 0);"))
    assert points > 0, "the shortfall chart has no bar above zero"
    # the bars are really drawn on the page, not only present in the data
    assert browser.find_elements(By.CSS_SELECTOR, "#shortfall-chart g.trace.bars path")
    if os.environ.get("CRITMIN_SCREENSHOTS"):
        browser.save_screenshot(str(screenshot_dir / "run.png"))
