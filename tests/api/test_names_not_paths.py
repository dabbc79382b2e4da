"""A bundled scenario or plan is named, never reached by path (issue 16): a request naming
a file outside the library gets 404 and the file is never opened or quoted."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from critmin.cli import app


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    p = tmp_path / "creds.yaml"
    p.write_text("api_key: hunter2-secret\n", encoding="utf-8")
    return p


def test_a_run_naming_a_path_as_library_is_404_and_reads_nothing(client, secret) -> None:
    for name in (str(secret.with_suffix("")), f"../../../..{secret.with_suffix('')}",
                 "../x"):
        res = client.post("/api/runs", json={"library": name})
        assert res.status_code == 404, res.text
        assert "hunter2" not in res.text and "api_key" not in res.text


def test_the_editor_does_not_open_a_path_named_as_library(client, secret) -> None:
    res = client.get("/editor", params={"from": f"library:{secret.with_suffix('')}"})
    assert "hunter2" not in res.text and "api_key" not in res.text


def test_scenarios_show_refuses_a_path(secret) -> None:
    res = CliRunner().invoke(app, ["scenarios", "show", str(secret.with_suffix(""))])
    assert res.exit_code == 2
    assert "hunter2" not in res.output and "unknown scenario" in res.output
