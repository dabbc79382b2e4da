"""``run_job(job, progress)``: the one way a simulation, a portfolio or an ensemble is run,
whether the command line or a service worker asks for it.

A :class:`Job` is data (kind, dataset folder, scenario or plan, options), so the service
can hand it to a worker process (:func:`execute` takes and returns plain data); the
command line builds one from its flags and prints what :func:`run_job` returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Literal

from critmin.data import Dataset, load_dataset
from critmin.optimize.plan import Plan, plan_from_dict
from critmin.scenarios import Scenario, scenario_from_dict

#: ``progress(fraction done, message)``.
Progress = Callable[[float, str], None]

Kind = Literal["simulate", "optimize", "ensemble"]

#: Out-of-sample futures are drawn with the optimisation's seed plus this (fresh futures).
EVALUATION_SEED_OFFSET = 1_000_003


@dataclass(frozen=True)
class Job:
    """What to run.

    Attributes
    ----------
    kind : ``simulate`` (a scenario), ``optimize`` (a plan's portfolio, its frontier at
        ``frontier`` budgets) or ``ensemble`` (``runs`` futures of a scenario with an
        uncertainty block, also with the portfolio of ``plan`` when given).
    dataset : folder of the dataset (None: the bundled reference dataset).
    overlays : folders of partner-private overlays applied to the dataset
        (:mod:`critmin.data.overlay`).
    """

    kind: Kind
    dataset: str | None = None
    scenario: Scenario | None = None
    plan: Plan | None = None
    budget_musd: float | None = None
    frontier: tuple[float, ...] = ()
    runs: int = 100
    seed: int = 0
    workers: int | None = None
    scheduler: str | None = None
    out: str | None = None
    resume: bool = False
    futures: int | None = None
    evaluate: int | None = None
    overlays: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Job:
        """A job from plain data (a scenario and a plan as their fields)."""
        d = dict(data)
        if d.get("scenario") is not None:
            d["scenario"] = scenario_from_dict(d["scenario"], where="scenario")
        if d.get("plan") is not None:
            d["plan"] = plan_from_dict(d["plan"], where="plan")
        d["frontier"] = tuple(d.get("frontier") or ())
        d["overlays"] = tuple(d.get("overlays") or ())
        return cls(**d)

    def to_dict(self) -> dict[str, Any]:
        """Plain data of the job (JSON-ready), :meth:`from_dict`'s inverse."""
        d = asdict(self)
        d["scenario"] = self.scenario.model_dump(mode="json") if self.scenario else None
        d["plan"] = self.plan.model_dump(mode="json") if self.plan else None
        d["frontier"] = list(self.frontier)
        d["overlays"] = list(self.overlays)
        return d


def run_job(job: Job, progress: Progress | None = None, ds: Dataset | None = None) -> Any:
    """Run ``job`` and return its result object: a
    :class:`~critmin.simulate.result.SimulationResult`, a
    :class:`~critmin.optimize.portfolio.PortfolioResult`, an
    :class:`~critmin.ensemble.run.EnsembleResult` or, for an ensemble with a plan, a
    :class:`~critmin.ensemble.portfolio.PortfolioEnsemble`. ``ds``: the job's dataset,
    when the caller has it loaded already."""
    tick = progress or (lambda fraction, message: None)
    if ds is None:
        tick(0.02, "loading dataset")
        ds = load_dataset(job.dataset)
    if job.overlays:
        from critmin.data.overlay import apply_overlays, read_overlay

        ds, _ = apply_overlays(ds, [read_overlay(f) for f in job.overlays])
    if job.kind == "simulate":
        from critmin.simulate import simulate

        tick(0.1, "simulating")
        return simulate(ds, _need(job.scenario, "a simulation needs a scenario"))
    if job.kind == "optimize":
        return _optimize(job, ds, tick)
    if job.kind == "ensemble":
        return _ensemble(job, ds, tick)
    msg = f"unknown job kind {job.kind!r}"
    raise ValueError(msg)


def _need(value: Any, message: str) -> Any:
    if value is None:
        raise ValueError(message)
    return value


def _optimize(job: Job, ds: Dataset, tick: Progress) -> Any:
    from critmin.optimize import PortfolioModel

    plan = _need(job.plan, "an optimisation needs a plan")
    tick(0.05, "building the portfolio model" if job.futures is None else
         f"sampling {job.futures} futures and building the portfolio model")
    model = PortfolioModel(ds, plan, futures=job.futures, seed=job.seed)
    tick(0.3, "solving the portfolio")
    result = model.solve(job.budget_musd)
    if job.frontier:
        tick(0.6, "solving the budget frontier")
        result.frontier = model.frontier(job.frontier)
    if job.evaluate:
        from critmin.optimize.evaluate import evaluate_portfolio

        tick(0.8, f"evaluating on {job.evaluate} fresh futures")
        result.evaluation = evaluate_portfolio(
            ds, plan, result, job.evaluate, job.seed + EVALUATION_SEED_OFFSET,
            workers=job.workers, scheduler=job.scheduler)
    return result


def _ensemble(job: Job, ds: Dataset, tick: Progress) -> Any:
    from critmin.ensemble import run_ensemble, run_portfolio_ensemble

    sc = _need(job.scenario, "an ensemble needs a scenario")
    kw = {"workers": job.workers, "scheduler": job.scheduler, "out": job.out,
          "resume": job.resume,
          "progress": lambda done, total: tick(done / total, f"{done} of {total} runs")}
    if job.plan is None:
        return run_ensemble(ds, sc, runs=job.runs, seed=job.seed, **kw)
    return run_portfolio_ensemble(ds, sc, job.plan, job.runs, job.seed,
                                  budget_musd=job.budget_musd, **kw)


def payload(job: Job, result: Any) -> dict[str, Any]:
    """The JSON-ready form of ``result`` that the service stores and the command line
    prints with ``--format json``."""
    from critmin.core.jsonio import json_safe

    if job.kind == "ensemble":
        res = result if job.plan is None else result.without
        out = {"runs": len(res.runs), "seed": job.seed, "summary": res.summary,
               "sensitivity": res.sensitivity,
               "throughput_runs_per_s": res.throughput_runs_per_s}
        if job.plan is not None:
            out["portfolio"] = {**result.to_dict(), "sensitivity_with_portfolio":
                                result.with_portfolio.sensitivity}
        return json_safe(out)
    return result.to_dict()


def execute(spec: dict[str, Any], progress: Progress | None = None) -> dict[str, Any]:
    """Run the job ``spec`` describes (:meth:`Job.to_dict`'s form) and return its
    :func:`payload`: what a service worker process does."""
    job = Job.from_dict(spec)
    result = run_job(job, progress)
    out = payload(job, result)
    if job.kind == "ensemble":  # the dashboard draws the distribution from these
        out["shortfall_by_draw_t"] = by_draw(result if job.plan is None else result.without)
    return out


def by_draw(res: Any) -> dict[str, list[float]]:
    """The coalition's shortfall of each good in each future of an ensemble (t over the
    horizon; one list per good, in draw order, 0 where a future has none)."""
    from critmin.ensemble.summary import good_table

    table = good_table(res.runs, res.shortfall)
    return {str(g): [round(float(v), 6) for v in table[g]] for g in table.columns
            if (table[g] > 0).any()}

