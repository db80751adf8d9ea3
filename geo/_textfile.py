"""Reading a user's text file (a catalogue file, a news article) with one set of checks and messages."""

from __future__ import annotations

from pathlib import Path

from .errors import UnreadableText

__all__ = ["UnreadableText", "read_text"]


def read_text(path: Path, *, max_bytes: int, expected: str) -> str:
    """The file's text (UTF-8, a leading BOM dropped); :class:`UnreadableText` if it is missing,
    larger than ``max_bytes`` (checked before reading), binary or not UTF-8."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise UnreadableText(f"file too large ({size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB)")
        raw = path.read_bytes()
    except OSError as exc:
        raise UnreadableText(f"cannot read file ({exc.strerror})") from None
    if b"\x00" in raw:
        raise UnreadableText(f"binary file, expected {expected}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UnreadableText(f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                             "save the file as UTF-8", line) from None
