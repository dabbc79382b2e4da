"""The service's edge (issue 16): Host header checked, body size limited, lists paged, the
run queue bounded, security headers on every answer, CORS off by default."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from critmin.api import Settings, create_app


@pytest.fixture
def small(tmp_path: Path) -> Iterator[TestClient]:
    """A server with tiny limits: 2 kB bodies, one queued run at most."""
    settings = Settings(data_dir=tmp_path / "s", max_body_bytes=2000, max_queued=1,
                        allowed_hosts=("127.0.0.1", "localhost", "::1", "testserver",
                                       "critmin.example.org"))
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.mark.parametrize("host", ["evil.example.com", "127.0.0.1.evil.com", "attacker:8000",
                                  ""])
def test_a_foreign_host_header_gets_400(client: TestClient, host: str) -> None:
    res = client.get("/api/health", headers={"host": host})
    assert res.status_code == 400
    assert res.json() == {"detail": "this server does not answer to that Host header"}
    assert client.get("/", headers={"host": host}).status_code == 400


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost", "LOCALHOST:80", "[::1]:8000"])
def test_loopback_names_are_allowed(client: TestClient, host: str) -> None:
    assert client.get("/api/health", headers={"host": host}).status_code == 200


def test_a_configured_name_is_allowed(small: TestClient) -> None:
    assert small.get("/api/health", headers={"host": "critmin.example.org"}).status_code == 200


def test_a_body_over_the_limit_gets_413(small: TestClient) -> None:
    big = {"yaml": "name: x\n" + "#" * 5000}
    res = small.post("/api/scenarios/validate", json=big)
    assert res.status_code == 413
    assert "2,000 bytes" in res.json()["detail"]

    def chunks() -> Iterator[bytes]:  # streamed: no Content-Length to trust
        yield b'{"yaml": "'
        for _ in range(10):
            yield b"#" * 1000
        yield b'"}'

    res = small.post("/api/scenarios/validate", content=chunks(),
                     headers={"content-type": "application/json"})
    assert res.status_code == 413
    assert small.get("/api/scenarios").json() == []


def test_security_headers_on_every_answer(client: TestClient) -> None:
    for path in ("/api/health", "/runs", "/api/runs/nope", "/openapi.json"):
        res = client.get(path)
        csp = res.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        assert res.headers["x-content-type-options"] == "nosniff"
        assert res.headers["x-frame-options"] == "DENY"
        assert res.headers["referrer-policy"] == "no-referrer"


def test_cors_is_off_by_default(client: TestClient, tmp_path: Path) -> None:
    res = client.get("/api/health", headers={"origin": "https://evil.example.com"})
    assert "access-control-allow-origin" not in res.headers
    settings = Settings(data_dir=tmp_path / "c", cors_origins=("https://partner.example",))
    with TestClient(create_app(settings)) as c:
        res = c.get("/api/health", headers={"origin": "https://partner.example"})
        assert res.headers["access-control-allow-origin"] == "https://partner.example"


@pytest.mark.slow
def test_lists_are_paged(client: TestClient, dy_ban: dict) -> None:
    for i in range(3):
        created = client.post("/api/scenarios?dataset=sample", json=dict(dy_ban, name=f"s{i}"))
        assert created.status_code == 201
    names = [s["name"] for s in client.get("/api/scenarios?limit=2").json()]
    assert names == ["s0", "s1"]
    assert [s["name"] for s in client.get("/api/scenarios?limit=2&offset=2").json()] == ["s2"]
    assert len(client.get("/api/library?limit=1").json()) == 1
    assert len(client.get("/api/datasets?limit=1").json()) == 1
    assert len(client.get("/api/datasets/sample/sources?limit=2").json()) == 2
    assert client.get("/api/runs?limit=5").json() == []
    for bad in ("limit=0", "limit=501", "offset=-1"):
        assert client.get(f"/api/runs?{bad}").status_code == 422


def test_a_full_queue_answers_429_with_retry_after(small: TestClient, dy_ban: dict) -> None:
    small.app.state.critmin.store.add_run("simulate", {"note": "waiting"})  # one queued
    res = small.post("/api/runs", json={"dataset": "sample", "scenario": dy_ban})
    assert res.status_code == 429
    assert int(res.headers["retry-after"]) > 0
    assert len(small.get("/api/runs").json()) == 1  # nothing stored for the refused run


def test_the_openapi_documents_the_new_answers(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path, ops in paths.items():
        for method, op in ops.items():
            assert {"400", "413"} <= set(op["responses"]), (method, path)
    assert "429" in paths["/api/runs"]["post"]["responses"]


def test_serve_answers_to_the_address_it_listens_on(tmp_path: Path, monkeypatch) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from critmin.cli import app as cli

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    monkeypatch.setenv("CRITMIN_ALLOWED_HOSTS", "critmin.example.org")
    monkeypatch.setenv("CRITMIN_DATA_DIR", str(tmp_path / "d"))  # serve sets these two:
    monkeypatch.setenv("CRITMIN_WORKERS", "1")  # monkeypatch restores them afterwards
    serve = ["serve", "--host", "10.1.2.3", "--data-dir", str(tmp_path / "d")]
    res = CliRunner().invoke(cli, serve)  # no user yet: local mode stays on loopback
    assert res.exit_code == 2
    assert "refusing to listen beyond this machine without users" in res.output
    added = CliRunner().invoke(cli, ["users", "add", "ops", "--partner", "USA", "--role",
                                     "admin", "--data-dir", str(tmp_path / "d")])
    assert added.exit_code == 0 and "cm_" in added.output
    res = CliRunner().invoke(cli, serve)
    assert res.exit_code == 0, res.output
    hosts = Settings.from_env(tmp_path / "d").allowed_hosts
    assert {"127.0.0.1", "localhost", "critmin.example.org", "10.1.2.3"} <= set(hosts)
