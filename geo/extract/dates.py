"""Dates in a sentence, explicit ("12 June", "January 25, 2024", "September 2023", "14 декабря")
or relative ("on Saturday", "late on Thursday", "yesterday", "earlier this month", "last week",
"back in December", "recently"), resolved against an anchor (the article's publication date, or
the date its dateline gives) with a precision (day | month | year) that says how sure the result is.

* A list of dates shares the year written once at its end ("on 12 June, 3 July and 19 October
  2021"): each item is its own :class:`DateRef` with ``list_id`` set.
* A range ("from January 1 through August 15, 2024", "November 21-25", "с 10 ноября 2020 года по
  24 апреля 2024 года") is one :class:`DateRef` valued at its end, with ``range_start``.
* A month without a year is the latest such month not after the anchor ("back in March").
* Inside a quotation, "today" or "on Saturday" is relative to when the words were said, which the
  page rarely gives: such a date is kept to the anchor's month.

Weekday arithmetic uses dateutil's relativedelta.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from dateutil.relativedelta import relativedelta, weekday

from ..model import DATE_LENGTH, PRECISIONS, parse_partial_date
from .rules import Rules, _trie

__all__ = ["PRECISION_RANK", "DateRef", "Published", "find_dates"]

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

    @classmethod
    def from_text(cls, text: str, rules: Rules) -> Published | None:
        """A date line of a page ("27 December, 2023", "August 20, 2024", "12.02.2024", "2024-04")."""
        text = text.strip()
        m = re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", text)
        try:
            if m:
                return cls.parse(text)
            m = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", text)
            if m:
                return cls(dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))), "day")
            m = (re.fullmatch(r"(?P<d>\d{1,2})\s+(?P<m>[^\W\d_]+)\.?,?\s+(?P<y>\d{4})", text)
                 or re.fullmatch(r"(?P<m>[^\W\d_]+)\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})", text))
            if m and m.group("m").lower() in rules.months:
                return cls(dt.date(int(m.group("y")), rules.months[m.group("m").lower()], int(m.group("d"))), "day")
        except ValueError:
            return None
        return None

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
    kind: str = ""              # iso | dmy | mdy | my | month | weekday | rel | year | range
    list_id: int | None = None  # items of one list of dates ("on 12 June, 3 July and 19 October 2021")
    range_start: str | None = None  # a range's first day (value is its last)
    since: bool = False         # the date opens a period ("since 10 November 2020", "с 1991 года")
    year_given: bool = True     # the year is written (not taken from the anchor)


def _shorten(d: dt.date, precision: str) -> str:
    return d.isoformat()[: DATE_LENGTH[precision]]


def _month_alt(rules: Rules) -> str:
    """Month names as written: English ones capitalised or in capitals ("May", not the verb "may"),
    Russian ones in lower case (or capitalised at the start of a sentence), as one trie."""
    names = set()
    for m in rules.months:
        names |= {m.capitalize(), m.upper()} if m.isascii() else {m, m.capitalize()}
    return "(?:" + _trie(sorted(names)) + ")"


def _patterns(rules: Rules) -> list[tuple[str, re.Pattern]]:
    month = _month_alt(rules)
    wd_en = "|".join(w.capitalize() for w in rules.weekdays if w.isascii())
    wd_ru = "|".join(w for w in rules.weekdays if not w.isascii())
    day = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<y>(?:19|20)\d\d)"
    ru_year = r"(?:\s+(?:года|году|г\.))?"
    def grp(name, body):
        return f"(?P<{name}>{body})"

    dd = r"[0-3]?\d"
    sfx = r"(?:st|nd|rd|th)?"
    mo = f"(?:{month})"
    ry = r"(?:19|20)\d\d"
    start = (rf"(?:{grp('d1', dd)}{sfx}\s+(?:of\s+)?{grp('m1', mo)}\.?|{grp('m1b', mo)}\.?\s+{grp('d1b', dd)}{sfx}|{grp('m1c', mo)})"
             rf"(?:,?\s+{grp('y1', ry)}{ru_year})?,?")
    end = (rf"(?:{grp('d', dd)}{sfx}\s+(?:of\s+)?{grp('m', mo)}\.?|{grp('m_', mo)}\.?\s+{grp('d_', dd)}{sfx}"
           rf"|{grp('dd', dd)}|{grp('mm', mo)})(?:,?\s+{year}{ru_year})?")
    span = (rf"\b(?:{grp('d1', dd)}\s*[-–—]\s*{grp('d', dd)}\s+{grp('m', mo)}|{grp('m_', mo)}\s+{grp('d1b', dd)}\s*[-–—]\s*{grp('d_', dd)}"
            rf"|{grp('m1', mo)}\s*[-–—]\s*{grp('mm', mo)})\.?(?:,?\s+{year}{ru_year})?\b")
    months = sorted(rules.months, key=len, reverse=True)
    weekdays = sorted(rules.weekdays, key=len, reverse=True)
    quick = [("digit", re.compile(r"\d")),
             ("month", re.compile(r"(?<!\w)(?:" + _trie(months) + ")", re.IGNORECASE)),
             ("weekday", re.compile(r"(?<!\w)(?:" + _trie(weekdays) + ")", re.IGNORECASE)),
             ("rel", re.compile(r"(?<!\w)(?=[tyrlethdсвнп])(?:today|tonight|yesterday|recent|this\s+(?:month|week|year|morning|afternoon|evening)"
                                r"|earlier\s+(?:this|in)|last\s+(?:month|week|year)|the\s+day\s+before|сегодня|вчера"
                                r"|накануне|недавно|этом\s+году|прошлом\s+году)|days\s+ago", re.IGNORECASE))]
    return [
        ("quick", quick),
        ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
        ("range", re.compile(rf"(?i:\b(?:from|between|с)\s+){start}\s+(?i:to|through|till|until|thru|and|по|-|–|—)\s+{end}\b")),
        ("range", re.compile(span)),
        ("yrange", re.compile(r"(?i:\b(?:from|between)\s+)(?P<y1>(?:19|20)\d\d)\s+(?i:to|and|until|till|through)\s+"
                              rf"(?:(?P<m>{month})\.?,?\s+)?(?P<y>(?:19|20)\d\d)\b")),
        ("dmy", re.compile(rf"\b{day}\s+(?:of\s+)?(?P<m>{month})\.?(?:,?\s+{year}{ru_year})?(?!\w)(?![,.]?\d)")),
        ("mdy", re.compile(rf"\b(?P<m>{month})\.?\s+{day}\b(?!,?\d{{3}})(?!:)(?:,?\s+{year}\b)?")),
        ("my", re.compile(rf"\b(?P<m>{month})\.?,?\s+(?:of\s+)?{year}{ru_year}\b")),
        ("month", re.compile(rf"(?=(?i:[bisdlemufotвсд]))(?i:\b(?P<pre>back\s+in|in|since|during|last|early|late|mid|until|by|from|of|this|в|с|до))"
                             rf"[\s-]+(?:(?i:the\s+month\s+of)\s+)?(?P<m>{month})(?!\w)(?!\s*\d)"
                             r"(?:\s+(?P<ry>этого|текущего|прошлого)\s+года)?")),
        ("weekday", re.compile(rf"(?=[lLeEoOMTWFSвВ])\b(?:(?:late|early)\s+)?(?:on\s+|last\s+)?(?P<wd>{wd_en})(?:[’']s)?"
                               rf"(?:\s+(?:night|morning|evening|afternoon))?\b|(?i:\bв(?:о)?\s+(?P<wdr>{wd_ru}))\b")),
        ("rel", re.compile(r"(?=(?i:[ytelrt\dсвнп]))\b(?P<rel>yesterday|today|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+(?:this|in\s+the)\s+(?:month|week|year)|this\s+month"
                           r"|last\s+month|this\s+week|last\s+week|last\s+year|this\s+year|recently|recent(?!\s+(?:years|months|weeks|decades|times|history|past))"
                           r"|the\s+day\s+before|(?P<n>\d+|two|three|four|five|six|seven)\s+days\s+ago"
                           r"|сегодня|вчера|накануне|недавно|в\s+этом\s+году|в\s+прошлом\s+году)\b", re.IGNORECASE)),
        ("year", re.compile(rf"(?=(?i:[iosdbufвсд]))(?i:\b(?P<pre>in|of|since|during|by|until|from|в|с|до|so\s+far\s+in))\s+{year}"
                            r"(?:\s+(?:года|году|г\.))?(?![-–]\d)(?!\w)")),
        ("year", re.compile(rf"\b{year}\s+(?:года|году)\b")),
        # "the 2021 deal brokered by ...": a year before the noun of the event
        ("year", re.compile(rf"(?<=\b[Tt]he\s){year}(?=\s+(?:deal|agreement|exchange|swap|hand-?over|transfer|release|accord)\b"
                            r"|\s+(?:[\w-]+\s+){0,2}(?:meeting|session|conference|summit|forum)\b)")),
    ]


_CACHE: dict[int, list] = {}
#: What a pattern needs in the sentence (found by the first, quick pattern) to be worth running.
_NEEDS = {"iso": {"digit"}, "range": {"month"}, "yrange": {"digit"}, "dmy": {"month"}, "mdy": {"month"}, "my": {"month"},
          "month": {"month"}, "weekday": {"weekday"}, "rel": {"rel", "digit"}, "year": {"digit"}}
_SPEECH = (r"(?:said|says|saying|announced|announces|stated|states|reported|reports|confirmed|told|added|noted|tweeted"
           r"|posted|wrote|informed|declared|emphasi[sz]ed|stressed|claimed(?!\s+the\s+lives?)|accused|warned|explained|underlined"
           r"|complained|demanded|expressed|rejected|dismissed|denied|responded|urged|called|сказал\w*|заявил\w*|сообщил\w*|отметил\w*|выступая|написал\w*)")
_SPEECH_BEFORE = re.compile(
    rf"(?:\b{_SPEECH}(?:\s+(?:by|to|in|at|during|via|through)\s+[^,;.]{{0,60}}?|\s+(?!that\b)\w+)?"
    r"|\b(?:in\s+a\s+(?:\w+\s+)?statement|statement|press\s+conference|speech|interview|remarks|post|tweet|report"
    r"|(?:letter|report|statement|note|appeal)\s+dated)"
    r"(?:\s+(?:issued|published|broadcast|made|released|posted))?(?:\s+(?:on|in|at|via)\s+(?:his|her|its|their|the)\s+\w+)?)"
    r"\s+(?:on\s+|late\s+on\s+|early\s+on\s+|dated\s+|в\s+)?$", re.IGNORECASE)
_SPEECH_AFTER = re.compile(rf"^\W*(?:that\s+)?(?:[\w’'.-]+\s+){{0,5}}?{_SPEECH}\b", re.IGNORECASE)
_WORDS = re.compile(r"[\w’'-]+")


def _event_verb(rules: Rules) -> re.Pattern:
    """Verbs of the events we record: a date after one in the same clause is the event's, not the
    date of saying ("Armenia handed over maps on 12 June, the ministry said")."""
    return rules.cached("event_verb", lambda: re.compile("|".join(
        r.pattern for r in (rules.transfer_verbs, rules.receive, rules.casualty, rules.incident, rules.exchange))
        + r"|\b(?:exploded|occurred|took\s+place|happened|detonated)\b", re.IGNORECASE))
_POSSESSIVE = re.compile(r"\w[’']s\s*$")
_OUR_EVENT = re.compile(r"\s+(?:release|hand-?over|handing\s+over|transfer|exchange|swap|delivery|submission)\b", re.IGNORECASE)
_BY_OTHER = re.compile(r"\s+by\s+(?:the\s+)?[A-Z]")
_RIGHT_AFTER_EVENT = re.compile(r"\b(?:exploded|occurred|happened|detonated|took\s+place|blew\s+up|(?:was|were)\s+"
                                r"(?:\w+ly\s+)?(?:injured|wounded|killed|blown\s+up))\s+(?:on\s+)?$", re.IGNORECASE)
_SMALL = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_LIST_GAP = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+|&\s*|и\s+|,\s*и\s+)$")
_SINCE = re.compile(r"(?:\bsince|\bfrom|\bс|\bС)\s+$")
_SINCE_PHRASE = re.compile(r"\b(?:since|с\s+момента|после)\b[^,;.]{0,80}$|\b(?:after|since)\s+the\s+(?:[\w-]+\s+){0,3}?"
                           r"(?:war|conflict|hostilities|fighting)\s+(?:ended|was\s+over|stopped)\s+(?:on|in)\s+$", re.IGNORECASE)


def find_dates(sentence: str, rules: Rules, published: Published | None, *,
               quotes: tuple[tuple[int, int], ...] = ()) -> list[DateRef]:
    """Date expressions in ``sentence`` (non-overlapping, longest first), resolved against
    ``published`` (the anchor). ``quotes``: spans of the sentence inside quotation marks."""
    pats = _CACHE.get(id(rules))
    if pats is None:
        pats = _CACHE[id(rules)] = _patterns(rules)
    present = {name for name, rx in pats[0][1] if rx.search(sentence)}
    if not present:
        return []  # nothing that could be a date
    taken: list[tuple[int, int]] = []
    out: list[DateRef] = []
    for kind, rx in pats[1:]:
        if not present & _NEEDS[kind]:
            continue  # e.g. no month name: no "12 June", no range, no "back in March"
        for m in rx.finditer(sentence):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            quoted = any(a <= m.start() < b for a, b in quotes)
            ref = _resolve(kind, m, rules, published, quoted)
            if ref is None:
                continue
            before, after = sentence[max(0, m.start() - 160): m.start()], sentence[m.end(): m.end() + 120]
            background = bool(rules.background_before.search(before) or rules.background_after.match(after)
                              or rules.background_clause.search(before))
            if background and _POSSESSIVE.search(before) and _OUR_EVENT.match(after) \
                    and not rules.background_clause.search(before) and not rules.background_after.match(after):
                background = False  # "Azerbaijan's June 12 release of detainees": the event itself, not a past war
            pre = (m.groupdict().get("pre") or "").lower()
            if background and kind in ("rel", "weekday") and _RIGHT_AFTER_EVENT.search(before):
                background = False  # "mines laid during the occupation exploded today": today is the explosion's
            if background and kind == "year" and not pre and before.endswith(("the ", "The ")) \
                    and rules.exchange.search(sentence):
                background = False  # "the 2021 deal ..., which ended with the release of 15 prisoners in exchange for maps"
            if kind in ("year", "month"):  # "since 2020", "during 2021": a period, not the event's date
                background = background or pre in ("since", "during", "from", "с", "until", "by", "до")
            shown = "range" if kind == "yrange" else kind  # a period of years is a range like the others
            since = bool(_SINCE.search(before)) or pre in ("since", "с", "from") or shown == "range"
            if not since and _SINCE_PHRASE.search(before) and ref[1] != "year":
                since = True  # "since the end of the war in November 2020"
            # said on that day: "announced on Saturday", or a date opening the sentence ("On June 13,
            # Pashinyan said"); a date that ends a clause belongs to it ("... on 12 June, the ministry said")
            opening = len(_WORDS.findall(sentence[: m.start()])) <= 2 or (
                "," not in sentence[: m.start()] and not _event_verb(rules).search(sentence, 0, m.start()))
            # "welcomes the statement on 28 May by the Co-Chairs": another's statement, not when this one is made
            speech = not since and ref[1] != "year" and not _BY_OTHER.match(after) and bool(
                _SPEECH_BEFORE.search(before) or (_SPEECH_AFTER.match(after) and (opening or not after.lstrip().startswith(","))))
            taken.append((m.start(), m.end()))
            value, precision, how, extra = ref
            out.append(DateRef(m.start(), m.end(), m.group(0), value, precision, kind in ("weekday", "rel"),
                               background, how, speech, shown, None, extra.get("range_start"), since,
                               extra.get("year_given", True)))
    out.sort(key=lambda r: r.start)
    return _lists(sentence, out, rules, published)


def _lists(sentence: str, refs: list[DateRef], rules: Rules, pub: Published | None) -> list[DateRef]:
    """Items of a list of dates share the year written at its end."""
    i = 0
    out = list(refs)
    while i < len(out):
        j = i
        while (j + 1 < len(out) and out[j].kind in ("dmy", "mdy") and out[j + 1].kind in ("dmy", "mdy")
               and _LIST_GAP.match(sentence[out[j].end: out[j + 1].start])):
            j += 1
        if j > i:
            last = out[j]
            year = last.value[:4] if last.value and last.year_given else None
            for k in range(i, j + 1):
                r = out[k]
                if year and not r.year_given and r.value and r.precision == "day":
                    value = f"{year}{r.value[4:]}"
                    r = replace(r, value=value, year_given=True, how=f"year {year} from the end of the list")
                out[k] = replace(r, list_id=i, speech=False)
        i = j + 1
    return out


def _date_or_none(y, mo, d):
    try:
        return dt.date(y, mo, d)
    except (TypeError, ValueError):
        return None


def _year_for(mo: int, d: int | None, pub: Published) -> int:
    """The year of a day or month written without one: the latest not after the anchor."""
    y = pub.date.year
    if pub.precision == "year":
        return y
    later = (mo, d or 1) > (pub.date.month, pub.date.day) if (pub.precision == "day" and d) else mo > pub.date.month
    return y - 1 if later else y


def _resolve(kind: str, m: re.Match, rules: Rules, pub: Published | None, quoted: bool):
    g = m.groupdict()
    if kind == "range":
        return _resolve_range(g, rules, pub)
    if kind == "yrange":  # "between 1991 and 2022", "from 1991 to June 2025": a period from a year
        mo = rules.months.get((g.get("m") or "").lower().rstrip("."))
        if mo:
            return f"{g['y']}-{mo:02d}", "month", "", {"range_start": g["y1"]}
        return g["y"], "year", "", {"range_start": g["y1"]}
    if kind in ("iso", "dmy", "mdy", "my", "year", "month"):
        y = int(g["y"]) if g.get("y") else None
        mo = int(g["m"]) if kind == "iso" else rules.months.get((g.get("m") or "").lower().rstrip("."))
        d = int(g["d"]) if g.get("d") else None
        if kind == "year":
            return str(y), "year", "", {}
        given = y is not None
        how = ""
        if y is None:
            if pub is None:
                return None
            rel_year = g.get("ry")
            if rel_year in ("этого", "текущего"):
                y = pub.date.year
            elif rel_year == "прошлого":
                y = pub.date.year - 1
            elif kind == "month" and re.match(r"(?i)last|back", g.get("pre") or ""):
                y = pub.date.year - (1 if mo >= pub.date.month else 0)  # "last March", "back in March": before this month
            else:
                y = _year_for(mo, d, pub)
            how = f"year from the publication date {pub.iso}" if kind != "month" else \
                f"{m.group(0).strip()!r} = the latest such month before {pub.iso}"
        value = _date_or_none(y, mo, d or 1)
        if value is None:
            return None
        precision = "day" if d else "month"
        return _shorten(value, precision), precision, how, {"year_given": given}
    if pub is None:
        return None
    if kind == "weekday":
        name = (g.get("wd") or g.get("wdr") or "").lower()
        target = rules.weekdays[name]
        if pub.precision == "day" and not quoted:
            value = pub.date + relativedelta(weekday=weekday(target)(-1))
            return value.isoformat(), "day", f"{m.group(0).strip()!r} = the {name.capitalize()} on or before {pub.iso}", {}
        precision = "month" if pub.precision == "day" else pub.precision
        return pub.iso[: DATE_LENGTH[precision]], precision, _coarse(m.group(0), pub, quoted, precision), {}
    rel = re.sub(r"\s+", " ", g["rel"].lower())
    if rel in ("this morning", "this afternoon", "this evening"):
        rel = "today"
    if rel in ("today", "tonight", "yesterday", "the day before", "сегодня", "вчера", "накануне") or rel.endswith("days ago"):
        if pub.precision != "day" or quoted:
            precision = "month" if pub.precision == "day" else pub.precision
            return pub.iso[: DATE_LENGTH[precision]], precision, _coarse(rel, pub, quoted, precision), {}
        back = 0 if rel in ("today", "tonight", "сегодня") else 1 if rel in ("yesterday", "the day before", "вчера", "накануне") \
            else int(_SMALL.get(g["n"]) or g["n"])
        return (pub.date - dt.timedelta(days=back)).isoformat(), "day", f"{rel!r} before {pub.iso}", {}
    if rel in ("this year", "earlier this year", "earlier in the year", "в этом году"):
        return str(pub.date.year), "year", f"{rel!r} of {pub.iso}", {}
    if rel in ("last year", "в прошлом году"):
        return str(pub.date.year - 1), "year", f"{rel!r} before {pub.iso}", {}
    if pub.precision == "year":
        return pub.iso, "year", f"{rel!r}: only the year is known from the publication date {pub.iso}", {}
    if rel == "last month":
        return _shorten(pub.date.replace(day=1) - dt.timedelta(days=1), "month"), "month", f"{rel!r} before {pub.iso}", {}
    if "month" in rel or rel in ("recent", "recently", "недавно"):
        return _shorten(pub.date, "month"), "month", f"{rel!r} of {pub.iso}", {}
    # weeks: the month if the whole week lies in one month, else the year
    if pub.precision != "day":
        return pub.iso, pub.precision, f"{rel!r}: only the month is known from the publication date {pub.iso}", {}
    monday = pub.date - dt.timedelta(days=pub.date.weekday())
    lo, hi = (monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)) if rel == "last week" else (monday, pub.date)
    if (lo.year, lo.month) == (hi.year, hi.month):
        return _shorten(lo, "month"), "month", f"{rel!r} = {lo} to {hi}", {}
    if lo.year == hi.year:
        return str(lo.year), "year", f"{rel!r} = {lo} to {hi}", {}
    return None


def _coarse(text: str, pub: Published, quoted: bool, precision: str) -> str:
    if quoted:
        return (f"{text.strip()!r} inside a quotation is relative to when it was said: "
                f"only the {precision} of {pub.iso} is known")
    return f"{text.strip()!r}: only the {precision} is known from the publication date {pub.iso}"


def _resolve_range(g: dict, rules: Rules, pub: Published | None):
    """(end value, precision, how, {range_start}) of a range; the start takes the end's year and month
    where it gives none ("from February 21 to 26", "January-April 2022")."""
    def month_of(name):
        return rules.months.get((name or "").lower().rstrip(".")) if name else None

    y2 = int(g["y"]) if g.get("y") else None
    m2 = month_of(g.get("m") or g.get("m_") or g.get("mm"))
    d2 = next((int(g[k]) for k in ("d", "d_", "dd") if g.get(k)), None)
    m1 = month_of(g.get("m1") or g.get("m1b") or g.get("m1c"))
    d1 = next((int(g[k]) for k in ("d1", "d1b") if g.get(k)), None)
    y1 = int(g["y1"]) if g.get("y1") else None
    if m2 is None:
        m2 = m1
    if m1 is None:
        m1 = m2
    if m2 is None:
        return None
    how = ""
    if y2 is None:
        if pub is None:
            return None
        y2 = _year_for(m2, d2, pub)
        how = f"year from the publication date {pub.iso}"
    if y1 is None:
        y1 = y2 if (m1, d1 or 1) <= (m2, d2 or 31) else y2 - 1
    end = _date_or_none(y2, m2, d2 or 1)
    start = _date_or_none(y1, m1, d1 or 1)
    if end is None or start is None:
        return None
    p_end = "day" if d2 else "month"
    p_start = "day" if d1 else "month"
    return _shorten(end, p_end), p_end, how, {"range_start": _shorten(start, p_start), "year_given": bool(g.get("y"))}
