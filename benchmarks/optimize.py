"""Benchmark: the bundled ``us-japan-framework`` portfolio on the bundled reference dataset.

Builds and solves the two-stage MILP at the plan's budget, then a 10-point budget frontier
(0 to 2,000 MUSD, re-using the built model), and prints the problem size, the build and
solve times, the MIP gaps and the frontier. The last two lines are ``plan_s: X`` (build +
solve at the plan budget, including the no-measure solve) and ``frontier_10_s: Y`` (the
ten frontier solves), in seconds; dataset loading is excluded.

Run: ``python benchmarks/optimize.py``
"""

from __future__ import annotations

import time

import numpy as np

from critmin.data import load_dataset
from critmin.optimize.portfolio import PortfolioModel


def main() -> None:
    t = time.perf_counter()
    ds = load_dataset()
    print(f"dataset: {ds!r} loaded in {time.perf_counter() - t:.3f} s")
    t = time.perf_counter()
    model = PortfolioModel(ds)
    build = time.perf_counter() - t
    size = model.size
    print(f"plan: {model.plan.name}; {size['scenarios']} scenarios x "
          f"{model.plan.horizon.end - model.plan.horizon.start + 1} years = {size['blocks']} "
          f"second-stage LPs; {size['measures']} first-stage measures "
          f"({size['integers']} binary)")
    print(f"plan: MILP {size['columns']} columns, {size['rows']} rows, "
          f"{size['nonzeros']} nonzeros; build {build:.3f} s")
    r = model.solve()
    plan_s = time.perf_counter() - t
    s = r.solver
    print(f"plan: status {s['status']}, MIP gap {s['mip_gap']:.2e}, solve {s['time_s']:.3f} s; "
          f"cost {r.cost_musd:,.1f} MUSD; coalition's expected shortfall " + "; ".join(
              f"{g.good} {g.coalition_expected_t_before:,.0f} -> "
              f"{g.coalition_expected_t_after:,.0f} t" for g in r.by_good.itertuples())
          + f"; {len(r.picks)} pick explanations, {len(r.pruned)} dropped")
    print("plan: selected " + ", ".join(r.selected["measure_id"]))
    budgets = np.linspace(0.0, 2000.0, 10).round(1).tolist()
    t = time.perf_counter()
    f = model.frontier(budgets)
    frontier_s = time.perf_counter() - t
    for row in f.itertuples(index=False):
        print(f"frontier: {row.budget_musd:8.1f} MUSD"
              f"  objective {row.objective:12,.1f}"
              f"  cost {row.cost_musd:8.1f}  gap {row.mip_gap:.1e}  {row.time_s:.3f} s"
              f"  +[{row.entered}]")
    print(f"plan_s: {plan_s:.3f}")
    print(f"frontier_10_s: {frontier_s:.3f}")


if __name__ == "__main__":
    main()
