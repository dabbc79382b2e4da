"""Number formatting shared by the terminal tables and the HTML report, and JSON safety."""

from __future__ import annotations

import math
from typing import Any


def format_number(value: float) -> str:
    """Readable text for a quantity: thousands separated, about four significant digits.

    >>> format_number(74874.0), format_number(0.6923), format_number(12.0), format_number(3e-5)
    ('74,874', '0.6923', '12', '3e-05')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    x = float(value)
    if x == 0:
        return "0"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) < 1e-3:
        return f"{x:.3g}"
    return f"{x:.4g}"


def json_safe(obj: Any) -> Any:
    """``obj`` made JSON-ready, also inside dicts, lists and tuples: numpy scalars as Python
    values, NaN and ±inf as None, dict keys as text; other values unchanged."""
    if isinstance(obj, dict):
        return {str(k): json_safe(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [json_safe(v) for v in obj]
    if hasattr(obj, "item") and not isinstance(obj, str):
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj
