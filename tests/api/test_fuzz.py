"""Property-based fuzzing of the whole API from its own /openapi.json (schemathesis):
whatever a client sends that the schema allows, or nearly allows, the service never
answers with a server error (5xx)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import status_code_conformance

from critmin.api import Settings, create_app

pytestmark = pytest.mark.slow

SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):
    """The real app on its own data folder; its run workers stop after the module."""
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("fuzz")))
    yield app
    app.state.critmin.runner.shutdown()


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def check(case: schemathesis.Case) -> None:
    response = case.call()
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:500]}")
    # every status the service answers is in its published OpenAPI (issue 16)
    case.validate_response(response, checks=(status_code_conformance,))


def fuzz(operation, mode: GenerationMode) -> None:
    """Run ``check`` on generated cases of one operation."""
    @SETTINGS
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: schemathesis.Case) -> None:
        check(case)

    run()


def test_no_server_errors(api_schema) -> None:
    """Every operation, POST /api/runs included, with requests the schema allows and
    requests it nearly allows: no 5xx, no status the OpenAPI does not list."""
    operations = [r.ok() for r in api_schema.get_all_operations()]
    assert len(operations) > 10
    for op in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                fuzz(op, mode)
            except Unsatisfiable:
                if mode is GenerationMode.POSITIVE:
                    raise  # an operation without inputs has no invalid request to make
