"""Every HiGHS solve has a time limit (issue 16: a NaN priority kept HiGHS busy for ten
minutes with no way to stop it); the limit is the configured one."""

from __future__ import annotations

from critmin.chain.highs import new_highs


def test_every_solver_carries_the_configured_time_limit(monkeypatch) -> None:
    assert new_highs().getOptionValue("time_limit")[1] == 600.0
    monkeypatch.setenv("CRITMIN_SOLVE_SECONDS", "7")
    assert new_highs().getOptionValue("time_limit")[1] == 7.0
