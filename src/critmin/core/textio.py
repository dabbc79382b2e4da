"""The one reader of text files: every file critmin reads because a user named it.

UTF-8, with or without a byte-order mark, is accepted; anything else (Latin-1, UTF-16,
a binary file) is refused with a message that names the file and the byte offset of the
first byte that is not UTF-8. A path that is not a regular file (a folder, ``/dev/null``,
a missing file) and a file over the size limit are refused before anything is read.
"""

from __future__ import annotations

import os
from pathlib import Path

from critmin.core.limits import limits
from critmin.exceptions import InputError

_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
         (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))


def decode_text(data: bytes, where: str, error: type[Exception] = InputError) -> str:
    """``data`` as text if it is UTF-8 (a leading byte-order mark is dropped).

    >>> decode_text(b"\\xef\\xbb\\xbfa,b", "t.csv")
    'a,b'
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            msg = f"{where}: the file is {name}; save it as UTF-8"
            raise error(msg)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        msg = f"{where}: not a text file (a NUL byte at byte offset {nul}); expected UTF-8 text"
        raise error(msg)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start:exc.start + 1].hex()
        msg = (f"{where}: not UTF-8 (byte 0x{bad} at byte offset {exc.start}); "
               "save the file as UTF-8")
        raise error(msg) from None


def read_text(path: str | os.PathLike[str], what: str = "file",
              error: type[Exception] = InputError, max_bytes: int | None = None) -> str:
    """The text of the file at ``path``, checked as :func:`decode_text` says.

    ``what`` names the kind of file in messages (``scenario``, ``plan``, ...); ``error``
    is the exception raised (an :class:`InputError` by default); ``max_bytes`` defaults
    to the ``text_bytes`` limit.
    """
    p = Path(path)
    limit = limits().text_bytes if max_bytes is None else max_bytes
    try:
        if not p.is_file():
            kind = "a folder" if p.is_dir() else ("not a regular file" if p.exists() else None)
            msg = f"{p}: no {what} file at this path" + (f" ({kind})" if kind else "")
            raise error(msg)
        size = p.stat().st_size
        if size > limit:
            msg = f"{p}: {size:,} bytes; a {what} file may have at most {limit:,}"
            raise error(msg)
        data = p.read_bytes()
    except OSError as exc:
        msg = f"{p}: cannot read the {what} file ({exc.strerror or exc})"
        raise error(msg) from None
    return decode_text(data, str(p), error)
