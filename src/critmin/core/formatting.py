"""Number formatting shared by the terminal tables and the HTML report."""

from __future__ import annotations

import math


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
