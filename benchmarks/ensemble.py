"""Benchmark: an ensemble of the 24-month heavy rare-earth ban on the reference dataset.

In one process and one go, the same N futures (uncertain occurrence, severity and duration)
are run:

(i)   with critmin's re-solve path: one LP per run shape, built once per process; each
      period writes only the bounds that change and HiGHS warm-starts from the previous
      period's basis (each run starts cold); the network and yearly baselines cached;
(ii)  with a plain rebuild-every-run baseline: every period's LP rebuilt as a linopy model
      and solved by linopy with HiGHS;
(iii) pure HiGHS solve time: the time spent inside HiGHS's ``run()`` in (i).

(i) and (ii) are timed as the ensemble reports its own run time: sampling, the worker's
set-up (network, LP template, yearly baselines: the process starts cold) and the N runs;
the summary statistics and sensitivity indices computed once afterwards are timed apart.

(i) solves every period, as the issue defines the re-solve path; (i+) is critmin's
default, which also skips HiGHS for a period whose LP is the previous period's (same
bounds: same year, same shock state, same stocks) and re-uses that solution. The speed-up
and overhead lines refer to (i); (i+) is printed beside it.

Then critmin's default path on a Dask LocalCluster of 1 and of 2 worker processes
(started before the clock starts). The last three lines are ``speedup_vs_rebuild: X``,
``overhead_vs_pure_solve: Y`` and ``scaling_1_to_2_workers: Z``.

Run: ``python benchmarks/ensemble.py [N] [N_SCALING]`` (defaults 50 and 400).
"""

from __future__ import annotations

import sys
import time

import numpy as np

from critmin.chain import highs as hs
from critmin.data import load_dataset
from critmin.ensemble import run as ens_run
from critmin.ensemble import run_ensemble
from critmin.ensemble.summary import sensitivity, summarise
from critmin.scenarios import load_library_scenario, scenario_from_dict


def scenario():
    d = load_library_scenario("heavy-ree-ban-24m").model_dump(mode="json")
    d["uncertainty"] = {"sampler": "lhs", "parameters": [
        {"name": "occurs", "kind": "shock_probability", "shock": 0,
         "distribution": {"type": "bernoulli", "p": 0.7}},
        {"name": "severity", "kind": "shock_severity", "shock": 0,
         "distribution": {"type": "triangular", "low": 0.3, "mode": 0.8, "high": 1.0}},
        {"name": "duration", "kind": "shock_duration_months", "shock": 0,
         "distribution": {"type": "discrete", "values": [6, 12, 24], "weights": [0.4, 0.4, 0.2]}},
    ]}
    return scenario_from_dict(d)


def linopy_solve(lp):
    """Build ``lp`` as a linopy model (vectorised: one variable array, one constraint array
    per bound side) and solve it with HiGHS through linopy."""
    import linopy
    import xarray as xr

    a = lp.arrays()
    m = lp.num_row
    model = linopy.Model(force_dim_names=True)
    x = model.add_variables(lower=xr.DataArray(a.lower, dims="col"),
                            upper=xr.DataArray(a.upper, dims="col"), name="x")
    rows = np.asarray(lp.entry_row)
    order = np.argsort(rows, kind="stable")
    counts = np.bincount(rows, minlength=m)
    width = max(1, int(counts.max()) if m else 1)
    coeffs = np.zeros((m, width))
    labels = np.full((m, width), -1, dtype=np.int64)
    pos = np.zeros(m, dtype=np.int64)
    cols, vals = np.asarray(lp.entry_col)[order], np.asarray(lp.entry_val)[order]
    for r, c, v in zip(rows[order], cols, vals, strict=True):
        coeffs[r, pos[r]] = v
        labels[r, pos[r]] = x.labels.values[c]
        pos[r] += 1
    lhs = linopy.LinearExpression(xr.Dataset({
        "coeffs": (("row", "_term"), coeffs), "vars": (("row", "_term"), labels)}), model)
    lo, up = a.row_lower, a.row_upper
    model.add_constraints(lhs >= xr.DataArray(np.where(np.isinf(lo), -1e30, lo), dims="row"),
                          name="lower", mask=xr.DataArray(~np.isinf(lo), dims="row"))
    model.add_constraints(lhs <= xr.DataArray(np.where(np.isinf(up), 1e30, up), dims="row"),
                          name="upper", mask=xr.DataArray(~np.isinf(up), dims="row"))
    model.add_objective((xr.DataArray(a.cost, dims="col") * x).sum())
    model.solve(solver_name="highs", output_flag=False)
    sol = np.nan_to_num(model.solution["x"].values)
    duals = np.zeros(m)
    return hs.Solution(hs.Status.OPTIMAL, float(model.objective.value), sol, duals, lp=lp)


