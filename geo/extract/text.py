"""Plain text → blocks (paragraphs) → sentences, with character offsets into the original text.

Quotes are cut from the original string by these offsets, so they are verbatim. Lines without
sentence-final punctuation (headlines, captions, "READ MORE: ..." links, bylines) are marked
``headline``: compressed, often ambiguous ("92,000 mine maps"), so never used as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rules import Rules

__all__ = ["Sentence", "split_sentences"]

_END = re.compile(r"[.!?]['\"”’»)]*\s*$")
_BREAK = re.compile(r"[.!?]['\"”’»)]*(\s+)(?=['\"“‘«(]?[A-Z0-9])")
_LINK = re.compile(r"^\s*(?:READ MORE|Read more|Related|See also|Photo|Source)\b", re.IGNORECASE)
_WRAP = 72  # a line at least this long without final punctuation is wrapped prose


@dataclass(frozen=True)
class Sentence:
    index: int
    block: int
    start: int
    end: int
    text: str
    headline: bool


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: blank lines break; a line ending a sentence breaks; wrapped prose joins."""
    spans: list[tuple[int, int]] = []
    start = None
    pos = last_hi = 0
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        stripped = line.strip()
        lo = pos + (len(line) - len(line.lstrip()))
        hi = pos + len(line.rstrip())
        pos += len(line)
        if not stripped:
            if start is not None:
                spans.append((start, last_hi))
                start = None
            continue
        if start is None:
            start = lo
        last_hi = hi
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        joins = nxt and not _END.search(stripped) and (nxt[0].islower() or len(stripped) >= _WRAP)
        if not joins:
            spans.append((start, hi))
            start = None
    if start is not None:
        spans.append((start, last_hi))
    return spans


def split_sentences(text: str, rules: Rules) -> list[Sentence]:
    """Sentences of ``text`` in order; ``text[s.start:s.end] == s.text``."""
    out: list[Sentence] = []
    for b, (lo, hi) in enumerate(_blocks(text)):
        block = text[lo:hi]
        headline_block = not _END.search(block) or bool(_LINK.match(block))
        cut = 0
        for m in _BREAK.finditer(block):
            word = re.search(r"(\S+)\.$", block[max(cut, m.start() - 64):m.start() + 1])  # the last word only
            if word and (word.group(1).lower() in rules.abbreviations or re.fullmatch(r"[A-Z]", word.group(1))):
                continue
            out.append(Sentence(len(out), b, lo + cut, lo + m.start(1), block[cut:m.start(1)], headline_block))
            cut = m.end()
        if cut < len(block):
            tail = block[cut:]
            out.append(Sentence(len(out), b, lo + cut, hi, tail, headline_block or not _END.search(tail)))
    return out
