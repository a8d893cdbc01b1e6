"""Files on disk, read and written one way everywhere: UTF-8 text or a one-line error, atomic writes, sha256.

Every module that reads a text file the user gave (a dataset table, a sector
map, a named run, a schedule, a manifest) reads it with :func:`read_text`, so a
missing file or a byte that is not UTF-8 is reported the same way, with the
line it is on. Every file the project writes goes through :func:`write_atomic`:
a temporary file in the same folder, then a rename, so a reader (or a second
process) never sees half a file. Its mode is what ``open`` would give under the
process's umask (0644 under umask 022), not ``mkstemp``'s private 0600, so a web
server or another worker can read every file of a report.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from deficit_report.errors import UserInputError


def shown(path: str | Path) -> str:
    """Return a path as a message shows it: relative to the current folder when inside it.

    Examples
    --------
    >>> shown(Path.cwd() / "data" / "raw"), shown("/elsewhere/x")
    ('data/raw', '/elsewhere/x')
    """
    path = Path(path).absolute()
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of a file's bytes.

    Examples
    --------
    >>> p = Path(tempfile.mkdtemp()) / "x.txt"; _ = p.write_bytes(b"abc")
    >>> sha256_of(p)[:16]
    'ba7816bf8f01cfea'
    """
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def decode_utf8(raw: bytes, path: Path) -> str:
    """Decode file bytes as UTF-8, or raise an error naming the line of the first bad byte.

    A leading UTF-8 byte-order mark (what a spreadsheet program's "CSV UTF-8"
    writes) is dropped: it is not part of the text. The bytes on disk, BOM
    included, are still what a file's sha256 is taken of.

    Examples
    --------
    >>> decode_utf8(b"a,b\\n1,2\\n", Path("t.csv"))
    'a,b\\n1,2\\n'
    >>> decode_utf8(b"\\xef\\xbb\\xbfa,b\\r\\n", Path("t.csv"))
    'a,b\\r\\n'
    >>> decode_utf8(b"a,b\\n1,\\xe9\\n", Path("t.csv"))
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: t.csv, line 2: expected UTF-8 text, found byte 0xe9 (save the file as UTF-8)
    """
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UserInputError(
            f"expected UTF-8 text, found byte 0x{raw[exc.start]:02x} (save the file as UTF-8)", file=path, row=line
        ) from None


def read_text(path: str | Path, what: str = "file") -> str:
    """Return a file's text, or raise a one-line error: not found, or not UTF-8 (with the line).

    Parameters
    ----------
    path : str or Path
        The file.
    what : str
        What the file is, for the not-found message (``"sector map"``, ``"schedule"``).

    Examples
    --------
    >>> read_text("no/such/map.csv", "sector map")
    Traceback (most recent call last):
    ...
    deficit_report.errors.UserInputError: no/such/map.csv: sector map not found
    """
    path = Path(path)
    if not path.is_file():
        raise UserInputError(f"{what} not found", file=path)
    return decode_utf8(path.read_bytes(), path)


def current_umask() -> int:
    """Return the process's umask without changing it (Linux reads it from /proc; elsewhere set and restore).

    Examples
    --------
    >>> 0 <= current_umask() <= 0o777
    True
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: str | Path, data: bytes | str, *, exclusive: bool = False) -> Path:
    """Write ``data`` (text is written as UTF-8) through a temporary file; with ``exclusive``, never replace a file.

    Examples
    --------
    >>> p = Path(tempfile.mkdtemp()) / "a.txt"
    >>> write_atomic(p, "x").read_bytes()
    b'x'
    >>> write_atomic(p, b"y", exclusive=True)
    Traceback (most recent call last):
    ...
    FileExistsError: ...
    >>> p.read_bytes(), sorted(f.name for f in p.parent.iterdir())
    (b'x', ['a.txt'])
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~current_umask())  # mkstemp makes 0600; a report is read by others
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if exclusive:
            os.link(tmp, path)  # fails if path exists: no silent overwrite, no race
        else:
            os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
