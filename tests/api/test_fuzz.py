"""Property-based fuzzing of the whole API from its own /openapi.json (schemathesis):
whatever a client sends that the schema allows, or nearly allows, the service never
answers with a server error (5xx)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from critmin.api import Settings, create_app

_DIR = Path(tempfile.mkdtemp(prefix="critmin-fuzz-"))
APP = create_app(Settings(data_dir=_DIR))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _stop_workers():
    yield
    APP.state.critmin.runner.shutdown()


@schema.parametrize()
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_no_server_errors(case: schemathesis.Case) -> None:
    response = case.call()
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:500]}")
