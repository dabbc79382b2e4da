"""Property-based fuzzing of the whole API from its own /openapi.json (schemathesis):
whatever a client sends that the schema allows, or nearly allows, the service never
answers with a server error (5xx)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode

from critmin.api import Settings, create_app

_DIR = Path(tempfile.mkdtemp(prefix="critmin-fuzz-"))
APP = create_app(Settings(data_dir=_DIR))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@pytest.fixture(scope="module", autouse=True)
def _stop_workers():
    yield
    APP.state.critmin.runner.shutdown()


def check(case: schemathesis.Case) -> None:
    response = case.call()
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:500]}")


# schemathesis' negative mutations of the run request (a union of scenario and plan
# models) build array schemas its own generator cannot fill ("Cannot generate an array
# with 1 demanded elements"); that operation is fuzzed below with valid-shaped requests.
@schema.exclude(path="/api/runs", method="POST").parametrize()
@SETTINGS
def test_no_server_errors(case: schemathesis.Case) -> None:
    check(case)


@SETTINGS
@given(case=schema["/api/runs"]["POST"].as_strategy(generation_mode=GenerationMode.POSITIVE))
def test_no_server_errors_starting_runs(case: schemathesis.Case) -> None:
    check(case)
