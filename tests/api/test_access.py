"""Users, partners, roles and the audit log (#16 Deliver 5): a deployment shared by
several partners, where none sees another's private objects or figures. Every test runs
on SQLite and on PostgreSQL (the ``database`` fixture)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from critmin.api import Settings, create_app
from critmin.app.access import new_token, token_hash
from critmin.app.store import Store

USERS = {  # name: (partner, role)
    "jp-analyst": ("JPN", "analyst"),
    "jp-admin": ("JPN", "admin"),
    "us-analyst": ("USA", "analyst"),
    "us-viewer": ("USA", "viewer"),
    "kr-analyst": ("KOR", "analyst"),
}


@pytest.fixture
def tokens(database: str) -> dict[str, str]:
    store = Store(database)
    out = {}
    for name, (partner, role) in USERS.items():
        out[name] = new_token()
        store.add_user(name, partner, role, token_hash(out[name]))
    return out


@pytest.fixture
def shared(data_dir: Path, database: str, tokens: dict[str, str]) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(data_dir=data_dir, db=database))) as c:
        yield c


def auth(tokens: dict[str, str], user: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens[user]}"}


def test_without_a_token_every_api_and_page_asks_for_one(shared: TestClient) -> None:
    assert shared.get("/api/health").status_code == 200
    for url in ("/api/runs", "/api/scenarios", "/api/datasets", "/api/library",
                "/api/datasets/reference/tables/capacity", "/api/me"):
        res = shared.get(url)
        assert res.status_code == 401, url
        assert res.headers["www-authenticate"] == "Bearer"
    assert shared.post("/api/runs", json={"library": "baseline"}).status_code == 401
    page = shared.get("/runs", headers={"accept": "text/html"}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=/runs"
    bad = shared.get("/api/runs", headers={"Authorization": "Bearer cm_not-a-token"})
    assert bad.status_code == 401 and "unknown" in bad.json()["detail"]


def test_a_viewer_reads_but_may_not_start_a_run(shared, tokens, dy_ban) -> None:
    h = auth(tokens, "us-viewer")
    assert shared.get("/api/runs", headers=h).status_code == 200
    assert shared.get("/api/me", headers=h).json() == {
        "name": "us-viewer", "partner": "USA", "role": "viewer", "local": False}
    res = shared.post("/api/runs", json={"scenario": dy_ban}, headers=h)
    assert res.status_code == 403 and "viewer" in res.json()["detail"]
    assert shared.post("/api/scenarios", json=dy_ban, headers=h).status_code == 403


def test_a_private_scenario_does_not_exist_for_another_partner(shared, tokens, dy_ban):
    jp, us = auth(tokens, "jp-analyst"), auth(tokens, "us-analyst")
    made = shared.post("/api/scenarios", json=dy_ban, headers=jp)
    assert made.status_code == 201
    sid = made.json()["id"]
    assert made.json()["partner"] == "JPN" and made.json()["visibility"] == "private"
    assert [s["id"] for s in shared.get("/api/scenarios", headers=jp).json()] == [sid]
    assert shared.get("/api/scenarios", headers=us).json() == []
    for res in (shared.get(f"/api/scenarios/{sid}", headers=us),
                shared.delete(f"/api/scenarios/{sid}", headers=us),
                shared.post("/api/runs", json={"scenario_id": sid}, headers=us)):
        assert res.status_code == 404
    page = shared.get(f"/scenarios/stored/{sid}", headers={**us, "accept": "text/html"})
    assert page.status_code == 404 and "dy-ban-test" not in page.text


def test_coalition_visibility_reaches_the_members_only(shared, tokens, dy_ban) -> None:
    jp = auth(tokens, "jp-analyst")
    sid = shared.post("/api/scenarios?visibility=coalition", json=dy_ban,
                      headers=jp).json()["id"]  # coalition [USA, JPN]
    def status(user: str, sc: str) -> int:
        return shared.get(f"/api/scenarios/{sc}", headers=auth(tokens, user)).status_code
    assert status("us-viewer", sid) == 200
    assert status("kr-analyst", sid) == 404
    # public: every user
    pid = shared.post("/api/scenarios?visibility=public", json=dy_ban, headers=jp).json()["id"]
    assert status("kr-analyst", pid) == 200


def test_runs_are_private_to_their_partner(shared, tokens, dy_ban, wait_for) -> None:
    us, kr = auth(tokens, "us-analyst"), auth(tokens, "kr-analyst")
    run = shared.post("/api/runs", json={"scenario": dy_ban}, headers=us).json()
    assert shared.get(f"/api/runs/{run['id']}", headers=kr).status_code == 404
    assert shared.post(f"/api/runs/{run['id']}/cancel", headers=kr).status_code == 404
    assert shared.get("/api/runs", headers=kr).json() == []
    assert [r["id"] for r in shared.get("/api/runs", headers=us).json()] == [run["id"]]
    # the same partner's viewer sees it but may not cancel it
    viewer = auth(tokens, "us-viewer")
    assert shared.get(f"/api/runs/{run['id']}", headers=viewer).status_code == 200
    assert shared.post(f"/api/runs/{run['id']}/cancel",
                       headers=auth(tokens, "us-viewer")).status_code == 403


def test_an_analyst_deletes_their_own_and_an_admin_any_of_the_partner(shared, tokens, dy_ban):
    jp = auth(tokens, "jp-analyst")
    a = shared.post("/api/scenarios", json=dy_ban, headers=jp).json()["id"]
    b = shared.post("/api/scenarios", json=dy_ban, headers=auth(tokens, "jp-admin")).json()["id"]
    assert shared.delete(f"/api/scenarios/{b}", headers=jp).status_code == 403
    assert shared.delete(f"/api/scenarios/{a}", headers=jp).status_code == 204
    assert shared.delete(f"/api/scenarios/{b}", headers=auth(tokens, "jp-admin")).status_code == 204


def _private_dataset(data_dir: Path) -> None:
    import shutil

    from critmin.data.io import bundled_path

    folder = data_dir / "datasets" / "jp-private"
    shutil.copytree(bundled_path("sample"), folder)
    meta = (folder / "dataset.yaml").read_text(encoding="utf-8")
    (folder / "dataset.yaml").write_text(
        meta + "\naccess: {partner: JPN, visibility: private}\n", encoding="utf-8")


def test_a_private_dataset_is_invisible_to_other_partners(shared, tokens, data_dir, dy_ban):
    _private_dataset(data_dir)
    jp, us = auth(tokens, "jp-analyst"), auth(tokens, "us-analyst")
    assert "jp-private" in [d["name"] for d in shared.get("/api/datasets", headers=jp).json()]
    assert "jp-private" not in [d["name"] for d in shared.get("/api/datasets", headers=us).json()]
    for url in ("/api/datasets/jp-private", "/api/datasets/jp-private/tables/capacity",
                "/api/datasets/jp-private/sources"):
        assert shared.get(url, headers=us).status_code == 404, url
        assert shared.get(url, headers=jp).status_code == 200, url
    res = shared.post("/api/runs", json={"scenario": dy_ban, "dataset": "jp-private"},
                      headers=us)
    assert res.status_code == 404


# partner-private figures ------------------------------------------------------------------
JOGMEC_T = 431.25  # a figure nobody but Japan may see (made up for the test)

STOCK_ROW = ("country,holder,holder_type,stage,material,as_of,quantity_t,"
             "max_release_t_per_year,source_id,note\n"
             f"JPN,JOGMEC,state,magnet,NdFeB,2026-10,{JOGMEC_T},,jogmec-private,"
             "holdings given to the coalition's runs only\n")
SOURCE_ROW = ("source_id,title,publisher,year,url,accessed,license,note\n"
              "jogmec-private,JOGMEC holdings (partner-private),JOGMEC,2026,"
              "https://www.jogmec.go.jp/,2026-12-02,,not public\n")


def _overlay(data_dir: Path) -> None:
    folder = data_dir / "overlays" / "jogmec"
    folder.mkdir(parents=True)
    (folder / "overlay.yaml").write_text("partner: JPN\nof: reference\n", encoding="utf-8")
    (folder / "stockpiles.csv").write_text(STOCK_ROW, encoding="utf-8")
    (folder / "sources.csv").write_text(SOURCE_ROW, encoding="utf-8")


def _figures(node) -> list[float]:
    if isinstance(node, dict):
        return [x for v in node.values() for x in _figures(v)]
    if isinstance(node, list):
        return [x for v in node for x in _figures(v)]
    return [float(node)] if isinstance(node, int | float) and not isinstance(node, bool) else []


def test_a_partners_private_stockpile_feeds_the_run_but_only_it_sees_the_figure(
        shared, tokens, data_dir, dy_ban, wait_for) -> None:
    us, jp = auth(tokens, "us-analyst"), auth(tokens, "jp-analyst")
    dy_ban["measures"] = [{"type": "stockpile_release", "country": "JPN", "stage": "magnet",
                           "material": "NdFeB", "start": "2025-04"}]
    dy_ban["name"] = "dy-ban-with-jogmec"
    before = wait_for(shared, shared.post("/api/runs", json={"scenario": dy_ban},
                                          headers=us).json()["id"], headers=us)
    _overlay(data_dir)
    run = shared.post("/api/runs", json={"scenario": dy_ban, "visibility": "coalition"},
                      headers=us).json()
    after = wait_for(shared, run["id"], headers=us)
    assert after["status"] == "done", after["error"]
    assert "overlays" not in str(after["request"])
    # the figure fed the run: Japan's magnet shortfall is smaller than without it
    def jp_short(r: dict) -> float:
        return r["result"]["summary"]["goods"]["magnet/NdFeB"]["by_country_t"].get("JPN", 0.0)
    assert jp_short(after) < jp_short(before)
    # ... Japan sees its stock row, with the figure
    mine = shared.get(f"/api/runs/{run['id']}", headers=jp).json()["result"]
    rows = [s for s in mine["summary"]["stocks"] if s["country"] == "JPN"]
    assert rows and rows[0]["opening_t"] == pytest.approx(JOGMEC_T)
    assert any(r["country"] == "JPN" and r["material"] == "NdFeB" for r in mine["stocks"])
    # ... the US, who started the run, does not: no JPN Dy stock row, and not the figure
    theirs = after["result"]
    assert not [s for s in theirs["summary"]["stocks"] if s["country"] == "JPN"]
    assert not [r for r in theirs["stocks"] if r["country"] == "JPN"]
    assert JOGMEC_T not in _figures(theirs)
    assert "coalition totals" in theirs["redacted"]
    # nor through the run page, its downloads or the list
    page = shared.get(f"/runs/{run['id']}", headers={**us, "accept": "text/html"})
    assert page.status_code == 200 and "431.2" not in page.text and "JOGMEC" not in page.text


def test_a_malformed_overlay_stops_the_run_naming_file_row_and_rule(
        shared, tokens, data_dir, dy_ban) -> None:
    _overlay(data_dir)
    bad = STOCK_ROW.replace("JPN,JOGMEC", "USA,JOGMEC")
    (data_dir / "overlays" / "jogmec" / "stockpiles.csv").write_text(bad, encoding="utf-8")
    res = shared.post("/api/runs", json={"scenario": dy_ban}, headers=auth(tokens, "us-analyst"))
    assert res.status_code == 409
    problem = res.json()["detail"]["problems"][0]
    assert problem["file"] == "jogmec/stockpiles.csv" and problem["row"] == 2
    assert problem["column"] == "country"


def test_the_audit_log_says_who_did_what_and_cannot_be_changed(
        shared, tokens, database, dy_ban, wait_for) -> None:
    jp = auth(tokens, "jp-analyst")
    sid = shared.post("/api/scenarios", json=dy_ban, headers=jp).json()["id"]
    shared.get(f"/api/scenarios/{sid}", headers=jp)
    run = shared.post("/api/runs", json={"scenario_id": sid}, headers=jp).json()
    wait_for(shared, run["id"], headers=jp)
    shared.delete(f"/api/scenarios/{sid}", headers=jp)
    assert shared.get("/api/audit", headers=jp).status_code == 403
    log = shared.get("/api/audit", headers=auth(tokens, "jp-admin")).json()
    done = [(e["actor"], e["action"], e["kind"], e["object_id"]) for e in reversed(log)]
    assert ("jp-analyst", "create", "scenario", sid) in done
    assert ("jp-analyst", "read", "scenario", sid) in done
    assert ("jp-analyst", "run", "run", run["id"]) in done
    assert ("jp-analyst", "read", "run", run["id"]) in done
    assert ("jp-analyst", "delete", "scenario", sid) in done
    assert done.index(("jp-analyst", "create", "scenario", sid)) < done.index(
        ("jp-analyst", "delete", "scenario", sid))
    # another partner's admin would not see Japan's entries
    assert shared.get("/api/audit", headers=auth(tokens, "kr-analyst")).status_code == 403
    store = Store(database)  # the database itself refuses, whoever connects
    for sql in ("UPDATE audit SET actor = 'someone else'", "DELETE FROM audit"):
        with pytest.raises(Exception, match="append-only"):  # either driver's error
            store._execute(sql)
    assert len(store.list_audit()) == len(log)


def test_signing_in_sets_a_strict_cookie_and_never_redirects_away(shared, tokens) -> None:
    res = shared.post("/login", data={"token": tokens["us-viewer"], "next": "//evil.example/"},
                      follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == "/"
    cookie = res.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert shared.get("/runs", headers={"accept": "text/html"}).status_code == 200
    wrong = shared.post("/login", data={"token": "cm_wrong", "next": "/runs"},
                        follow_redirects=False)
    assert wrong.headers["location"].startswith("/login?failed=1")


def test_local_mode_is_one_person_who_sees_everything(client: TestClient, dy_ban) -> None:
    assert client.get("/api/me").json() == {"name": "local", "partner": None,
                                             "role": "admin", "local": True}
    made = client.post("/api/scenarios", json=dy_ban).json()
    assert made["visibility"] == "public" and made["partner"] is None


def test_a_database_of_an_older_critmin_gets_the_new_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE scenarios (id TEXT PRIMARY KEY, name TEXT NOT NULL, body TEXT NOT NULL,
                                created_at TEXT NOT NULL);
        INSERT INTO scenarios VALUES ('abc', 'old one', '{}', '2025-01-01T00:00:00');""")
    con.commit()
    con.close()
    store = Store(path)
    old = store.get_scenario("abc")
    assert old is not None and old["visibility"] == "public" and old["partner"] is None
    assert [s["id"] for s in store.list_scenarios()] == ["abc"]
