"""One sentence → the facts it reports (:class:`Fact`): hand-overs, incidents, statements and
casualty totals, each with its own dates, places, figures and parties.

What a sentence reports is decided clause by clause:

* a **hand-over** needs a map noun and a transfer in the act: a transfer verb that is not negated,
  modal, future, an infinitive or a demand ("has yet to hand over", "continues to refuse to
  provide", "will be transmitted", "must provide" are not hand-overs: they are statements), and not
  a participle naming earlier maps ("the maps provided by Armenia are inaccurate"); or an exchange
  frame ("in exchange for maps"). Who gives and who receives comes from the verb frame: the
  subject gives what the verb moves, "to"/"with" names the receiver, "from"/"by" the giver, and in
  an exchange the maps go the other way from the people ("X handed 12 prisoners to Y in return for
  maps": maps Y → X). A list of dates is one hand-over per date; two counts with their own
  districts ("50,000 mines in Lachin, and 60,000 in Qubadli") are two hand-overs.
* an **incident** needs an explosion phrase, or a casualty in a sentence about mines;
* a **casualty total** needs casualty figures and a period or total cue ("since the war", "so far",
  "a total of", "the number of victims reached");
* a **statement** needs a map noun (here or in a neighbouring sentence) and an assessment, a claim
  of completeness ("all maps", "has yet to hand over"), a demand or an announcement, and a party
  (named here, referred back to, or the author of a quotation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..gazetteer import Gazetteer, Mention
from ..model import FIGURES_OF_KIND
from .dates import DateRef, Published, find_dates
from .quantities import (OR_INJURED, RU_SINGULAR_VERB, Quantity, blank_births, count_phrase, find_numbers,
                         parse_number, without_subsets)
from .rules import Rules
from .text import Sentence

__all__ = ["Context", "Fact", "Figure", "read_sentence"]


@dataclass
class Figure:
    field: str
    value: int | float | None
    qualifier: str | None = None
    lo: int | float | None = None
    hi: int | float | None = None
    derived: str | None = None     # the phrase the value is read from, when not written as one number
    surface: str = ""
    partial: bool = False
    pos: int = 0


@dataclass
class Fact:
    kind: str
    sent: Sentence
    dates: list[DateRef] = field(default_factory=list)        # when it happened (own, written)
    speech: DateRef | None = None                              # when it was said
    period_start: DateRef | None = None
    period_end: DateRef | None = None
    districts: list[str] = field(default_factory=list)
    region: str | None = None
    figures: list[Figure] = field(default_factory=list)
    mine_types: list[str] = field(default_factory=list)
    from_party: str | None = None
    to_party: str | None = None
    speaker: str | None = None
    speaker_note: str | None = None
    background: bool = False        # "earlier", "back in", "previously": another event than the news
    continuation: bool = False      # "The exchange took place ...", "It said ..."
    attributed: bool = False        # a party is quoted as saying it
    detail: bool = False            # only adds to an adjacent event of its kind
    refers: bool = False            # opens by naming the event's things ("This time the minefield maps covered ...")
    list_id: int | None = None
    villages: set[str] = field(default_factory=set)
    offices: list[str] = field(default_factory=list)  # districts of the offices that report it (office_districts)
    shared_toll: bool = False       # one of several explosions whose toll is given for all (_per_district)
    notes: list[str] = field(default_factory=list)

    @property
    def date(self) -> DateRef | None:
        return self.dates[0] if self.dates else None


@dataclass
class Context:
    """What reading needs beyond one sentence."""

    rules: Rules
    gaz: Gazetteer
    anchor: Published | None
    mentions: dict[int, list[Mention]]        # sentence index → district mentions (filled when first read)
    last_speaker: tuple[int, str] | None = None  # (sentence index, party) of the latest named speaker
    named: dict[int, str] = field(default_factory=dict)  # sentence index → the party it names as speaking
    said: dict[int, tuple[str, DateRef]] = field(default_factory=dict)  # sentence index → (speaker, when)
    sentences: list[Sentence] = field(default_factory=list)
    maps_near: list[bool] = field(default_factory=list)
    mine_near: list[bool] = field(default_factory=list)
    mine_here: list[bool] = field(default_factory=list)
    people: dict[str, str] = field(default_factory=dict)  # surname → the party the article names them for

    def mentions_of(self, s: Sentence) -> list[Mention]:
        """District mentions of a sentence (the gazetteer's matcher, run only on sentences read)."""
        got = self.mentions.get(s.index)
        if got is None:
            got = self.mentions[s.index] = self.gaz.find_mentions(s.text) if _name_starts(self.gaz).search(s.text) else []
        return got


# ----------------------------------------------------------------------------- small readers

_STARTS: dict[int, re.Pattern] = {}


def _name_starts(gaz: Gazetteer) -> re.Pattern:
    """A capitalised word that begins like one of the gazetteer's spellings (as written or folded):
    a sentence without one names no district, and the gazetteer's matcher need not run on it."""
    rx = _STARTS.get(id(gaz))
    if rx is None:
        from ..gazetteer import fold
        from .rules import _trie
        starts = set()
        for row in gaz.rows:
            for name in {row["name"], fold(row["name"])}:
                head = name[:4]
                if len(head) >= 3:
                    starts |= {head[:1].upper() + head[1:], head.upper()}
        rx = _STARTS[id(gaz)] = re.compile(r"(?<!\w)(?:" + _trie(sorted(starts)) + ")")
    return rx


_CLAUSE_MARK = re.compile(r"[;:(“«\"]|,(?!\d)|\b(?:that|which|who|while|whereas|but|after|when)\b")
_CLAUSE_END = re.compile(r"[;:)”»]|,\s+(?:while|whereas|but|and\s+the|which|who|when)\b|\.\s")
_LAST_MARKS: tuple = (None, ())  # the last sentence's clause marks (sentences are read one at a time)


def _clause_start(t: str, pos: int) -> int:
    """Start of the clause that holds ``pos`` (after the last , ; : ( “ or "that"/"which" before it)."""
    global _LAST_MARKS
    last = _LAST_MARKS
    if last[0] is not t:
        last = _LAST_MARKS = (t, tuple((m.start(), m.end()) for m in _CLAUSE_MARK.finditer(t)))
    best = 0
    for a, b in last[1]:
        if b > pos:
            break
        best = b
    return best


def _clause_end(t: str, pos: int) -> int:
    m = _CLAUSE_END.search(t, pos)
    return m.start() if m else len(t)


_OFFICE = re.compile(r"\s+(?:district\s+|city\s+|regional\s+)?(?:prosecutor|police)", re.IGNORECASE)


def office_districts(s: Sentence, ctx: Context) -> list[str]:
    """Districts named only as the seat of an office with jurisdiction there ("the Tartar District
    Prosecutor's Office said", "the Khojaly district police"): where an explosion it reports
    happened when the text names no other place."""
    t = s.text
    out = [m.iso_code for m in ctx.mentions_of(s) if _OFFICE.match(t[m.end:])]
    return list(dict.fromkeys(out))


def _districts(s: Sentence, ctx: Context) -> list[str]:
    rules, t = ctx.rules, s.text
    out: list[str] = []
    for m in ctx.mentions_of(s):
        if rules.not_location_before.search(t[: m.start]) or rules.not_location_after.match(t[m.end:]):
            continue
        if m.text in rules.metonyms:
            continue  # "Baku said", "submitted by Yerevan to Baku": the government, not a place
        if _ROAD_NAME.match(t, m.end) and (t[:m.start].endswith("-") or _ROAD_NAME.match(t, m.end).group(1)):
            continue  # "the Akhmadbayli-Fuzuli-Shusha road": the road's ends, not where it happened
        nxt = re.match(r"\s+([A-Z][a-z]+)\b(?![’'])", t[m.end:])
        if nxt and nxt.group(1) not in _PLACE_WORDS or re.search(r"\b(?:Colonel|Major|General|Captain|Lieutenant|Sergeant|Mr|Mrs|Ms)\.?\s+$", t[:m.start]):
            continue  # "Colonel Babek Samidli": a person's name
        if m.iso_code not in out:
            out.append(m.iso_code)
    return out


_ROAD_NAME = re.compile(r"((?:\s?[-–]\s?[A-Z][\w’']*)+)?\s+(?:road|highway|motorway)\b")
_PLACE_WORDS = {"District", "Region", "Rayon", "City", "Province", "Municipality", "Area", "Town", "Village", "Villages",
                "Economic", "Districts", "Regions"}
_VILLAGE = re.compile(r"\b(?:village|settlement|town)\s+of\s+([A-Z][\w’'-]+)|\b([A-Z][\w’'-]+)\s+(?:village|settlement)\b"
                      r"|\b(?:села|селе|село|поселк\w)\s+([А-ЯЁ][\w-]+(?:\s+[А-ЯЁ][\w-]+)?)")


def villages(t: str) -> set[str]:
    """Village names of a sentence ("the village of Marzili", "Chiragli village"): a place below the
    gazetteer's districts that tells two sentences about one explosion apart from others."""
    return {_village_key(m.group(1) or m.group(2) or m.group(3)) for m in _VILLAGE.finditer(t)}


#: The end of a quotation said by the speaker named before: "..., the statement said", "... ,” the embassy added."
_CLOSING_ANAPHORA = re.compile(r"[,\"”]\s*(?:the\s+(?:statement|embassy|ministry|agency|office|report|letter|spokesperson)"
                               r"|he|she|it|they)\s+(?:said|added|noted|stated|stressed|wrote|emphasi[sz]ed)\b", re.IGNORECASE)
_SAME_VILLAGE = re.compile(r"\b(?:the\s+)?(?:above|above-mentioned|aforementioned|said|same)\s+(?:village|settlement)\b", re.IGNORECASE)


def _villages_of(s: Sentence, ctx: Context) -> set[str]:
    """:func:`villages` of a sentence; "in the above village" is the village named last before it
    (within a few sentences)."""
    vil = villages(s.text)
    if not vil and _SAME_VILLAGE.search(s.text):
        for j in range(s.index - 1, max(-1, s.index - 6), -1):
            named = [m.group(1) or m.group(2) or m.group(3) for m in _VILLAGE.finditer(ctx.sentences[j].text)]
            if named:
                return {_village_key(named[-1])}
    return vil


def _village_key(name: str) -> str:
    """A village's name as villages are compared: its first letters, case folded ("Allahgulular",
    "Allahgulu" and inflected spellings meet)."""
    return name.lower()[:6]


_VILLAGE_IN = re.compile(r"\b(?:village|settlement)\s+of\s+([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?),?\s+(?:in|of)\s+(?:the\s+)?"
                         r"(?:(?:Azerbaijan|the\s+country)[’']s\s+)?(?:liberated\s+)?([A-Z][\w’'-]+)\s+(?i:district|region|rayon)\b"
                         r"|\b([A-Z][\w’'-]+)\s+village\s+(?:in|of)\s+(?:the\s+)?(?:(?:Azerbaijan|the\s+country)[’']s\s+)?"
                         r"(?:liberated\s+)?([A-Z][\w’'-]+)\s+(?i:district|region|rayon)\b")


def village_districts(sentences, gaz: Gazetteer) -> dict[str, str]:
    """The districts an article puts its villages in ("the village of Allahgulular in Azerbaijan's Shusha
    district"), keyed as :func:`villages` keys them: a later sentence naming only the village is
    placed there."""
    out: dict[str, str] = {}
    for s in sentences:
        if "illage" not in s.text and "ettlement" not in s.text:
            continue
        for m in _VILLAGE_IN.finditer(s.text):
            village, district = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            code = gaz.lookup(district)
            if code:
                out.setdefault(_village_key(village), code)
    return out


def _party_mentions(t: str, rules: Rules) -> list[tuple[int, int, str]]:
    out = []
    for party, rx in rules.party_names.items():
        for m in rx.finditer(t):
            out.append((m.start(), m.end(), party))
    return sorted(out)


_ATTRIBUTION = re.compile(r"(?i)\b(?:according\s+to|referring\s+to|citing|(?:sent|signed|written|addressed)\s+by)\b"
                          r"|по\s+данным|со\s+ссылкой")


def find_speaker(t: str, rules: Rules, quotes: tuple[tuple[int, int], ...] = (),
                 speech: list[tuple[int, int]] | None = None) -> tuple[str | None, int]:
    """The party a sentence quotes as saying something, and where it is named (−1 if none): a name
    before a speech verb ("Pashinyan has said", "the Azerbaijani Foreign Ministry said"), a state as
    the subject of a speech or demand verb ("Baku expects"), "according to <name>", or a name after
    its verb ("said the ministry"). Parties named inside a quotation are what the quoted speaker
    talks about, not who speaks; of several names before one verb, the nearest speaks ("Responding
    to the NSS statement, the Azerbaijani Foreign Ministry said")."""
    attribution = _ATTRIBUTION.search(t)
    verbs = speech if speech is not None else [(m.start(), m.end()) for m in rules.speech_verbs.finditer(t)]
    demands = [(m.start(), m.end()) for m in rules.demand_verbs.finditer(t)]
    if not attribution and not verbs and not demands:
        return None, -1
    best = None
    for m in rules.speaker_names.finditer(t):
        if any(a <= m.start() < b for a, b in quotes):
            continue
        party, kind = rules.speaker_groups[m.lastgroup]
        a, z = m.start(), m.end()
        if kind != "s" and _ACCORDING.search(t, max(0, a - 60), a):
            cand = (a, -a, kind == "o", party, a)
        else:
            words = 12 if kind == "o" else 3 if kind == "s" else 5
            pool = verbs + demands if kind == "s" else verbs
            v = min((v for v in pool if v[0] >= z and _gap_ok(t[z:v[0]], words, kind == "s")), default=None)
            if v is not None:
                cand = (v[0], -a, kind == "o", party, a)
            elif kind != "s" and (iv := _inverted_before(rules, t, a)) is not None:
                cand = (iv, -a, kind == "o", party, a)
            else:
                continue
        if best is None or cand[:3] < best[:3]:
            best = cand
    if best is None:
        return None, -1
    return best[3], best[4]


_ACCORDING = re.compile(r"(?i:according\s+to|referring\s+to|citing|(?:sent|signed|written|addressed)\s+by|по\s+данным"
                        r"|со\s+ссылкой\s+на)\s+(?:the\s+)?(?:[\w’']+\s+){0,3}?$")
_GAP_STATE = re.compile(r"(?i)(?:\s+(?:has|had|have|also|then|now|again|on\s+\w+|earlier|previously|today|yesterday|\w+ly|in\s+turn)){0,3}\s+$")


def _gap_ok(gap: str, words: int, state: bool) -> bool:
    if state:
        return bool(_GAP_STATE.fullmatch(gap)) or not gap.strip()
    if re.search(r"[.;:!?]", gap):
        return False
    return len(re.findall(r"[\w’'-]+", gap)) <= words


#: A person's name: two or three capitalised words, the last of which is kept as the surname.
_PERSON_AFTER = re.compile(r"[^,;.]{0,40}?\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+([A-Z][a-z]{3,})(?=\s*(?:,|\(|\s(?:has\s+|also\s+)?"
                           r"(?:said|says|told|stated|noted|added|stressed|explained|wrote|emphasi[sz]ed)\b))")
_PERSON_BEFORE = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+([A-Z][a-z]{3,}),\s+[^,;.]{0,80}$")
_NOT_SURNAME = frozenset(("Minister", "Ministry", "Affairs", "Foreign", "Delegation", "Office", "Republic", "Union",
                          "Department", "Agency", "Service", "Embassy", "President", "Ambassador", "Envoy", "Trend",
                          "Reports", "Council", "Commission", "Parliament", "Government", "Defence", "Defense",
                          "General", "Prosecutor", "Deputy", "Assistant", "Secretary", "State", "Nations", "United"))


def _learn_people(t: str, spos: int, party: str, ctx: Context) -> None:
    """Remember who speaks for ``party`` when the sentence names them beside it ("Head of the EU
    Delegation to Azerbaijan Kestutis Jankauskas said"; "said Elshad Iskenderov, Ambassador ... of the
    Ministry of Foreign Affairs of Azerbaijan"), so that "Jankauskas said" later speaks for it too."""
    if spos < 0:
        return
    for m in (_PERSON_AFTER.match(t, spos), _PERSON_BEFORE.search(t, max(0, spos - 120), spos)):
        if m and m.group(1) not in _NOT_SURNAME and ctx.rules.speaker_names.fullmatch(m.group(1)) is None:
            ctx.people.setdefault(m.group(1), party)


def _known_person(t: str, ctx: Context, verbs: list[tuple[int, int]]) -> tuple[str | None, int]:
    """The party of a person named earlier in the article who is the subject of a speech verb here
    ("..., Jankauskas said", "Jankauskas added that")."""
    for name, party in ctx.people.items():
        for m in re.finditer(rf"\b{re.escape(name)}\b", t):
            if any(0 <= a - m.end() <= 12 or 0 <= m.start() - b <= 3 for a, b in verbs):
                return party, m.start()
    return None, -1


def _inverted_before(rules: Rules, t: str, a: int) -> int | None:
    """'said the ministry': a past speech verb at most five words before the name."""
    m = None
    for m in rules.inverted.finditer(t, max(0, a - 120), a):
        pass
    if m is None:
        return None
    gap = t[m.end():a]
    if _TITLE_OF.fullmatch(gap):
        return m.start()  # "said Elshad Iskenderov, Ambassador on Special Tasks of the Ministry ..."
    if re.search(r"[.;:!?,]", gap) or len(re.findall(r"[\w’'-]+", gap)) > 5:
        return None
    return m.start()


#: A named person and the title that says whose official he is, between a verb and the institution.
_TITLE_OF = re.compile(r"\s+(?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+,\s*(?:(?:[A-Z][\w’'-]+|on|for|of|the)\s+){0,6}?"
                       r"\b(?:of|at)\s+(?:the\s+)?")


# ----------------------------------------------------------------------------- casualty counts


_SUBJECT_END = re.compile(
    r"(?:\s*,)?(?:\s+(?:killed|died|dead|injured|wounded)\s+(?:and|or))?(?:\s+(?:who|had|have|has|were|was|is|are|been|reportedly|all|later|also|seriously|severely|critically"
    r"|slightly|badly|lightly|immediately|fatally|got|as\s+well|тяжело|еще|ещё))*\s*$", re.IGNORECASE)


def _subject_phrase(t: str, verb_start: int, rules: Rules) -> tuple[str, int] | None:
    """The longest phrase before a casualty verb that counts people ("A Russian peacekeeper and four
    employees of the Ministry" were wounded; "Asim Jamalzade, ..., and Khazar Zamanov," died), and
    where it starts."""
    head = t[:verb_start]
    head = head[: _SUBJECT_END.search(head).start()]
    lo = max(0, _clause_floor(head))
    tokens = [m.start() for m in re.finditer(r"\S+", head[lo:])]
    start_rx = _count_start(rules)
    for st in tokens[-30:]:
        cand = head[lo + st:].strip().rstrip(",").strip("“\"")
        if not cand or not start_rx.match(cand):
            continue  # a count starts with a number, a determiner, a pronoun or a name
        if rules.killed.search(cand) or rules.injured.search(cand):
            continue  # "15 citizens have been killed and 65 citizens" holds a predicate of its own
        if count_phrase(cand, rules) is not None:
            if (not _many(cand) and _LAST_CONJUNCT.search(head, max(0, lo + st - 60), lo + st)) \
                    or _LIST_BEFORE.search(head, max(0, lo + st - 60), lo + st):
                return None  # the last part of a coordination read alone would count too few
            return cand, lo + st
    return None


#: What precedes the last part of a coordination: "A and 15-year-old B"; a list of names, "cameraman A Z,
#: correspondent B Y and C".
_LAST_CONJUNCT = re.compile(r"\band\s+(?:[\w-]+\s+){0,2}$")
_LIST_BEFORE = re.compile(r"[A-Z][\w’'-]+\s+[A-Z][\w’'-]+\s*,\s+(?:[\w-]+\s+){1,2}$")


def _count_start(rules: Rules) -> re.Pattern:
    """What a phrase that counts people starts with: a number, a determiner, a pronoun or a name."""
    def build():
        words = "|".join(sorted(set(rules.raw["numbers"]["words"]) | set(rules.words_ru), key=len, reverse=True))
        return re.compile(rf"\d|[A-ZА-ЯЁ]|(?i:(?:a|an|another|one|the|his|her|he|she|{words})(?!\w))|(?i:погиб|ранен|пострадал)")
    return rules.cached("count_start", build)


def _prefix_subject(t: str, verb_start: int, rules: Rules) -> tuple[str, int] | None:
    """The subject at the start of the clause, for a verb in a second predicate ("X hit a mine and
    was injured")."""
    head = t[:verb_start]
    lo = _clause_floor(head)
    ends = [m.end() for m in re.finditer(r"\S+", head[lo:])][:8]
    for e in reversed(ends):
        cand = head[lo: lo + e].strip().strip(",")
        if cand and count_phrase(cand, rules) is not None and not _many(cand):
            return cand, lo
    return None


_RECEIVED = re.compile(r"\b(?:received|sustained|suffered)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
_FIRST_PREDICATE = re.compile(r",?\s+\b(?:was|were)\s+(?:[\w-]+\s+){0,6}?and\s+$", re.IGNORECASE)


def _receiver(t: str, noun_start: int, rules: Rules) -> tuple[str, int] | None:
    """Who "received injuries": the subject of the verb before the noun, or of the first predicate
    when the verb is a second one ("X and Y were hit by a mine and received injuries"). Not the
    second part of a coordination ("A, and B sustained injuries"), which would count too few."""
    got = _RECEIVED.search(t, 0, noun_start)
    if got is None:
        return None
    verb = got.start()
    first = _FIRST_PREDICATE.search(t, 0, verb)
    if first is not None and first.end() == verb:
        verb = first.start()
    elif re.search(r"\band\s+$", t[:verb]):
        return None
    found = _subject_phrase(t, verb, rules)
    if found is None or re.search(r"\band\b", t[max(0, found[1] - 80):found[1]]) or "(" in found[0]:
        return None
    return found


def _clause_floor(head: str) -> int:
    m = None
    for m in re.finditer(r"[;:]|\b(?:that|when|after|while|since|as a result of [^,]+,|following [^,]+,|in addition,)\s"
                         r"|\b(?:19|20)\d\d,\s", head):
        pass
    return m.end() if m else 0


def _object_phrase(t: str, end: int, rules: Rules) -> str | None:
    """The people a casualty verb or noun names after it ("injured another person", "injuries to
    Huseynov Vidadi Vugar", "the injury of Hasil Yusubov (born in 1997)")."""
    m = re.match(r"\s+(?:to|of|the\s+legs?\s+of|the\s+lives\s+of)?\s*", t[end:])
    rest = t[end + (m.end() if m else 0):]
    stop = re.search(r"\s+(?:who|which|while|when|(?<!born)\s*in(?!\s+\d{4})|on|at|near|as|after|during|was|were"
                     r"|and\s+(?:injured|wounded|killed))\b|[;.:”\"]|,\s+(?:the|a|an|which|who|according|said|told|he|she|it)\b", rest)
    rest = rest[: stop.start()] if stop else rest
    words = [w.end() for w in re.finditer(r"\S+", rest)]
    for e in reversed(words[:25]):
        cand = rest[:e].strip().rstrip(",")
        if cand and count_phrase(cand, rules) is not None:
            return cand
    return None


_CYRILLIC_WORD = re.compile(r"[а-яёА-ЯЁ]+(?:[\s-]+[а-яёА-ЯЁ]+)*")


def _many(phrase: str) -> bool:
    """A coordination ("two reporters and one driver"), not an apposition ("Galib Abbasov, a resident")."""
    return bool(re.search(r"\band\b|\bи\b|\bas\s+well\s+as\b", phrase))


def casualty_figures(t: str, numbers: list[Quantity], rules: Rules, *, total: bool) -> list[Figure]:
    """killed / injured / victims figures of one sentence: written numbers, coordinated counts
    ("52 soldiers and eight civilians were injured" → 60), named people and singular subjects."""
    out: list[Figure] = []
    covered: list[tuple[int, int]] = []
    verbs = sorted([(m.start(), m.end(), "killed") for m in rules.killed.finditer(t)] +
                   [(m.start(), m.end(), "injured") for m in rules.injured.finditer(t)] +
                   [(m.start(), m.end(), "victims") for m in _BLOWN_UP.finditer(t)])
    pending = []
    for vs, ve, field_ in verbs:
        word = t[vs:ve].lower()
        phrase = start = None
        if re.match(r"(?:injuries|injury|deaths|death)$", word) and re.match(r"\s+(?:to|of)\b", t[ve:]):
            phrase, start = _object_phrase(t, ve, rules), ve
        elif re.match(r"(?:injur|wound|kill)\w*$", word) and re.match(r"\s+(?:the\s+legs?\s+of|another|one|a|an|[A-Z][a-z]+\s+[A-Z])\b", t[ve:]) \
                and not re.search(r"\b(?:was|were|been|is|are)\s+(?:\w+ly\s+)?$", t[:vs]):
            phrase, start = _object_phrase(t, ve, rules), ve
        if phrase is None and not re.match(r"(?:injuries|injury|deaths|death|fatalities|fatality|casualties)$", word):
            got = _subject_phrase(t, vs, rules)
            if got:
                phrase, start = got
        aux = re.match(r"(?i)(?:was|were|has|had|have)\b", t[vs:ve])  # the verb's match holds its auxiliary
        if phrase is None and re.search(r"\band\s+(?:was|were|has\s+been|had\s+been)\s+(?:\w+ly\s+)?$"
                                        + (r"|\band\s+$" if aux else ""), t[:vs]):
            got = _prefix_subject(t, vs, rules)  # "another civilian hit a landmine ... and was injured"
            if got:
                phrase, start = got
        if phrase is None and re.match(r"(?:injuries|injury|wounds|wound)$", word):
            got = _receiver(t, vs, rules)  # "X received bodily injuries", "X was hit ... and sustained wounds"
            if got:
                phrase, start = got
        if phrase is None and RU_SINGULAR_VERB.fullmatch(word):
            phrase, start = t[vs:ve], vs
        if phrase is None:
            continue
        value = count_phrase(phrase, rules)
        if value is None:
            continue
        partial = bool(re.match(r"(?i)(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+of\s+(?:the|these|those)\b", phrase))
        if field_ == "injured" and re.search(r"(?i)\b(?:fatally|mortally)\s+$", t[:vs]):
            field_ = "killed"  # "was fatally wounded"
        if field_ == "killed" and OR_INJURED.match(t, ve):
            field_ = "victims"  # "have been killed or have got injuries": the victims
        if _many(without_subsets(phrase)):
            out.append(Figure(field_, value, derived=phrase, surface=phrase, pos=vs, partial=partial))
            covered.append((start, start + len(phrase)))
        else:
            pending.append(Figure(field_, value, derived=phrase, surface=phrase, pos=vs, partial=partial))
    for q in numbers:
        if q.field in ("killed", "injured", "victims") and not any(a <= q.start < b for a, b in covered):
            if q.field == "victims" and not total:
                continue
            # a Russian number word is checked as digits only in a Russian quote: say how it is read
            derived = q.surface if _CYRILLIC_WORD.fullmatch(q.surface) else None
            out.append(Figure(q.field, q.value, q.qualifier, surface=q.surface, partial=q.partial, pos=q.start,
                              derived=derived))
    for g in pending:  # a singular subject ("an employee was injured") where no number is written for the verb
        if re.search(r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred)\b",
                     g.surface, re.IGNORECASE) and any(q.field for q in numbers if q.surface in g.surface):
            continue  # the number in the phrase is read on its own
        cs, ce = _clause_start(t, g.pos), _clause_end(t, g.pos)
        if any(f.field == g.field and (cs - 60 <= f.pos <= ce) for f in out):
            continue
        written = [q for q in numbers if q.surface.lower() == g.surface.lower()]
        if written:
            g.derived = None
        out.append(g)
    return out


# ----------------------------------------------------------------------------- hand-overs


@dataclass
class _Transfer:
    start: int
    end: int
    receive: bool
    frm: str | None = None
    to: str | None = None
    people: bool = False  # moves people, not maps ("the transfer of 10 servicemen to Armenia"): its direction is theirs
    swapped: bool = False  # the maps' direction read off people moved the other way ("released 15 ... in exchange for maps")


def _nationality_use(t: str, a: int, b: int, rules: Rules) -> bool:
    """'Armenian' in '15 Armenian prisoners' names people, not the party."""
    return bool(rules.nationality.fullmatch(t[a:b])) and not re.match(r"\s+(?:side|government|authorities)", t[b:])


def _not_actual(t: str, pos: int, rules: Rules) -> bool:
    """A transfer verb at ``pos`` negated, modal, future, an infinitive, a demand or an offer
    ("demanded that Armenia provide maps")."""
    cs = _clause_start(t, pos)
    window = t[max(cs, pos - 45): pos]
    if rules.not_actual_before.search(window) and not rules.actual_infinitive.search(window):
        return True
    return bool(rules.demand_that.search(t[max(0, cs - 40): cs]))


_MAPS_OF = re.compile(r"\b(Armenian|Azerbaijani)\s+(?:minefield\s+|mine\s+|land-?mine\s+)?(?:maps?|log\s?books?|formulars?)\b")
_MAPS_RELATIVE = re.compile(r"(?i)\b(?:maps?|forms|log\s?books?|documents)\s+(?:that\s+|which\s+)?(?:it|they|we|he|she|Azerbaijan|Baku)"
                            r"\s+(?:was|were|has\s+been|had\s+been|have\s+been)\s+$")
_TRANSFER_NOUN = re.compile(r"(?i)\b(?:handover|hand-over|handing\s+over|transfer|delivery|submission)\s+of\b")


def transfers(s: Sentence, rules: Rules, speaker: str | None, mapm: list[re.Match] | None = None) -> list[_Transfer]:
    """Hand-overs in the act in a sentence (see the module's doc), with the maps' direction."""
    t = s.text
    mapm = [m for m in rules.map_nouns.finditer(t)] if mapm is None else mapm
    if not mapm:
        return []
    parties = [(a, b, p) for a, b, p in _party_mentions(t, rules) if not _nationality_use(t, a, b, rules)]
    out: list[_Transfer] = []
    exchange = [m for m in rules.exchange.finditer(t)]
    spans = [m.span() for m in exchange]
    verbs = [(m, "give") for m in rules.transfer_verbs.finditer(t)] + [(m, "receive") for m in rules.receive.finditer(t)] \
        + [(m, "noun") for m in _TRANSFER_NOUN.finditer(t)]
    for m, how in sorted(verbs, key=lambda x: x[0].start()):
        if any(a <= m.start() < b for a, b in spans):
            continue  # "in exchange for": the frame, not a verb
        if how != "noun" and re.match(r"(?i)(?:exchange|swap|transfer)$", m.group(0)) and \
                re.search(r"\b(?:the|a|an|this|that)\s+(?:[\w-]+\s+)?$", t[:m.start()], re.IGNORECASE):
            continue  # "the exchange took place": a noun
        if _not_actual(t, m.start(), rules):
            continue
        cs, ce = _clause_start(t, m.start()), _clause_end(t, m.end())
        if how != "noun":
            if re.search(r"\b(?:the|these|those|such|its|their|our)\s+$", t[:m.start()], re.IGNORECASE) and \
                    any(x.start() == m.end() + 1 for x in mapm):
                continue  # "the provided maps": an earlier hand-over named, not reported
            if re.search(r"\b(?:those|ones|the\s+ones)\s+$", t[:m.start()], re.IGNORECASE):
                continue  # "the accuracy of those given to Baku"
            if _MAPS_RELATIVE.search(t, max(0, m.start() - 60), m.start()):
                continue  # "the maps it was provided mainly consist of ...": maps of an earlier hand-over
            if re.search(r"\b(?:where|in\s+which|for\s+which|of\s+which)\s+(?:\w+\s+){0,4}$", t[cs - 12: m.start()],
                         re.IGNORECASE):
                continue  # "outside the areas where maps were provided": what the areas are, not a hand-over
            # a participle after a map noun, without an auxiliary, names earlier maps
            before_map = [x for x in mapm if x.end() <= m.start() and x.start() >= cs]
            if before_map:
                gap = t[before_map[-1].end(): m.start()]
                if len(gap) < 80 and not re.search(r"\b(?:was|were|been|be|is|are|has|have|had|being|got|get)\b", gap,
                                                   re.IGNORECASE) and not rules.exchange.search(gap):
                    continue
        word = m.group(0).lower()
        if word.startswith(("exchang", "swap")) and not any(m.start() - 80 <= x.start() <= m.end() + 120 for x in mapm):
            continue
        # the thing moved: maps or people, whichever comes first after the verb
        after = t[m.end(): min(len(t), m.end() + 140)]
        mp = next((x for x in mapm if x.start() >= m.end()), None)
        if mp is not None and mp.start() - m.end() > 140:
            mp = None
        pp = rules.units["persons"].search(after)
        people = how == "give" and pp is not None and (mp is None or m.end() + pp.start() < mp.start()) and bool(exchange)
        if not people and not any(abs(x.start() - m.end()) < 100 or cs <= x.start() <= ce for x in mapm):
            continue
        subj = _subject(t, m.start(), cs, parties)
        to = _after(t, m.end(), ce, parties, ("to", "with"), double_object=how == "give")
        frm = _after(t, m.end(), ce, parties, ("from", "by"))
        passive = bool(re.match(r"\s+by\b", t[m.end():]) or re.search(r"\b(?:was|were|been|be|being)\s+(?:\w+\s+)?$", t[:m.start()]))
        if how == "receive":
            by = _after(t, m.end(), ce, parties, ("by",))
            giver = _after(t, m.end(), ce, parties, ("from",))
            taker = by if passive else subj
            if giver is None and (re.match(r"\s+(?:[\w’'-]+\s+){0,3}?(?:through|via|by\s+means|from)\b", t[m.end():])
                                  or (taker is None and not passive)):
                continue  # "obtained through servicemen", "received them from officials": not from a party
        elif how == "noun" or passive:
            giver, taker = frm, to  # "were handed over by Armenia to Azerbaijan", "the handover of maps by Armenia"
        else:
            giver, taker = subj, to
        if giver is None and speaker and re.search(r"\bwe\b", t[max(0, m.start() - 30): m.start()], re.IGNORECASE) \
                and s.quoted(m.start()):
            giver = speaker  # "we have handed over the maps", says Pashinyan
        if people:
            giver, taker = taker, giver  # people one way, maps the other
        moves_people = not people and pp is not None and (mp is None or m.end() + pp.start() < mp.start())
        out.append(_Transfer(m.start(), m.end(), how == "receive", giver, taker, people=moves_people, swapped=people))
    if not out:
        for m in exchange:  # "... returned to Armenia in exchange for maps": the release as the only verb
            near = any(0 <= x.start() - m.end() < 80 for x in mapm) or any(0 <= m.start() - x.end() < 80 for x in mapm)
            if not near or _not_actual(t, m.start(), rules):
                continue
            rel = [r for r in rules.release.finditer(t[: m.start()])]
            giver = taker = None
            if rel:
                r = rel[-1]
                cs = _clause_start(t, r.start())
                subj = _subject(t, r.start(), cs, parties)
                to = _after(t, r.end(), m.start(), parties, ("to",))
                giver, taker = to, subj  # people to Armenia: maps from Armenia
            out.append(_Transfer(m.start(), m.end(), False, giver, taker))
    if any(not tr.people and not tr.swapped for tr in out):
        # the maps' own transfer gives their direction ("in exchange for Armenia sharing information with Azerbaijan")
        out = [tr for tr in out if not tr.people and not tr.swapped]
    elif any(not tr.people for tr in out):
        out = [tr for tr in out if not tr.people]
    if out:
        named = sorted({p for _, _, p in parties})
        own = _MAPS_OF.search(t)  # "in exchange for Armenian maps": the maps are Armenia's
        for tr in out:
            if tr.frm is None and own:
                tr.frm = "Armenia" if own.group(1).lower().startswith("armen") else "Azerbaijan"
            if tr.frm == tr.to:
                tr.to = None
            if tr.frm and not tr.to and len(named) == 2:
                tr.to = next(p for p in named if p != tr.frm)
            if tr.to and not tr.frm and len(named) == 2:
                tr.frm = next(p for p in named if p != tr.to)
    return out


def _subject(t: str, pos: int, cs: int, parties) -> str | None:
    """The party named as the subject before ``pos``: the nearest one in the clause that is not the
    object of a preposition ("to/from/by Azerbaijan") or one side of "between X and Y"."""
    best = None
    for a, b, p in parties:
        if b > pos:
            break
        lead = t[max(0, a - 14):a]
        if re.search(r"\b(?:to|from|by|with|of|in|for|at|on|into|against|between)\s+(?:the\s+)?$", lead, re.IGNORECASE):
            continue
        if re.search(r"\band\s+(?:the\s+)?$", lead, re.IGNORECASE) and re.search(r"\bbetween\b", t[max(0, a - 40):a]):
            continue
        if a >= max(0, cs - 60) or best is None:
            best = p
    return best


def _after(t: str, pos: int, ce: int, parties, preps: tuple[str, ...], *, double_object: bool = False) -> str | None:
    for a, b, p in parties:
        if a < pos or a > ce + 80:
            continue
        lead = t[pos:a]
        if re.search(rf"\b(?:{'|'.join(preps)})\s+(?:the\s+)?$", lead, re.IGNORECASE) and len(lead) < 120:
            return p
        if double_object and not lead.strip():
            return p  # "handed Baku maps", "provided Azerbaijan with maps"
    return None


# ----------------------------------------------------------------------------- statements

_PERCENT_RANGE = re.compile(r"(?P<lo>\d+(?:[.,]\d+)?)\s*(?:%\s*)?(?:[-–—]|to|and)\s*(?P<hi>\d+(?:[.,]\d+)?)\s*(?:%|percent|per cent|процент\w*|faiz)",
                            re.IGNORECASE)
def statement_figures(t: str, numbers: list[Quantity], rules: Rules) -> list[Figure]:
    """Figures a party's statement gives (the cues in the rules' ``statement_figures``): the maps'
    accuracy in percent (or a range, "20-30 %"), the mines on the maps and in reality, the share
    of explosions outside mapped areas, and how many hand-overs there were."""
    out: list[Figure] = []
    ranged: set[int] = set()

    def accurate(a: int, z: int) -> bool:
        return bool(rules.accuracy.search(t, max(0, a - 250), z + 60)) and not rules.inaccuracy.search(t, max(0, a - 60), z + 60)

    for m in _PERCENT_RANGE.finditer(t):
        if accurate(m.start(), m.end()):
            lo, hi = (float(x.replace(",", ".")) for x in (m.group("lo"), m.group("hi")))
            lo, hi = (int(v) if v.is_integer() else v for v in (lo, hi))
            if not 0 <= lo <= hi <= 100:
                continue
            out.append(Figure("accuracy_percent", None, lo=lo, hi=hi, surface=m.group(0), pos=m.start()))
            ranged |= {m.start("lo"), m.start("hi")}
    for q in numbers:
        if q.start in ranged:
            continue
        if q.unit == "percent" and not 0 <= q.value <= 100:
            continue
        if q.unit == "percent":
            if rules.outside.search(t, q.end, q.end + 120) and rules.outside_events.search(t, q.end, q.end + 80):
                out.append(Figure("share_outside_mapped_percent", q.value, q.qualifier, surface=q.surface, pos=q.start))
            elif accurate(q.start, q.end):
                out.append(Figure("accuracy_percent", q.value, q.qualifier, surface=q.surface, pos=q.start))
        elif q.unit == "mines" and q.field == "mines_claimed":
            pre = t[max(0, q.start - 120): q.start]
            if (rules.laid.search(pre) or rules.laid.search(t, q.end, q.end + 40)) and not rules.on_maps.search(pre[-60:]):
                out.append(Figure("mines_laid_estimate", q.value, q.qualifier, surface=q.surface, pos=q.start))
            elif rules.map_nouns.search(t, max(0, _clause_start(t, q.start) - 40), q.start) or rules.on_maps.search(pre[-60:]) \
                    or re.match(r"\s+(?:\w+\s+){0,3}?(?:shown|marked|indicated)\b", t[q.end:]):
                out.append(Figure("mines_on_maps", q.value, q.qualifier, surface=q.surface, pos=q.start))
        elif q.unit is None and isinstance(q.value, int) and q.value >= 10_000 and re.search(
                r"number\s+of\s+(?:land)?mines\s+(?:\w+\s+){0,3}$", t[max(0, q.start - 60): q.start], re.IGNORECASE):
            out.append(Figure("mines_laid_estimate", q.value, q.qualifier, surface=q.surface, pos=q.start))
    for m in rules.handovers.finditer(t) if (rules.transfer.search(t) or rules.map_nouns.search(t)) else ():
        if m.group("times"):  # "handed over maps twice"
            out.append(Figure("handovers_count", rules.times[m.group("times").lower()], derived=m.group("times"),
                              surface=m.group(0), pos=m.start()))
            continue
        v1 = parse_number(m.group("n"), rules)
        if m.group("n2"):
            out.append(Figure("handovers_count", None, lo=v1, hi=int(m.group("n2")), surface=m.group(0), pos=m.start()))
        elif v1 is not None:
            out.append(Figure("handovers_count", v1, surface=m.group(0), pos=m.start()))
    return out


def _is_statement(s: Sentence, ctx: Context, negated_transfer: bool, here: bool) -> bool:
    rules, t = ctx.rules, s.text
    near = ctx.maps_near[s.index]
    if not near:
        return False
    blocked = [m.span() for m in rules.assessment_blockers.finditer(t)]
    assess = any(not any(a < m.end() and m.start() < b for a, b in blocked) for m in rules.assessment.finditer(t))
    if assess:
        return True
    if not here:
        return False
    if negated_transfer:
        return True
    if rules.demand_verbs.search(t):  # "demanded such maps", "calls on the OSCE to press Armenia to provide maps"
        return True
    if _MAPS_MATTER.search(t):  # "Obtaining the maps of minefields ... are critically important"
        return True
    if re.search(r"\d\s*(?:%|percent|per\s+cent)", t):  # "the maps cover less than 10 percent of the mined land"
        return True
    if re.search(r"\b(?:must|should|needs?\s+to|has\s+to|have\s+to|necessary\s+to|need\s+for\s+\w+\s+to|importance\s+of)"
                 r"\s+(?:\w+\s+)?(?:provide|provid|hand|submit|shar|give|transfer|present)",
                 t, re.IGNORECASE):
        return True
    return False


def _for_counting(t: str) -> str:
    """The sentence as its counts are read: an aside between dashes reads like one between commas
    ("14 citizens - of them nine civilians - died"), and birth dates in a list of names are blanked
    ("A, born on July 8, 1987, B, born ... died": two people). Same length, so every offset still
    points into the sentence."""
    if " - " in t or "–" in t or "—" in t:
        t = _DASH_ASIDE.sub(lambda m: f",  {m.group(1)},  ", t)
    if "born" in t:
        t = blank_births(t)
    return t


#: A toll of another cause than mines, told in the same clause as the count.
_OTHER_CAUSE = re.compile(r"[^,;.]{0,80}?\b(?:in|by|from|during|as\s+a\s+result\s+of)\s+(?:the\s+)?(?:\w+\s+)?"
                          r"(?:missile|rocket|artillery|shelling|bombing|bombardment|air\s*strikes?|drone)", re.IGNORECASE)
#: Who was "blown up" by a mine is its victim, killed or hurt ("Hasanly Aliyev ... was blown up by a mine").
_BLOWN_UP = re.compile(r"(?i)\b(?:was|were|got|been)\s+(?:\w+ly\s+)?blown\s+up\b|\bblew\s+up\s+on\b")
#: What says a victim of an explosion lived ("hospitalised", "evacuated", "his condition is stable").
_SURVIVED = re.compile(r"(?i)\bhospitali[sz]ed|\bto\s+(?:the\s+)?(?:\w+\s+)?hospital\b|\bevacuated\b|\bamputat|\bcondition\s+is\b"
                       r"|\bmedical\s+(?:facility|institution|aid|care)\b")
_PERFECT_TOLL = re.compile(r"(?i)\b(?:have|has)\s+(?:already\s+)?(?:been\s+)?(?:killed|injured|wounded|maimed|claimed\s+the\s+lives)\b")
_DASH_ASIDE = re.compile(r" [-–—] ([a-z][^-–—.;:\"]{2,60}?) [-–—] ")

_MAPS_MATTER = re.compile(r"(?i)\b(?:obtaining|receiving|getting|providing|sharing|handing\s+over|(?:submission|provision|transfer)\s+of)"
                          r"\s+(?:the\s+|all\s+|accurate\s+|complete\s+|and\s+)*(?:mine\s*|minefield\s+)?maps\b[^.;]{0,200}?"
                          r"\b(?:is|are|remains?)\s+(?:\w+\s+)?(?:important|essential|crucial|vital|indispensable|necessary|key)\b")
_SPREAD = re.compile(r"(?i)\b(?:incidents|explosions|blasts|victims)\b")

#: A quoted hand-over set against something ("they gave us maps of 400,000 mines, but ..."): a claim.
_CONTRAST = re.compile(r"(?i)\b(?:but|however|although|though|yet|only|whereas|while)\b")


def read_sentence(s: Sentence, ctx: Context) -> list[Fact]:
    """The facts one sentence reports (none for most sentences)."""
    rules, t = ctx.rules, s.text
    if s.headline or not (rules.interesting.search(t) or (ctx.maps_near[s.index] and (
            rules.assessment.search(t) or rules.release.search(t)))):  # "15 prisoners were sent home." before the maps
        speaker, spos = find_speaker(t, rules, s.quotes) if not s.headline else (None, -1)
        if speaker is None and ctx.people and not s.headline:
            speaker, spos = _known_person(t, ctx, [(m.start(), m.end()) for m in rules.speech_verbs.finditer(t)])
        elif speaker:
            _learn_people(t, spos, speaker, ctx)
        if speaker is None and not s.headline and ctx.last_speaker and s.index - ctx.last_speaker[0] <= 8 \
                and _CLOSING_ANAPHORA.search(t):
            ctx.named[s.index] = ctx.last_speaker[1]  # "..., the statement said": who closes the quotation
        if speaker:
            ctx.last_speaker = (s.index, speaker)
            ctx.named[s.index] = speaker
            # "The letter dated February 22 sent by the minister ...": when what follows was said
            said = next((d for d in find_dates(t, rules, ctx.anchor, quotes=s.quotes) if d.speech and d.value), None)
            if said is not None:
                ctx.said[s.index] = (speaker, said)
        return []
    dates = find_dates(t, rules, ctx.anchor, quotes=s.quotes)
    tc = _for_counting(t)
    numbers = find_numbers(tc, rules, skip=[(d.start, d.end) for d in dates])
    mapm = list(rules.map_nouns.finditer(t))
    speech_verbs = [(m.start(), m.end()) for m in rules.speech_verbs.finditer(t)
                    if not re.match(r"\s+the\s+lives?\b", t[m.end():])]  # "claimed the lives of": not a claim
    districts = _districts(s, ctx)
    if len(districts) >= 4 and _SPREAD.search(t):
        districts = []  # "the mine incidents occurred across several regions, including A, B, C, D...": a spread, no place
    region = next((name for name, rx in rules.regions.items() if rx.search(t)), None)
    mine_types = [name for name, rx in rules.mine_types.items() if rx.search(t)]
    speaker, spos = find_speaker(t, rules, s.quotes, speech_verbs)
    speaker_note = None
    if speaker is not None:
        _learn_people(t, spos, speaker, ctx)
    elif ctx.people and speech_verbs:
        speaker, spos = _known_person(t, ctx, speech_verbs)  # "..., Jankauskas said": named earlier for the EU
    ana = rules.speaker_anaphora.search(t) if ctx.last_speaker and s.index - ctx.last_speaker[0] <= 8 else None
    if ana and (speaker is None or ana.start() < spos):
        speaker, speaker_note = ctx.last_speaker[1], "the speaker is named in an earlier sentence"
    elif speaker is not None:
        ctx.last_speaker = (s.index, speaker)
        ctx.named[s.index] = speaker
    background = bool(rules.background_cues.search(t))
    continuation = bool(rules.continuation.match(t))
    speech = next((d for d in dates if d.speech and d.value), None)
    if speech is not None and speaker is not None and speaker_note is None:
        ctx.said[s.index] = (speaker, speech)
    own = [d for d in dates if d.value and not d.speech and not d.background and d.kind != "range"]
    base = dict(sent=s, speech=speech, mine_types=mine_types, background=background, continuation=continuation,
                attributed=speaker is not None or bool(speech_verbs) or any(a <= 1 for a, _ in s.quotes))
    facts: list[Fact] = []

    # casualty totals and incidents
    casualty_words = bool(rules.casualty.search(t))
    incident_phrase = [m for m in rules.incident.finditer(t)] if ctx.mine_here[s.index] else []
    specific = [m for m in incident_phrase if not rules.generic_incident.fullmatch(m.group(0))]
    counts = casualty_figures(tc, numbers, rules, total=True) if casualty_words else []
    counts = [c for c in counts if not _OTHER_CAUSE.match(t, c.pos)]  # "93 were killed in missile attacks"
    for c in counts:  # a counted phrase is kept as the sentence writes it
        if c.derived and tc is not t and (i := tc.find(c.derived)) >= 0:
            c.derived = c.surface = t[i:i + len(c.derived)]
    rng = next((d for d in dates if d.kind == "range"), None)  # "from 1 January to 30 June"
    cue = rules.total_cues.search(t) if (counts or rng is not None or casualty_words) else None
    total_cue = cue is not None or rng is not None
    # a yearly or monthly toll: "in 2023, 19 people were killed and 39 injured by mines"
    period = [d for d in own if (d.precision in ("year", "month") and d.kind in ("year", "month", "my")
                                 or d.kind == "rel" and d.precision == "year") and not re.match(r"(?i)so\s+far", d.text)]
    yearly = bool(counts and period and not districts and not villages(t) and not specific and ctx.mine_near[s.index]
                  and any(c.value and c.value > 1 for c in counts if not c.derived))
    # "landmines that have killed over 13 people": a perfect tense with no date or place of its own tells a toll so far
    perfect = bool(counts and not own and not districts and not specific and ctx.mine_near[s.index]
                   and _PERFECT_TOLL.search(t) and not villages(t)
                   and max(c.value or 0 for c in counts) >= 5 and not re.search(r"(?i)\banother\b", t))
    yearly = yearly or perfect
    named_only = all(c.derived and c.value == 1 for c in counts)  # "X, a former IDP who until now lived ...": one person
    if counts and (total_cue or yearly) and not named_only and not (specific and (districts or own) and cue is None):
        first = min(c.pos for c in counts)
        opens = [d for d in dates if d.since and d.kind != "range"]
        opens = [d for d in opens if not d.relative] or opens  # "since 1991 until today": 1991 opens it
        start = min(opens, key=lambda d: abs(d.start - first), default=None)
        f = Fact("casualty_total", **base, figures=[c for c in counts if not c.partial])
        f.mine_types = []
        if rng:
            f.period_end = f.period_start = rng  # range_start holds the start
        elif start:
            f.period_start = start
        end = next((d for d in dates if d.value and not d.speech and d.kind != "range" and not d.since
                    and not d.background and d.kind != "year"), None)
        if f.period_end is None and end is not None and re.search(r"\b(?:to|through|until|as of|по)\s+$", t[:end.start], re.IGNORECASE):
            f.period_end = end
        if yearly and period and not total_cue and f.period_end is None:
            f.period_start = f.period_end = period[0]  # the year (or month) the toll covers
        if f.figures:
            facts.append(f)
    elif not counts and rng is not None and (casualty_words or re.search(r"(?i)\bincidents?\b|инцидент", t)) \
            and ctx.mine_near[s.index]:
        facts.append(Fact("casualty_total", **base, period_start=rng, period_end=rng, detail=True))
    elif not counts and total_cue and re.search(r"(?i)\b\d+\s+(?:cases|incidents)\s+of\s+(?:land)?mine|\b\d+\s+(?:land)?mine\s+(?:incidents|explosions)", t):
        # "15 cases of mine explosions were recorded after the war": what follows counts their victims
        facts.append(Fact("casualty_total", **base, detail=True))
    clearance = bool(rules.clearance.search(t)) and not specific
    if not facts and not clearance:
        figs = [c for c in counts if c.field != "victims"]  # an incident counts the killed and the injured
        if not figs and counts and _SURVIVED.search(" ".join(x.text for x in ctx.sentences[s.index: s.index + 2])):
            # "X was blown up by a mine. The victim was hospitalised.": blown up and taken to hospital is injured
            figs = [replace(c, field="injured") for c in counts if c.field == "victims" and c.value and c.value <= 5]
        near_mine = ctx.mine_near[s.index]
        if specific or (incident_phrase and (districts or _villages_of(s, ctx))):
            anchor = (specific or incident_phrase)[0].start()
            dated = sorted(own, key=lambda d: abs(d.start - anchor))
            facts.append(Fact("incident", **base, dates=dated, districts=districts, region=region, figures=figs))
        elif near_mine and figs and (districts or own or speech is not None and re.match(r"(?i)another\b", t)):
            # "Another civilian has been killed and two others injured, the ministry said on April 26": a new one
            facts.append(Fact("incident", **base, dates=own, districts=districts, region=region, figures=figs))
        elif near_mine and (figs or (rules.incident_nouns.search(t) and (own or districts))):
            facts.append(Fact("incident", **base, dates=own, districts=districts, region=region, figures=figs, detail=True))
    if len(facts) == 1 and facts[0].kind == "incident" and len(facts[0].districts) > 1:
        facts = _split_incidents(facts[0], ctx) or _per_district(facts[0]) or facts
    if facts:
        vil = _villages_of(s, ctx)
        offices = office_districts(s, ctx)
        for f in facts:
            f.villages = set(vil)
            f.offices = offices

    # hand-overs
    trs = transfers(s, rules, speaker, mapm)
    sides = {p for x in trs for p in (x.frm, x.to) if p}
    quoting = speaker or (ctx.last_speaker[1] if ctx.last_speaker and s.index - ctx.last_speaker[0] <= 2 else None)
    if trs and not own and not districts and all(s.quoted(x.start) for x in trs) and (quoting is None or not sides or quoting in sides) \
            and _CONTRAST.search(t):
        # "they gave us maps of 400,000 mines, but ...": a claim in a quotation by a side of it (a third
        # party quoting the swap reports it)
        trs, claimed = [], True
    else:
        claimed = False
    has_map = bool(mapm)
    negated = claimed or (has_map and not trs and any(_not_actual(t, m.start(), rules) for m in rules.transfer_verbs.finditer(t)))
    mapfigs = [q for q in numbers if q.field in FIGURES_OF_KIND["map_disclosure"]]
    if trs:
        lists = {d.list_id for d in own if d.list_id is not None}
        groups = _split_handovers(t, mapfigs, ctx, s) if not lists else []
        by_date = _split_by_dates(t, own, ctx, s) if not lists and len(groups) < 2 else []
        frm = next((x.frm for x in trs if x.frm), None)
        to = next((x.to for x in trs if x.to), None)
        if by_date:  # "On June 12, Armenia submitted maps for Aghdam and on July 3 maps for Fuzuli"
            for d, dists, (a, z) in by_date:
                facts.append(Fact("map_disclosure", **base, dates=[d], districts=dists, region=region,
                                  figures=[_fig(q) for q in mapfigs if a <= q.start < z], from_party=frm, to_party=to))
        elif lists:  # one hand-over per date of the list; the figures are the list's total
            for d in own:
                f = Fact("map_disclosure", **base, dates=[d], districts=districts, region=region,
                         from_party=frm, to_party=to, list_id=d.list_id)
                if mapfigs:
                    f.notes.append(f"{', '.join(q.surface for q in mapfigs)}: the total of the list of dates, "
                                   "not given per hand-over.")
                facts.append(f)
        elif len(groups) > 1:
            for dists, qs in groups:
                facts.append(Fact("map_disclosure", **base, dates=own, districts=dists, region=region,
                                  figures=[_fig(q) for q in qs] + [_fig(q) for q in mapfigs if q.field == "detainees_released"],
                                  from_party=frm, to_party=to))
        else:
            facts.append(Fact("map_disclosure", **base, dates=own, districts=districts, region=region,
                              figures=[_fig(q) for q in mapfigs], from_party=frm, to_party=to))
    elif not negated and not ((own or districts) and rules.reference_participle.search(t)) and (rules.detail.search(t) or mapfigs):
        # "The transferred documents are mainly records of ... in the Kelbajar region", "The exchange
        # took place on June 12": details of the hand-over just before; "97,000 mines in Aghdam and
        # 92,000 in Fuzuli": details of two
        groups = _split_handovers(t, mapfigs, ctx, s)
        refers = bool(rules.detail.match(t))
        for dists, qs in groups if len(groups) > 1 else [(districts, mapfigs)]:
            facts.append(Fact("map_disclosure", **base, dates=own, districts=dists, region=region,
                              figures=[_fig(q) for q in qs], detail=True, refers=refers))

    # statements
    figs = statement_figures(t, numbers, rules) if has_map or ctx.maps_near[s.index] else []
    if not claimed and (trs or rules.transfer_verbs.search(t) or rules.receive.search(t)):
        # "maps of 97,000 mines" in a hand-over is what the hand-over claims, not a statement's figure
        figs = [g for g in figs if g.field not in ("mines_on_maps", "mines_laid_estimate")]
    if figs or _is_statement(s, ctx, negated, has_map):
        dm = rules.diffuse.search(t)
        verb = next((v for v in speech_verbs if dm is None or v[0] > dm.end() + 25), None)
        diffuse = dm is not None and not dates and verb is None  # "Baku has repeatedly demanded ..."
        if not diffuse:
            # a statement is dated by when it was made; other dates in it are what it talks about
            if speaker is None and figs and ctx.last_speaker and s.index - ctx.last_speaker[0] == 1:
                # "..., Azernews reports, citing the mine agency. The maps' accuracy was 25%.": the report goes on
                speaker, speaker_note = ctx.last_speaker[1], "the speaker is named in the sentence before"
            f = Fact("statement", **{**base, "mine_types": []}, figures=figs, speaker=speaker, speaker_note=speaker_note)
            # a statement is background when its saying is ("Aliyev earlier said"), not what it talks about
            f.background = bool(rules.said_before.search(t))
            facts.append(f)
    return facts


def _fig(q: Quantity) -> Figure:
    return Figure(q.field, q.value, q.qualifier, surface=q.surface, partial=q.partial, pos=q.start)


_PLURAL_BLASTS = re.compile(r"(?i:\b(?:explosions|blasts|incidents|detonations)\s+(?:\w+\s+){0,3}?in\s+(?:the\s+)?)[A-Z]")


def _per_district(f: Fact) -> list[Fact]:
    """Explosions (plural) in two or more districts with one toll for all ("two citizens were
    wounded in mine blasts in Tartar and Aghdam"): one explosion per district, the toll in a note
    (it is not given per district)."""
    if not _PLURAL_BLASTS.search(f.sent.text):
        return []
    toll = ", ".join(g.surface for g in f.figures if g.value is not None)
    note = f"{toll}: the toll of all the explosions in the sentence, not given per district." if toll else None
    return [replace(f, districts=[d], figures=[], notes=[*f.notes, *([note] if note else [])], shared_toll=True)
            for d in f.districts]


def _districts_after(anchors: list[tuple[int, int]], mentions, end: int, *, none_before: bool) -> list[list[str]] | None:
    """The districts a sentence names after each of its anchors (a figure, a date), up to the next
    anchor: one list per anchor, each anchor given as (start, where its districts may begin). None
    when an anchor has none, two have the same, or (``none_before``) a district comes before the
    first anchor: then the places are not each anchor's own."""
    groups = []
    for i, (_, frm) in enumerate(anchors):
        z = anchors[i + 1][0] if i + 1 < len(anchors) else end
        own = list(dict.fromkeys(m.iso_code for m in mentions if frm <= m.start < z))
        if not own:
            return None
        groups.append(own)
    if len({tuple(g) for g in groups}) != len(groups):
        return None
    if none_before and any(m.start < anchors[0][0] for m in mentions):
        return None
    return groups


def _split_incidents(f: Fact, ctx: Context) -> list[Fact]:
    """Two tolls each with its own district are two explosions ("one civilian was killed in Yevlakh
    and two were wounded in Tartar"): each figure takes the district between it and the next."""
    figs = sorted((g for g in f.figures if g.value is not None), key=lambda g: g.pos)
    if len(figs) < 2:
        return []
    t = f.sent.text
    mentions = [m for m in ctx.mentions_of(f.sent) if m.iso_code in f.districts]
    groups = _districts_after([(g.pos, g.pos) for g in figs], mentions, len(t), none_before=True)
    if groups is None or any(len(own) != 1 for own in groups):
        return []
    out = []
    for i, (g, own) in enumerate(zip(figs, groups)):
        nxt = figs[i + 1].pos if i + 1 < len(figs) else len(t)
        types = [name for name in f.mine_types if ctx.rules.mine_types[name].search(t, g.pos, nxt)]
        out.append(replace(f, districts=own, figures=[g], mine_types=types, notes=list(f.notes)))
    return out


def _split_by_dates(t: str, own: list, ctx: Context, s: Sentence) -> list:
    """Two dates each followed by its own districts are two hand-overs ("On June 12, Armenia submitted
    maps for Aghdam and on July 3 maps for Fuzuli and Zangilan"): (date, districts, span) per date."""
    dated = sorted((d for d in own if d.precision == "day"), key=lambda d: d.start)
    if len(dated) < 2:
        return []
    mentions = [m for m in ctx.mentions_of(s) if m.text not in ctx.rules.metonyms]
    groups = _districts_after([(d.start, d.end) for d in dated], mentions, len(t), none_before=True)
    if groups is None:
        return []
    ends = [d.start for d in dated[1:]] + [len(t)]
    return [(d, dists, (d.start, z)) for d, dists, z in zip(dated, groups, ends)]


def _split_handovers(t: str, figs: list[Quantity], ctx: Context, s: Sentence):
    """Two counts each with its own districts are two hand-overs ("maps of 50,000 mines in Lachin,
    and 60,000 in Qubadli")."""
    claims = [q for q in figs if q.field in ("mines_claimed", "maps_count", "minefields_count")]
    if len(claims) < 2 or len({q.field for q in claims}) != 1:
        return []
    mentions = [m for m in ctx.mentions_of(s) if m.text not in ctx.rules.metonyms]
    groups = _districts_after([(q.start, q.end) for q in claims], mentions, len(t), none_before=False)
    return [] if groups is None else [(own, [q]) for own, q in zip(groups, claims)]
