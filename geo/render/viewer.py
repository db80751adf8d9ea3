"""The source viewer: one offline page per source text (seed or captured page) with every quoted
passage marked, so each quote in a popup, a card or a table links to its passage in context.

A passage is found exactly as the validator finds it (Unicode NFC, runs of whitespace equal,
nothing looser). Each quote gets an anchor ``q-<hash>`` carrying a W3C TextQuoteSelector
(exact, prefix, suffix); overlapping quotes share their highlighted text.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from ..sources import DocumentStore, normalise

__all__ = ["SourcePage", "SourcePages", "anchor_id"]

_CONTEXT = 32  # characters of prefix and suffix kept in the selector


def anchor_id(quote: str) -> str:
    return "q-" + hashlib.sha1(normalise(quote).encode("utf-8")).hexdigest()[:10]


_WORD = re.compile(r"\S+")


class _Words:
    """A text as its words joined by single spaces, with each word's place in the text: quotes
    are found with one ``str.find`` (no regex per quote) and mapped back."""

    def __init__(self, text: str):
        spans = [m.span() for m in _WORD.finditer(text)]
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]
        self.joined = " ".join(text[a:b] for a, b in spans)
        self.offsets = []  # where each word starts in ``joined``
        pos = 0
        for a, b in spans:
            self.offsets.append(pos)
            pos += b - a + 1

    def find(self, quote: str) -> tuple[int, int] | None:
        q = normalise(quote)
        if not q:
            return None
        i = self.joined.find(q)
        if i < 0:
            return None
        j = i + len(q)  # map both ends back: the word they fall in, and the place in that word
        k = bisect.bisect_right(self.offsets, i) - 1
        last = bisect.bisect_right(self.offsets, j - 1) - 1
        return self.starts[k] + (i - self.offsets[k]), self.starts[last] + (j - self.offsets[last])


@dataclass
class Mark:
    anchor: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass
class SourcePage:
    """One source text and the quotes marked in it."""

    document: str
    slug: str
    meta: dict
    text: str
    marks: dict[str, Mark] = field(default_factory=dict)
    records: set[str] = field(default_factory=set)
    words: _Words | None = None

    @property
    def filename(self) -> str:
        return f"sources/{self.slug}.html"

    def segments(self) -> list[tuple[str, list[str], list[Mark]]]:
        """The text cut at every mark boundary: (text, anchors covering it, marks starting here)."""
        cuts = sorted({0, len(self.text), *(m.start for m in self.marks.values()),
                       *(m.end for m in self.marks.values())})
        out = []
        for a, b in zip(cuts, cuts[1:]):
            covering = [m.anchor for m in self.marks.values() if m.start <= a and b <= m.end]
            starting = [m for m in self.marks.values() if m.start == a]
            out.append((self.text[a:b], covering, starting))
        return out


class SourcePages:
    """The source pages a set of records needs, and the link of each quote."""

    def __init__(self, store: DocumentStore):
        self.store = store
        self.pages: dict[str, SourcePage] = {}

    @staticmethod
    def _slug(document: str) -> str:
        folder, _, name = document.partition("/")
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", name.rsplit(".", 1)[0])
        return stem if folder == "sources" else f"seed-{stem}"

    def add(self, document: str, quote: str | None, record_id: str, **meta) -> None:
        """Mark ``quote`` in ``document`` (read once; an unreadable document is skipped). ``meta``
        (publisher, published, url) fills what a seed's text has no header for."""
        page = self.pages.get(document)
        if page is None:
            try:
                src = self.store.read(document)
            except Exception:  # noqa: BLE001 - the validator has reported it already
                return
            text = unicodedata.normalize("NFC", src.body)
            page = self.pages[document] = SourcePage(document, self._slug(document), dict(src.meta), text)
        page.records.add(record_id)
        for k, v in meta.items():
            if v and not page.meta.get(k):
                page.meta[k] = v
        if not quote:
            return
        anchor = anchor_id(quote)
        if anchor in page.marks:
            return
        if page.words is None:
            page.words = _Words(page.text)
        span = page.words.find(quote)
        if span is None:
            return
        a, b = span
        page.marks[anchor] = Mark(anchor, a, b, page.text[a:b], page.text[max(0, a - _CONTEXT):a],
                                  page.text[b:b + _CONTEXT])

    def add_records(self, records) -> SourcePages:
        for r in records:
            for s in r.sources:
                if s.kind != "reference":
                    self.add(s.document, s.quote, r.id, publisher=s.publisher, published=s.published, url=s.url)
            for c in r.conflicts:
                self.add(c.source, c.quote, r.id)
        return self

    def href(self, document: str, quote: str | None) -> str | None:
        page = self.pages.get(document)
        if page is None:
            return None
        anchor = anchor_id(quote) if quote else None
        return page.filename + (f"#{anchor}" if anchor in page.marks else "")

    def publisher(self, document: str) -> str | None:
        page = self.pages.get(document)
        return page.meta.get("publisher") if page else None

    def language(self, document: str) -> str:
        page = self.pages.get(document)
        return (page.meta.get("language") or "en") if page else "en"
