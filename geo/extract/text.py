"""Plain text → blocks (paragraphs) → sentences, with character offsets into the original text.

Quotes are cut from the original string by these offsets, so they are verbatim. Short lines
without sentence-final punctuation (headlines, captions, "READ MORE: ..." links, bylines, menus)
are marked ``headline``: compressed, often ambiguous ("92,000 mine maps"), so never used as
evidence; a long line without a full stop is prose cut short, not a headline.

Also read here, because they are about the page rather than the news:

* **datelines** ("SHUSHA, Azerbaijan (AP) –", "BAKU, Azerbaijan, May 12.", "YEREVAN, JANUARY 27,
  ARMENPRESS."): where the reporter is and when the report was filed. They are cut off the
  sentence (never a place of the event); their date anchors relative dates.
* **anchor lines**, for an article without a publication date: the capture's " date 2024-01-26"
  prefix, a post signature ("— Minister (@handle) May 5, 2022"), or a line that is only a date
  ("23 April 2022 10:10 (UTC+04:00)"); lines starting with a weekday are site chrome (today's date).
* **quotations**: spans inside quotation marks (a relative date there is relative to when the
  words were said, not to the publication).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .rules import Rules

__all__ = ["Document", "Sentence", "read_document", "split_sentences"]

_END = re.compile(r"[.!?:]['\"”’»)]*\s*$")
#: A line ending in a word no sentence or headline ends with runs on ("... submitted 8 forms to").
_OPEN_END = re.compile(r"(?i)\s(?:to|of|the|a|an|and|or|in|on|for|with|by|at|from|that|which|who)$")
_BREAK = re.compile(r"[.!?]['\"”’»)]*(?:(\s+)(?=['\"“‘«(]?[A-ZА-ЯЁ0-9])|(?<=[a-zа-яё]{3}[.!?])()(?=[A-ZА-ЯЁ][a-zа-яё]))")
_LINK = re.compile(r"^\s*(?:READ MORE|Read more|Related|See also|Photo|Source|Follow us|Subscribe|Leave a Reply"
                   r"|Latest News|Other news)\b", re.IGNORECASE)
#: A "sentence" longer than this (a page without full stops) is cut at clause or word breaks, so that
#: the work per sentence stays bounded and extraction linear in the text.
MAX_SENTENCE = 1200
_WRAP = (45, 90)  # a line this long without final punctuation, followed by one no longer, is wrapped prose;
#                  a longer one (no headline is) runs on into the next line
#: A sentence opening with an adverbial and a comma ("Since the end of the war, ..."): prose, not a headline.
_OPENING_CLAUSE = re.compile(r"\s*(?:Since|After|Following|According\s+to|As\s+of|As\s+a\s+result\s+of|Meanwhile|However|In\s+total)\b"
                             r"[^,.;:]{0,60},\s+\S+\s+\S+\s+\S+")
_PROSE_WORDS = 20  # a block without a full stop but longer than this is prose cut short
_WORD = re.compile(r"\S+")
_JUNK = re.compile(r"^\s*(?:date\s+(?P<iso>\d{4}(?:-\d\d){0,2})\b\s*)?(?:\(MENAFN-[^)]*\)\s*)?")
_MONTH_WORD = r"[A-Za-zА-Яа-яЁё]{3,10}\.?"
_DL_DATE = rf"(?:{_MONTH_WORD}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH_WORD})(?:,?\s+\d{{4}})?"
_DATELINE = re.compile(
    r"(?:"
    r"(?P<place>[A-ZА-ЯЁ][A-ZА-ЯЁ'’\-]+(?:\s[A-ZА-ЯЁ][A-ZА-ЯЁ'’\-]+){0,2})"   # BAKU, NEW YORK, ЕРЕВАН
    r"(?:\s*\([^)]{1,40}\))?(?:\s*/[^/]{1,20}/)?"                              # (Reuters), /Trend/
    r"(?:,\s*[A-Z][a-z]+)?(?:\s*\([^)]{1,40}\))?"                               # , Azerbaijan (AP)
    rf"(?:,\s*(?P<date>{_DL_DATE}))?(?:\s*\([^)]{{1,40}}\))?"                     # , September 27 (Reuters)
    r"(?:,\s*[A-ZА-ЯЁ]{3,}\.?)?"                                                # , ARMENPRESS
    r"\s*(?:[-–—:]\s*(?:[A-Z][\w.]*\s*\.(?=\s))?|\.(?=\s|$)|$)"
    rf"|(?P<place2>[A-Z][a-z]+),\s+(?P<date2>{_DL_DATE})\.(?=\s|$)"              # Baku, 8 November 2024.
    rf"|(?P<date3>{_DL_DATE}),\s+[\w.]+/"                                         # February 12, Fineko/
    r")\s*")
_SIGNATURE = re.compile(r"[—–-]\s*[^\n()]{1,60}\(@\w+\)\s*(?P<date>[A-Z][a-z]{2,9}\.?\s+\d{1,2},\s+\d{4})")
_WEEKDAY = re.compile(r"^\W*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\b", re.IGNORECASE)
_TIME = re.compile(r"\b\d{1,2}:\d\d(?::\d\d)?\s*(?:\((?:UTC|GMT)[^)]*\)|(?:AM|PM|GMT|UTC)\b[+\d:]*)?", re.IGNORECASE)
_ONLY_DATE = re.compile(
    r"^[\W_]*(?:"
    r"\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}"        # 23 April 2022, 27 December, 2023
    r"|[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}"       # August 20, 2024
    r"|\d{4}-\d\d-\d\d"                            # 2025-05-31
    r"|\d{1,2}[./]\d{1,2}[./]\d{4}"                # 12.02.2024
    r")[\W_]*$")


@dataclass(frozen=True)
class Sentence:
    index: int
    block: int
    start: int
    end: int
    text: str
    headline: bool
    quotes: tuple[tuple[int, int], ...] = ()   # spans of the sentence inside quotation marks

    def quoted(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.quotes)


@dataclass
class Document:
    sentences: list[Sentence]
    datelines: list[tuple[int, str]] = field(default_factory=list)   # (sentence index, date text)
    anchors: list[str] = field(default_factory=list)                 # date texts that may date the page


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
        joins = nxt and not _END.search(stripped) and (
            nxt[0].islower() or _OPEN_END.search(stripped)
            or (_WRAP[0] <= len(stripped) and (len(stripped) > _WRAP[1] or len(nxt) <= len(stripped) + 20)
                                 and not _DATELINE.match(nxt) and not _ONLY_DATE.match(_TIME.sub(" ", nxt).strip())))
        if not joins:
            spans.append((start, hi))
            start = None
    if start is not None:
        spans.append((start, last_hi))
    return spans


_OPEN, _CLOSE = "“«„\"", "”»\""
_QUOTE_CHAR = re.compile(r"[“”«»„\"]")


def _quote_spans(block: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks; a quotation opened with one mark may close with another
    ('"... useless,” ANAMA said'); one left open runs to the end of the paragraph."""
    spans, start = [], None
    for m in _QUOTE_CHAR.finditer(block):
        ch = m.group(0)
        if start is None and ch in _OPEN:
            start = m.start()
        elif start is not None and ch in _CLOSE:
            spans.append((start, m.end()))
            start = None
    if start is not None:
        spans.append((start, len(block)))
    return spans


