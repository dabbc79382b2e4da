"""Scenario files: parsing, errors that name the field, validation against a dataset,
YAML round trips and the bundled library."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from critmin.data import bundled_path, load_dataset
from critmin.exceptions import ScenarioError
from critmin.scenarios import (
    list_scenarios,
    load_library_scenario,
    load_scenario,
    save_scenario,
    scenario_from_dict,
    validate_scenario,
)
from critmin.scenarios.periods import make_periods

BASE = {"name": "t", "horizon": {"start": "2025-01", "end": "2027-12", "step": "month"}}


def shock(**kw) -> dict:
    return {"type": "export_control", "country": "CHN", "materials": ["Dy"],
            "stages": ["separation"], "severity": 0.5, "start": "2025-04", **kw}


def test_periods_of_a_monthly_and_a_yearly_horizon() -> None:
    """2025-01..2027-12 monthly is 36 periods labelled 2025-01..2027-12, each 1/12 year;
    2025..2035 yearly is 11 periods of one year."""
    m = make_periods("2025-01", "2027-12", "month")
    assert [m[0].label, m[-1].label, len(m)] == ["2025-01", "2027-12", 36]
    assert m[0].fraction_of_year == pytest.approx(1 / 12)
    y = make_periods("2025", "2035", "year")
    assert [p.label for p in y][:2] == ["2025", "2026"]
    assert len(y) == 11


def test_yaml_dates_and_integers_become_periods(tmp_path: Path) -> None:
    """YAML reads 2025-04-04 as a date and 2025 as an int; both become period text."""
    f = tmp_path / "s.yaml"
    f.write_text("name: t\nhorizon: {start: 2025, end: 2026, step: year}\nshocks:\n"
                 "  - {type: export_control, country: CHN, materials: [Dy], stages: [metal],\n"
                 "     severity: 1, start: 2025-04-04}\n")
    sc = load_scenario(f)
    assert sc.horizon.start == "2025"
    assert sc.shocks[0].start == "2025-04-04"


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"shocks": [shock(severity=1.2)]}, "shocks[0].severity", "between 0 and 1"),
    ({"shocks": [shock(severity=-0.1)]}, "shocks[0].severity", "between 0 and 1"),
    ({"shocks": [shock(start="2024-06")]}, "shocks[0].start", "outside the horizon"),
    ({"shocks": [shock(end="2028-03")]}, "shocks[0].end", "outside the horizon"),
    ({"shocks": [shock(colour="red")]}, "shocks[0].colour", "unknown field"),
    ({"measures": [{"type": "invest"}]}, "measures[0].facility_id", "required"),
    ({"measures": [{"type": "teleport"}]}, "measures[0]", "tag"),
    ({"allocation": "lottery"}, "allocation", "market"),
    ({"priorities": {"ev": 0}}, "priorities", "positive"),
])
def test_bad_fields_are_named(change: dict, field: str, words: str) -> None:
    """Each broken rule is reported as ``<where>: <field path>: <message>``."""
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict({**BASE, **change}, where="s.yaml")
    assert f"s.yaml: {field}" in str(err.value)
    assert words in str(err.value)


def test_unknown_names_are_refused_with_the_field(sample) -> None:
    """Against the sample dataset: an unknown country, material, stage, sector, facility
    and destination are each reported with their field path."""
    sc = scenario_from_dict({
        **BASE, "priorities": {"space": 2},
        "shocks": [shock(country="ATL", materials=["Dy", "Unobtainium"], stages=["smelting"],
                         destinations=["USA", "NOWHERE"], policy_id="mofcom-1999-1")],
        "measures": [{"type": "invest", "facility_id": "no-such-plant"},
                     {"type": "stockpile_release", "country": "JPN", "material": "Dy",
                      "stage": "metal"}]})
    with pytest.raises(ScenarioError) as err:
        validate_scenario(sc, sample)
    msg = str(err.value)
    for needle in ["shocks[0].country: unknown country 'ATL'",
                   "shocks[0].materials[1]: unknown material 'Unobtainium'",
                   "shocks[0].stages[0]: unknown stage 'smelting'",
                   "shocks[0].destinations[1]: unknown country or group 'NOWHERE'",
                   "shocks[0].policy_id: unknown policy 'mofcom-1999-1'",
                   "priorities.space: unknown sector",
                   "measures[0].facility_id: unknown facility 'no-such-plant'",
                   "measures[1].stage: unknown stage 'metal'"]:
        assert needle in msg


def test_invest_in_an_operating_facility_is_refused(sample) -> None:
    """Lynas Malaysia is operating in the sample: its capacity is already counted."""
    sc = scenario_from_dict({**BASE, "measures": [{"type": "invest",
                                                   "facility_id": "lynas-malaysia"}]})
    with pytest.raises(ScenarioError, match=r"measures\[0\].facility_id: .*already operating"):
        validate_scenario(sc, sample)


def test_groups_are_accepted_as_destinations(sample) -> None:
    """G7 is a group of the sample's countries, so it is a valid destination."""
    sc = scenario_from_dict({**BASE, "shocks": [shock(destinations=["G7"])]})
    assert validate_scenario(sc, sample) is sc


