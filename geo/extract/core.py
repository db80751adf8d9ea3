"""Article text → draft catalogue records (read → group → assemble).

1. Split the text into sentences (:mod:`.text`); headlines and captions are never evidence;
   datelines are cut off (where the reporter is, not where the event is) and date the report.
2. Anchor dates: the publication date; without one, a date line or a post signature of the page;
   a dateline's day refines it.
3. Read each sentence into facts (:mod:`.reading`): hand-overs, incidents, statements, casualty
   totals, each with its own dates, districts, figures and parties.
4. Segment events across sentences: a fact joins an earlier event of its kind only on positive
   evidence (the same date, the same districts, the same figure, or a continuation of the sentence
   before it); a different date, a different year or a background cue ("earlier", "back in",
   "last year") starts another event, and an empty date or district is not "compatible" with
   everything. Statements are one per party and occasion.
5. Assemble records in the catalogue's shape, each figure traced to its verbatim sentence (or, when
   it is counted from a phrase, to that phrase in ``derived``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .._textfile import UnreadableText, read_text
from ..errors import DataError
from ..gazetteer import Gazetteer, Mention, default_gazetteer
from ..model import DATE_LENGTH, FIELDS, FIGURE_FIELDS, FIGURES_OF_KIND, Record, dates_agree
from ..sources import parse_source, project_document, short_quote
from .dates import PRECISION_RANK, DateRef, Published, find_dates
from .reading import Context, Fact, Figure, read_sentence, village_districts
from .rules import Rules, default_rules
from .text import Document, Sentence, read_document

__all__ = ["Extraction", "extract_file", "extract_files", "extract_text"]

_SUFFIX = {"map_disclosure": "maps", "incident": "mine-incident", "statement": "statement",
           "casualty_total": "mine-victims"}
MAX_TEXT_BYTES = 5 * 1024 * 1024
#: How many of the latest events a fact may join (a bound that keeps grouping linear).
GROUP_WINDOW = 12
#: How far (in sentences) a continuation or a detail reaches back.
NEAR = 2


@dataclass
class Extraction:
    """Draft records (dicts in the ``minemaps records --json`` shape) and warnings for the curator."""

    records: list[dict]
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Event:
    kind: str
    facts: list[Fact] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    speaker: str | None = None
    background: bool = False
    villages: set[str] = field(default_factory=set)
    figure_values: dict[str, set] = field(default_factory=dict)  # kept up to date: grouping stays linear
    period_years: set[str] = field(default_factory=set)
    own_date: DateRef | None = None     # the most precise date of its own (the first on ties)
    speech: DateRef | None = None       # the most precise date of saying

    def add(self, f: Fact) -> None:
        if not self.facts:
            self.background = f.background and not f.dates
        for g in f.figures:
            if g.value is not None and not g.partial:
                self.figure_values.setdefault(g.field, set()).add(g.value)
        if f.period_start is not None and (f.period_start.range_start or f.period_start.value):
            self.period_years.add((f.period_start.range_start or f.period_start.value)[:4])
        if self.facts and f.sent.index < self.facts[-1].sent.index:
            bisect.insort(self.facts, f, key=lambda x: x.sent.index)
        else:
            self.facts.append(f)
        if f.districts and not self.districts:
            self.districts = list(f.districts)
        self.dates += f.dates
        for d in f.dates:
            if self.own_date is None or PRECISION_RANK[d.precision] < PRECISION_RANK[self.own_date.precision]:
                self.own_date = d
        if f.speech is not None and (self.speech is None
                                     or PRECISION_RANK[f.speech.precision] < PRECISION_RANK[self.speech.precision]):
            self.speech = f.speech
        self.speaker = self.speaker or f.speaker
        self.villages |= f.villages

    @property
    def last(self) -> int:
        return self.facts[-1].sent.index


    def values(self, name: str) -> set:
        return self.figure_values.get(name, set())


# ----------------------------------------------------------------------------- dates


def _agree(a: DateRef, b: DateRef) -> bool:
    return dates_agree(a.value, a.precision, b.value, b.precision)


_YEAR_DIGITS = re.compile(r"\b(?:19|20)\d\d\b")
_FULL_DATES = ("iso", "dmy", "mdy", "my")
_LAST_YEAR = re.compile(r"(?i)\blast\s+year\b|\bв\s+прошлом\s+году\b")


def _last_month(rules: Rules) -> re.Pattern:
    """'last September': a month named as the latest one before the text."""
    return rules.cached("last_month", lambda: re.compile(
        r"(?i)\blast\s+(" + "|".join(sorted((m for m in rules.months if len(m) > 3), key=len, reverse=True)) + r")\b"))


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _anchor(doc: Document, pub: Published | None, rules: Rules) -> tuple[Published | None, Published | None, str | None]:
    """(publication date, the anchor of relative dates, a note when the page's own text gave it)."""
    note = None
    if pub is None:
        for text in doc.anchors:
            pub = Published.from_text(text, rules)
            if pub is not None:
                note = f"no publication date given: the page's date line {text!r} is used"
                break
    if pub is None:  # the last resort: the latest year the text writes in a full date, at year precision
        years, month_years, last_months, opened = [], {}, set(), set()
        for sent in doc.sentences:
            last_months |= {rules.months.get(m.group(1).lower()) for m in _last_month(rules).finditer(sent.text)}
            if not _YEAR_DIGITS.search(sent.text):
                continue
            refs = [r for r in find_dates(sent.text, rules, None) if r.value and r.year_given and r.kind in _FULL_DATES]
            written = [int(r.value[:4]) for r in refs]
            # "Last year ... a full-scale war on 27 September 2020": the text is of the year after
            years += [y + 1 for y in written] if _LAST_YEAR.search(sent.text) else written
            for r in refs:
                if len(r.value) >= 7:
                    month_years.setdefault(int(r.value[5:7]), set()).add(int(r.value[:4]))
                    if r.since:
                        opened.add(r.value[:7])  # "since November 10, 2020": the page is later than that
        # "the September 2023 offensive" and "during the 2020 war and last September": of 2024
        years += [y + 1 for mo in last_months if mo for y in month_years.get(mo, ())]
        if years:
            year = max(years)
            # the news comes after what the text dates in full: "since their November 2020 ceasefire ...
            # on June 12" is of 2021, when every day written without a year would fall before it
            months = [mo for mo, ys in month_years.items() if year in ys]
            pub = None
            if months:
                last_month = max(months)
                guess = Published(dt.date(year, 12, 31), "year")
                days = [r for sent in doc.sentences for r in find_dates(sent.text, rules, guess)
                        if r.value and not r.year_given and r.precision == "day"]
                if days and all(int(r.value[5:7]) < last_month for r in days):
                    year += 1
                elif not doc.datelines and f"{year}-{last_month:02d}" not in opened \
                        and all(int(r.value[5:7]) <= last_month for r in days):
                    # the page is of the month of its latest full date or soon after: what it tells without
                    # a date of its own is dated to that month ("On April 28, 2023, ... the ministry said")
                    end = (dt.date(year + last_month // 12, last_month % 12 + 1, 1) - dt.timedelta(days=1))
                    pub = Published(end, "month")
                    note = (f"no publication date given: {end.isoformat()[:7]} is assumed (the month of the latest "
                            "full date the text writes)")
            if pub is None:
                pub = Published(dt.date(year, 12, 31), "year")
                note = (f"no publication date given: the year {year} is assumed for dates written without one (from the "
                        "latest year written in a full date)")
    anchor = pub
    if pub is not None:
        for _, text in doc.datelines[:1]:
            refs = [r for r in find_dates(text, rules, pub) if r.precision == "day" and r.value]
            if not refs:
                continue
            d = Published.parse(refs[0].value)
            lag = (pub.date - d.date).days
            if (pub.precision == "day" and 0 <= lag <= 7) or (pub.precision == "month" and d.iso[:7] == pub.iso[:7]) \
                    or (pub.precision == "year" and d.iso[:4] == pub.iso[:4]):  # an undated page: its dateline's day
                anchor = d
    return pub, anchor, note


# ----------------------------------------------------------------------------- grouping


#: A toll over a short recent period, told beside a running total ("last week alone").
_SHORT_PERIOD = re.compile(r"(?i)\b(?:last|this|past|previous)\s+(?:week|month)\b|\b(?:week|month)\s+alone\b"
                           r"|\b(?:last|past)\s+(?:\d+|few|two|three|seven|ten)\s+days\b")


def _evidence(ev: _Event, f: Fact) -> bool | None:
    """True: the fact is about this event; False: it cannot be; None: nothing says either way."""
    if f.list_id is not None or any(x.list_id is not None for x in ev.facts):
        if not (f.dates and ev.dates and any(d.value == f.dates[0].value for d in ev.dates)):
            return False
    fd, ed = f.date, ev.own_date
    if fd and ed and not _agree(fd, ed):
        return False
    if f.districts and ev.districts and set(f.districts) != set(ev.districts):
        return False
    if ev.kind == "statement":
        if f.speaker and ev.speaker and f.speaker != ev.speaker:
            return False
        for g in f.figures:
            vals = ev.values(g.field)
            if g.value is not None and vals and g.value not in vals:
                return False  # two figures of one kind: two statements
        fs, es = f.speech or fd, ev.speech or ed
        if fs and es:
            return _agree(fs, es)
        if f.background and not (fd or f.speech):
            return False
        if (f.speaker is None) != (ev.speaker is None) and f.sent.index - ev.last <= 1:
            return True  # "The maps' accuracy is only 25 percent. ..., Aliyev said.": one statement
        return f.speaker is not None and f.speaker == ev.speaker
    if ev.kind == "casualty_total":
        if bool(_SHORT_PERIOD.search(f.sent.text)) != any(_SHORT_PERIOD.search(x.sent.text) for x in ev.facts):
            return False  # "250 since the war ... Last week alone two were killed": two tolls
        mine = {g.field: g.value for g in f.figures if g.value is not None and not g.partial}
        for name, v in mine.items():
            vals = ev.values(name)
            if vals and v not in vals:
                return False
        mine_start = (f.period_start.range_start or f.period_start.value or "")[:4] if f.period_start else ""
        if mine_start and ev.period_years and (ev.period_years - {mine_start} or len(ev.period_years) > 1):
            return False
        if mine_start and ev.period_years and not f.detail:
            return True
        if any(v in ev.values(n) for n, v in mine.items()):
            return True
        # "302 citizens have become victims ... 57 have been killed and 245 others injured": one total
        if "killed" in mine and "injured" in mine and mine["killed"] + mine["injured"] in ev.values("victims"):
            return True
        if "victims" in mine and any(k + i == mine["victims"] for k in ev.values("killed") for i in ev.values("injured")):
            return True
        return f.sent.index - ev.last <= NEAR
    if f.figures and not f.districts and any(x.shared_toll for x in ev.facts):
        return False  # a toll without a place is not one of several explosions' own
    same_date = bool(fd and ed and _agree(fd, ed) and max(PRECISION_RANK[fd.precision], PRECISION_RANK[ed.precision]) <= 1)
    same_place = bool(f.districts and ev.districts) or bool(f.villages & ev.villages)
    same_figure = any(g.value is not None and g.value in ev.values(g.field) for g in f.figures
                      if g.field not in ("killed", "injured") or g.value > 1)
    if same_date or same_place or same_figure:
        return True
    if f.background and not fd:
        return False
    if ev.background:
        return None  # a background event takes only what shares its date, place or figure
    if ev.kind == "incident" and not ev.districts and any(x.region for x in ev.facts) and f.districts and not fd \
            and f.sent.index - ev.last <= NEAR:
        return True  # "A mine explosion in the Karabakh region killed a civilian. ... in Aghdam's village of ..."
    if not fd and f.speech and ed and f.speech.precision == "day" and ed.precision == "day" and _agree(f.speech, ed):
        return True  # "In a statement on Saturday, ... obtained maps of ..." and the hand-over of that Saturday
    if fd and not ed:
        return f.sent.index - ev.last <= NEAR and (f.continuation or ev.kind == "incident") and not f.background
    if not fd and f.sent.index - ev.last <= NEAR and (f.continuation or f.detail or not f.districts):
        return True
    return None


def _retype(facts: list[Fact]) -> None:
    """A casualty sentence with neither date nor place right after a casualty total continues the
    total ("As a result of the mine explosions, 45 citizens were killed ..."), not an incident."""
    last_total = -10
    for f in facts:
        if f.kind == "casualty_total":
            last_total = f.sent.index
        elif f.kind == "incident" and f.detail and not f.dates and not f.districts and not f.villages \
                and 0 < f.sent.index - last_total <= NEAR:
            f.kind = "casualty_total"
            f.detail = not f.figures
            f.figures = [g for g in f.figures if g.field in ("killed", "injured", "victims")]
            last_total = f.sent.index


def _group(facts: list[Fact]) -> list[_Event]:
    _retype(facts)
    events: list[_Event] = []
    waiting: list[Fact] = []  # details that come before their event ("Baku released 15 prisoners. Armenia gave maps ...")
    for f in facts:
        recent = [e for e in events[-GROUP_WINDOW:] if e.kind == f.kind]
        if f.detail:
            # "This time the minefield maps covered ..." refers back further: to the last event of its kind
            reach = NEAR + 2 if f.refers and recent and recent[-1] is events[-1] else NEAR
            ev = next((e for e in reversed(recent) if 0 <= f.sent.index - e.last <= reach and _evidence(e, f) is not False), None)
            if ev is not None:
                ev.add(f)
            else:
                waiting = [w for w in waiting if f.sent.index - w.sent.index <= NEAR] + [f]
            continue
        ev = next((e for e in reversed(recent) if _evidence(e, f) is True), None)
        if ev is None and not f.dates and not f.districts and not f.figures and not f.background and f.kind == "map_disclosure":
            # an undated mention of maps handed over ("Yerevan provided Baku a small part of the maps"):
            # the hand-over the article reports, if there is one it can be
            ev = next((e for e in reversed(recent) if _evidence(e, f) is not False), None)
        if ev is None:
            ev = _Event(f.kind)
            events.append(ev)
            ev.add(f)
            for w in [w for w in waiting if w.kind == f.kind and 0 < f.sent.index - w.sent.index <= NEAR]:
                # an undated detail; or a dated one just before a hand-over that gives no date ("On July 3,
                # 15 prisoners were sent home. Armenia responded by releasing maps of 92,000 mines.")
                just_before = bool(w.dates) and not f.dates and f.sent.index - w.sent.index == 1 \
                    and not (w.districts and f.districts and set(w.districts) != set(f.districts))
                if (_evidence(ev, w) is not False and not w.dates) or just_before:
                    waiting.remove(w)
                    ev.add(w)
        else:
            ev.add(f)
    return _merge_weak(events)


def _weak(ev: _Event) -> bool:
    """An event with nothing of its own to tell it apart: a hand-over with no date, place or figure;
    an explosion with no date or place ("Four workers were hurt in the blast")."""
    if ev.background or ev.dates or ev.districts:
        return False
    if ev.kind == "incident":
        return not any(f.region for f in ev.facts)
    return ev.kind == "map_disclosure" and not any(g.value is not None for f in ev.facts for g in f.figures)


def _merge_weak(events: list[_Event]) -> list[_Event]:
    """A mention of maps handed over with no date, place or figure of its own is the hand-over the
    article reports, when it reports one it can be (the nearest)."""
    strong: dict[str, list[_Event]] = {}
    for x in events:
        if not _weak(x) and not x.background:
            strong.setdefault(x.kind, []).append(x)  # in order of their first sentence
    firsts = {k: [x.facts[0].sent.index for x in v] for k, v in strong.items()}
    out = []
    for e in events:
        if _weak(e) and strong.get(e.kind):
            target = _nearest(strong[e.kind], firsts[e.kind], e.facts[0].sent.index)
            if all(_evidence(target, f) is not False for f in e.facts):
                for f in e.facts:
                    target.add(f)
                continue
        out.append(e)
    return out


def _nearest(events: list[_Event], firsts: list[int], index: int) -> _Event:
    """The event whose first sentence is nearest ``index`` (``firsts`` sorted, one per event)."""
    i = bisect.bisect_left(firsts, index)
    near = [j for j in (i - 1, i) if 0 <= j < len(events)]
    return events[min(near, key=lambda j: (abs(firsts[j] - index), j))]


# ----------------------------------------------------------------------------- assembling


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _source(document: str, url: str | None, pub: Published | None, quote: str) -> dict:
    """A draft record's source: the article's file (and page address when captured) and a quote."""
    out = {"document": document, "url": url, "published": pub.iso if pub else None, "quote": quote}
    return {k: v for k, v in out.items() if v is not None}


def _fallback(pub: Published | None, notes: list[str], note: str, precision: str = "month") -> tuple[str, str] | None:
    """The publication date at ``precision`` (or coarser, as the page gives it), noting ``note``
    (formatted with ``{pub}``, its ISO date); None without a publication date."""
    if pub is None:
        return None
    p = precision if PRECISION_RANK[precision] >= PRECISION_RANK[pub.precision] else pub.precision
    notes.append(note.format(pub=pub.iso))
    return pub.iso[: DATE_LENGTH[p]], p


_NO_DATE = "date: no date in the text; the month of publication ({pub}) is used."


def _event_date(ev: _Event, pub: Published | None, dateline: Published | None,
                notes: list[str]) -> tuple[str, str] | None:
    own, said = ev.own_date, ev.speech
    if ev.kind == "casualty_total":
        end = next((f.period_end for f in ev.facts if f.period_end is not None), None)
        if end is not None:
            return end.value, end.precision
        if said is not None:
            notes.append(f"date: the total as of when it was said ({said.text!r}).")
            return said.value, said.precision
        if any(f.attributed or f.sent.quotes for f in ev.facts):
            return _fallback(pub, notes, "date: the total is quoted without a date; the month of publication ({pub}) is used.")
        return _fallback(pub, notes, "date: the outlet's own total, as of publication ({pub}).", "day")
    if ev.kind == "statement":
        d = said or own
        if d is not None:
            if d.how:
                notes.append(f"date: {d.how}.")
            return d.value, d.precision
        if dateline is not None and not any(f.background for f in ev.facts):
            notes.append(f"date: the dateline's ({dateline.iso}).")
            return dateline.iso, dateline.precision
        return _fallback(pub, notes, _NO_DATE)
    if own is not None:
        if own.how:
            notes.append(f"date: {own.how}.")
        finer = said is not None and PRECISION_RANK[said.precision] < PRECISION_RANK[own.precision] and _agree(own, said)
        if finer:
            notes.append(f"date: {said.text!r} (when it was announced) within {own.text!r}.")
            return said.value, said.precision
        return own.value, own.precision
    if said is not None:
        notes.append(f"date: not given for the act; the date it was announced ({said.text!r}) is used.")
        return said.value, said.precision
    if dateline is not None and ev.kind == "incident" and any(_CLOCK.search(f.sent.text) for f in ev.facts):
        # a wire report: "BAKU, December 7. ... a tractor blew up on a mine at about 10:00"
        notes.append(f"date: a time of day without a date: the dateline's day ({dateline.iso}).")
        return dateline.iso, dateline.precision
    return _fallback(pub, notes, _NO_DATE)


_CLOCK = re.compile(r"\b(?:at|around|about)\s+(?:about\s+|around\s+|approximately\s+)?\d{1,2}(?::\d{2}\b|\s*(?:a\.?m\b|p\.?m\b))",
                    re.IGNORECASE)


_PERSON_NAME = re.compile(r"\b[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{2,})+")
_NOT_NAME = frozenset(("Another", "The", "Azerbaijani", "Armenian", "Russian", "Turkish", "Georgian", "Border", "Service",
                       "State", "National", "Agency", "Mine", "Action", "Ministry", "Internal", "Affairs", "Emergency",
                       "Situations", "Defense", "Defence", "Army", "Police", "Prosecutor", "General", "Office",
                       "District", "Region", "Village", "Both", "One", "Two", "Three", "Four"))


def _named_sum(items: list[tuple[Figure, Fact]]) -> Figure | None:
    """People of one explosion counted by name in different sentences, with no name in common
    ("Khayal Ahadli and Afig Mehdizade sustained leg injuries. ... Elchin Alakbarov and Yavar Mirzayev
    received shrapnel injuries"): together, with the phrases joined by " + " in ``derived``. Only when
    every count is of named people and no number is written for the field."""
    if len(items) < 2 or any(not g.derived or g.value is None for g, _ in items):
        return None
    seen_phrases, names, total = [], set(), 0
    for g, f in items:
        if g.derived in seen_phrases:
            continue
        own = {n for n in (" ".join(w for w in m.split() if w not in _NOT_NAME) for m in _PERSON_NAME.findall(g.derived))
               if len(n.split()) >= 2}
        words = {w for n in own for w in n.split()}
        if not own or words & {w for n in names for w in n.split()}:
            return None  # no name, or a name in common (the same person, maybe written surname first)
        names |= own
        seen_phrases.append(g.derived)
        total += g.value
    if len(seen_phrases) < 2:
        return None
    return Figure(items[0][0].field, total, derived=" + ".join(seen_phrases), surface=" + ".join(seen_phrases),
                  pos=items[0][0].pos)


def _restates_handovers(rec: dict, claimed: set) -> bool:
    """A "statement" that only says again what the article's hand-overs claim ("The mine maps show that
    Armenia planted 97,000 mines in Aghdam and 92,000 in Fuzuli"), its speaker borrowed from an earlier
    sentence: the outlet restating the hand-overs, not a party's statement."""
    if rec["kind"] != "statement" or not claimed or "from_party: the speaker is named" not in (rec["notes"] or ""):
        return False
    values = [rec[k] for k in FIGURE_FIELDS if rec.get(k) is not None]
    values += [c["value"] for c in rec["conflicts"] if c["field"] in FIGURE_FIELDS]
    return bool(values) and all(v in claimed for v in values) and all(rec.get(k) is None or k == "mines_on_maps"
                                                                      for k in FIGURE_FIELDS)


def _pick(figs: list[Figure]) -> Figure:
    written = [g for g in figs if not g.derived]
    return (written or figs)[0]


def _vague(text: str, rules: Rules) -> list[str]:
    """Quantities that name no number ("hundreds of maps"): noted, never a figure."""
    out = []
    for m in rules.vague.finditer(text):
        unit = _vague_unit(rules).match(text, m.end())
        if unit:
            out.append(f"vague quantity not recorded: {text[m.start(): unit.end()]!r}.")
    return out


def _vague_unit(rules: Rules) -> re.Pattern:
    def build():
        units = "|".join(rules.units[u].pattern for u in ("mines", "maps", "minefields", "persons"))
        return re.compile(rf"\s+of\s+(?:[\w-]+\s+){{0,5}}?(?:{units})", re.IGNORECASE)
    return rules.cached("vague_unit", build)


def _assemble(ev: _Event, document: str, url: str | None, pub: Published | None, dateline: Published | None, gaz: Gazetteer,
              rules: Rules, village_of: dict[str, str] | None = None) -> dict | None:
    notes: list[str] = []
    conflicts: list[dict] = []
    rec: dict = {k: None for k in FIELDS}
    rec.update(kind=ev.kind, mine_types=[], mediators=[], about=[], conflicts=conflicts, derived={})
    evidence = list(ev.facts)
    allowed = FIGURES_OF_KIND[ev.kind]

    date = _event_date(ev, pub, dateline, notes)
    if date is None:
        return None
    rec["date"], rec["date_precision"] = date
    own = ev.own_date
    if ev.kind in ("map_disclosure", "incident"):
        for f in ev.facts:
            for d in f.dates:
                if own and d.precision == "day" and own.precision == "day" and d.value != own.value:
                    conflicts.append({"field": "date", "value": d.value, "source": document, "quote": f.sent.text,
                                      "note": f"{d.text!r} in the quote"})
    # places: statements and totals concern the country, not a district
    districts = ev.districts if ev.kind in ("map_disclosure", "incident") else []
    if ev.kind == "incident" and not districts:
        offices = list(dict.fromkeys(c for f in ev.facts for c in f.offices))
        placed = list(dict.fromkeys(village_of[v] for v in sorted(ev.villages) if v in (village_of or {})))
        if len(offices) == 1:  # "..., the Tartar District Prosecutor's Office said"
            districts = offices
            notes.append(f"districts: {gaz.places[offices[0]].name_en if offices[0] in gaz.places else offices[0]}: "
                         "the district whose prosecutor's office or police reported the explosion; check.")
        elif len(placed) == 1:  # "... near the village of Allahgulular" (in Shusha, as the article says earlier)
            districts = placed
            notes.append("districts: the district the article puts the village in; check.")
    rec["districts"] = list(districts)
    if districts:
        rec["geo_precision"] = "district" if len(districts) == 1 else "districts"
    else:
        region = next((f.region for f in ev.facts if f.region), None) if ev.kind in ("map_disclosure", "incident") else None
        rec["region"] = region
        rec["geo_precision"] = "region" if region else "unknown"
    # figures
    by_field: dict[str, list[tuple[Figure, Fact]]] = {}
    whole = _breakdown(ev) if ev.kind == "casualty_total" else set()
    for f in ev.facts:
        for g in f.figures:
            if g.field in allowed and (not g.partial or id(g) in whole):
                by_field.setdefault(g.field, []).append((g, f))
            elif g.partial and g.field in allowed:
                notes.append(f"{g.field}: {g.surface!r} is only part of the toll in: {short_quote(f.sent.text)}; not used.")
    if ev.kind == "casualty_total":
        _victims_from_sums(by_field)
    for name, items in by_field.items():
        figs = [g for g, _ in items]
        chosen = _pick(figs)
        if ev.kind == "incident" and name in ("killed", "injured"):
            chosen = _named_sum(items) or chosen
        if chosen.value is None and chosen.lo is not None:
            rec[f"{name}_min"], rec[f"{name}_max"] = chosen.lo, chosen.hi
            continue
        rec[name] = chosen.value
        if chosen.qualifier:
            rec[f"{name}_qualifier"] = chosen.qualifier
        if chosen.derived:
            rec["derived"][name] = chosen.derived
            notes.append(f"{name}: {chosen.value} counted from {chosen.derived!r}.")
        seen = {chosen.value}
        for g, f in items:
            if g.value is None or g.value in seen or g.derived:
                continue
            seen.add(g.value)
            smaller = name in ("killed", "injured", "victims") and isinstance(chosen.value, (int, float)) and g.value < chosen.value
            if smaller:
                notes.append(f"{name}: {g.surface!r} in {short_quote(f.sent.text)} is read as part of the {chosen.value}.")
            else:
                conflicts.append({"field": name, "value": g.value, "source": document, "quote": f.sent.text,
                                  "note": f"the same article also says {g.surface!r}"})
    for f in ev.facts:
        notes += f.notes
        notes += _vague(f.sent.text, rules)
    # what and who
    for f in ev.facts:
        rec["mine_types"] += [t for t in f.mine_types if t not in rec["mine_types"]]
    if ev.kind == "map_disclosure":
        frm = next((f.from_party for f in ev.facts if f.from_party), None)
        to = next((f.to_party for f in ev.facts if f.to_party and f.to_party != frm), None)
        rec["from_party"], rec["to_party"] = frm, to
    elif ev.kind == "statement":
        if ev.speaker is None:
            return None  # an assessment nobody is quoted as making is the article's own view
        rec["from_party"] = ev.speaker
        for f in ev.facts:
            if f.speaker_note:
                notes.append(f"from_party: {f.speaker_note}.")
                break
    elif ev.kind == "casualty_total":
        rec["area"] = "country"
        start = next((f.period_start for f in ev.facts if f.period_start is not None), None)
        if start is not None:
            if start.range_start:
                rec["period_start"] = start.range_start
            elif start.precision in ("day", "month") or re.match(r"(?i)\s*(?:since|с)\s+\S+\s*(?:года)?\s*$", start.text) \
                    or start.since and start.kind == "year" and re.match(r"(?i)(?:since|с)\b", start.text):
                rec["period_start"] = start.value
        rec["period_end"] = rec["date"]
    # substance: a hand-over needs a figure, a place or a date of its own; an incident a date or a place
    figures = any(rec[k] is not None for k in allowed) or any(rec.get(f"{k}_min") is not None for k in allowed)
    place = bool(districts or rec["region"])
    dated = own is not None or ev.speech is not None
    if ev.kind == "map_disclosure" and not (figures or districts or own is not None
                                            or (rec["region"] and not ev.background and _maps_of_region(ev, rec["region"], rules))):
        return None
    if ev.kind == "incident" and not (place or dated or ev.villages):
        return None
    if ev.kind == "casualty_total" and not figures:
        return None
    rec["sources"] = [_source(document, url, pub, f.sent.text)
                      for f in sorted({id(f): f for f in evidence}.values(), key=lambda f: f.sent.index)]
    seen_q: set[str] = set()
    rec["sources"] = [s for s in rec["sources"] if not (s["quote"] in seen_q or seen_q.add(s["quote"]))]
    place_names = [gaz.places[c].name_en for c in districts if c in gaz.places] or ([rec["region"]] if rec["region"] else [])
    who = [rec["from_party"]] if ev.kind == "statement" and rec["from_party"] else []
    rec["id"] = "-".join(p for p in [rec["date"] or "undated", *map(_slug, place_names + who), _SUFFIX[ev.kind]] if p)
    rec["notes"] = " ".join(dict.fromkeys(notes)) or None
    return rec


def _breakdown(ev: _Event) -> set[int]:
    """Killed and injured read as parts ("57 of the citizens were killed, and 245 were injured") that
    add up to the total's victims (302): its breakdown, not a part left out (ids of the figures)."""
    victims = ev.values("victims")
    if not victims:
        return set()
    figs = [g for f in ev.facts for g in f.figures if g.value is not None]
    killed = [g for g in figs if g.field == "killed"]
    injured = [g for g in figs if g.field == "injured"]
    return {id(g) for k in killed for i in injured if k.value + i.value in victims for g in (k, i)}


def _victims_from_sums(by_field: dict[str, list]) -> None:
    """A total whose "killed" equals killed + injured given beside it counts victims ("claimed the
    lives of over 350 people ..., resulting in over 60 fatalities and 290 injuries")."""
    killed = by_field.get("killed", [])
    injured = {g.value for g, _ in by_field.get("injured", [])}
    values = {g.value for g, _ in killed}
    for g, f in list(killed):
        if any(g.value == k + i for k in values for i in injured if k != g.value):
            killed.remove((g, f))
            by_field.setdefault("victims", []).insert(0, (Figure("victims", g.value, g.qualifier, derived=g.derived,
                                                                surface=g.surface, pos=g.pos), f))
    if not killed and "killed" in by_field:
        del by_field["killed"]


# ----------------------------------------------------------------------------- mediators


def _maps_of_region(ev: _Event, region: str, rules: Rules) -> bool:
    """The maps are said to be of the region ("maps of minefields in Nagorno-Karabakh"), not only
    the region named elsewhere in the sentence ("received from Nagorno-Karabakh officials")."""
    rx = rules.regions[region]
    for f in ev.facts:
        t = f.sent.text
        for m in rules.map_nouns.finditer(t):
            r = rx.search(t, m.end(), m.end() + 60)
            if r and re.search(r"\b(?:in|of|for|on|across|covering)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", t[m.end():r.start()]) \
                    and not re.search(r"[,;]", t[m.end():r.start()]):
                return True
    return False


def _mediators(text: str, rules: Rules) -> list[str]:
    """Countries/organisations credited with mediating *this* hand-over in one sentence."""
    triggers = []
    for m in rules.mediation.finditer(text):
        near = text[max(0, m.start() - 25): m.end() + 40]
        triggers.append((m.start(), m.end(), not rules.other_mediation.search(near)))
    if not triggers:
        return []
    if rules.other_mediation.search(text) and not rules.event_words.search(text):
        return []
    found: list[tuple[int, str]] = []
    names = list(rules.mediators)
    for m in rules.mediator_names.finditer(text):
        nearest = min(triggers, key=lambda t: min(abs(m.start() - t[1]), abs(t[0] - m.end())))
        if nearest[2]:
            found.append((m.start(), names[int(m.lastgroup[1:])]))
    out: list[str] = []
    for _, name in sorted(found):
        if name not in out:
            out.append(name)
    return out


def _credits(sentences: list[Sentence], events: list[_Event], rules: Rules) -> dict[int, list[tuple[Sentence, list[str]]]]:
    """Mediation credits → the nearest map hand-over of the article (by sentence distance)."""
    out: dict[int, list] = {}
    by_sentence = sorted((f.sent.index, n, e) for n, e in enumerate(events) if e.kind == "map_disclosure" for f in e.facts)
    if not by_sentence:
        return out
    indexes = [i for i, _, _ in by_sentence]
    for s in sentences:
        if s.headline or not rules.mediation.search(s.text):
            continue
        names = _mediators(s.text, rules)
        if not names:
            continue
        k = bisect.bisect_left(indexes, s.index)  # the nearest sentence of a hand-over, the earlier on a tie
        near = [j for j in (k - 1, k) if 0 <= j < len(by_sentence)]
        j = min(near, key=lambda j: (abs(indexes[j] - s.index), by_sentence[j][1]))
        ev = by_sentence[j][2]
        out.setdefault(id(ev), []).append((s, names))
    return out


# ----------------------------------------------------------------------------- the pipeline


def _speakers(facts: list[Fact], sentences: list[Sentence], named: dict[int, str]) -> None:
    """A statement without a party in its sentence: the author of the quotation it stands in (named
    in the sentence that closes it), else the nearest speaker named before."""
    for f in facts:
        if f.kind != "statement" or f.speaker is not None:
            continue
        s = f.sent
        quoted = bool(s.quotes) and s.quotes[0][0] <= 1
        if quoted or re.search(r"[,\"”]\s*$", s.text):
            for j in range(s.index + 1, min(len(sentences), s.index + 4)):
                if j in named:
                    nxt = sentences[j]
                    close = nxt.quotes[0][1] if nxt.quotes and nxt.quotes[0][0] == 0 else 0
                    tail = nxt.text[close:]
                    if len(tail.split()) <= 16:
                        f.speaker = named[j]
                        f.speaker_note = "the speaker is named where the quotation ends"
                        break
                if sentences[j].block != s.block and not sentences[j].quotes:
                    break
        if f.speaker is None:
            for j in range(s.index - 1, max(-1, s.index - 4), -1):
                if sentences[j].block < s.block - 1:
                    break  # two paragraphs back: the outlet's own words, not the speaker's
                if j in named:
                    f.speaker, f.speaker_note = named[j], "the speaker is named in an earlier sentence"
                    break


def extract_text(text: str, *, document: str = "<text>", published: str | None = None, url: str | None = None,
                 rules: Rules | None = None, gazetteer: Gazetteer | None = None) -> Extraction:
    """Draft records from one article. ``published`` ("2021-07-05", "2021-07" or "2021") anchors
    relative dates and years left out ("on Saturday", "12 June"); without it, a date line of the
    page does (with low confidence)."""
    rules = rules or default_rules()
    gaz = gazetteer or default_gazetteer()
    doc = read_document(text, rules)
    sentences = doc.sentences
    pub, anchor, anchor_note = _anchor(doc, Published.parse(published), rules)
    # a dateline, or a page's time stamp line of the publication day ("25 September 2022 01:22"), dates what the
    # report tells without a date of its own
    stamped = anchor is not None and not doc.datelines and any(
        not _ISO_DAY.fullmatch(text.strip())  # a bare ISO date is page chrome, not the report's own line
        and (d := Published.from_text(text, rules)) is not None and d.iso == anchor.iso for text in doc.anchors[:1])
    dateline = anchor if anchor is not None and pub is not None and (doc.datelines or stamped) and anchor.precision == "day" else None
    mentions: dict[int, list[Mention]] = {}
    maps_here = [not s.headline and bool(rules.map_nouns.search(s.text)) for s in sentences]
    mine_here = [not s.headline and bool(re.search(r"(?i)\bmines?\b|landmine|explosi|blast|booby|ordnance|мин|взрыв", s.text))
                 for s in sentences]
    n = len(sentences)
    ctx = Context(rules, gaz, anchor, mentions, sentences=sentences, mine_here=mine_here,
                  maps_near=[any(maps_here[j] for j in range(max(0, i - 1), min(n, i + 2))) for i in range(n)],
                  mine_near=[any(mine_here[j] for j in range(max(0, i - 2), min(n, i + 1))) for i in range(n)])
    facts: list[Fact] = []
    before: list[Fact] = []  # the facts of the sentence before
    for s in sentences:
        got = read_sentence(s, ctx)
        # "This was reported on 12 May.": the date the event before it was reported
        if before and rules.follow_on.search(s.text):
            said = next((d for d in find_dates(s.text, rules, anchor, quotes=s.quotes) if d.value), None)
            for f in before:
                f.attributed = True
                if said is not None and f.speech is None:
                    f.speech = said
                if f.speaker is None and s.index in ctx.named:  # "об этом сказал X": X said it
                    f.speaker, f.speaker_note = ctx.named[s.index], "the speaker is named in the next sentence"
        facts += got
        before = got
    _speakers(facts, sentences, ctx.named)
    for f in facts:  # "The NSS said late on Thursday that ... Their maps will be passed on ..., the NSS said."
        if f.speech is not None or f.kind not in ("statement", "casualty_total"):
            continue
        # a quoted total or a statement goes on from a dated saying a few sentences before: two back in
        # the next paragraph; up to eight back when the text refers back to it ("the letter said")
        quoted = f.kind == "casualty_total" and bool(f.sent.quotes)
        if f.kind == "statement" and not f.speaker or f.kind == "casualty_total" and not quoted:
            continue
        reach = 8 if f.speaker_note or quoted else 2
        for j in range(f.sent.index - 1, max(-1, f.sent.index - 1 - reach), -1):
            if j in ctx.said and (quoted or ctx.said[j][0] == f.speaker) and (
                    reach > 2 or sentences[j].block >= f.sent.block - 1):
                f.speech = ctx.said[j][1]
                break
    events = _group(facts)
    village_of = village_districts(sentences, gaz) if any(e.villages and not e.districts for e in events) else {}
    credits = _credits(sentences, events, rules)
    records: list[dict] = []
    warnings: list[str] = []
    for ev in events:
        rec = _assemble(ev, document, url, pub, dateline, gaz, rules, village_of)
        if rec is None:
            if pub is None and ev.facts and (ev.kind != "statement" or ev.speaker):
                warnings.append(f"{document}: a {ev.kind} in {short_quote(ev.facts[0].sent.text, 60)!r} has no date; "
                                "give --published so that relative dates and the publication date can be used")
            continue
        for s, names in credits.get(id(ev), []):
            rec["mediators"] += [m for m in names if m not in rec["mediators"]]
            if s.text not in [x["quote"] for x in rec["sources"]]:
                rec["sources"].append(_source(document, url, pub, s.text))
        if anchor_note:
            rec["confidence"], rec["confidence_reason"] = "low", anchor_note
        records.append(rec)
    claimed = {r["mines_claimed"] for r in records if r["kind"] == "map_disclosure" and r["mines_claimed"] is not None}
    records = [r for r in records if not _restates_handovers(r, claimed)]
    disclosure_ids = [r["id"] for r in records if r["kind"] == "map_disclosure"]
    for rec in records:
        if rec["kind"] == "statement" and disclosure_ids:
            rec["about"] = list(disclosure_ids)
            rec["notes"] = ((rec["notes"] or "") + " about: the hand-overs reported in the same article; check.").strip()
    _unique_ids(records)
    shaped = []
    for r in records:
        try:
            shaped.append(_shape(r))
        except ValueError as exc:  # a draft the record model refuses is reported, never a crash
            warnings.append(f"{document}: draft {r['id']} left out: {str(exc).splitlines()[0]}")
    return Extraction(shaped, warnings)


def _unique_ids(records: list[dict], taken: set[str] | None = None) -> None:
    """Make ids unique (``-2``, ``-3``...) against ``taken`` and each other; ``about`` follows."""
    taken = set() if taken is None else taken
    renamed: dict[str, str] = {}
    for r in records:
        new, n = r["id"], 1
        while new in taken:
            n += 1
            new = f"{r['id']}-{n}"
        taken.add(new)
        renamed.setdefault(r["id"], new)
        r["id"] = new
    for r in records:
        r["about"] = [renamed.get(a, a) for a in r["about"]]


def _shape(rec: dict) -> dict:
    """Checked against the record model; the same keys and order as ``minemaps records --json``."""
    if rec["date"] is None:
        return {k: rec.get(k) for k in FIELDS}
    dumped = Record.model_validate(rec).model_dump(mode="json")
    return {k: dumped.get(k) for k in FIELDS}


def extract_files(paths, *, published: str | None = None, rules: Rules | None = None,
                  gazetteer: Gazetteer | None = None) -> tuple[Extraction, list[DataError]]:
    """Draft records from several articles, ids unique over all of them; unreadable files are
    returned as errors (each naming its file) while the others are still read."""
    out = Extraction([])
    errors: list[DataError] = []
    taken: set[str] = set()
    for path in paths:
        try:
            res = extract_file(path, published=published, rules=rules, gazetteer=gazetteer)
        except DataError as exc:
            errors.append(exc)
            continue
        _unique_ids(res.records, taken)
        out.records += res.records
        out.warnings += res.warnings
    return out, errors


def extract_file(path: str | Path, *, published: str | None = None, document: str | None = None,
                 rules: Rules | None = None, gazetteer: Gazetteer | None = None) -> Extraction:
    """Draft records from a plain-text (UTF-8) article file; :class:`DataError` names the file if
    unreadable. A captured source (``sources/``: header, ``---``, passages) gives its publication
    date and address; records name a file in ``seeds/`` or ``sources/`` as the catalogue does."""
    path = Path(path)
    try:
        text = read_text(path, max_bytes=MAX_TEXT_BYTES, expected="plain text")
        meta, body = parse_source(text, name=str(path))
    except UnreadableText as exc:
        raise DataError(f"{path}: {exc.reason}") from None
    except ValueError as exc:
        raise DataError(str(exc)) from None
    warnings = []
    if document is None:
        document = project_document(path)
        if document is None:
            document = path.as_posix()
            warnings.append(f"{path}: not in a seeds/ or sources/ folder; capture the article into sources/ "
                            "(see sources/README.md) so that the drafts pass `minemaps validate`")
    result = extract_text(body, document=document, published=published or meta.get("published") or None,
                          url=meta.get("url") or None, rules=rules, gazetteer=gazetteer)
    language = (meta.get("language") or "en").strip()
    if result.records and language != "en":
        warnings.append(f"{path}: quotes in {language!r}: add quote_en (your translation) to each source before "
                        "`minemaps validate`; figures read from number words are under `derived`")
    result.warnings[:0] = warnings
    return result
