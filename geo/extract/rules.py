"""The extractor's word lists and trigger phrases, read from ``data/extract/rules.yaml`` and compiled once.

Lists under ``lemmas:`` hold lemmas: :func:`word_forms` expands each into its inflected and derived
forms (provide → provides, provided, providing; accurate → accuracy, accurately; map → maps), so the
rules match a word whatever form the article uses, while the matching itself stays one compiled
regular expression per list (no tokenizer or model at run time).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .._resources import data_dir
from ..errors import DataError

__all__ = ["Rules", "default_rules", "load_rules", "word_forms"]

#: Speech verbs that may come before their speaker ("said the ministry", "сказал Мустафаев").
_INVERTED = (r"said|says|told|added|noted|stated|wrote|announced|reported|сказал\w*|заявил\w*|сообщил\w*|отметил\w*"
             r"|написал\w*|подчеркнул\w*|добавил\w*")


def _verb_forms(word: str, irregular: dict[str, list[str]]) -> set[str]:
    out = {word, *irregular.get(word, [])}
    if re.search(r"(?:s|sh|ch|x|z|o)$", word):
        out.add(word + "es")
    elif re.search(r"[^aeiou]y$", word):
        out.add(word[:-1] + "ies")
    else:
        out.add(word + "s")
    if word.endswith("e"):
        out |= {word + "d", word[:-1] + "ing"}
    elif re.search(r"[^aeiou]y$", word):
        out |= {word[:-1] + "ied", word + "ing"}
    else:
        out |= {word + "ed", word + "ing"}
        if re.search(r"[^aeiou][aeiou][bdfglmnprt]$", word):  # submit → submitted (both spellings kept)
            out |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return out


def _adjective_forms(word: str) -> set[str]:
    out = {word, word + "ly", word + "ness"}
    if word.endswith("ate"):
        out |= {word[:-2] + "cy", word[:-2] + "cies"}          # accurate → accuracy
    if word.endswith(("able", "ible")):
        out |= {word[:-4] + word[-4] + "bility", word[:-1] + "y"}  # reliable → reliability, reliably
    if word.endswith("ise"):
        out.add(word[:-1] + "ion")                             # precise → precision
    if word.endswith("e"):
        out.add(word[:-1] + "ly")
    if word.endswith("y"):
        out |= {word[:-1] + "iness", word[:-1] + "ily"}
    return out


def _noun_forms(word: str) -> set[str]:
    out = {word}
    out.add(word + ("es" if re.search(r"(?:s|sh|ch|x|z)$", word) else "s"))
    return out


def word_forms(phrase: str, pos: str, irregular: dict[str, list[str]] | None = None) -> set[str]:
    """The forms of a lemma phrase: its first word inflected ("hand over" → "handed over").

    ``pos`` is ``verb``, ``adjective`` or ``noun``. Over-generation ("submited") is harmless: forms
    that never occur never match.
    """
    head, _, rest = phrase.partition(" ")
    if pos == "verb":
        forms = _verb_forms(head, irregular or {})
    elif pos == "adjective":
        forms = _adjective_forms(head)
    else:
        forms = _noun_forms(head)
    return {f + (" " + rest if rest else "") for f in forms}


def _entry(p: str, regex: bool) -> str:
    """One alternative: an escaped phrase (spaces match any whitespace) or a regular expression,
    bounded so that it matches whole words only."""
    if p.endswith("_re"):
        p, regex = p[:-3], True
    if not regex:
        body = re.escape(p).replace(r"\ ", r"\s+")
        lead = r"(?<!\w)" if re.match(r"\w", p) else ""
        tail = r"(?!\w)" if re.search(r"\w$", p) else ""
        return lead + body + tail
    lead = "" if p.startswith(("\\b", "^", "(?", "[")) else r"(?<!\w)"
    tail = "" if p.endswith(("\\b", "$")) else r"(?!\w)"
    return f"{lead}(?:{p}){tail}"


def _trie(words: list[str]) -> str:
    """One regular expression for many literal phrases, factored by common prefixes (a trie): the
    engine then decides at each position with one character test instead of one per phrase, which
    keeps long word lists (all the forms of the lemmas) cheap."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            piece = r"\s+" if ch == " " else re.escape(ch)
            branches.append(piece + emit(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return emit(root)


def _split_top(body: str) -> list[str] | None:
    """Top-level alternatives of a group's body (None when the brackets do not balance)."""
    depth, out, cur, i = 0, [], "", 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            cur += body[i:i + 2]
            i += 2
            continue
        if ch == "[":
            j = body.find("]", i + 2)
            if j < 0:
                return None
            cur += body[i:j + 1]
            i = j + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "|" and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
        i += 1
    out.append(cur)
    return out if depth == 0 else None


def _first_literals(p: str) -> set[str] | None:
    """Literal beginnings every match of a regular expression starts with ("maps?" → {"map"};
    "(?:struck|hit) an? mine" → {"struck", "hit"}); None when there is no such set."""
    for lead in ("\\b", "(?<!\\w)", "^"):
        while p.startswith(lead):
            p = p[len(lead):]
    if p.startswith("(?:"):
        depth, i = 0, 0
        while i < len(p):
            if p[i] == "\\":
                i += 2
                continue
            depth += p[i] == "("
            depth -= p[i] == ")"
            if depth == 0:
                break
            i += 1
        if i >= len(p) or p[i + 1: i + 2] in ("*", "{"):
            return None
        if p[i + 1: i + 2] == "?":  # an optional group: its beginnings or what follows it
            inner = _first_literals(p[:i + 1])
            rest = _first_literals(p[i + 2:])
            return inner | rest if inner and rest else None
        parts = _split_top(p[3:i])
        if parts is None:
            return None
        out: set[str] = set()
        for part in parts:
            got = _first_literals(part + p[i + 1:]) if not part else _first_literals(part)
            if not got:
                return None
            out |= got
        return out
    m = re.match(r"[^\\()\[\]{}.*+?|^$]+", p)
    if not m:
        return None
    lit = m.group(0)
    if p[m.end(): m.end() + 1] in ("?", "*", "{"):
        lit = lit[:-1]  # "maps?": the "s" may be missing
    lit = lit.split(" ")[0] if " " in lit else lit
    return {lit} if len(lit) >= 2 else None


def _fast(pattern: str, phrases, regex: bool) -> str:
    """A pattern behind a lookahead for the literal beginnings of its phrases (when they have
    some): positions that cannot start a match are skipped with one trie test. Phrases without a
    literal beginning ("\\d+ cases") stay outside the lookahead, in their own alternation."""
    if not regex and not any(p.endswith("_re") for p in phrases):
        return pattern  # a trie already tests one character at a time
    firsts: set[str] = set()
    fast, slow = [], []
    for p in phrases:
        if not regex and not p.endswith("_re"):
            got = {p.split(" ")[0]}
        else:
            got = _first_literals(p[:-3] if p.endswith("_re") else p)
        if got and all(got):
            firsts |= got
            fast.append(p)
        else:
            slow.append(p)
    firsts = {f.lower() for f in firsts}
    if not fast:
        return pattern
    guarded = r"(?=(?i:" + _trie(sorted(firsts)) + "))" + (_alt(fast, regex=regex) if slow else pattern)
    return f"(?:{guarded}|{_alt(slow, regex=regex)})" if slow else guarded


def _alt(phrases, *, regex: bool = False) -> str:
    """One alternation of phrases, each on whole words; plain phrases are compiled as a trie."""
    phrases = sorted(set(phrases), key=len, reverse=True)
    literal = [] if regex else [p for p in phrases if not p.endswith("_re")]
    parts, bounded = [], []
    for p in phrases:
        if p in literal:
            continue
        e = _entry(p, regex)
        if e.startswith(r"(?<!\w)(?:") and e.endswith(r")(?!\w)"):
            bounded.append(e[len(r"(?<!\w)"):-len(r"(?!\w)")])  # one boundary test for all of them
        else:
            parts.append(e)
    if bounded:
        parts.append(r"(?<!\w)(?:" + "|".join(bounded) + r")(?!\w)")
    # literal phrases, grouped by whether they start/end with a word character (for the boundaries)
    groups: dict[tuple[bool, bool], list[str]] = {}
    for p in literal:
        groups.setdefault((bool(re.match(r"\w", p)), bool(re.search(r"\w$", p))), []).append(p)
    for (lead, tail), words in groups.items():
        parts.append((r"(?<!\w)" if lead else "") + "(?:" + _trie(words) + ")" + (r"(?!\w)" if tail else ""))
    return "(?:" + "|".join(parts) + ")" if parts else "(?!x)x"


def _rx(phrases, *, regex: bool = False, flags: int = re.IGNORECASE) -> re.Pattern:
    return re.compile(_fast(_alt(phrases, regex=regex), phrases, regex), flags)


@dataclass(frozen=True)
class Rules:
    """Compiled rules; build with :func:`load_rules`."""

    raw: dict
    # numbers
    number_words: re.Pattern
    words_ru: dict[str, int]
    scales: dict[str, int]
    scales_ru: dict[str, int]
    vague: re.Pattern
    qualifier_before: re.Pattern            # named groups: one per qualifier, anchored at the end
    qualifier_after: re.Pattern             # named groups, anchored at the start
    not_count_after: re.Pattern
    not_count_before: re.Pattern
    percent: re.Pattern
    units: dict[str, re.Pattern]
    max_modifiers: int
    release: re.Pattern
    not_claimed_before: re.Pattern
    killed: re.Pattern
    casualty: re.Pattern                    # killed, injured or victims words (for a first look)
    injured: re.Pattern
    victims: re.Pattern
    partial_after: re.Pattern
    mine_types: dict[str, re.Pattern]
    # what a sentence reports
    map_nouns: re.Pattern
    transfer: re.Pattern                    # verbs (all forms) and nouns of a hand-over
    transfer_verbs: re.Pattern
    receive: re.Pattern
    exchange: re.Pattern
    not_actual_before: re.Pattern
    actual_infinitive: re.Pattern
    detail: re.Pattern
    incident_nouns: re.Pattern
    incident: re.Pattern
    clearance: re.Pattern
    total_cues: re.Pattern
    assessment: re.Pattern
    assessment_blockers: re.Pattern
    diffuse: re.Pattern
    speech_verbs: re.Pattern
    demand_verbs: re.Pattern
    mediation: re.Pattern
    other_mediation: re.Pattern
    background_cues: re.Pattern
    follow_on: re.Pattern
    continuation: re.Pattern
    event_words: re.Pattern
    said_before: re.Pattern
    generic_incident: re.Pattern
    demand_that: re.Pattern
    reference_participle: re.Pattern
    # statements' figures
    accuracy: re.Pattern
    inaccuracy: re.Pattern
    outside: re.Pattern
    outside_events: re.Pattern
    laid: re.Pattern
    on_maps: re.Pattern
    handovers: re.Pattern                   # "in 3-4 installments", "five times", "twice"
    times: dict[str, int]
    # who
    party_names: dict[str, re.Pattern]
    speaker_names: re.Pattern               # every name that may speak, one named group per party and kind
    speaker_groups: dict[str, tuple[str, str]]
    inverted: re.Pattern                    # speech verbs that may come before their speaker
    speaker_anaphora: re.Pattern
    nationality: re.Pattern
    mediators: dict[str, re.Pattern]
    mediator_names: re.Pattern              # all of them, one named group each (m0, m1, ...)
    # where and when
    regions: dict[str, re.Pattern]
    not_location_before: re.Pattern
    not_location_after: re.Pattern
    metonyms: frozenset[str]
    months: dict[str, int]
    weekdays: dict[str, int]
    background_before: re.Pattern
    background_clause: re.Pattern
    background_after: re.Pattern
    abbreviations: frozenset[str]
    # cheap first look: does a sentence deserve reading at all?
    interesting: re.Pattern
    # patterns the extractor's modules build from the rules above, each compiled once per rules object
    _built: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    def cached(self, key, build: Callable[[], re.Pattern]) -> re.Pattern:
        """The pattern ``build()`` makes from these rules, made once and kept with them."""
        rx = self._built.get(key)
        if rx is None:
            rx = self._built[key] = build()
        return rx


def load_rules(path: str | Path | None = None) -> Rules:
    """Read and compile a rules file (default: the shipped ``data/extract/rules.yaml``)."""
    path = Path(path) if path else data_dir() / "extract" / "rules.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return _compile(raw)
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError, re.error) as exc:
        raise DataError(f"{path}: cannot use the extraction rules: {type(exc).__name__}: {exc}") from None


def _lemmas(raw_list, pos: str, irregular) -> list[str]:
    out: set[str] = set()
    for lemma in raw_list:
        out |= word_forms(lemma, pos, irregular)
    return sorted(out)


def _qualifiers(table: dict[str, list[str]], *, before: bool) -> re.Pattern:
    groups = [f"(?P<{q}>{_alt(phrases)})" for q, phrases in table.items()]
    body = "|".join(groups)
    return re.compile(rf"(?:{body})\s*$" if before else rf"^\s*(?:{body})", re.IGNORECASE)


def _compile(raw: dict) -> Rules:
    n, u, t, lem, p, places, dates = (raw[k] for k in ("numbers", "units", "triggers", "lemmas", "parties",
                                                      "places", "dates"))
    irregular = {k: list(v) for k, v in (raw.get("morphology", {}).get("irregular") or {}).items()}
    transfer_verbs = _lemmas(lem["transfer_verbs"], "verb", irregular)
    transfer_nouns = _lemmas(lem["transfer_nouns"], "noun", irregular)
    receive = _lemmas(lem["receive_verbs"], "verb", irregular)
    speech = _lemmas(lem["speech_verbs"], "verb", irregular)
    demand = _lemmas(lem["demand_verbs"], "verb", irregular)
    assessment_words = _lemmas(lem["assessment_words"], "adjective", irregular)
    speech_alt = "(?:" + _alt(speech) + "|" + _alt(p["speech_verbs_ru_re"], regex=True) + ")"
    demand_alt = _alt(demand)

    party_alt = {name: _alt(names) for name, names in p["names"].items()}
    # one pass over a sentence finds every name that may speak: group "<kind><n>" → (party, kind)
    # with kind n (a named speaker or institution), s (a state as subject), o (an organisation)
    name_groups: dict[str, tuple[str, str]] = {}
    alts = []
    for i, (party, names) in enumerate(p["speakers_re"].items()):
        name_groups[f"n{i}"] = (party, "n")
        alts.append(f"(?P<n{i}>{_alt(names, regex=True)})")
        name_groups[f"s{i}"] = (party, "s")
        alts.append(f"(?P<s{i}>{_alt(p['speaker_states'][party])})")
    for i, (org, names) in enumerate(p["organisations"].items()):
        name_groups[f"o{i}"] = (org, "o")
        alts.append(f"(?P<o{i}>{_alt(names)})")
    # names of speakers start with a capital letter: the engine tries only those positions
    speaker_names = re.compile(r"(?=[A-ZА-ЯЁ])(?:" + "|".join(alts) + ")")
    unit_rx = {name: re.compile(_alt(u[name]), re.IGNORECASE) for name in ("mines", "maps", "minefields", "persons")}
    map_nouns = _rx(t["map_nouns_re"], regex=True)
    incident = _rx(t["incident_re"], regex=True)
    killed, injured, victims = _rx(u["killed"]), _rx(u["injured"]), _rx(u["victims"])
    transfer = _rx(transfer_verbs + transfer_nouns)
    detail = _rx(t["detail_re"], regex=True)
    interesting = re.compile(r"(?<!\w)(?:" + _trie(sorted(set(w.lower() for w in t["interesting_stems"]))) + ")"
                             + r"|(?<!\w)(?:mines?|landmines?|мин\w*|explosions?|blasts?)(?!\w)", re.IGNORECASE)
    quals = dict(n["qualifiers"])
    sf = raw["statement_figures"]
    counted = r"(?:\d+|" + "|".join(sorted(n["words"], key=len, reverse=True)) + ")"
    handovers = re.compile(rf"(?<!\w)(?P<n>{counted})(?:\s*[-–—]\s*(?P<n2>\d+))?\s+{_alt(sf['handover_units'])}"
                           rf"|(?<!\w)(?P<times>{'|'.join(sf['times'])})(?!\w)", re.IGNORECASE)
    return Rules(
        raw=raw,
        number_words=_rx(n["words"]),
        words_ru={k.lower(): int(v) for k, v in n["words_ru"].items()},
        scales={k.lower(): int(v) for k, v in n["scales"].items()},
        scales_ru={k.lower(): int(v) for k, v in n["scales_ru"].items()},
        vague=_rx(n["vague"]),
        qualifier_before=_qualifiers(quals, before=True),
        qualifier_after=_qualifiers(dict(n["qualifiers_after"]), before=False),
        not_count_after=re.compile(r"^\s*" + _alt(n["not_a_count_after"]), re.IGNORECASE),
        not_count_before=re.compile(_alt(n["not_a_count_before"]) + r"\s*$", re.IGNORECASE),
        percent=re.compile(r"^\s*" + _alt(n["percent"]), re.IGNORECASE),
        units=unit_rx,
        max_modifiers=int(u["max_modifiers"]),
        release=_rx(u["release"]),
        not_claimed_before=re.compile(_alt(u["not_claimed_before"]) + r"(?:\s+[\w-]+,?){0,3}\s*$", re.IGNORECASE),
        killed=killed,
        casualty=re.compile(_alt(u["killed"] + u["injured"] + u["victims"]), re.IGNORECASE),
        injured=injured,
        victims=victims,
        partial_after=_rx(u["partial_after"]),
        mine_types={k: _rx(v) for k, v in raw["mine_types"].items()},
        map_nouns=map_nouns,
        transfer=transfer,
        transfer_verbs=re.compile(_alt(transfer_verbs) + "|" + _alt(t["transfer_ru_re"], regex=True), re.IGNORECASE),
        receive=_rx(receive),
        exchange=_rx(t["exchange_re"], regex=True),
        not_actual_before=_rx(t["not_actual_before_re"], regex=True),
        actual_infinitive=_rx(t["actual_infinitive_re"], regex=True),
        detail=detail,
        incident_nouns=_rx(t["incident_nouns_re"], regex=True),
        incident=incident,
        clearance=_rx(t["clearance_re"], regex=True),
        total_cues=_rx(t["total_cues_re"], regex=True),
        assessment=re.compile(_alt(assessment_words) + "|" + _alt(t["assessment_re"], regex=True), re.IGNORECASE),
        assessment_blockers=_rx(t["assessment_blockers_re"], regex=True),
        diffuse=_rx(t["diffuse_re"], regex=True),
        speech_verbs=re.compile(speech_alt, re.IGNORECASE),
        demand_verbs=re.compile(demand_alt, re.IGNORECASE),
        mediation=_rx(t["mediation_re"], regex=True),
        other_mediation=_rx(t["other_mediation"]),
        background_cues=_rx(t["background_cues_re"], regex=True),
        follow_on=_rx(t["follow_on_re"], regex=True),
        continuation=_rx(t["continuation_re"], regex=True),
        event_words=re.compile(map_nouns.pattern + "|" + _alt(u["release"]) + "|"
                               + _alt(["detainees", "prisoners", "captives", "humanitarian"]), re.IGNORECASE),
        said_before=_rx(t["said_before_re"], regex=True),
        generic_incident=_rx(t["generic_incident_re"], regex=True),
        demand_that=_rx(t["demand_that_re"], regex=True),
        reference_participle=_rx(t["reference_participle_re"], regex=True),
        accuracy=re.compile("|".join(sf["accuracy_re"]), re.IGNORECASE),
        inaccuracy=re.compile("|".join(sf["inaccuracy_re"]), re.IGNORECASE),
        outside=_rx(sf["outside_re"], regex=True),
        outside_events=re.compile("|".join(sf["outside_events_re"]), re.IGNORECASE),
        laid=_rx(sf["laid_re"], regex=True),
        on_maps=_rx(sf["on_maps_re"], regex=True),
        handovers=handovers,
        times={k.lower(): int(v) for k, v in sf["times"].items()},
        party_names={k: re.compile(v) for k, v in party_alt.items()},
        speaker_names=speaker_names,
        speaker_groups=name_groups,
        inverted=re.compile(rf"(?<!\w)(?:{_INVERTED})(?!\w)", re.IGNORECASE),
        speaker_anaphora=_rx(p["speaker_anaphora_re"], regex=True),
        nationality=re.compile(_alt(p["nationality_re"], regex=True)),
        mediators={k: re.compile(_alt(v)) for k, v in raw["mediators"].items()},
        mediator_names=re.compile("|".join(f"(?P<m{i}>{_alt(v)})" for i, v in enumerate(raw["mediators"].values()))),
        regions={k: _rx(v) for k, v in raw["regions"].items()},
        not_location_before=re.compile(_alt(places["not_location_before"]) + r"\s+(?:the\s+)?$", re.IGNORECASE),
        not_location_after=re.compile(r"^\s*" + _alt(places["not_location_after"]), re.IGNORECASE),
        metonyms=frozenset(places.get("metonyms", [])),
        months={k.lower(): int(v) for k, v in dates["months"].items()},
        weekdays={k.lower(): int(v) for k, v in dates["weekdays"].items()},
        background_before=re.compile(_alt(dates["background_before"]) + r"\s*$", re.IGNORECASE),
        background_clause=_rx(dates["background_clause_re"], regex=True),
        background_after=re.compile(r"^\W*" + _alt(dates["background_after"]), re.IGNORECASE),
        abbreviations=frozenset(a.lower() for a in raw["abbreviations"]),
        interesting=interesting,
    )


@lru_cache(maxsize=2)
def default_rules() -> Rules:
    return load_rules()
