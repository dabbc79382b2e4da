"""Defaults shared by every layer, importable without pandas or pydantic (the command
line reads them at start-up)."""

from __future__ import annotations

#: The coalition of a scenario, plan, command or page that names none: the parties to the
#: US–Japan framework of 28 October 2025.
DEFAULT_COALITION: tuple[str, ...] = ("USA", "JPN")
