"""Article text → draft catalogue records (validate → compute → assemble).

1. Split the text into sentences (:mod:`.text`); headlines and captions are never evidence.
2. Label each sentence: a map hand-over, a mine incident, a party's assessment of maps, a
   credit for mediation (rules in ``data/extract/rules.yaml``).
3. Read what the labelled sentences say: numbers and what they count (:mod:`.quantities`),
   dates (:mod:`.dates`), districts (the gazetteer's free-text matcher, without places named
   only as where people were held or come from), regions, parties, mediators.
4. Group sentences about one event (same kind, compatible districts and dates): an event
   reported twice in one article is one record; disagreeing figures become ``conflicts``.
5. Assemble records in the catalogue's shape, each figure traced to its verbatim sentence.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .._textfile import UnreadableText, read_text
from ..errors import DataError
from ..gazetteer import Gazetteer, default_gazetteer
from ..model import DATE_LENGTH, FIELDS, Record
from ..sources import parse_source, project_document, short_quote
from .dates import PRECISION_RANK, DateRef, Published, best, find_dates
from .quantities import Quantity, find_numbers
from .rules import Rules, default_rules
from .text import Sentence, split_sentences

__all__ = ["Extraction", "extract_file", "extract_files", "extract_text"]

_FIELDS_BY_KIND = {
    "map_disclosure": ("mines_claimed", "maps_count", "minefields_count", "detainees_released"),
    "incident": ("killed", "injured"),
    "statement": (),
}
_SUFFIX = {"map_disclosure": "maps", "incident": "mine-incident", "statement": "statement"}
MAX_TEXT_BYTES = 5 * 1024 * 1024


@dataclass
class Extraction:
    """Draft records (dicts in the ``minemaps records --json`` shape) and warnings for the curator."""

    records: list[dict]
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Read:
    """What one sentence says."""

    s: Sentence
    kind: str | None = None
    districts: list[str] = field(default_factory=list)
    region: str | None = None
    dates: list[DateRef] = field(default_factory=list)
    numbers: list[Quantity] = field(default_factory=list)
    mine_types: list[str] = field(default_factory=list)
    speaker: str | None = None
    joined: bool = False        # a figure next to a labelled sentence, read as part of its event
    givers: list[str] = field(default_factory=list)
    receivers: list[str] = field(default_factory=list)
    parties: set[str] = field(default_factory=set)
    mediators: list[str] = field(default_factory=list)

    @property
    def date(self) -> DateRef | None:
        return best(self.dates)

    @cached_property
    def event_date(self) -> DateRef | None:
        """The date something happened, not when it was said (for grouping)."""
        return best(self.dates, speech=False)


@dataclass
class _Event:
    """Sentences about one event. What grouping asks of it (districts, the event date, the speaker)
    is kept up to date as sentences are added, so grouping stays linear in the text."""

    kind: str
    reads: list[_Read]
    districts: list[str] = field(default_factory=list)
    event_date: DateRef | None = None
    speaker: str | None = None

    def __post_init__(self):
        reads, self.reads = self.reads, []
        for r in reads:
            self.add(r)

    def add(self, r: _Read) -> None:
        if self.reads and r.s.index < self.reads[-1].s.index:
            bisect.insort(self.reads, r, key=lambda x: x.s.index)
        else:
            self.reads.append(r)
        self.districts += [d for d in r.districts if d not in self.districts]
        d = r.event_date
        if d is not None and (self.event_date is None
                              or PRECISION_RANK[d.precision] < PRECISION_RANK[self.event_date.precision]):
            self.event_date = d
        self.speaker = self.speaker or r.speaker

    @property
    def date(self) -> DateRef | None:
        """When it happened; a date of saying counts where it is more precise and agrees
        ("received this week" + "said on Thursday" → that Thursday)."""
        refs = [d for r in self.reads for d in r.dates if d.value and not d.background]
        happened = [d for d in refs if not d.speech]
        said = sorted((d for d in refs if d.speech), key=lambda d: PRECISION_RANK[d.precision])
        if not happened:
            return said[0] if said else None
        top = min(happened, key=lambda d: PRECISION_RANK[d.precision])
        n = DATE_LENGTH[top.precision]
        finer = [d for d in said if PRECISION_RANK[d.precision] < PRECISION_RANK[top.precision]
                 and d.value[:n] == top.value[:n]]
        return finer[0] if finer else top



# ----------------------------------------------------------------------------- labelling


def _has(rx: re.Pattern, text: str) -> bool:
    return rx.search(text) is not None


def _assessment(text: str, rules: Rules) -> bool:
    blocked = [m.span() for m in rules.assessment_blockers.finditer(text)]
    return any(not any(a < m.end() and m.start() < b for a, b in blocked) for m in rules.assessment.finditer(text))


def _label(sentences: list[Sentence], rules: Rules) -> list[str | None]:
    """The event kind each sentence reports (or None), before numbers are read."""
    n = len(sentences)
    maps = [_has(rules.map_nouns, s.text) for s in sentences]
    labels: list[str | None] = []
    for i, s in enumerate(sentences):
        t = s.text
        if s.headline:
            labels.append(None)
        elif _assessment(t, rules) and any(maps[j] for j in range(max(0, i - 1), min(n, i + 2))):
            labels.append("statement")
        elif _has(rules.incident, t):
            labels.append("incident")
        elif maps[i] and _has(rules.transfer, t) and not _has(rules.not_transfer, t):
            labels.append("map_disclosure")
        else:
            labels.append(None)
    return labels


# ----------------------------------------------------------------------------- reading


def _districts(text: str, gaz: Gazetteer, rules: Rules) -> list[str]:
    out: list[str] = []
    for m in gaz.find_mentions(text):
        if rules.not_location_before.search(text[: m.start]) or rules.not_location_after.match(text[m.end:]):
            continue
        if m.text in rules.metonyms:
            continue  # "Baku said", "submitted by Yerevan to Baku": the government, not a place
        if m.iso_code not in out:
            out.append(m.iso_code)
    return out


def _first_party(patterns: dict[str, re.Pattern], text: str) -> str | None:
    hits = [(m.start(), party) for party, rx in patterns.items() for m in [rx.search(text)] if m]
    return min(hits)[1] if hits else None


def _roles(patterns: dict[str, re.Pattern], text: str) -> list[str]:
    return [party for party, rx in patterns.items() if rx.search(text)]


def _mediators(text: str, rules: Rules) -> list[str]:
    """Countries/organisations credited with mediating *this* hand-over in one sentence."""
    triggers = []
    for m in rules.mediation.finditer(text):
        near = text[max(0, m.start() - 25): m.end() + 40]
        triggers.append((m.start(), m.end(), not _has(rules.other_mediation, near)))
    if not triggers:
        return []
    if _has(rules.other_mediation, text) and not _has(rules.event_words, text):
        return []
    found: list[tuple[int, str]] = []
    for name, rx in rules.mediators.items():
        for m in rx.finditer(text):
            nearest = min(triggers, key=lambda t: min(abs(m.start() - t[1]), abs(t[0] - m.end())))
            if nearest[2]:
                found.append((m.start(), name))
    out: list[str] = []
    for _, name in sorted(found):
        if name not in out:
            out.append(name)
    return out


def _read(s: Sentence, kind: str | None, rules: Rules, gaz: Gazetteer, pub: Published | None) -> _Read:
    t = s.text
    r = _Read(s, kind)
    if kind is None:
        return r
    r.dates = find_dates(t, rules, pub)
    r.numbers = find_numbers(t, rules, skip=[(d.start, d.end) for d in r.dates])
    r.districts = _districts(t, gaz, rules)
    r.region = next((name for name, rx in rules.regions.items() if rx.search(t)), None)
    r.mine_types = [name for name, rx in rules.mine_types.items() if rx.search(t)]
    if kind == "statement":
        r.speaker = _first_party(rules.speakers, t)
    elif kind == "map_disclosure":
        r.givers = _roles(rules.givers, t)
        r.receivers = _roles(rules.receivers, t)
        r.parties = {p for p, rx in rules.party_names.items() if rx.search(t)}
    return r


# ----------------------------------------------------------------------------- grouping


def _compatible(ev: _Event, r: _Read) -> bool:
    a, b = set(ev.districts), set(r.districts)
    if a and b and a != b:
        return False
    da, db = ev.event_date, r.event_date
    if da and db:
        p = max(da.precision, db.precision, key=PRECISION_RANK.get)
        n = DATE_LENGTH[p]
        if da.value[:n] != db.value[:n]:
            return False
    if ev.kind == "statement" and ev.speaker and r.speaker and ev.speaker != r.speaker:
        return False
    return True


#: How many of the latest events a sentence may join (a bound that keeps grouping linear).
GROUP_WINDOW = 12


def _group(reads: list[_Read]) -> list[_Event]:
    events: list[_Event] = []
    of_sentence: dict[int, _Event] = {}
    for r in reads:
        if r.kind is None or r.joined:
            continue
        ev = next((e for e in reversed(events[-GROUP_WINDOW:]) if e.kind == r.kind and _compatible(e, r)), None)
        if ev is None:
            ev = _Event(r.kind, [r])
            events.append(ev)
        else:
            ev.add(r)
        of_sentence[r.s.index] = ev
    for r in reads:  # a joined sentence goes with the event of its neighbour, the one before first
        if r.joined:
            i = r.s.index
            ev = next((e for e in (of_sentence.get(i - 1), of_sentence.get(i + 1)) if e is not None and e.kind == r.kind),
                      None)
            if ev is not None:
                ev.add(r)
    return events


# ----------------------------------------------------------------------------- assembling


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _source(document: str, url: str | None, pub: Published | None, quote: str) -> dict:
    """A draft record's source: the article's file (and page address when captured) and a quote."""
    out = {"document": document, "url": url, "published": pub.iso if pub else None, "quote": quote}
    return {k: v for k, v in out.items() if v is not None}


def _assemble(ev: _Event, reads: list[_Read], document: str, pub: Published | None, gaz: Gazetteer,
              rules: Rules, url: str | None = None) -> dict | None:
    notes: list[str] = []
    conflicts: list[dict] = []
    rec: dict = {k: None for k in FIELDS}
    rec.update(kind=ev.kind, mine_types=[], mediators=[], about=[], conflicts=conflicts, derived={})
    evidence: list[_Read] = list(ev.reads)

    # date
    d = ev.date
    if d is not None:
        rec["date"], rec["date_precision"] = d.value, d.precision
        if d.how:
            notes.append(f"date: {d.how}.")
        for r in ev.reads:
            other = r.date
            if other and other.precision == "day" and d.precision == "day" and other.value != d.value \
                    and other.speech == d.speech:
                conflicts.append({"field": "date", "value": other.value, "source": document,
                                  "quote": r.s.text, "note": f"{other.text!r} in the quote"})
    elif pub is not None:  # on or before publication: kept to the month at best
        precision = "month" if pub.precision == "day" else pub.precision
        rec["date"], rec["date_precision"] = pub.iso[: {"month": 7, "year": 4}[precision]], precision
        notes.append(f"date: no date in the text; the month of publication ({pub.iso}) is used.")
    # places
    districts = ev.districts
    if districts:
        rec["districts"] = districts
        rec["geo_precision"] = "district" if len(districts) == 1 else "districts"
    else:
        rec["districts"] = []
        region = next((r.region for r in ev.reads if r.region), None)
        rec["region"] = region
        rec["geo_precision"] = "region" if region else "unknown"
    # figures
    for name in _FIELDS_BY_KIND[ev.kind]:
        found = [(q, r) for r in ev.reads for q in r.numbers if q.field == name]
        whole = [(q, r) for q, r in found if not q.partial]
        for q, r in found:
            if q.partial:
                notes.append(f"{name}: {q.surface!r} is only part of the toll in: {short_quote(r.s.text)}; not summed, left empty.")
        if not whole:
            continue
        # the figure most sentences give (the first on a tie: most_common keeps first-seen order)
        value = Counter(q.value for q, _ in whole).most_common(1)[0][0]
        rec[name] = value
        for q, _ in whole:
            if q.approximate and q.value == value:
                notes.append(f"{name}: reported as {q.approximate!r} {q.surface}.")
        seen = {value}
        for q, r in whole:
            if q.value not in seen:
                seen.add(q.value)
                conflicts.append({"field": name, "value": q.value, "source": document, "quote": r.s.text,
                                  "note": f"the same article also says {q.surface!r}"})
    for r in ev.reads:
        for m in rules.vague.finditer(r.s.text):
            tail = r.s.text[m.end(): m.end() + 40]
            unit = re.match(r"\s+of\s+(?:[\w-]+\s+){0,5}?(" + "|".join(
                rules.units[u].pattern for u in ("mines", "maps", "minefields", "persons")) + ")", tail, re.IGNORECASE)
            if unit:
                notes.append(f"vague quantity not recorded: {r.s.text[m.start(): m.end() + unit.end()]!r}.")
    # what and who
    for r in ev.reads:
        rec["mine_types"] += [t for t in r.mine_types if t not in rec["mine_types"]]
    if ev.kind == "map_disclosure":
        givers = Counter(p for r in ev.reads for p in r.givers)
        receivers = Counter(p for r in ev.reads for p in r.receivers)
        mentioned = set().union(*(r.parties for r in ev.reads))
        frm = givers.most_common(1)[0][0] if givers else None
        to = next((p for p, _ in receivers.most_common() if p != frm), None)
        if frm is None and to is not None:
            frm = next((p for p in sorted(mentioned) if p != to), None)
        if to is None and frm is not None:
            to = next((p for p in sorted(mentioned) if p != frm), None)
        rec["from_party"], rec["to_party"] = frm, to
    elif ev.kind == "statement":
        speaker = ev.speaker
        if speaker is None:  # "The ministry claimed ...": the nearest speaker named before
            first = ev.reads[0].s.index
            for r in reversed(reads[max(0, first - 3): first]):
                if r.speaker is None:
                    r.speaker = _first_party(rules.speakers, r.s.text)
                if r.speaker:
                    speaker = r.speaker
                    evidence.append(r)
                    notes.append(f"from_party: the speaker is named in an earlier sentence: {short_quote(r.s.text)}")
                    break
        if speaker is None:
            return None  # an assessment nobody is quoted as making is the article's own view
        rec["from_party"] = speaker
    # substance: a hand-over needs a figure or a place ("the maps received in 2021" is only a
    # mention); an incident a figure, a place or a date the text gives
    figures = any(rec[f] is not None for f in _FIELDS_BY_KIND[ev.kind])
    if ev.kind == "map_disclosure" and not (figures or districts or rec["region"]):
        return None
    if ev.kind == "incident" and not (figures or districts or rec["region"] or d is not None):
        return None
    rec["sources"] = [_source(document, url, pub, r.s.text)
                      for r in sorted({id(r): r for r in evidence}.values(), key=lambda r: r.s.index)]
    place = [gaz.places[c].name_en for c in districts if c in gaz.places] or ([rec["region"]] if rec["region"] else [])
    who = [rec["from_party"]] if ev.kind == "statement" and rec["from_party"] else []
    rec["id"] = "-".join(p for p in [rec["date"] or "undated", *map(_slug, place + who), _SUFFIX[ev.kind]] if p)
    rec["notes"] = " ".join(notes) or None
    return rec


def _attach_mediators(events: list[_Event], reads: list[_Read], rules: Rules) -> dict[int, list[_Read]]:
    """Mediation credits → the nearest map hand-over of the article (by sentence distance)."""
    out: dict[int, list[_Read]] = {}
    disclosures = [e for e in events if e.kind == "map_disclosure"]
    if not disclosures:
        return out
    for r in reads:
        if r.s.headline or not _has(rules.mediation, r.s.text):
            continue
        r.mediators = _mediators(r.s.text, rules)
        if not r.mediators:
            continue
        ev = min(disclosures, key=lambda e: min(abs(x.s.index - r.s.index) for x in e.reads))
        out.setdefault(id(ev), []).append(r)
    return out


def extract_text(text: str, *, document: str = "<text>", published: str | None = None, url: str | None = None,
                 rules: Rules | None = None, gazetteer: Gazetteer | None = None) -> Extraction:
    """Draft records from one article. ``published`` ("2021-07-05", "2021-07" or "2021") anchors
    relative dates and years left out ("on Saturday", "12 June")."""
    rules = rules or default_rules()
    gaz = gazetteer or default_gazetteer()
    pub = Published.parse(published)
    sentences = split_sentences(text, rules)
    labels = _label(sentences, rules)
    reads = [_read(s, k, rules, gaz, pub) for s, k in zip(sentences, labels)]
    # a count next to a hand-over or an incident belongs to it ("located eight more minefields."
    # + "Their maps will be passed on ..."; "... four people were injured in the blast.")
    for i, r in enumerate(reads):
        if r.kind is not None or r.s.headline:
            continue
        for kind in ("map_disclosure", "incident"):
            if any(0 <= j < len(reads) and reads[j].kind == kind for j in (i - 1, i + 1)):
                candidate = _read(r.s, kind, rules, gaz, pub)
                if any(q.field in _FIELDS_BY_KIND[kind] for q in candidate.numbers):
                    candidate.joined = True
                    reads[i] = candidate
                    break
    events = _group(reads)
    credits = _attach_mediators(events, reads, rules)
    records: list[dict] = []
    warnings: list[str] = []
    for ev in events:
        rec = _assemble(ev, reads, document, pub, gaz, rules, url)
        if rec is None:
            continue
        extra = credits.get(id(ev), [])
        for r in extra:
            rec["mediators"] += [m for m in r.mediators if m not in rec["mediators"]]
            if r.s.text not in [s["quote"] for s in rec["sources"]]:
                rec["sources"].append(_source(document, url, pub, r.s.text))
        if rec["date"] is None:
            warnings.append(f"{document}: {rec['kind']} record has no date; give --published so that "
                            "relative dates and the publication date can be used")
        records.append(rec)
    disclosure_ids = [r["id"] for r in records if r["kind"] == "map_disclosure"]
    for rec in records:
        if rec["kind"] == "statement" and disclosure_ids:
            rec["about"] = list(disclosure_ids)
            rec["notes"] = ((rec["notes"] or "") + " about: the hand-overs reported in the same article; check.").strip()
    _unique_ids(records)
    return Extraction([_shape(r) for r in records], warnings)


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
    result.warnings[:0] = warnings
    return result
