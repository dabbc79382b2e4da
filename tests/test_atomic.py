"""Outputs are written whole or not at all, and never over a folder critmin did not write."""

from pathlib import Path

import pytest

from critmin.core.files import MARKER, atomic_directory, atomic_write_text


def test_directory_appears_only_on_success(tmp_path: Path) -> None:
    target = tmp_path / "out"

    def crash_half_way() -> None:
        with atomic_directory(target) as d:
            (d / "half.csv").write_text("a\n")
            raise RuntimeError("solver crashed")

    with pytest.raises(RuntimeError):
        crash_half_way()
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary folder left behind


def test_directory_replaces_its_own_earlier_output(tmp_path: Path) -> None:
    target = tmp_path / "out"
    with atomic_directory(target) as d:
        (d / "old.csv").write_text("1\n")
    with atomic_directory(target) as d:
        (d / "new.csv").write_text("2\n")
    assert sorted(p.name for p in target.iterdir()) == [MARKER, "new.csv"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_directory_refuses_a_user_folder(tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("years of work")
    with pytest.raises(FileExistsError, match="not written by critmin"), \
            atomic_directory(tmp_path):
        pass
    assert (tmp_path / "thesis.tex").read_text() == "years of work"


def test_write_text(tmp_path: Path) -> None:
    p = atomic_write_text(tmp_path / "a" / "s.json", "{}\n")
    assert p.read_text() == "{}\n"
    assert [x.name for x in p.parent.iterdir()] == ["s.json"]


def test_written_bytes_are_synced_before_the_rename(tmp_path: Path, monkeypatch) -> None:
    """fsync of the file and of the folder brackets the rename (issue 16): after a power
    cut the old result or the new one is there, never a renamed file with no content."""
    import os

    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: events.append(
        "sync " + Path(os.readlink(f"/proc/self/fd/{fd}")).name) or real_fsync(fd))
    monkeypatch.setattr(os, "replace", lambda a, b: events.append(
        f"replace {Path(b).name}") or real_replace(a, b))
    atomic_write_text(tmp_path / "result.txt", "42\n")
    assert events[0].startswith("sync .result.txt-")
    assert events[1:] == ["replace result.txt", f"sync {tmp_path.name}"]
    assert (tmp_path / "result.txt").read_text(encoding="utf-8") == "42\n"


def test_a_killed_writes_temp_folder_is_cleaned_up_by_the_next_write(tmp_path: Path) -> None:
    """A write killed before its rename leaves ``.out-xxxx`` behind; the next write of the
    same output removes it once it is an hour old, never a younger one (issue 16)."""
    import os
    import time

    old = tmp_path / ".out-k1ll3d_x"
    old.mkdir()
    (old / ".critmin-writing").touch()  # as atomic_directory tags the folder it writes
    (old / "half.csv").write_text("a,b\n", encoding="utf-8")
    users = tmp_path / ".out-backup12"  # same shape, not critmin's: left alone
    users.mkdir()
    hour_ago = time.time() - 3700
    young = tmp_path / ".out-running1"
    young.mkdir()
    (young / ".critmin-writing").touch()
    for p in (old, users):
        os.utime(p, (hour_ago, hour_ago))
    with atomic_directory(tmp_path / "out") as tmp:
        (tmp / "x.txt").write_text("1", encoding="utf-8")
    assert not old.exists()
    assert young.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out-backup12", ".out-running1",
                                                          "out"]
    assert not (tmp_path / "out" / ".critmin-writing").exists()
