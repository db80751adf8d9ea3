"""Dates in a sentence, explicit ("12 June", "January 25, 2024", "September 2023") or relative
("on Saturday", "late on Thursday", "yesterday", "earlier this month", "last week"), resolved
against the article's publication date with a precision (day | month | year) that says how sure
the result is. Weekday arithmetic uses dateutil's relativedelta.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta, weekday

from ..model import DATE_LENGTH, PRECISIONS, parse_partial_date
from .rules import Rules

__all__ = ["PRECISION_RANK", "DateRef", "Published", "best", "find_dates"]

#: day < month < year: the lower, the more precise
PRECISION_RANK = {p: i for i, p in enumerate(PRECISIONS)}


@dataclass(frozen=True)
class Published:
    """An article's publication date at its precision ("2021-07-05", "2021-07" or "2021")."""

    date: dt.date
    precision: str

    @classmethod
    def parse(cls, value: str | None) -> Published | None:
        if value is None:
            return None
        iso, precision = parse_partial_date(value)
        y, m, d = (list(map(int, iso.split("-"))) + [1, 1])[:3]
        return cls(dt.date(y, m, d), precision)

    @property
    def iso(self) -> str:
        return self.date.isoformat()[: DATE_LENGTH[self.precision]]


@dataclass(frozen=True)
class DateRef:
    """A date expression at ``start:end`` of the sentence and what it resolves to."""

    start: int
    end: int
    text: str
    value: str | None           # ISO date shortened to its precision; None when not resolvable
    precision: str | None
    relative: bool
    background: bool            # "since ...", "following Azerbaijan's September 2023 offensive"
    how: str = ""               # how a relative date was resolved, for the record's notes
    speech: bool = False        # when something was said ("said on Saturday"), not when it happened


def _shorten(d: dt.date, precision: str) -> str:
    return d.isoformat()[: DATE_LENGTH[precision]]


def _patterns(rules: Rules) -> list[tuple[str, re.Pattern]]:
    month = "|".join(sorted((m.capitalize() for m in rules.months), key=len, reverse=True))
    wd = "|".join(w.capitalize() for w in rules.weekdays)
    day = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<y>(?:19|20)\d\d)"
    return [
        ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
        ("dmy", re.compile(rf"\b{day}\s+(?:of\s+)?(?P<m>{month})\.?(?:,?\s+{year})?\b(?![,.]?\d)")),
        ("mdy", re.compile(rf"\b(?P<m>{month})\.?\s+{day}\b(?!,?\d{{3}})(?:,?\s+{year}\b)?")),
        ("my", re.compile(rf"\b(?P<m>{month})\.?,?\s+{year}\b")),
        ("weekday", re.compile(rf"\b(?:(?:late|early)\s+)?(?:on\s+|last\s+)?(?P<wd>{wd})(?:[’']s)?"
                               r"(?:\s+(?:night|morning|evening|afternoon))?\b")),
        ("rel", re.compile(r"\b(?P<rel>yesterday|today|earlier\s+this\s+month|earlier\s+in\s+the\s+month|this\s+month"
                           r"|last\s+month|earlier\s+this\s+week|this\s+week|last\s+week|last\s+year|this\s+year"
                           r"|(?P<n>\d+|two|three|four|five|six|seven)\s+days\s+ago)\b", re.IGNORECASE)),
        ("year", re.compile(rf"\b(?:in|of|since|during)\s+{year}\b(?![-–]\d)")),
    ]


_CACHE: dict[int, list] = {}
_SPEECH = r"(?:said|says|announced|stated|reported|confirmed|told|added)"
_SPEECH_BEFORE = re.compile(rf"\b{_SPEECH}\s+(?:\w+\s+)?(?:on\s+|late\s+on\s+|early\s+on\s+)?$", re.IGNORECASE)
_SPEECH_AFTER = re.compile(rf"^\W*(?:that\s+)?\w*\s*{_SPEECH}\b", re.IGNORECASE)
_SMALL = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def find_dates(sentence: str, rules: Rules, published: Published | None) -> list[DateRef]:
    """Date expressions in ``sentence`` (non-overlapping, longest first), resolved."""
    pats = _CACHE.get(id(rules))
    if pats is None:
        pats = _CACHE[id(rules)] = _patterns(rules)
    taken: list[tuple[int, int]] = []
    out: list[DateRef] = []
    for kind, rx in pats:
        for m in rx.finditer(sentence):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            ref = _resolve(kind, m, rules, published)
            if ref is None:
                continue
            before, after = sentence[: m.start()], sentence[m.end():]
            background = bool(rules.background_before.search(before) or rules.background_after.match(after))
            if kind == "year":  # "in 2021" / "since 2020": "since" and "during" are background
                background = background or m.group(0).lower().startswith(("since", "during"))
            speech = bool(_SPEECH_BEFORE.search(before) or _SPEECH_AFTER.match(after))
            taken.append((m.start(), m.end()))
            out.append(DateRef(m.start(), m.end(), m.group(0), ref[0], ref[1], kind in ("weekday", "rel"),
                               background, ref[2], speech))
    return sorted(out, key=lambda r: r.start)