def _bounded(block: str, a: int, z: int) -> list[tuple[int, int]]:
    """(a, z) cut into pieces of at most MAX_SENTENCE characters, at "; " or ", " or a space."""
    out = []
    while z - a > MAX_SENTENCE:
        window = block[a: a + MAX_SENTENCE]
        cut = max(window.rfind("; "), window.rfind(", "))
        if cut < MAX_SENTENCE // 2:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = MAX_SENTENCE - 1
        out.append((a, a + cut + 1))
        a = a + cut + 1
    out.append((a, z))
    return out


def split_sentences(text: str, rules: Rules) -> list[Sentence]:
    """Sentences of ``text`` in order; ``text[s.start:s.end] == s.text``."""
    return read_document(text, rules).sentences


def read_document(text: str, rules: Rules) -> Document:
    """Sentences, datelines and anchor lines of an article's text."""
    doc = Document([])
    out = doc.sentences
    headlines: list[str] = []
    for m in _SIGNATURE.finditer(text):
        doc.anchors.append(m.group("date"))
    for b, (lo, hi) in enumerate(_blocks(text)):
        block = text[lo:hi]
        # capture junk (" date 2022-12-15", "(MENAFN- Trend)") and a dateline at the block's start
        junk = _JUNK.match(block)
        skip = junk.end() if junk else 0
        if junk and junk.group("iso"):
            doc.anchors.insert(0, junk.group("iso"))
        words = len(_WORD.findall(block))
        ended = bool(_END.search(block))
        inner_end = bool(_BREAK.search(block, skip))
        quoted_block = bool(re.match(r"\s*[\"“«„]", block[skip:]) and re.search(r"[\"”»“]\s*$", block))
        opened = bool(_OPENING_CLAUSE.match(block[skip:]))  # "Since the end of the war, 306 ... have become": prose
        headline_block = (not ended and words <= _PROSE_WORDS and not inner_end and not quoted_block and not opened) \
            or bool(_LINK.match(block))
        bare = _TIME.sub(" ", block[skip:]).strip()
        if not ended and _ONLY_DATE.match(bare) and not _WEEKDAY.match(bare):
            doc.anchors.append(re.sub(r"^[\W_]+|[\W_]+$", "", bare))
        if headline_block and len(block.strip()) > 20:
            headlines.append(block.strip())
        elif not headline_block:
            for h in headlines:  # a teaser that repeats the headline before its first sentence
                at = block.find(h, skip, skip + len(h) + 40)
                if at >= 0 and not block[skip:at].strip(" :-–—"):
                    skip = at + len(h)
                    break
        dl = _DATELINE.match(block, skip)
        dateline_date = None
        if dl and dl.end() > skip:
            dateline_date = dl.group("date") or dl.group("date2") or dl.group("date3")
            if dl.group("place") or dateline_date:
                skip = dl.end()
        quotes = _quote_spans(block)
        cut = skip
        first_index = len(out)
        pieces = []
        for m in _BREAK.finditer(block, skip):
            word = re.search(r"(\S+)\.$", block[max(cut, m.start() - 64):m.start() + 1])  # the last word only
            if word and (word.group(1).lower() in rules.abbreviations or re.fullmatch(r"[A-ZА-Я]", word.group(1))):
                continue
            gap = 1 if m.group(1) is not None else 2
            pieces.append((cut, m.start(gap)))
            cut = m.end()
        if cut < len(block):
            pieces.append((cut, len(block)))
        pieces = [p for a, z in pieces for p in _bounded(block, a, z)]
        for a, z in pieces:
            piece = block[a:z]
            if not piece.strip():
                continue
            own = tuple((max(qa, a) - a, min(qb, z) - a) for qa, qb in quotes if qa < z and qb > a)
            head = headline_block
            if not head and not _END.search(piece) and z == len(block) and len(_WORD.findall(piece)) <= 3:
                head = True  # a fragment ("He said that he had earlier “pr")
            out.append(Sentence(len(out), b, lo + a, lo + z, piece, head, own))
        if dateline_date:
            doc.datelines.append((first_index, dateline_date))
    return doc