def _busy(n: int = 20_000_000) -> float:
    t = time.perf_counter()
    x = 0
    for i in range(n):
        x += i
    return time.perf_counter() - t


def machine_capacity() -> float:
    """How much two CPU-bound processes get done together, relative to one alone (2.0 on
    two real cores; about 1.0 when the two CPUs share one physical core)."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(2) as pool:
        one = pool.submit(_busy).result()
        both = [f.result() for f in [pool.submit(_busy), pool.submit(_busy)]]
    return 2 * one / max(both)


def cluster_rate(ds, sc, workers: int, runs: int) -> tuple[float, float]:
    """Runs/s of an ensemble on a Dask LocalCluster of ``workers`` processes, started
    beforehand (cluster start-up excluded, each worker's model set-up included); and the
    wall time of the start-up."""
    from dask.distributed import LocalCluster

    t = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster:
        up = time.perf_counter() - t
        res = run_ensemble(ds, sc, runs=runs, seed=2, scheduler=cluster.scheduler_address,
                           batch_size=25)
    return runs / res.seconds, up


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    n_scaling = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    ds, sc = load_dataset(), scenario()
    print(f"scenario {sc.name}: {len(sc.periods())} monthly periods per run; dataset {ds.name} "
          f"v{ds.version}")

    ens_run.WORKER.reset(reuse_unchanged=False)  # a cold worker that solves every period
    fast = run_ensemble(ds, sc, runs=n, seed=1, method="resolve")
    stats = dict(ens_run.WORKER.solver.stats)
    pure = stats["highs_run_s"]
    t = time.perf_counter()
    summarise(fast.runs, fast.shortfall)
    sensitivity(sc.uncertainty, fast.runs)
    t_summary = time.perf_counter() - t
    print(f"(i)   re-solve, every period solved: {n} runs in {fast.seconds:.3f} s = "
          f"{n / fast.seconds:.1f} runs/s, worker set-up included ({stats['loads']} model "
          f"load(s), {stats['resolves']} warm re-solves); summary statistics and sensitivity "
          f"afterwards: {t_summary:.3f} s")
    ens_run.WORKER.reset()
    default = run_ensemble(ds, sc, runs=n, seed=1, method="resolve")
    dstats = ens_run.WORKER.solver.stats
    same = _largest_difference(default, fast)
    print(f"(i+)  critmin's default (also re-uses the last solution when a period's LP did not "
          f"change): {n} runs in {default.seconds:.3f} s = {n / default.seconds:.1f} runs/s; "
          f"{dstats['reused']} of {dstats['reused'] + dstats['resolves']} re-solves skipped; "
          f"largest difference in any good's coalition shortfall from (i): {same:.3g} t")

    original = hs.solve
    hs.solve = linopy_solve  # every period of every run rebuilt in linopy
    try:
        slow = run_ensemble(ds, sc, runs=n, seed=1, method="rebuild")
    finally:
        hs.solve = original
    print(f"(ii)  rebuild (a linopy model built and solved for every period of every run): "
          f"{n} runs in {slow.seconds:.2f} s = {n / slow.seconds:.2f} runs/s")
    diff = _largest_difference(fast, slow)
    print(f"      largest difference in any good's coalition shortfall between (i) and (ii): "
          f"{diff:.3g} t")
    print(f"(iii) pure HiGHS solve time (inside run()) within (i): {pure:.3f} s "
          f"({n / pure:.1f} runs/s)")

    rates = {}
    for k in (1, 2):
        rates[k], up = cluster_rate(ds, sc, k, n_scaling)
        print(f"Dask LocalCluster, {k} worker(s): {rates[k]:.1f} runs/s over {n_scaling} runs "
              f"(cluster start-up {up:.1f} s, not counted)")
    print(f"machine_2_process_capacity: {machine_capacity():.2f} (two busy processes together "
          "vs one alone; bounds what 2 workers can gain)")
    print(f"default_path_speedup_vs_every_period_solved: {fast.seconds / default.seconds:.2f}")
    print(f"speedup_vs_rebuild: {slow.seconds / fast.seconds:.2f}")
    print(f"overhead_vs_pure_solve: {fast.seconds / pure:.2f}")
    print(f"scaling_1_to_2_workers: {rates[2] / rates[1]:.2f}")


def _largest_difference(a, b) -> float:
    """Largest difference (t) in any good's coalition shortfall of any draw."""
    from critmin.ensemble.summary import good_table

    x, y = good_table(a.runs, a.shortfall), good_table(a.runs, b.shortfall)
    return float(np.abs(x.sub(y, fill_value=0.0)).to_numpy().max()) if x.size else 0.0


if __name__ == "__main__":
    main()
