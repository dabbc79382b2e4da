"""Cross-checking a scenario against a dataset: every name must exist.

Problems are collected and reported together, each naming the field
(``shocks[0].materials[2]: unknown material 'Xx'``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

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


def did_you_mean(value: object, known: Iterable[str]) -> str:
    """`` (did you mean 'Dy'?)`` for the known name closest to ``value`` (case ignored);
    empty when none is close."""
    names = {str(k).lower(): str(k) for k in known}
    close = difflib.get_close_matches(str(value).lower(), list(names), n=1, cutoff=0.6)
    return f" (did you mean {names[close[0]]!r}?)" if close else ""


class _Names:
    """The names a dataset knows, and the problems found so far."""

    def __init__(self, ds: Dataset) -> None:
        names = ds.names()
        self.countries, self.groups = names["country"], names["group"]
        self.materials, self.stages = names["material"], names["stage"]
        self.facilities = names["facility_status"]
        self.sources, self.policies = names["source_id"], names["policy_id"]
        self.out: list[str] = []

    def unknown(self, field: str, what: str, value: object, known: Iterable[str]) -> None:
        """Record ``field: unknown <what> 'value'``, with the closest known name."""
        self.out.append(f"{field}: unknown {what} {value!r}{did_you_mean(value, known)}")

    def place(self, field: str, value: str) -> None:
        if value not in self.countries and value not in self.groups:
            self.unknown(field, "country or group", value, [*self.countries, *self.groups])

    def sector(self, field: str, value: str) -> None:
        if value not in SECTORS:
            self.out.append(f"{field}: unknown sector {value!r} (known: {', '.join(SECTORS)})")

    def good(self, field: str, stage: str, material: str) -> None:
        if material not in self.materials:
            self.unknown(f"{field}.material", "material", material, self.materials)
        if stage not in self.stages:
            self.unknown(f"{field}.stage", "stage", stage, self.stages)


def scenario_problems(scenario: Scenario, ds: Dataset) -> list[str]:
    """Every ``field: message`` problem of ``scenario`` with respect to ``ds``."""
    n = _Names(ds)
    for i, c in enumerate(scenario.coalition):
        n.place(f"coalition[{i}]", c)
    for k in scenario.priorities:
        n.sector(f"priorities.{k}", k)
    for k in scenario.elasticities:
        if k != "default" and k not in n.materials:
            n.unknown(f"elasticities.{k}", "material", k, n.materials)
    for i, s in enumerate(scenario.sources):
        if s not in n.sources:
            n.unknown(f"sources[{i}]", "source_id", s, n.sources)
    for i, shock in enumerate(scenario.shocks):
        if isinstance(shock, ExportControl):
            _control(n, f"shocks[{i}]", shock)
    for i, m in enumerate(scenario.measures):
        _measure(n, f"measures[{i}]", m)
    _stocks(n, scenario)
    for i, route in enumerate(scenario.transit):
        if route.exporter not in n.countries:
            n.unknown(f"transit[{i}].exporter", "country", route.exporter, n.countries)
        if route.importer != "all":
            n.place(f"transit[{i}].importer", route.importer)
    for field, msg in scenario.window_problems():
        n.out.append(f"{field}: {msg}")
    return n.out


def _control(n: _Names, f: str, shock: ExportControl) -> None:
    if shock.country not in n.countries:
        n.unknown(f"{f}.country", "country", shock.country, n.countries)
    for j, m in enumerate(shock.materials):
        if m not in n.materials:
            n.unknown(f"{f}.materials[{j}]", "material", m, n.materials)
    for j, st in enumerate(shock.stages):
        if st not in n.stages:
            n.unknown(f"{f}.stages[{j}]", "stage", st, n.stages)
    if shock.policy_id is not None and shock.policy_id not in n.policies:
        n.unknown(f"{f}.policy_id", "policy", shock.policy_id, n.policies)
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
                n.unknown(f"{f}.inputs[{j}]", "material", x, n.materials)
    elif isinstance(m, StockpileRelease | StockpileBuild | Recycling):
        if m.country not in n.countries:
            n.unknown(f"{f}.country", "country", m.country, n.countries)
        n.good(f, m.stage, m.material)
    elif isinstance(m, Invest):
        if m.facility_id not in n.facilities:
            n.unknown(f"{f}.facility_id", "facility", m.facility_id, n.facilities)
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


#: Fields of a scenario's YAML that hold names of the dataset, and what they name: checked
#: in the raw data when the scenario does not parse yet, so an editor can show every
#: problem at once (``uncertainty`` is left out: its fields name parameters).
NAME_FIELDS = {"country": "country", "exporter": "country", "importer": "place",
               "coalition": "place", "destinations": "place", "countries": "place",
               "material": "material", "materials": "material", "inputs": "material",
               "stage": "stage", "stages": "stage"}


def raw_name_problems(data: Any, ds: Dataset) -> list[str]:
    """The unknown names in a scenario's raw data (a dict from YAML, not yet valid), as
    ``field: message`` problems like :func:`scenario_problems`'."""
    n = _Names(ds)
    _walk(n, data, "")
    return n.out


def _walk(n: _Names, node: Any, path: str) -> None:
    if isinstance(node, dict):
        for k, v in node.items():
            field = f"{path}.{k}" if path else str(k)
            if k == "uncertainty":
                continue
            if str(k) in NAME_FIELDS:
                _check_names(n, NAME_FIELDS[str(k)], field, v)
            else:
                _walk(n, v, field)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _walk(n, v, f"{path}[{i}]")


def _check_names(n: _Names, kind: str, field: str, value: Any) -> None:
    items = ([(f"{field}[{j}]", x) for j, x in enumerate(value)] if isinstance(value, list)
             else [(field, value)])
    known = {"country": n.countries, "material": n.materials, "stage": n.stages}
    for f, x in items:
        if not isinstance(x, str) or x == "all":
            continue
        if kind == "place":
            n.place(f, x)
        elif x not in known[kind]:
            n.unknown(f, kind, x, known[kind])
