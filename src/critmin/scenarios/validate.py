"""Cross-checking a scenario against a dataset: every name must exist.

Problems are collected and reported together, each naming the field
(``shocks[0].materials[2]: unknown material 'Xx'``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from critmin.exceptions import ScenarioError
from critmin.scenarios.definitions import (
    SECTORS,
    ExportControl,
    Invest,
    Recycling,
    Scenario,
    StockpileBuild,
    StockpileRelease,
    Substitution,
)

if TYPE_CHECKING:
    from critmin.data import Dataset


def scenario_problems(scenario: Scenario, ds: Dataset) -> list[str]:
    """Every ``field: message`` problem of ``scenario`` with respect to ``ds``."""
    names = ds.names()
    countries, groups = names["country"], names["group"]
    materials, stages = names["material"], names["stage"]
    facilities = names["facility_status"]
    sources, policies = names["source_id"], names["policy_id"]
    out: list[str] = []

    def place(field: str, value: str) -> None:
        if value not in countries and value not in groups:
            out.append(f"{field}: unknown country or group {value!r}")

    for i, c in enumerate(scenario.coalition):
        place(f"coalition[{i}]", c)
    for k in scenario.priorities:
        if k not in SECTORS:
            out.append(f"priorities.{k}: unknown sector {k!r} (known: {', '.join(SECTORS)})")
    for k in scenario.elasticities:
        if k != "default" and k not in materials:
            out.append(f"elasticities.{k}: unknown material {k!r}")
    for i, s in enumerate(scenario.sources):
        if s not in sources:
            out.append(f"sources[{i}]: unknown source_id {s!r}")
    for i, shock in enumerate(scenario.shocks):
        f = f"shocks[{i}]"
        if isinstance(shock, ExportControl):
            if shock.country not in countries:
                out.append(f"{f}.country: unknown country {shock.country!r}")
            for j, m in enumerate(shock.materials):
                if m not in materials:
                    out.append(f"{f}.materials[{j}]: unknown material {m!r}")
            for j, st in enumerate(shock.stages):
                if st not in stages:
                    out.append(f"{f}.stages[{j}]: unknown stage {st!r}")
            if shock.policy_id is not None and shock.policy_id not in policies:
                out.append(f"{f}.policy_id: unknown policy {shock.policy_id!r}")
            if shock.destinations != "all":
                for j, d in enumerate(shock.destinations):
                    place(f"{f}.destinations[{j}]", d)
    for i, m in enumerate(scenario.measures):
        f = f"measures[{i}]"
        if isinstance(m, StockpileRelease | StockpileBuild | Recycling | Substitution):
            if isinstance(m, Substitution):
                for j, c in enumerate(m.countries):
                    place(f"{f}.countries[{j}]", c)
                if m.sector not in SECTORS:
                    out.append(f"{f}.sector: unknown sector {m.sector!r} "
                               f"(known: {', '.join(SECTORS)})")
            elif m.country not in countries:
                out.append(f"{f}.country: unknown country {m.country!r}")
            if m.material not in materials:
                out.append(f"{f}.material: unknown material {m.material!r}")
            if m.stage not in stages:
                out.append(f"{f}.stage: unknown stage {m.stage!r}")
        elif isinstance(m, Invest):
            if m.facility_id not in facilities:
                out.append(f"{f}.facility_id: unknown facility {m.facility_id!r}")
            elif facilities[m.facility_id] == "operating":
                out.append(f"{f}.facility_id: {m.facility_id!r} is already operating (its "
                           "capacity is in capacity.csv); invest only adds new facilities")
    for field, msg in scenario.window_problems():
        out.append(f"{field}: {msg}")
    return out


def validate_scenario(scenario: Scenario, ds: Dataset, where: str | None = None) -> Scenario:
    """Raise :class:`ScenarioError` listing every unknown name in ``scenario``.

    Returns the scenario unchanged when it is consistent with ``ds``.
    """
    problems = scenario_problems(scenario, ds)
    if problems:
        head = where or f"scenario {scenario.name!r}"
        msg = "\n".join(f"{head}: {p}" for p in problems)
        raise ScenarioError(msg)
    return scenario
