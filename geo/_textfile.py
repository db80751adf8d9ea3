"""Reading a user's text file (a catalogue file, a news article) with one set of checks and messages."""

from __future__ import annotations

import stat
from pathlib import Path

from .errors import UnreadableText

__all__ = ["UnreadableText", "read_text"]


def read_text(path: Path, *, max_bytes: int, expected: str) -> str:
    """The file's text (UTF-8, a leading BOM dropped); :class:`UnreadableText` if it is missing,
    larger than ``max_bytes`` (checked before reading), binary or not UTF-8."""
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise UnreadableText(f"not a regular file, expected {expected}")
        if st.st_size > max_bytes:
            raise UnreadableText(f"file too large ({st.st_size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB)")
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)  # never more, even if the file grew meanwhile
        if len(raw) > max_bytes:
            raise UnreadableText(f"file too large (over {max_bytes / 1e6:.0f} MB)")
    except OSError as exc:
        raise UnreadableText(f"cannot read file ({exc.strerror})") from None
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or _looks_utf16(raw):
        raise UnreadableText("UTF-16 text: save the file as UTF-8")
    if b"\x00" in raw:
        raise UnreadableText(f"binary file, expected {expected}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UnreadableText(f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                             "save the file as UTF-8", line) from None


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte-order mark: text with a NUL in every other byte."""
    head = raw[:2000]
    if len(head) < 8:
        return False
    even, odd = head[0::2], head[1::2]
    return (odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even)) or (
        even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd))
