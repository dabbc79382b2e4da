"""The top-level names a user reaches for, as the issues name them."""

from __future__ import annotations

import critmin
from critmin.scenarios import scenario_from_dict
from critmin.testing import shortfall_of


def test_simulate_is_callable_from_the_top(sample) -> None:
    """``critmin.simulate(dataset, scenario)`` is the simulation function itself."""
    sc = scenario_from_dict({
        "name": "t", "horizon": {"start": "2025-01", "end": "2025-12", "step": "month"},
        "shocks": [{"type": "export_control", "country": "CHN", "materials": ["NdFeB"],
                    "stages": ["magnet"], "severity": 1.0, "start": "2025-04"}]})
    from critmin.simulate import simulate

    a, b = critmin.simulate(sample, sc), simulate(sample, sc)
    assert shortfall_of(a) == shortfall_of(b) > 0


def test_lazy_names() -> None:
    assert critmin.load_dataset().name == "critmin-reference"
    assert critmin.load_sample().name == "critmin-sample"
    assert issubclass(critmin.DatasetError, critmin.CritminError)
    assert callable(critmin.run_ensemble)
