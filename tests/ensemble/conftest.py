"""A sample-dataset scenario with an uncertainty block, written as YAML for the CLI tests."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

SCENARIO = {
    "name": "dy-magnet-ban-uncertain",
    "horizon": {"start": "2025-01", "end": "2025-12", "step": "month"},
    "coalition": ["USA", "JPN"],
    "priorities": {"defense": 10, "ev": 3, "wind": 3, "electronics": 1},
    "shocks": [{"type": "export_control", "country": "CHN", "materials": ["Dy", "NdFeB"],
                "stages": ["separation", "magnet"], "severity": 0.8, "start": "2025-04",
                "end": "2025-09"}],
    "measures": [{"type": "stockpile_release", "country": "JPN", "material": "Dy",
                  "stage": "separation"}],
    "uncertainty": {"sampler": "lhs", "parameters": [
        {"name": "occurs", "kind": "shock_probability", "shock": 0,
         "distribution": {"type": "bernoulli", "p": 0.7}},
        {"name": "severity", "kind": "shock_severity", "shock": 0,
         "distribution": {"type": "triangular", "low": 0.3, "mode": 0.8, "high": 1.0}},
        {"name": "duration", "kind": "shock_duration_months", "shock": 0,
         "distribution": {"type": "discrete", "values": [3, 6, 9], "weights": [0.3, 0.5, 0.2]}},
    ]},
}


@pytest.fixture
def scenario_data() -> dict:
    import copy

    return copy.deepcopy(SCENARIO)


@pytest.fixture
def scenario_file(tmp_path: Path, scenario_data: dict) -> Path:
    p = tmp_path / "uncertain.yaml"
    p.write_text(yaml.safe_dump(scenario_data, sort_keys=False))
    return p