def _resolve(kind: str, m: re.Match, rules: Rules, pub: Published | None):
    g = m.groupdict()
    if kind in ("iso", "dmy", "mdy", "my", "year"):
        y = int(g["y"]) if g.get("y") else None
        mo = int(g["m"]) if kind == "iso" else rules.months.get((g.get("m") or "").lower().rstrip("."))
        d = int(g["d"]) if g.get("d") else None
        if kind == "year":
            return str(y), "year", ""
        if y is None:
            if pub is None:
                return None
            y = pub.date.year
            later = (mo, d or 1) > (pub.date.month, pub.date.day) if pub.precision == "day" else mo > pub.date.month
            if pub.precision != "year" and later:
                y -= 1
        try:
            value = dt.date(y, mo, d or 1)
        except (TypeError, ValueError):
            return None
        precision = "day" if d else "month"
        how = "" if g.get("y") else f"year from the publication date {pub.iso}"
        return _shorten(value, precision), precision, how
    if pub is None:
        return None
    if kind == "weekday":
        target = rules.weekdays[g["wd"].lower()]
        if pub.precision == "day":
            value = pub.date + relativedelta(weekday=weekday(target)(-1))
            return value.isoformat(), "day", f"{m.group(0).strip()!r} = the {g['wd']} on or before {pub.iso}"
        return pub.iso, pub.precision, f"{m.group(0).strip()!r}: only the {pub.precision} is known from the publication date {pub.iso}"
    rel = re.sub(r"\s+", " ", g["rel"].lower())
    if rel in ("today", "yesterday") or rel.endswith("days ago"):
        if pub.precision != "day":
            return pub.iso, pub.precision, f"{rel!r}: only the {pub.precision} is known from the publication date {pub.iso}"
        back = 0 if rel == "today" else 1 if rel == "yesterday" else int(_SMALL.get(g["n"]) or g["n"])
        return (pub.date - dt.timedelta(days=back)).isoformat(), "day", f"{rel!r} before {pub.iso}"
    if rel in ("this year",):
        return str(pub.date.year), "year", f"{rel!r} of {pub.iso}"
    if rel == "last year":
        return str(pub.date.year - 1), "year", f"{rel!r} before {pub.iso}"
    if pub.precision == "year":
        return pub.iso, "year", f"{rel!r}: only the year is known from the publication date {pub.iso}"
    if rel == "last month":
        return _shorten(pub.date.replace(day=1) - dt.timedelta(days=1), "month"), "month", f"{rel!r} before {pub.iso}"
    if "month" in rel:
        return _shorten(pub.date, "month"), "month", f"{rel!r} of {pub.iso}"
    # weeks: the month if the whole week lies in one month, else the year
    if pub.precision != "day":
        return pub.iso, pub.precision, f"{rel!r}: only the month is known from the publication date {pub.iso}"
    monday = pub.date - dt.timedelta(days=pub.date.weekday())
    lo, hi = (monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)) if rel == "last week" else (monday, pub.date)
    if (lo.year, lo.month) == (hi.year, hi.month):
        return _shorten(lo, "month"), "month", f"{rel!r} = {lo} to {hi}"
    if lo.year == hi.year:
        return str(lo.year), "year", f"{rel!r} = {lo} to {hi}"
    return None


def best(refs: list[DateRef], *, speech: bool = True) -> DateRef | None:
    """The event date among a sentence's dates: foreground, when it happened before when it was
    said ("passed on late on Thursday" before "said yesterday"), the most precise, the first on ties.
    ``speech=False`` ignores dates of saying altogether."""
    fg = [r for r in refs if not r.background and r.value and (speech or not r.speech)]
    if not fg:
        return None
    return min(fg, key=lambda r: (r.speech, PRECISION_RANK[r.precision], r.start))
