"""JSON for results: one rule for numpy values, NaN, infinity and DataFrame rows.

Every JSON critmin writes (CLI ``--format json``, ``summary.json`` files, API payloads,
stored runs) goes through :func:`json_safe` or :func:`dumps`: numpy scalars become Python
values, NaN, ±inf, ``pd.NA`` and ``NaT`` become ``null``, dict keys become text.

>>> import numpy as np
>>> dumps({"a": np.float64(1.5), "b": float("nan"), 3: [np.int64(2), float("inf")]}, indent=None)
'{"a": 1.5, "b": null, "3": [2, null]}'
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


def json_safe(obj: Any) -> Any:
    """``obj`` made JSON-ready, also inside dicts, lists and tuples: numpy scalars as Python
    values, NaN, ±inf, ``pd.NA`` and ``NaT`` as None, dict keys as text; other values
    unchanged."""
    if isinstance(obj, dict):
        return {str(k): json_safe(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [json_safe(v) for v in obj]
    if type(obj).__name__ == "Period":  # pandas.Period: its label, e.g. "2025-03"
        return str(obj)
    if hasattr(obj, "item") and not isinstance(obj, str):
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if obj is not None and type(obj).__name__ in ("NAType", "NaTType"):
        return None
    return obj


def dumps(obj: Any, indent: int | None = 2) -> str:
    """JSON text of ``obj`` after :func:`json_safe` (values JSON cannot hold become text)."""
    return json.dumps(json_safe(obj), indent=indent, allow_nan=False, ensure_ascii=False,
                      default=str)


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``df`` as JSON-ready dicts (see :func:`json_safe`)."""
    cols = [str(c) for c in df.columns]
    return [dict(zip(cols, json_safe(list(row)), strict=True))
            for row in df.itertuples(index=False, name=None)]
