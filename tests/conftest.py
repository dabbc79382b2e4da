"""Shared fixtures: the bundled reference and sample datasets, a copy to break, toy data."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from critmin.data import bundled_path, load_dataset, load_sample

# Property tests are derandomised by default so that CI is repeatable (a counterexample
# found once becomes a plain test); HYPOTHESIS_PROFILE=explore searches afresh each run.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(scope="session")
def reference():
    """The bundled reference dataset (loaded once; do not edit its tables)."""
    return load_dataset()


@pytest.fixture(scope="session")
def sample():
    """The bundled sample dataset (loaded once)."""
    return load_sample()


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A writable copy of the sample dataset folder."""
    dst = tmp_path / "sample"
    shutil.copytree(bundled_path("sample"), dst)
    return dst
