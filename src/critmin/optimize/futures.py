"""The portfolio over sampled futures: sample-average approximation (SAA).

A plan's scenarios carry probabilities; some carry an ``uncertainty`` block (whether the
shock comes, when, how long, how tight, delays, capacities, demand growth). For ``n``
futures with seed ``s``:

* a scenario **without** an uncertainty block is one future, with its own probability
  (sampling it would only repeat it);
* the ``n`` futures are shared among the scenarios **with** one in proportion to their
  probabilities (largest remainder, at least one each), drawn by the ensemble's sampler
  (:func:`critmin.ensemble.sampling.draw`, seed-stable) and applied as the ensemble
  applies them (:func:`critmin.ensemble.apply.apply_draw`); each carries ``p / k``.

The first-stage portfolio is then optimised over all of them at once (the extensive form:
the same stacked MILP as a plan, one block per future × year). :func:`evaluate_portfolio`
tests the chosen portfolio on fresh futures (another seed) through the ensemble engine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from critmin.data import Dataset
from critmin.optimize.plan import Plan, PlanError, ScenarioRef

#: Seeds of the scenarios' draws: ``seed + SEED_STRIDE * i`` for the plan's scenario ``i``.
SEED_STRIDE = 1009


@dataclass
class Futures:
    """A plan whose scenarios are sampled futures, the dataset of each (None: the
    plan's), and how they were drawn (``sampled``: scenario name → number of futures)."""

    plan: Plan
    datasets: list[Dataset | None]
    n: int
    seed: int
    sampled: dict[str, int]
    exact: list[str]


def allocate(n: int, weights: list[float]) -> list[int]:
    """``n`` split in proportion to ``weights`` (largest remainder), at least 1 each.

    >>> allocate(10, [0.05, 0.05])
    [5, 5]
    >>> allocate(7, [0.5, 0.3, 0.2])
    [4, 2, 1]
    """
    if n < len(weights):
        msg = f"--futures {n}: at least one per uncertain scenario ({len(weights)}) is needed"
        raise PlanError(msg)
    total = sum(weights)
    raw = [n * w / total for w in weights]
    out = [max(1, math.floor(r)) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))
    i = 0
    while sum(out) < n:
        out[order[i % len(order)]] += 1
        i += 1
    while sum(out) > n:  # the floor of 1 can overshoot: take from the largest
        j = max(range(len(out)), key=lambda k: out[k])
        out[j] -= 1
    return out


def sample_futures(ds: Dataset, plan: Plan, n: int, seed: int) -> Futures:
    """The plan with its uncertain scenarios replaced by ``n`` sampled futures."""
    from critmin.ensemble.apply import apply_draw, check_spec
    from critmin.ensemble.sampling import draw
    from critmin.exceptions import ScenarioError
    from critmin.optimize.stack import load_ref
    from critmin.scenarios.io import scenario_to_dict

    scenarios = [load_ref(ref, ds, i) for i, ref in enumerate(plan.scenarios)]
    uncertain = [i for i, sc in enumerate(scenarios) if sc.uncertainty is not None]
    if not uncertain:
        msg = ("--futures: no scenario of the plan has an 'uncertainty' block to sample "
               "from; its scenarios are already every future it describes")
        raise PlanError(msg)
    counts = dict(zip(uncertain, allocate(n, [plan.scenarios[i].probability
                                               for i in uncertain]), strict=True))
    facilities = frozenset(str(f) for f in ds.facilities["facility_id"])
    refs: list[ScenarioRef] = []
    datasets: list[Dataset | None] = []
    for i, (ref, sc) in enumerate(zip(plan.scenarios, scenarios, strict=True)):
        if i not in counts:
            refs.append(ref)
            datasets.append(None)
            continue
        spec = sc.uncertainty
        try:
            check_spec(spec, sc, ds, optional=facilities)
        except ScenarioError as exc:
            msg = f"scenarios[{i}]: {exc}"
            raise PlanError(msg) from None
        k = counts[i]
        for j, values in enumerate(draw(spec, k, seed + SEED_STRIDE * i).to_dict("records")):
            ds_f, sc_f = apply_draw(ds, sc, spec, values)
            data = {key: v for key, v in scenario_to_dict(sc_f).items() if key != "uncertainty"}
            refs.append(ScenarioRef(definition=data, probability=ref.probability / k,
                                    delay_years=ref.delay_years, label=f"{ref.name}#{j}"))
            datasets.append(None if ds_f is ds else ds_f)
    return Futures(plan=plan.model_copy(update={"scenarios": refs}), datasets=datasets, n=n,
                   seed=seed, sampled={plan.scenarios[i].name: k for i, k in counts.items()},
                   exact=[plan.scenarios[i].name for i in range(len(scenarios))
                          if i not in counts])
