"""Recycling, substitution and phased investments as scenario measures (hand-checked)."""

from __future__ import annotations

import pytest

from critmin.exceptions import ScenarioError
from critmin.simulate import simulate


def banned_importer(toys, **extra):
    """XCC needs 50 t/yr of Dy oxide for defense and imports it all from XAA."""
    return toys.toy_dataset(capacity=[("XAA", "separation", "Dy", 100, 100)],
                            trade=[("XAA", "XCC", "separation", "Dy", 50)],
                            demand=[("XCC", "defense", "separation", "Dy", 50)], **extra)


@pytest.mark.parametrize("rebuild", [False, True])
def test_recycling_supplies_its_country_and_can_be_exported(toys, rebuild) -> None:
    """XAA bans Dy exports for 2025. XCC recovers 20 t/yr itself: 30 t short. Recycling in
    XBB instead (a country with no Dy at all) is exported to XCC: also 30 t short."""
    ds = banned_importer(toys)
    for country in ("XCC", "XBB"):
        sc = toys.scenario(shocks=[toys.ban()], measures=[
            {"type": "recycling", "country": country, "stage": "separation", "material": "Dy",
             "capacity_t": 20}])
        assert toys.shortfall_by(simulate(ds, sc, rebuild=rebuild), "country") == {"XCC": 30.0}


def test_recycling_from_mid_year_counts_half(toys) -> None:
    """20 t/yr from July: 10 t in the yearly period, 0 then 20/12 t a month in monthly runs."""
    ds = banned_importer(toys)
    measure = {"type": "recycling", "country": "XCC", "stage": "separation", "material": "Dy",
               "capacity_t": 20, "start": "2025-07"}
    yearly = simulate(ds, toys.scenario(shocks=[toys.ban()], measures=[measure]))
    assert toys.shortfall_by(yearly, "country") == {"XCC": 40.0}
    monthly = simulate(ds, toys.scenario(("2025-01", "2025-12", "month"), shocks=[toys.ban()],
                                         measures=[measure]))
    by = toys.shortfall_by(monthly, "period")
    assert by["2025-03"] == pytest.approx(50 / 12, abs=1e-6)
    assert by["2025-09"] == pytest.approx(30 / 12, abs=1e-6)


def test_substitution_cuts_demand_from_its_start(toys) -> None:
    """A 40 % cut of XCC's defense Dy demand from July: 2025 demand 50 × (1 − 0.4 × 0.5) =
    40 t, all of it short under the ban; a cut for another sector changes nothing."""
    ds = banned_importer(toys)
    cut = {"type": "substitution", "countries": ["G1"], "sector": "defense",
           "stage": "separation", "material": "Dy", "cut_share": 0.4, "start": "2025-07"}
    res = simulate(ds, toys.scenario(shocks=[toys.ban()], measures=[cut]))
    assert res.shortfall["demand_t"].sum() == pytest.approx(40.0)
    assert toys.shortfall_by(res, "country") == {"XCC": 40.0}
    other = simulate(ds, toys.scenario(shocks=[toys.ban()], measures=[{**cut, "sector": "ev"}]))
    assert toys.shortfall_by(other, "country") == {"XCC": 50.0}


def test_invest_phase_capacity_and_delay_after_an_explicit_start(toys) -> None:
    """A 10 t/yr phase of facility f1 (30 t/yr in the data) from 2025-01 delayed half a
    year: 5 t of 2025's 50 t arrive, 45 t short. The delay used to be ignored when a start
    was given."""
    ds = banned_importer(toys, facilities=[
        {"facility_id": "f1", "country": "XCC", "stage": "separation", "material": "Dy",
         "capacity_t": 30, "start_year": 2025}])
    sc = toys.scenario(shocks=[toys.ban()], measures=[
        {"type": "invest", "facility_id": "f1", "capacity_t": 10, "start": "2025-01",
         "delay_years": 0.5}])
    assert toys.shortfall_by(simulate(ds, sc), "country") == {"XCC": 45.0}


def test_unknown_names_in_the_new_measures_are_reported(toys) -> None:
    ds = banned_importer(toys)
    sc = toys.scenario(measures=[
        {"type": "recycling", "country": "ZZZ", "stage": "separation", "material": "Dy",
         "capacity_t": 5},
        {"type": "substitution", "countries": ["XCC", "NOPE"], "sector": "toys",
         "stage": "separation", "material": "Xx", "cut_share": 0.5}])
    with pytest.raises(ScenarioError) as err:
        simulate(ds, sc)
    text = str(err.value)
    for part in ("measures[0].country: unknown country 'ZZZ'",
                 "measures[1].countries[1]: unknown country or group 'NOPE'",
                 "measures[1].sector: unknown sector 'toys'",
                 "measures[1].material: unknown material 'Xx'"):
        assert part in text