def test_yaml_round_trip(tmp_path: Path) -> None:
    """save → load gives an equal scenario, for every bundled scenario."""
    for name in list_scenarios():
        sc = load_library_scenario(name)
        back = load_scenario(save_scenario(sc, tmp_path / f"{name}.yaml"))
        assert back == sc


def test_missing_file_and_bad_yaml(tmp_path: Path) -> None:
    """A missing file and invalid YAML are ScenarioErrors naming the file."""
    with pytest.raises(ScenarioError, match="no scenario file"):
        load_scenario(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n")
    with pytest.raises(ScenarioError, match=r"bad\.yaml: not valid YAML"):
        load_scenario(bad)


EXPECTED = {"baseline", "china-2025-04-controls", "china-2025-10-package", "ga-ban-12m",
            "heavy-ree-ban-24m", "heavy-ree-ban-dy-free", "heavy-ree-ban-recycling",
            "magnet-embargo-us", "ga-ge-sb-ban-us", "graphite-licensing"}


def test_library_has_the_ten_scenarios_with_descriptions_and_sources() -> None:
    """Every bundled scenario parses, has a description and cites at least one source."""
    assert set(list_scenarios()) == EXPECTED
    for name in EXPECTED:
        sc = load_library_scenario(name)
        assert sc.name == name
        assert len(sc.description) > 40
        assert sc.sources


def test_library_facts() -> None:
    """The April 2025 list is the 7 elements of Announcement No. 18 plus SmCo and NdFeB;
    the October package adds Ho, Er, Tm, Eu, Yb and is extraterritorial."""
    apr = load_library_scenario("china-2025-04-controls").shocks[0]
    assert set(apr.materials) == {"Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y", "NdFeB", "SmCo"}
    assert apr.start == "2025-04-04"
    octo = load_library_scenario("china-2025-10-package").shocks[0]
    assert set(octo.materials) - set(apr.materials) == {"Ho", "Er", "Tm", "Eu", "Yb"}
    assert octo.extraterritorial
    gg = load_library_scenario("ga-ge-sb-ban-us").shocks[0]
    assert gg.destinations == ["USA"]
    assert gg.severity == 1.0


def test_unknown_library_name_lists_known_ones() -> None:
    with pytest.raises(ScenarioError, match="bundled scenarios: baseline"):
        load_library_scenario("nope")


@pytest.mark.skipif(not (bundled_path("reference") / "dataset.yaml").exists(),
                    reason="the bundled reference dataset (src/critmin/data/reference) is "
                           "not in place yet")
def test_library_validates_against_the_reference_dataset() -> None:
    """Every bundled scenario names only countries, materials, stages, facilities and
    sources of the bundled reference dataset."""
    ds = load_dataset()
    problems = {}
    for name in list_scenarios():
        try:
            validate_scenario(load_library_scenario(name), ds)
        except ScenarioError as exc:
            problems[name] = str(exc)
    assert not problems, yaml.safe_dump(problems)

