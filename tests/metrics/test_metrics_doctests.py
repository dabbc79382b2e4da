"""The examples in the docstrings of critmin.metrics run and give what they say."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["critmin.metrics", "critmin.metrics.concentration", "critmin.metrics.reliance",
           "critmin.metrics.exposure"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
