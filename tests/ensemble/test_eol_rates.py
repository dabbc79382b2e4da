"""The ensemble draws the end-of-life rates of recycling fed by the stocks MFA.

Toy (as ``tests/simulate/test_recycling_feed.py``, hand-derived): XCC needs 50 t/yr of
NdFeB, all imported from XAA, which bans its magnet exports in 2025. 50 t of XCC's magnets
reach end of life in 2025; collection 0.5, separation 0.4, recovery 1.0: 10 t come back to
a 100 t/yr plant fed by the MFA. A separation factor f gives min(0.4 f, 1) × 25 t back, so
the shortfall is 50 − 10 f up to f = 2.5 and 25 t beyond.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from tests.simulate.test_recycling_feed import magnet_importer

from critmin.ensemble.apply import apply_draw, check_spec
from critmin.ensemble.run import run_ensemble
from critmin.ensemble.summary import good_table
from critmin.exceptions import ScenarioError
from critmin.scenarios import scenario_from_dict
from critmin.simulate import simulate


def scenario(distribution: dict[str, Any], **param: Any):
    plant = {"type": "recycling", "country": "XCC", "stage": "magnet", "material": "NdFeB",
             "capacity_t": 100, "feed": "mfa"}
    return scenario_from_dict({
        "name": "eol", "coalition": ["XCC"],
        "horizon": {"start": "2025", "end": "2025", "step": "year"},
        "shocks": [{"type": "export_control", "country": "XAA", "materials": ["NdFeB"],
                    "stages": ["magnet"], "destinations": "all", "severity": 1.0,
                    "start": "2025-01"}],
        "measures": [plant],
        "uncertainty": {"parameters": [{"name": "sep", "kind": "eol_rate_factor",
                                        "step": "separation", "distribution": distribution,
                                        **param}]}})


def _short(ds, sc) -> float:
    return float(simulate(ds, sc).shortfall["shortfall_t"].sum())


@pytest.mark.parametrize(("factor", "short"), [(0.0, 50.0), (1.0, 40.0), (2.0, 30.0),
                                                (5.0, 25.0)])
def test_a_drawn_factor_scales_the_scrap_and_the_rate_stays_a_share(toys, factor, short):
    ds = magnet_importer(toys)
    sc = scenario({"type": "uniform", "low": 0, "high": 5})
    d, drawn = apply_draw(ds, sc, sc.uncertainty, {"sep": factor})
    assert d is ds  # a scenario change: the MFA is not re-run
    assert drawn.measures[0].eol_factors == {"separation": factor}
    assert _short(d, drawn) == pytest.approx(short)


@pytest.mark.slow
@pytest.mark.parametrize("method", ["resolve", "rebuild"])
def test_every_run_of_the_ensemble_gets_its_own_scrap(toys, method) -> None:
    """Each run's shortfall is 50 − 10 f for its drawn f in [0, 2]."""
    ds = magnet_importer(toys)
    sc = scenario({"type": "uniform", "low": 0, "high": 2})
    res = run_ensemble(ds, sc, runs=8, seed=4, method=method)
    f = res.draws["sep"]
    short = good_table(res.runs, res.shortfall)["magnet/NdFeB"]
    assert f.nunique() == 8
    np.testing.assert_allclose(short.loc[f.index], 50.0 - 10.0 * f, rtol=1e-9)


def test_the_parameter_needs_a_step_and_a_fed_line(toys) -> None:
    ds = magnet_importer(toys)
    with pytest.raises(ScenarioError, match="needs 'step'"):
        scenario({"type": "uniform", "low": 0, "high": 2}, step=None)
    sc = scenario({"type": "uniform", "low": 0, "high": 2}, country="XBB")
    with pytest.raises(ScenarioError, match=r"no recycling measure with feed: mfa there"):
        check_spec(sc.uncertainty, sc, ds)
    sc = scenario({"type": "normal", "mean": 1, "sd": 0.5})
    with pytest.raises(ScenarioError, match="cannot be negative"):
        check_spec(sc.uncertainty, sc, ds)
