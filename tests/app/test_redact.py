"""What another partner sees of a run fed with one partner's private stockpile."""

from __future__ import annotations

from critmin.app.redact import redact

PRIVATE = [{"partner": "JPN", "country": "JPN", "stage": "magnet", "material": "NdFeB"}]


def _result() -> dict:
    return {
        "stocks": [  # per period: two coalition holders of one good, one of another good
            {"country": "JPN", "stage": "magnet", "material": "NdFeB", "period": "2025-04",
             "opening_t": 400.0, "release_t": 30.0, "closing_t": 370.0},
            {"country": "USA", "stage": "magnet", "material": "NdFeB", "period": "2025-04",
             "opening_t": 100.0, "release_t": 10.0, "closing_t": 90.0},
            {"country": "USA", "stage": "separation", "material": "Dy", "period": "2025-04",
             "opening_t": 5.0, "release_t": 1.0, "closing_t": 4.0},
            {"country": "DEU", "stage": "magnet", "material": "NdFeB", "period": "2025-04",
             "opening_t": 7.0, "release_t": 0.0, "closing_t": 7.0},
        ],
        "summary": {"stocks": [
            {"kind": "stockpile", "country": "JPN", "good": "magnet/NdFeB", "opening_t": 400.0,
             "cover_months": 2.5, "exhausted": False}],
            "warnings": ["JPN's stock of NdFeB lasted 3 months", "USA: Dy priced out"]},
    }


def test_private_rows_are_pooled_with_the_coalitions_and_never_shown_alone() -> None:
    out = redact(_result(), PRIVATE, "USA", ["JPN", "USA"])
    magnets = [r for r in out["stocks"] if r["material"] == "NdFeB"]
    # JPN and USA pooled (400 + 100 = 500 t opening, 40 t released), DEU untouched
    assert {r["country"] for r in magnets} == {"JPN+USA", "DEU"}
    pooled = next(r for r in magnets if r["country"] == "JPN+USA")
    assert pooled["opening_t"] == 500.0 and pooled["release_t"] == 40.0
    assert pooled["closing_t"] == 460.0 and pooled["period"] == "2025-04"
    # the other good is the US's own figure and stays
    assert any(r["material"] == "Dy" and r["country"] == "USA" for r in out["stocks"])
    # a one-holder total would be Japan's figure: withheld; non-additive numbers blank
    assert out["summary"]["stocks"] == []
    assert out["summary"]["warnings"] == ["USA: Dy priced out"]
    assert "coalition totals" in out["redacted"]


def test_the_owner_and_the_local_user_see_everything() -> None:
    assert redact(_result(), PRIVATE, "JPN", ["JPN", "USA"]) == _result()
    assert redact(_result(), PRIVATE, None, ["JPN", "USA"]) == _result()
    assert redact(_result(), [], "USA", ["JPN", "USA"]) == _result()
