"""Shared fixtures: the bundled reference and sample datasets, a copy to break, toy data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from critmin.data import bundled_path, load_dataset, load_sample


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
