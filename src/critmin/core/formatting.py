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


def is_year_column(name: object) -> bool:
    """True for a column of calendar years (``year``, ``start_year``, ``trade_year``, …),
    which print as years, never as ``2,025``."""
    n = str(name)
    return n == "year" or n.endswith("_year")


def format_cell(value: object, column: object) -> str:
    """Readable text for a numeric cell of ``column``: a year as a year, else
    :func:`format_number` for floats.

    >>> format_cell(2025.0, "start_year"), format_cell(2025.0, "capacity_t")
    ('2025', '2,025')
    """
    if is_year_column(column) and isinstance(value, int | float) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, float):
        return format_number(value)
    return str(value)
