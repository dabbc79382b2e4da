"""Atomic writes: results appear whole or not at all.

:func:`atomic_directory` builds an output folder in a temporary sibling and renames it into
place only when everything was written; :func:`atomic_write_text` and
:func:`atomic_write_parquet` do the same for one file. A folder critmin wrote carries a
marker file, so critmin replaces its own earlier output but never a folder of the user's.
Every file or folder critmin writes goes through this module.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

MARKER = ".critmin-output"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Age after which a temporary sibling of an output is a leftover of a killed write.
STALE_SECONDS = 3600
#: File that marks a temporary output folder while critmin writes it.
TMP_TAG = ".critmin-writing"


def clean_stale(parent: Path, name: str, older_than: float = STALE_SECONDS) -> list[Path]:
    """Remove what a killed write of output ``name`` left in ``parent``, if older than
    ``older_than`` seconds (a write still running is younger): temporary folders, known
    by their :data:`TMP_TAG` file, and temporary files ``.NAME-XXXXXXXX``. Return them."""
    now = time.time()
    removed = []
    pattern = re.compile(rf"\.{re.escape(name)}-(old-)?[a-z0-9_]{{8}}")
    for p in parent.iterdir():
        if not pattern.fullmatch(p.name):
            continue
        try:
            if now - p.lstat().st_mtime < older_than:
                continue
            if p.is_dir() and not p.is_symlink():
                if not (p / TMP_TAG).exists():
                    continue  # not a folder critmin was writing
                shutil.rmtree(p)
            elif p.is_file():
                p.unlink()
        except OSError:
            continue
        removed.append(p)
    return removed


def _sync(path: Path) -> None:
    """Flush a file's or a folder's entries to the disk (before and after a rename, so a
    power cut leaves the old result or the new one, never a renamed empty file)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:  # some file systems cannot sync a folder; the rename is still atomic
        pass
    finally:
        os.close(fd)


def _sync_tree(folder: Path) -> None:
    for root, _dirs, files in os.walk(folder):
        for name in files:
            _sync(Path(root) / name)
        _sync(Path(root))


def check_folder_target(target: str | os.PathLike[str]) -> Path:
    """``target`` as a Path if it can become an output folder: not an existing file (such
    as ``/etc/passwd``) and not the root folder; :class:`FileExistsError` otherwise."""
    target = Path(target)
    if target.exists() and not target.is_dir():
        msg = f"{target} exists and is not a folder; refusing to replace it"
        raise FileExistsError(msg)
    if not target.resolve().name:
        msg = f"{target} is the root folder; give a folder to write into"
        raise FileExistsError(msg)
    return target


@contextlib.contextmanager
def atomic_directory(target: str | os.PathLike[str], marker: str = MARKER,
                     what: str = "was not written by critmin") -> Iterator[Path]:
    """Yield a temporary folder; on success it replaces ``target`` as a whole.

    ``marker`` is the file that makes a folder critmin's own (replaceable): the
    ``.critmin-output`` file, written here, by default; a dataset folder passes
    ``dataset.yaml``, which its content holds. ``what`` ends the refusal's message.

    Raises
    ------
    FileExistsError
        If ``target`` exists, is not empty and has no ``marker``.
    """
    target = check_folder_target(target)
    if target.exists() and any(target.iterdir()) and not (target / marker).exists():
        msg = f"{target} exists and {what}; refusing to replace it"
        raise FileExistsError(msg)
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(target.parent, target.name)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes 0700; give the usual permissions
    (tmp / TMP_TAG).touch()
    try:
        yield tmp
        (tmp / TMP_TAG).unlink()
        if not (tmp / marker).exists():
            (tmp / marker).write_text("written by critmin\n", encoding="utf-8")
        _sync_tree(tmp)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
            old.rmdir()
            target.rename(old)
            tmp.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(target)
        _sync(target.parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it is renamed to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(path.parent, path.name)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_umask())
    try:
        yield Path(tmp)
        _sync(Path(tmp))
        os.replace(tmp, path)
        _sync(path.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file and an atomic rename."""
    with atomic_file(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def atomic_write_parquet(df: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write ``df`` (without its index) to the Parquet file ``path`` atomically."""
    with atomic_file(path) as tmp:
        df.to_parquet(tmp, index=False)
    return Path(path)
