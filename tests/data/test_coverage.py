"""What the data covers of the world, and the warnings its gaps give an answer."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from critmin.cli import app
from critmin.data.coverage import world_coverage
from critmin.model import build_network
from critmin.model.gaps import coverage_warnings
from critmin.simulate import simulate


def _toy(toys):
    """XAA makes 100 t and XBB 40 t of Dy oxide (2024); XCC needs 30 t, XDD 20 t."""
    return toys.toy_dataset(
        capacity=[("XAA", "separation", "Dy", 100, 100), ("XBB", "separation", "Dy", 50, 40)],
        trade=[("XAA", "XCC", "separation", "Dy", 30), ("XAA", "XDD", "separation", "Dy", 20)],
        demand=[("XCC", "ev", "separation", "Dy", 30), ("XDD", "wind", "separation", "Dy", 20)])


def test_coverage_by_hand(toys) -> None:
    """No published world total: the dataset's own 140 t of output is the world, so
    production covers 100 % and demand 50/140."""
    cov = world_coverage(_toy(toys)).set_index(["material", "stage", "year", "quantity"])
    prod = cov.loc[("Dy", "separation", 2024, "production")]
    dem = cov.loc[("Dy", "separation", 2024, "demand")]
    assert (prod["dataset_t"], prod["world_t"], prod["coverage"]) == (140.0, 140.0, 1.0)
    assert dem["dataset_t"] == 50.0
    assert dem["coverage"] == pytest.approx(50 / 140)
    assert dem["countries"] == "XCC;XDD"
    assert "no published world total" in dem["world_basis"]


def test_published_world_total_is_the_denominator(reference) -> None:
    """USGS's 760 t of primary gallium (2024) against the dataset's 19 t of US demand."""
    cov = world_coverage(reference, materials="Ga", years=2024).set_index("quantity")
    assert cov.loc["demand", "world_t"] == 760.0
    assert cov.loc["demand", "coverage"] == pytest.approx(19 / 760)
    assert cov.loc["demand", "countries"] == "USA"


def test_gaps_name_thin_and_missing_demand(toys) -> None:
    """Dy demand covers 36 % of output: named with its countries. Nothing uses the
    magnets XAA could make: a shock to them can show no shortfall."""
    ds = toys.toy_dataset(
        capacity=[("XAA", "separation", "Dy", 100, 100), ("XAA", "magnet", "NdFeB", 10, 10)],
        demand=[("XCC", "ev", "separation", "Dy", 36)])
    warnings = coverage_warnings(build_network(ds), {("separation", "Dy"), ("magnet", "NdFeB")},
                                 2024)
    assert any("Dy (separation) demand is known for XCC only, 36%" in w for w in warnings)
    assert any(w.startswith("NdFeB (magnet): the data holds no demand") for w in warnings)


def test_a_shock_says_what_its_zero_cannot_show(reference) -> None:
    """The bundled gallium, germanium and antimony ban: the answer names the gallium gap.
    The model carries demand rows forward, and so does the warning: Japan's 2021 row
    (100 t) and Korea's 2023 row (15.3 t) count in 2024 with the USA's 19 t, 18% of the
    760 t of primary gallium (China's own use is not in the data)."""
    from critmin.scenarios import load_library_scenario

    res = simulate(reference, load_library_scenario("ga-ge-sb-ban-us"))
    assert any(w.startswith("Ga (refining) demand is known for JPN, KOR, USA only, 18% of "
                            "world output in 2024") for w in res.summary["warnings"])


def test_cli_coverage_json() -> None:
    out = CliRunner().invoke(app, ["data", "coverage", "-m", "Ga", "--year", "2024",
                                   "--format", "json"])
    assert out.exit_code == 0, out.output
    rows = {r["quantity"]: r for r in json.loads(out.stdout)}
    assert rows["production"]["world_t"] == 760.0
    assert rows["demand"]["countries"] == "USA"
