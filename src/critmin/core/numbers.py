"""What a number is, in any table critmin reads: one rule for the checker and the loader.

ASCII digits only (no ``١٢٣`` nor ``１２３``, which Python's ``float`` would take), an
optional sign, decimal point and exponent; no ``_`` separators, no ``nan`` nor ``inf``;
at most :attr:`~critmin.core.limits.Limits.number_chars` characters; finite; an integer
fits in 53 bits (it is exact as a float and as an ``int64``).
"""

from __future__ import annotations

import math
import re

from critmin.core.limits import limits

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?", re.ASCII)
MAX_INTEGER = 2**53


def parse_number(text: str, integer: bool = False) -> float | None:
    """The value of ``text`` as a number, or None if it is not one by critmin's rule.

    >>> parse_number("1.5e3"), parse_number("nan"), parse_number("1_000"), parse_number("١٢٣")
    (1500.0, None, None, None)
    >>> parse_number("3", integer=True), parse_number("3.5", integer=True)
    (3.0, None)
    """
    if len(text) > limits().number_chars or not _NUMBER.fullmatch(text):
        return None
    x = float(text)
    if not math.isfinite(x):
        return None
    if integer and (not x.is_integer() or abs(x) > MAX_INTEGER):
        return None
    return x


def number_rule(integer: bool = False) -> str:
    """The rule of :func:`parse_number` in words, for error messages."""
    kind = "an integer" if integer else "a number"
    return (f"{kind} (ASCII digits, optional sign, decimal point and exponent; "
            "no nan, inf or '_')")
