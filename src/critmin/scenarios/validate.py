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
    Thrifting,
)

if TYPE_CHECKING:
    from critmin.data import Dataset


class _Names:
    """The names a dataset knows, and the problems found so far."""

    def __init__(self, ds: Dataset) -> None:
        names = ds.names()
        self.countries, self.groups = names["country"], names["group"]
        self.materials, self.stages = names["material"], names["stage"]
        self.facilities = names["facility_status"]
        self.sources, self.policies = names["source_id"], names["policy_id"]
        self.out: list[str] = []

    def place(self, field: str, value: str) -> None:
        if value not in self.countries and value not in self.groups:
            self.out.append(f"{field}: unknown country or group {value!r}")

    def sector(self, field: str, value: str) -> None:
        if value not in SECTORS:
            self.out.append(f"{field}: unknown sector {value!r} (known: {', '.join(SECTORS)})")

    def good(self, field: str, stage: str, material: str) -> None:
        if material not in self.materials:
            self.out.append(f"{field}.material: unknown material {material!r}")
        if stage not in self.stages:
            self.out.append(f"{field}.stage: unknown stage {stage!r}")


def scenario_problems(scenario: Scenario, ds: Dataset) -> list[str]:
    """Every ``field: message`` problem of ``scenario`` with respect to ``ds``."""
    n = _Names(ds)
    for i, c in enumerate(scenario.coalition):
        n.place(f"coalition[{i}]", c)
    for k in scenario.priorities:
        n.sector(f"priorities.{k}", k)
    for k in scenario.elasticities:
        if k != "default" and k not in n.materials:
            n.out.append(f"elasticities.{k}: unknown material {k!r}")
    for i, s in enumerate(scenario.sources):
        if s not in n.sources:
            n.out.append(f"sources[{i}]: unknown source_id {s!r}")
    for i, shock in enumerate(scenario.shocks):
        if isinstance(shock, ExportControl):
            _control(n, f"shocks[{i}]", shock)
    for i, m in enumerate(scenario.measures):
        _measure(n, f"measures[{i}]", m)
    _stocks(n, scenario)
    for i, route in enumerate(scenario.transit):
        if route.exporter not in n.countries:
            n.out.append(f"transit[{i}].exporter: unknown country {route.exporter!r}")
        if route.importer != "all":
            n.place(f"transit[{i}].importer", route.importer)
    for field, msg in scenario.window_problems():
        n.out.append(f"{field}: {msg}")
    return n.out


def _control(n: _Names, f: str, shock: ExportControl) -> None:
    if shock.country not in n.countries:
        n.out.append(f"{f}.country: unknown country {shock.country!r}")
    for j, m in enumerate(shock.materials):
        if m not in n.materials:
            n.out.append(f"{f}.materials[{j}]: unknown material {m!r}")
    for j, st in enumerate(shock.stages):
        if st not in n.stages:
            n.out.append(f"{f}.stages[{j}]: unknown stage {st!r}")
    if shock.policy_id is not None and shock.policy_id not in n.policies:
        n.out.append(f"{f}.policy_id: unknown policy {shock.policy_id!r}")
    if shock.destinations != "all":
        for j, d in enumerate(shock.destinations):
            n.place(f"{f}.destinations[{j}]", d)
    for d in shock.severity_by_destination:
        n.place(f"{f}.severity_by_destination.{d}", d)
    for j, sec in enumerate(shock.denied_sectors):
        n.sector(f"{f}.denied_sectors[{j}]", sec)


def _measure(n: _Names, f: str, m: object) -> None:
    if isinstance(m, Substitution):
        for j, c in enumerate(m.countries):
            n.place(f"{f}.countries[{j}]", c)
        n.sector(f"{f}.sector", m.sector)
        n.good(f, m.stage, m.material)
    elif isinstance(m, Thrifting):
        for j, c in enumerate(m.countries):
            n.place(f"{f}.countries[{j}]", c)
        n.good(f, m.stage, m.material)
        for j, x in enumerate(m.inputs):
            if x not in n.materials:
                n.out.append(f"{f}.inputs[{j}]: unknown material {x!r}")
    elif isinstance(m, StockpileRelease | StockpileBuild | Recycling):
        if m.country not in n.countries:
            n.out.append(f"{f}.country: unknown country {m.country!r}")
        n.good(f, m.stage, m.material)
    elif isinstance(m, Invest):
        if m.facility_id not in n.facilities:
            n.out.append(f"{f}.facility_id: unknown facility {m.facility_id!r}")
        elif n.facilities[m.facility_id] == "operating":
            n.out.append(f"{f}.facility_id: {m.facility_id!r} is already operating (its "
                         "capacity is in capacity.csv); invest only adds new facilities")


def _stocks(n: _Names, scenario: Scenario) -> None:
    """Inventories name known places and goods, and no two give the same country an
    inventory of the same good (a stockpile measure at the node is a separate account)."""
    seen: dict[tuple[str, str], list[str] | None] = {}
    for i, inv in enumerate(scenario.inventories):
        f = f"inventories[{i}]"
        n.good(f, inv.stage, inv.material)
        places = None if inv.countries == "all" else list(inv.countries)
        for j, c in enumerate(places or []):
            n.place(f"{f}.countries[{j}]", c)
        good = (inv.stage, inv.material)
        if good in seen:
            before = seen[good]
            rule = "(one inventory per country and good)"
            if before is None or places is None:
                n.out.append(f"{f}: overlaps an earlier inventory of {inv.stage}/{inv.material}"
                             f" for 'all' countries {rule}")
            elif both := sorted(set(before) & set(places)):
                n.out.append(f"{f}: {', '.join(both)} already hold an inventory of "
                             f"{inv.stage}/{inv.material} {rule}")
            seen[good] = None if before is None or places is None else [*before, *places]
        else:
            seen[good] = places


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
