"""Shared set-up of the stocks tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def _flodym_imported() -> None:
    """Import flodym (and scipy) once, so that its one-off import time is not billed to the
    first test that runs the kernel."""
    import flodym  # noqa: F401
