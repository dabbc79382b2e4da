"""Take the README's screenshots of the dashboard with headless Chromium.

Starts critmin's service on a fresh data folder (loopback, free port), stores a few runs on
the reference dataset (two simulations, an ensemble, an optimisation with its frontier),
then saves a PNG of each page under ``docs/img/``. Needs Debian's chromium and
chromium-driver and selenium (the test extras).

Run: ``python tools/screenshots.py``
"""

from __future__ import annotations

import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from fastapi.testclient import TestClient

from critmin.api import Settings, create_app

OUT = Path(__file__).parents[1] / "docs" / "img"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-dev-shm-usage", "--hide-scrollbars")
BROKEN = """name: my-scenario
horizon: {start: 2025-01, end: 2025-12, step: month}
coalition: [USA, JPX]
shocks:
  - type: export_control
    country: CHN
    materials: [Dyy, Tb]
    stages: [separaton]
    severity: lots
    start: 2025-03
"""


def _runs(app) -> dict[str, str]:
    """Start the runs the pages show; wait until they are done."""
    bodies = {"sim": {"kind": "simulate", "library": "heavy-ree-ban-24m"},
              "sim2": {"kind": "simulate", "library": "china-2025-04-controls"},
              "ens": {"kind": "ensemble", "library": "heavy-ree-ban-24m", "runs": 200},
              "opt": {"kind": "optimize", "frontier": [100, 250, 500, 1000, 2000]}}
    client = TestClient(app)
    ids = {k: client.post("/api/runs", json=b).json()["id"] for k, b in bodies.items()}
    for run_id in ids.values():
        while client.get(f"/api/runs/{run_id}").json()["status"] in ("queued", "running"):
            time.sleep(0.5)
    return ids


def _serve(app) -> tuple[str, uvicorn.Server]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def _shoot(driver, url: str, name: str, height: int = 1800, setup=None) -> None:
    driver.set_window_size(1280, height)
    driver.get(url)
    time.sleep(1.5)  # plotly draws after load
    if setup is not None:
        setup(driver)
        time.sleep(1.5)
    driver.save_screenshot(str(OUT / name))
    print(f"{name}: {url}")


def _broken(driver) -> None:
    box = driver.find_element("id", "yaml")
    driver.execute_script("arguments[0].value = arguments[1];"
                          "arguments[0].dispatchEvent(new Event('input'));", box, BROKEN)


def main() -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(data_dir=Path(tmp)))
        ids = _runs(app)
        base, server = _serve(app)
        opts = webdriver.ChromeOptions()
        opts.binary_location = shutil.which("chromium") or sys.exit("no chromium")
        for flag in FLAGS:
            opts.add_argument(flag)
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)
        try:
            _shoot(driver, base + "/", "dashboard.png")
            _shoot(driver, base + "/map?material=Dy&stage=separation", "map.png", 1100)
            _shoot(driver, base + "/policies?as_of=2026-12-02", "policies.png", 1300)
            _shoot(driver, base + "/editor", "editor.png", 1000, setup=_broken)
            _shoot(driver, base + "/runs/new?kind=optimize", "new-run.png", 800)
            _shoot(driver, f"{base}/runs/{ids['sim']}", "run.png", 2000)
            _shoot(driver, f"{base}/runs/{ids['ens']}", "ensemble.png", 2000)
            _shoot(driver, f"{base}/runs/{ids['opt']}", "optimisation.png", 2000)
            _shoot(driver, f"{base}/compare?run={ids['sim']}&run={ids['sim2']}", "compare.png",
                   1400)
        finally:
            driver.quit()
            server.should_exit = True
            app.state.critmin.runner.shutdown()


if __name__ == "__main__":
    main()
