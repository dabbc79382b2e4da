"""Benchmark: the bundled April-2025 scenario on the bundled reference dataset.

Runs it at monthly steps over 36 months (2025-01 to 2027-12) and at yearly steps from
2025 to 2035, and prints the LP size and the build and solve times. The last two lines
are ``monthly_36_s: X`` and ``yearly_2025_2035_s: Y`` (end-to-end seconds, dataset
loading excluded).

Run: ``python benchmarks/simulate.py``
"""

from __future__ import annotations

import time

from critmin.data import load_dataset
from critmin.scenarios import load_library_scenario
from critmin.scenarios.definitions import Horizon
from critmin.simulate import simulate


def run(ds, horizon: Horizon, label: str) -> float:
    sc = load_library_scenario("china-2025-04-controls").model_copy(update={"horizon": horizon})
    t = time.perf_counter()
    res = simulate(ds, sc)
    total = time.perf_counter() - t
    s = res.summary
    lp = s["lp"]
    print(f"{label}: {s['periods']} periods; LP per period {lp['columns']} columns, "
          f"{lp['rows']} rows, {lp['nonzeros']} nonzeros")
    print(f"{label}: build {s['build_seconds']:.3f} s, solve {s['solve_seconds']:.3f} s, "
          f"end-to-end {total:.3f} s; shortfall {s['shortfall_t']:,.0f} t")
    return total


def main() -> None:
    t = time.perf_counter()
    ds = load_dataset()
    print(f"dataset: {ds!r} loaded in {time.perf_counter() - t:.3f} s")
    monthly = run(ds, Horizon(start="2025-01", end="2027-12", step="month"), "monthly_36")
    yearly = run(ds, Horizon(start="2025", end="2035", step="year"), "yearly_2025_2035")
    print(f"monthly_36_s: {monthly:.3f}")
    print(f"yearly_2025_2035_s: {yearly:.3f}")


if __name__ == "__main__":
    main()
