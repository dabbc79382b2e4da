"""Benchmark: how long each dashboard page takes on the reference dataset.

Starts the app in process on a fresh data folder, runs a simulation (twice, to compare),
an ensemble (100 futures) and an optimisation with a budget frontier, then requests every
page: the first load (which fills the caches) and the median of 5 loads after it, in
milliseconds. Each line reads ``page <url>: first <ms> ms, then <ms> ms``; the target is
under 1,000 ms after the first load. Printed, not asserted.

Run: ``python benchmarks/dashboard.py``
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from critmin.api import Settings, create_app

LIBRARY = "heavy-ree-ban-24m"


def _wait(client: TestClient, run_id: str) -> dict:
    while True:
        run = client.get(f"/api/runs/{run_id}").json()
        if run["status"] not in ("queued", "running"):
            return run
        time.sleep(0.2)


def _start(client: TestClient, body: dict) -> str:
    t = time.perf_counter()
    run = _wait(client, client.post("/api/runs", json=body).json()["id"])
    print(f"run {body['kind']}: {run['status']} in {time.perf_counter() - t:.1f} s")
    return run["id"]


def _time(client: TestClient, url: str) -> tuple[float, float]:
    times = []
    for _ in range(6):
        t = time.perf_counter()
        res = client.get(url)
        times.append(1000 * (time.perf_counter() - t))
        if res.status_code != 200:
            msg = f"{url}: HTTP {res.status_code}"
            raise RuntimeError(msg)
    return times[0], statistics.median(times[1:])


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, \
            TestClient(create_app(Settings(data_dir=Path(tmp)))) as client:
        sim = _start(client, {"kind": "simulate", "library": LIBRARY})
        sim2 = _start(client, {"kind": "simulate", "library": "china-2025-04-controls"})
        ens = _start(client, {"kind": "ensemble", "library": LIBRARY, "runs": 100})
        opt = _start(client, {"kind": "optimize", "frontier": [250, 500, 1000, 2000]})
        pages = ["/", "/?coalition=USA&coalition=JPN&coalition=AUS&year=2024",
                 "/materials/NdPr", "/materials/Dy?year=2023",
                 "/map", "/map?material=Dy&stage=separation", "/policies?as_of=2026-12-02",
                 "/scenarios", f"/scenarios/library/{LIBRARY}", "/editor", "/runs",
                 "/runs/new", f"/runs/{sim}", f"/runs/{ens}", f"/runs/{opt}",
                 f"/compare?run={sim}&run={sim2}",
                 "/?download=exposure-worst-first.xlsx", f"/runs/{sim}?download=per-good.csv"]
        worst = 0.0
        for url in pages:
            first, then = _time(client, url)
            worst = max(worst, then)
            print(f"page {url}: first {first:,.0f} ms, then {then:,.0f} ms")
        print(f"slowest_page_after_first_load_ms: {worst:.0f}")


if __name__ == "__main__":
    main()
