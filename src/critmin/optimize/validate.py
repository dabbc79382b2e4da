"""Checking a plan against a dataset without building its model.

:func:`plan_problems` finds what would stop the portfolio MILP being built — unknown
countries, facilities, goods, budget partners outside the coalition, scenarios that do
not load or do not fit the dataset — in the time it takes to read the names, so a
service can answer a request at once and build the model in a worker.
"""

from __future__ import annotations

from critmin.data import Dataset
from critmin.optimize.candidates import candidate_measures, resolve
from critmin.optimize.plan import Plan, PlanError
from critmin.optimize.stack import load_ref


def plan_problems(ds: Dataset, plan: Plan) -> list[str]:
    """Every problem of ``plan`` on ``ds``, one message each (empty when it fits)."""
    try:
        partners = resolve(ds, plan.coalition, "coalition")
    except PlanError as exc:
        return [str(exc)]
    out = [f"budget.partners: {k!r} is not a member of the coalition {partners}"
           for k in plan.budget.partners if k not in partners]
    try:
        candidate_measures(ds, plan, partners)
    except PlanError as exc:
        out.append(str(exc))
    for i, ref in enumerate(plan.scenarios):
        try:
            load_ref(ref, ds, i)
        except PlanError as exc:
            out.append(str(exc))
    return out


def check_plan(ds: Dataset, plan: Plan) -> Plan:
    """``plan``, or :class:`PlanError` listing every problem it has on ``ds``."""
    problems = plan_problems(ds, plan)
    if problems:
        raise PlanError("\n".join(f"plan {plan.name!r}: {p}" for p in problems))
    return plan
