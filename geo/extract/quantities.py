"""Numbers in a sentence and what they count.

A number is written in digits ("97,000", "1.5 million", "97 thousand") or words ("eight",
"twenty-three"; converted with text2num). What it counts comes from the head noun after it
(up to a few modifiers: "97,000 anti-tank and anti-personnel land mines", "eight more
minefields") and, for people, from the sentence: released/handed over → detainees, killed,
injured. A number whose meaning is not found is dropped (years, ages, "44-day", "4,000
missing") — never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

from .rules import Rules

__all__ = ["Quantity", "find_numbers", "classify", "parse_number"]

_DIGITS = r"\d{1,3}(?:[,\u00a0\u202f]\d{3})+(?!\d)|\d+(?:\.\d+)?"
_STOP = {"of", "in", "on", "at", "to", "for", "from", "by", "with", "that", "which", "who", "was",
         "were", "is", "are", "has", "have", "had", "will", "the", "a", "an", "his", "her", "their",
         "its", "it", "they", "he", "she", "as", "when", "while", "after", "before", "but", "or"}
_TOKEN = re.compile(r"[\w’'-]+|[^\w\s]")



@dataclass(frozen=True)
class Quantity:
    """A number at ``text[start:end]`` (sentence offsets) and what it counts."""

    start: int
    end: int
    value: int
    surface: str
    unit: str | None = None        # mines | maps | minefields | persons | None
    field: str | None = None       # record field, or None when not attributable
    approximate: str | None = None # "about", "at least", ... as written
    partial: bool = False          # a casualty count that is only part of the toll


def _number_rx(rules: Rules) -> re.Pattern:
    words = rules.number_words.pattern
    return re.compile(
        rf"(?<![\w.,])(?P<digits>{_DIGITS})(?:\s+(?P<scale>thousand|million|billion)\b)?(?![\w])"
        rf"|(?P<words>{words}(?:(?:\s+|-|\s+and\s+){words})*)",
        re.IGNORECASE,
    )


_CACHE: dict[int, re.Pattern] = {}


def parse_number(surface: str, rules: Rules) -> int | None:
    """The integer a number phrase means, or None ("2.5", "one" in "one of" stay numbers; callers decide)."""
    m = re.fullmatch(rf"({_DIGITS})(?:\s+(thousand|million|billion))?", surface.strip(), re.IGNORECASE)
    if m:
        digits = re.sub(r"[,\u00a0\u202f]", "", m.group(1))
        scale = {"thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}.get((m.group(2) or "").lower(), 1)
        value = float(digits) * scale
        return int(value) if value.is_integer() else None
    try:
        return int(text2num(surface.lower().replace("-", " "), "en"))
    except (ValueError, TypeError):
        return None


def find_numbers(sentence: str, rules: Rules, skip: list[tuple[int, int]] = ()) -> list[Quantity]:
    """Every count in ``sentence`` (not inside ``skip`` spans such as dates), classified."""
    rx = _CACHE.get(id(rules))
    if rx is None:
        rx = _CACHE[id(rules)] = _number_rx(rules)
    out = []
    for m in rx.finditer(sentence):
        if any(a <= m.start() < b for a, b in skip):
            continue
        surface = m.group(0)
        if m.group("words") and surface.lower() in ("one",) and re.match(r"\s+of\b", sentence[m.end():]):
            continue  # "one of the ..." is not a count
        value = parse_number(surface, rules)
        if value is None:
            continue
        out.append(classify(sentence, m.start(), m.end(), value, rules))
    return out


def _tokens_after(sentence: str, end: int, n: int) -> list[re.Match]:
    return list(_TOKEN.finditer(sentence, end))[: n + 4]


def _unit_at(sentence: str, pos: int, rules: Rules) -> tuple[str, int] | None:
    for unit in ("maps", "minefields", "mines", "persons"):  # "mine maps" before "mines"
        m = rules.units[unit].match(sentence, pos)
        if m:
            return unit, m.end()
    return None


def classify(sentence: str, start: int, end: int, value: int, rules: Rules) -> Quantity:
    surface = sentence[start:end]
    before, after = sentence[:start], sentence[end:]
    approx = rules.approximate_before.search(before)
    if approx and re.search(r"\b(?:hand|hands|handed|handing|passed|turned|taken)\s+over\s*$", before, re.IGNORECASE):
        approx = None  # "handed over 15": not "over 15"
    base = dict(start=start, end=end, value=value, surface=surface, approximate=approx.group(0).strip() if approx else None)
    if rules.not_count_after.match(after) or rules.not_count_before.search(before):
        return Quantity(**base)
    if re.fullmatch(r"(?:19|20)\d\d", surface):
        return Quantity(**base)  # a year ("the 1994 minefields"); counts that large are written "1,994"
    # the head noun: skip up to max_modifiers words (adjectives, "and", "more", "new")
    unit, head_end = None, end
    for i, tok in enumerate(_tokens_after(sentence, end, rules.max_modifiers)):
        if i > rules.max_modifiers:
            break
        hit = _unit_at(sentence, tok.start(), rules)
        if hit:
            unit, head_end = hit[0], hit[1]
            break
        word = tok.group(0).lower()
        if word in _STOP or not re.match(r"\w", word):
            break
        if rules.killed.fullmatch(word) or rules.injured.fullmatch(word):
            break
    if unit == "mines" and rules.not_claimed_before.search(before):
        return Quantity(**base, unit=unit)  # "cleared 3,400 mines": a clearance count
    if unit in ("mines", "maps", "minefields"):
        return Quantity(**base, unit=unit, field={"mines": "mines_claimed", "maps": "maps_count",
                                                  "minefields": "minefields_count"}[unit])
    # casualties: "2 killed", "killed two (people)", "deaths of two journalists", "two people were killed"
    near_before = before[-40:]
    casualty = None
    if unit is None:
        m = re.match(r"\s*(?:were\s+|was\s+)?(?:(?:seriously|severely|critically|slightly|badly|lightly)\s+)?(\w+)", after)
        if m and rules.killed.fullmatch(m.group(1)):
            casualty = "killed"
        elif m and rules.injured.fullmatch(m.group(1)):
            casualty = "injured"
    if casualty is None:
        tail = re.search(r"(\w+)(?:\s+of)?(?:\s+(?:the|at\s+least|about|some|another))?\s*$", near_before)
        word = tail.group(1) if tail else ""
        if rules.killed.fullmatch(word):
            casualty = "killed"
        elif rules.injured.fullmatch(word):
            casualty = "injured"
        elif unit == "persons":
            m = _verb_after(rules).match(sentence, head_end)  # "two deminers (of the agency) were killed"
            if m:
                casualty = "killed" if m.group("killed") else "injured"
    if casualty:
        return Quantity(**base, unit=unit or "persons", field=casualty, partial=_partial(sentence, head_end, rules))
    if unit == "persons" and rules.release.search(sentence):
        return Quantity(**base, unit=unit, field="detainees_released")
    return Quantity(**base, unit=unit)


def _verb_after(rules: Rules) -> re.Pattern:
    """A casualty verb after a counted noun, past a short "of/from ..." phrase and auxiliaries."""
    rx = _VERB_CACHE.get(id(rules))
    if rx is None:
        rx = _VERB_CACHE[id(rules)] = re.compile(
            r"(?:\s+(?:of|from|with)\s+[^,;.]{1,60}?)?"
            r"(?:\s*,?\s*(?:who|had|have|has|were|was|been|reportedly|all|later|seriously|severely|critically"
            r"|slightly|badly|lightly)\b)*\s*"
            rf"(?:(?P<killed>{rules.killed.pattern})|(?P<injured>{rules.injured.pattern}))", re.IGNORECASE)
    return rx


_VERB_CACHE: dict[int, re.Pattern] = {}


def _partial(sentence: str, head_end: int, rules: Rules) -> bool:
    """A casualty phrase followed by more victims ("two journalists ..., alongside the deputy")."""
    rest = sentence[head_end:head_end + 140]
    stop = re.search(r"\b(?:were|was|had|have|has|after|when|in\s+the|on\s+\w+day)\b|[;.]", rest)
    rest = rest[: stop.start()] if stop else rest
    if rules.partial_after.search(rest):
        return True
    return bool(re.search(r"\band\s+(?:a|an|another|the|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+"
                          r"(?:\w+\s+){0,2}?" + rules.units["persons"].pattern, rest, re.IGNORECASE))
