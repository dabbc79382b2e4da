"""Running an ensemble: fixed-size batches of draws, in this process or on a Dask cluster,
each finished batch written to Parquet at once, so an interrupted ensemble resumes.

Layout of ``--out DIR``::

    manifest.json                 scenario hash, dataset version, seed, sampler, runs, ...
    draws.parquet                 every draw (parameter values), made from the seed
    runs/batch=00000.parquet      one row per draw: goods short, worst share, months of cover
    shortfall/batch=00000.parquet one row per draw × good (stage, material) × sector
    summary.json                  distributions and sensitivity (when complete)

Batches have a fixed size whatever the number of workers, and the draws depend on the
seed alone, so a seed gives the same result on one process or a cluster. A batch that
fails (for instance because its worker died) is retried by Dask; its file is written only
when the batch is complete, by this process, atomically.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from critmin.chain import Resolver
from critmin.core.files import atomic_write_parquet, atomic_write_text
from critmin.core.jsonio import dumps
from critmin.core.limits import check as check_limit
from critmin.core.limits import limits
from critmin.core.version import __version__
from critmin.data import Dataset
from critmin.ensemble.apply import apply_draw, check_spec, draw_scalings
from critmin.ensemble.evaluate import evaluate
from critmin.ensemble.sampling import draw
from critmin.exceptions import ScenarioError
from critmin.model.network import build_network
from critmin.scenarios import Scenario
from critmin.simulate.cache import RunCache
from critmin.simulate.inputs import coverage_gaps

logger = logging.getLogger(__name__)

BATCH_SIZE = 20
Progress = Callable[[int, int], None]


@dataclass
class EnsembleResult:
    """Runs, shortfall rows, draws and summaries of an ensemble."""

    runs: pd.DataFrame
    shortfall: pd.DataFrame
    draws: pd.DataFrame
    manifest: dict[str, Any]
    summary: dict[str, Any] = field(default_factory=dict)
    sensitivity: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    def __repr__(self) -> str:
        s = self.summary
        goods = "; ".join(f"{g} P50 {v['p50']:,.0f} t, P95 {v['p95']:,.0f} t"
                          for g, v in s.get("shortfall_by_good_t", {}).items())
        any_ = s.get("prob_any_shortfall")
        chance = f", any good short in {any_:.0%}" if any_ is not None else ""
        return (f"<EnsembleResult {self.manifest.get('scenario', '')!r}: {len(self.runs)} "
                f"futures, seed {self.manifest.get('seed')}{chance}; "
                f"{goods or 'no shortfall'}>")

    @property
    def throughput_runs_per_s(self) -> float:
        return len(self.runs) / self.seconds if self.seconds > 0 else float("nan")


def scenario_hash(scenario: Scenario) -> str:
    """Stable hash of the scenario's content (uncertainty block included)."""
    text = json.dumps(scenario.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def dataset_fingerprint(ds: Dataset) -> str:
    """Hash of the dataset's tables, so a resume on different data is refused."""
    def make() -> str:
        h = hashlib.sha256()
        for name in sorted(ds.tables):
            h.update(name.encode())
            h.update(pd.util.hash_pandas_object(ds.tables[name], index=False).to_numpy()
                     .tobytes())
        return h.hexdigest()[:16]
    return ds.memo("fingerprint", tuple(sorted(ds.tables)), make)


def batches(n: int, size: int = BATCH_SIZE) -> list[range]:
    """Draw numbers of each batch: ``[0, size), [size, 2·size), …``."""
    return [range(i, min(i + size, n)) for i in range(0, n, size)]


# -- worker side ----------------------------------------------------------------------------

def run_batch(ds: Dataset, scenario: Scenario, batch: int, draws: pd.DataFrame,
              method: str = "resolve") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Evaluate the draws of one batch; return its runs and shortfall tables."""
    spec = scenario.uncertainty
    simulator = _simulator(ds, scenario, method)
    runs, rows = [], []
    for d, values in zip(draws.index, draws.to_dict("records"), strict=True):
        run, sf = evaluate(ds, scenario, spec, values, simulator)
        runs.append({"draw": int(d), "batch": batch, **values, **run})
        rows += [{"draw": int(d), "batch": batch, **r} for r in sf]
    shortfall = pd.DataFrame(rows, columns=["draw", "batch", "stage", "material", "sector",
                                            "demand_t", "shortfall_t"])
    return pd.DataFrame(runs), shortfall


@dataclass
class WorkerState:
    """Per-process state of the ``resolve`` method: one HiGHS model and one
    :class:`~critmin.simulate.cache.RunCache`, kept between batches while the dataset and
    the scenario stay the same (``key``: their fingerprints), so a worker builds the model
    once. ``reuse_unchanged`` is the new model's option (see
    :class:`~critmin.chain.highs.Resolver`)."""

    key: tuple[str, str] | None = None
    solver: Resolver | None = None
    cache: RunCache | None = None
    reuse_unchanged: bool = True

    def for_run(self, ds: Dataset, scenario: Scenario) -> tuple[Resolver, RunCache]:
        key = (dataset_fingerprint(ds), scenario_hash(scenario))
        if self.key != key or self.solver is None or self.cache is None:
            self.key = key
            self.solver, self.cache = Resolver(self.reuse_unchanged), RunCache()
        return self.solver, self.cache

    def reset(self, reuse_unchanged: bool = True) -> None:
        """Forget the model and cache (a cold worker); new models take ``reuse_unchanged``."""
        self.key, self.solver, self.cache = None, None, None
        self.reuse_unchanged = reuse_unchanged


#: This process's worker state.
WORKER = WorkerState()


def _simulator(ds: Dataset, scenario: Scenario, method: str):
    """A ``simulator(ds, scenario, spec, values)`` for the method: ``resolve`` re-uses this
    process's HiGHS model and caches (:data:`WORKER`) and passes capacity and demand draws
    as scalings; ``rebuild`` copies the changed tables and builds and loads every LP
    anew."""
    from critmin.simulate.run import simulate

    if method == "rebuild":
        def rebuild(d, s, spec, values):
            return simulate(*apply_draw(d, s, spec, values), light=True, rebuild=True)
        return rebuild
    if method != "resolve":
        msg = f"unknown method {method!r} (resolve or rebuild)"
        raise ScenarioError(msg)
    solver, cache = WORKER.for_run(ds, scenario)

    def resolve(d, s, spec, values):
        scaled = draw_scalings(d, s, spec, values)
        if scaled is None:  # a change scalings cannot express: copy the tables
            return simulate(*apply_draw(d, s, spec, values), solver=solver, cache=cache,
                            light=True)
        return simulate(d, scaled[0], solver=solver, cache=cache, light=True,
                        scalings=scaled[1])
    return resolve


# -- driver side ----------------------------------------------------------------------------

def _manifest(ds: Dataset, scenario: Scenario, runs: int, seed: int, batch_size: int) -> dict:
    return {"scenario": scenario.name, "scenario_hash": scenario_hash(scenario),
            "dataset": ds.name, "dataset_version": ds.version,
            "dataset_fingerprint": dataset_fingerprint(ds), "seed": seed, "runs": runs,
            "sampler": scenario.uncertainty.sampler, "batch_size": batch_size,
            "critmin_version": __version__, "parameters": scenario.uncertainty.names,
            "layout": LAYOUT}


# 2: tonnes per good (stage, material) and sector, never a cross-material total per run
LAYOUT = 2


def _batch_files(out: Path, b: int) -> tuple[Path, Path]:
    return out / "runs" / f"batch={b:05d}.parquet", out / "shortfall" / f"batch={b:05d}.parquet"


def _read_manifest(mfile: Path) -> dict | None:
    """The manifest's content, or None if it is empty or not a JSON object."""
    try:
        data = json.loads(mfile.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return None
    return data if isinstance(data, dict) else None


def _read_batches(out: Path, done: set[int]) -> dict[int, tuple[pd.DataFrame, pd.DataFrame]]:
    """The saved batches that can be read; an empty or half-written one is dropped from
    ``done`` (and its files removed), so it is run again."""
    results = {}
    for b in sorted(done):
        try:
            results[b] = tuple(pd.read_parquet(p) for p in _batch_files(out, b))
        except (OSError, ValueError) as exc:
            logger.warning("batch %d of %s is unreadable (%s); running it again", b, out, exc)
            done.discard(b)
            for p in _batch_files(out, b):
                p.unlink(missing_ok=True)
    return results  # type: ignore[return-value]


def _prepare_out(out: Path, manifest: dict, resume: bool) -> set[int]:
    """Check or create the output folder; return the batches already done."""
    mfile = out / "manifest.json"
    if out.exists() and any(out.iterdir()):
        if not mfile.exists():
            msg = f"{out} exists and is not a critmin ensemble folder; choose another --out"
            raise ScenarioError(msg)
        old = _read_manifest(mfile)
        if old is None and resume:  # half-written by a killed run: redo it
            old = dict(manifest)
        if old is None:
            msg = f"{mfile} is unreadable (half-written?); use --resume to redo it"
            raise ScenarioError(msg)
        if not resume:
            msg = f"{out} already holds an ensemble; use --resume to complete it or another --out"
            raise ScenarioError(msg)
        keys = ("scenario_hash", "dataset_fingerprint", "seed", "runs", "sampler", "batch_size",
                "layout")
        diff = [k for k in keys if old.get(k) != manifest.get(k)]
        if diff:
            msg = (f"--resume: {out} was made with a different {', '.join(diff)}; "
                   "it cannot be completed with these inputs")
            raise ScenarioError(msg)
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_text(mfile, dumps({**manifest, "complete": False}) + "\n")
    done = set()
    for b in range(len(batches(manifest["runs"], manifest["batch_size"]))):
        if all(p.exists() for p in _batch_files(out, b)):
            done.add(b)
    return done


@contextmanager
def _client(workers: int | None, scheduler: str | None) -> Iterator[Any]:
    """A Dask client: a new LocalCluster of ``workers`` processes, or the cluster at
    ``scheduler``; None when the ensemble runs in this process."""
    if scheduler is None and not workers:
        yield None
        return
    from dask.distributed import Client, LocalCluster

    if scheduler is not None:
        client = _remote_client(Client, scheduler)
        try:
            yield client
        finally:
            client.close()
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        yield client


def _remote_client(client_type: Any, scheduler: str) -> Any:
    """A client of the scheduler at ``scheduler`` with at least one worker, or a one-line
    :class:`ScenarioError` within the ``scheduler_timeout_s`` limit (5 s by default)."""
    timeout = limits().scheduler_timeout_s
    try:
        client = client_type(scheduler, timeout=f"{timeout}s")
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        msg = f"cannot reach the Dask scheduler at {scheduler!r} within {timeout} s ({first})"
        raise ScenarioError(msg) from None
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (OSError, TimeoutError):
        client.close()
        msg = (f"the Dask scheduler at {scheduler!r} has no worker (none joined within "
               f"{timeout} s)")
        raise ScenarioError(msg) from None
    return client


def _run_batches(ds: Dataset, scenario: Scenario, todo: dict[int, pd.DataFrame], method: str,
                 record: Callable[[int, tuple[pd.DataFrame, pd.DataFrame]], None],
                 workers: int | None, scheduler: str | None) -> None:
    """Run the batches ``todo`` (batch number → its draws) here or on Dask, and ``record``
    each as it finishes (a failed Dask batch is retried twice)."""
    with _client(workers, scheduler) as client:
        if client is None:
            for b, d in todo.items():
                record(b, run_batch(ds, scenario, b, d, method))
        elif todo:
            from dask.distributed import as_completed

            ds_f, sc_f = client.scatter([ds, scenario], broadcast=True)
            futures = {client.submit(run_batch, ds_f, sc_f, b, d, method, retries=2,
                                     pure=False): b for b, d in todo.items()}
            for fut in as_completed(futures):
                record(futures[fut], fut.result())


def run_ensemble(ds: Dataset, scenario: Scenario, runs: int, seed: int,
                 workers: int | None = None, scheduler: str | None = None,
                 out: str | os.PathLike[str] | None = None, resume: bool = False,
                 batch_size: int = BATCH_SIZE, method: str = "resolve",
                 progress: Progress | None = None, check: bool = True) -> EnsembleResult:
    """Run ``runs`` futures of ``scenario`` (which must have an ``uncertainty`` block).

    Parameters
    ----------
    workers : int, optional
        Run on a new local Dask cluster of this many worker processes.
    scheduler : str, optional
        Address of an existing Dask scheduler to use instead (e.g. ``tcp://host:8786``).
    out : path, optional
        Folder for the batches, manifest and summary; required for ``resume``.
    method : {"resolve", "rebuild"}
        ``resolve`` re-solves one HiGHS model per worker, changing only bounds;
        ``rebuild`` builds every LP anew (the slow reference path).
    progress : callable(done_runs, total_runs), optional
    check : bool
        Check that every uncertain parameter names something the scenario has (False when
        the caller checked the spec against another scenario, as a portfolio run does).
    """
    from critmin.ensemble.summary import sensitivity, summarise

    if scenario.uncertainty is None:
        msg = f"scenario {scenario.name!r} has no 'uncertainty' block to sample from"
        raise ScenarioError(msg)
    if resume and out is None:
        msg = "--resume needs --out (the folder of the interrupted ensemble)"
        raise ScenarioError(msg)
    check_limit(runs, "ensemble_runs", "runs", where="the ensemble")
    if check:
        check_spec(scenario.uncertainty, scenario, ds)
    t0 = time.perf_counter()
    draws = draw(scenario.uncertainty, runs, seed)
    plan = batches(runs, batch_size)
    manifest = _manifest(ds, scenario, runs, seed, batch_size)
    outdir = Path(out) if out is not None else None
    done: set[int] = set()
    if outdir is not None:
        done = _prepare_out(outdir, manifest, resume)
        if not (outdir / "draws.parquet").exists():
            atomic_write_parquet(draws.reset_index(), outdir / "draws.parquet")
    results: dict[int, tuple[pd.DataFrame, pd.DataFrame]] = {}
    if outdir is not None:
        results.update(_read_batches(outdir, done))
    finished = [sum(len(plan[b]) for b in done)]
    if progress:
        progress(finished[0], runs)

    def record(b: int, res: tuple[pd.DataFrame, pd.DataFrame]) -> None:
        results[b] = res
        if outdir is not None:
            for df, path in zip(res, _batch_files(outdir, b), strict=True):
                atomic_write_parquet(df, path)
        finished[0] += len(plan[b])
        if progress:
            progress(finished[0], runs)

    todo = {b: draws.loc[list(plan[b])] for b in range(len(plan)) if b not in done}
    _run_batches(ds, scenario, todo, method, record, workers, scheduler)
    order = sorted(results)
    runs_df = pd.concat([results[b][0] for b in order], ignore_index=True).sort_values("draw")
    sf_df = pd.concat([results[b][1] for b in order], ignore_index=True)
    res = EnsembleResult(runs=runs_df.reset_index(drop=True), shortfall=sf_df, draws=draws,
                         manifest={**manifest, "complete": True},
                         seconds=time.perf_counter() - t0)
    res.summary = summarise(res.runs, res.shortfall)
    res.summary["warnings"] = coverage_gaps(build_network(ds, scenario.demand_outlook), scenario)
    res.sensitivity = sensitivity(scenario.uncertainty, res.runs)
    if outdir is not None:
        atomic_write_text(outdir / "summary.json", dumps(
            {"summary": res.summary, "sensitivity": res.sensitivity}) + "\n")
        atomic_write_text(outdir / "manifest.json", dumps(res.manifest) + "\n")
    return res

