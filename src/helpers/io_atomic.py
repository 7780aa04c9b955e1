"""Atomic writes: a build killed mid-write leaves the previous file whole, never half a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


FILE_MODE = 0o666 & ~_umask()  # what open() would have given; mkstemp alone gives 0600


def atomic_write_bytes(target: str | Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over the target."""

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())

    atomic_write_with(target, write)


def atomic_write_text(target: str | Path, text: str) -> None:
    atomic_write_bytes(target, text.encode("utf-8"))


def atomic_write_with(target: str | Path, writer: Callable[[Path], None]) -> None:
    """For libraries that want a path (Parquet, PNG): let them write a temp file, then rename."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    try:
        writer(Path(tmp))
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_if_changed(target: str | Path, text: str) -> bool:
    """Leave the file (and its mtime) alone when the content is the same, so make skips work."""
    target = Path(target)
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return False
    atomic_write_text(target, text)
    return True


def write_bytes_if_changed(target: str | Path, data: bytes) -> bool:
    """Like write_text_if_changed, for bytes (Parquet): unchanged outputs keep their mtime."""
    target = Path(target)
    if target.exists() and target.read_bytes() == data:
        return False
    atomic_write_bytes(target, data)
    return True
