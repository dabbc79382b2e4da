"""Periods of a horizon and how much of a period a dated window covers.

Time is counted in *month indices*: ``year * 12 + (month - 1)``, so January 2025 is
``24300`` and a period ``[a, b)`` spans ``b - a`` months. A day inside a month is a
fraction of that month (``2025-10-09`` starts at ``index(2025-10) + 8/31``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

_PERIOD = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def normalise_period(value: object) -> str:
    """Text form ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` of a YAML scalar (int, date or str)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        msg = f"{value!r} is not a period (use YYYY, YYYY-MM or YYYY-MM-DD)"
        raise ValueError(msg)
    text = str(value).strip()
    m = _PERIOD.match(text)
    if not m:
        msg = f"{text!r} is not a period (use YYYY, YYYY-MM or YYYY-MM-DD)"
        raise ValueError(msg)
    year, month, day = int(m[1]), m[2], m[3]
    if month is not None and not 1 <= int(month) <= 12:
        msg = f"{text!r}: month must be 1-12"
        raise ValueError(msg)
    if day is not None and not 1 <= int(day) <= calendar.monthrange(year, int(month))[1]:
        msg = f"{text!r}: no such day"
        raise ValueError(msg)
    return text


def month_label(index: float) -> str:
    """``"YYYY-MM"`` of the month index ``index`` (rounded to a whole month)."""
    y, m = divmod(round(index), 12)
    return f"{y}-{m + 1:02d}"


def period_start(text: str) -> float:
    """Month index at which ``text`` begins (inclusive)."""
    m = _PERIOD.match(text)
    if not m:
        msg = f"{text!r} is not a period"
        raise ValueError(msg)
    year = int(m[1])
    month = int(m[2]) if m[2] else 1
    idx = year * 12 + (month - 1)
    if m[3]:
        idx += (int(m[3]) - 1) / calendar.monthrange(year, month)[1]
    return float(idx)


def period_end(text: str) -> float:
    """Month index at which ``text`` ends (exclusive): ``2025`` → January 2026, ``2025-12`` →
    January 2026, ``2025-10-09`` → the end of 9 October."""
    m = _PERIOD.match(text)
    if not m:
        msg = f"{text!r} is not a period"
        raise ValueError(msg)
    year = int(m[1])
    if not m[2]:
        return float((year + 1) * 12)
    month = int(m[2])
    idx = year * 12 + (month - 1)
    if m[3]:
        return idx + int(m[3]) / calendar.monthrange(year, month)[1]
    return float(idx + 1)


@dataclass(frozen=True)
class Period:
    """One period of a run: its label, calendar year and month span ``[start, end)``."""

    label: str
    year: int
    start: float
    end: float

    @property
    def months(self) -> float:
        return self.end - self.start

    @property
    def fraction_of_year(self) -> float:
        """Length in years: 1/12 for a month, 1 for a year (flows in t/yr are multiplied by it)."""
        return self.months / 12.0

    def overlap(self, start: float, end: float) -> float:
        """Share (0-1) of this period covered by the window ``[start, end)``."""
        return max(0.0, min(self.end, end) - max(self.start, start)) / self.months


def make_periods(start: str, end: str, step: str) -> list[Period]:
    """Periods from ``start`` to ``end`` (inclusive) in steps of a ``month`` or a ``year``."""
    return list(_periods(start, end, step))


@functools.lru_cache(maxsize=64)
def _periods(start: str, end: str, step: str) -> tuple[Period, ...]:
    a, b = period_start(start), period_end(end)
    out: list[Period] = []
    if step == "year":
        for y in range(int(a // 12), int((b - 1) // 12) + 1):
            out.append(Period(str(y), y, float(y * 12), float((y + 1) * 12)))
    else:
        for i in range(int(a), int(b)):
            y, mth = divmod(i, 12)
            out.append(Period(f"{y}-{mth + 1:02d}", y, float(i), float(i + 1)))
    return tuple(out)
