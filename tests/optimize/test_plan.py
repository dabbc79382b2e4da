"""Plan files: validation with errors that name the file and the field, the bundled plan."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from critmin.optimize.plan import (
    Plan,
    PlanError,
    bundled_plan,
    list_plans,
    load_plan,
    plan_from_dict,
    plans_path,
    resolve_plan,
)
from critmin.scenarios import list_scenarios

MINIMAL = {"name": "p", "scenarios": [{"scenario": "baseline", "probability": 1.0}],
           "budget": {"coalition_musd": 10}}


def _write(tmp_path: Path, data: object, name: str = "plan.yaml") -> Path:
    p = tmp_path / name
    p.write_text(yaml.safe_dump(data), encoding="utf-8")
    return p


def test_minimal_plan_defaults() -> None:
    """Defaults: USA + JPN, yearly 2025-2030, host-pays-half, every non-operating facility,
    minimum expected shortfall."""
    p = plan_from_dict(MINIMAL)
    assert p.coalition == ["USA", "JPN"]
    assert (p.horizon.start, p.horizon.end) == (2025, 2030)
    assert p.cost_sharing.rule == "host" and p.cost_sharing.host_share == 0.5
    assert p.candidates.facilities == "default"
    assert p.candidates.statuses == ["planned", "construction"]
    assert p.objective.kind == "min_shortfall"


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"scenarios": [{"scenario": "baseline", "probability": 0.6}]}, "",
     "scenario probabilities must sum to 1, not 0.6"),
    ({"scenarios": [{"scenario": "baseline", "probability": 1.5}]},
     "scenarios[0].probability", "must be between 0 and 1"),
    ({"scenarios": [{"probability": 1.0}]}, "scenarios[0]", "give exactly one of"),
    ({"budget": {"coalition_musd": -1}}, "budget.coalition_musd",
     "greater than or equal to 0"),
    ({"budget": {"coalition_musd": 1, "partners": {"USA": -2}}}, "budget.partners",
     "budget of 'USA' must not be negative"),
    ({"cost_sharing": {"rule": "fixed", "shares": {"USA": 0.5, "JPN": 0.4}}},
     "cost_sharing", "shares must sum to 1, not 0.9"),
    ({"cost_sharing": {"rule": "fixed"}}, "cost_sharing", "rule 'fixed' needs 'shares'"),
    ({"cost_sharing": {"rule": "proportional"}}, "cost_sharing",
     "needs exactly one of 'column' or 'weights'"),
    ({"objective": {"kind": "min_cost"}}, "objective", "needs 'shortfall_target_t'"),
    ({"candidates": {"stockpiles": {"goods": ["Dy"]}}}, "candidates.stockpiles.goods",
     "'Dy' is not a 'stage/material' code"),
    ({"horizon": {"start": 2030, "end": 2025}}, "horizon", "end must not come before start"),
    ({"budgets": {}}, "budgets", "unknown field"),
])
def test_errors_name_file_and_field(tmp_path: Path, change: dict, field: str,
                                    message: str) -> None:
    p = _write(tmp_path, {**MINIMAL, **change})
    with pytest.raises(PlanError) as exc:
        load_plan(p)
    text = str(exc.value)
    assert text.startswith(str(p))
    assert f": {field}: " in text if field else True
    assert message in text


def test_duplicate_scenario_names_need_labels() -> None:
    twice = [{"scenario": "baseline", "probability": 0.5}] * 2
    with pytest.raises(PlanError, match="scenario names must be unique"):
        plan_from_dict({**MINIMAL, "scenarios": twice})
    labelled = [{"scenario": "baseline", "probability": 0.5},
                {"scenario": "baseline", "probability": 0.5, "delay_years": 1}]
    p = plan_from_dict({**MINIMAL, "scenarios": labelled})
    assert [s.name for s in p.scenarios] == ["baseline", "baseline+1y"]


def test_missing_and_bad_yaml(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="no plan file at this path"):
        load_plan(tmp_path / "none.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(PlanError, match="not valid YAML"):
        load_plan(bad)
    lst = _write(tmp_path, [1, 2], "list.yaml")
    with pytest.raises(PlanError, match="a plan must be a mapping of fields, not list"):
        load_plan(lst)


def test_scenario_files_are_relative_to_the_plan(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    p = _write(tmp_path / "sub", {**MINIMAL, "scenarios": [
        {"file": "shock.yaml", "probability": 1.0}]})
    plan = load_plan(p)
    assert plan.scenarios[0].file == str((tmp_path / "sub" / "shock.yaml").resolve())
    assert plan.scenarios[0].name == "shock"


def test_with_budget_and_resolve() -> None:
    p = plan_from_dict(MINIMAL)
    assert p.with_budget(55).budget.coalition_musd == 55
    assert resolve_plan(p) is p
    assert resolve_plan(None).name == "us-japan-framework"
    assert resolve_plan("us-japan-framework").name == "us-japan-framework"
    with pytest.raises(PlanError, match="unknown plan 'nope'; bundled plans: us-japan-framework"):
        bundled_plan("nope")


def test_bundled_plan_labels_its_assumptions() -> None:
    """Probabilities and budgets are assumptions: said so in the file and in the model."""
    assert list_plans() == ["us-japan-framework"]
    p = bundled_plan()
    assert isinstance(p, Plan)
    assert p.coalition == ["USA", "JPN"]
    assert sum(s.probability for s in p.scenarios) == pytest.approx(1.0)
    assert {"probabilities", "budget", "cost_sharing"} <= set(p.assumptions)
    assert all(s.scenario in list_scenarios() for s in p.scenarios)
    text = (plans_path() / "us-japan-framework.yaml").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith(("scenarios:", "budget:", "cost_sharing:")):
            assert "ASSUMPTION" in line
    assert set(p.budget.partners) <= set(p.coalition)
