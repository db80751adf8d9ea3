"""Numbers in a sentence and what they count.

A number is written in digits ("97,000", "1.5 million", "97 thousand", "3 435" in Russian) or
words ("eight", "twenty-three"; converted with text2num; Russian "семь" from the rules). What it
counts comes from the head noun after it (up to a few modifiers: "97,000 anti-tank and
anti-personnel land mines", "eight more minefields") and, for people, from the sentence:
released/handed over → detainees, killed, injured, victims. A number whose meaning is not found is
dropped (years, ages, "44-day", "4,000 missing") — never guessed. A qualifier written with it
("about 92,000", "more than 55%", "1 million or more") is kept as one of the model's QUALIFIERS.

:func:`count_phrase` reads a count that is not written as one number: coordinated counts ("two
reporters and one driver" → 3, "a Russian peacekeeper and four employees" → 5), named people
("Asim Jamalzade, Ramil Shirinov and Khazar Zamanov" → 3) and singular subjects ("an employee",
"the driver" → 1). The extractor puts such a figure in ``derived`` with that phrase, and the
scorer checks it by reading the phrase again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

from .rules import Rules

__all__ = ["Quantity", "blank_births", "classify", "count_phrase", "find_numbers", "parse_number", "qualifier_of"]

_DIGITS = r"\d{1,3}(?:[,\u00a0\u202f]\d{3})+(?!\d)|\d+(?:\.\d+)?"
_DIGITS_RU = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])|\d+(?:,\d+)?"
_STOP = {"of", "in", "on", "at", "to", "for", "from", "by", "with", "that", "which", "who", "was",
         "were", "is", "are", "has", "have", "had", "will", "the", "a", "an", "his", "her", "their",
         "its", "it", "they", "he", "she", "as", "when", "while", "after", "before", "but", "or"}
_TOKEN = re.compile(r"[\w’'-]+|[^\w\s]")
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    """A number at ``text[start:end]`` (sentence offsets) and what it counts."""

    start: int
    end: int
    value: int | float
    surface: str
    unit: str | None = None        # mines | maps | minefields | persons | percent | None
    field: str | None = None       # record field, or None when not attributable
    approximate: str | None = None # the qualifier's words as written ("about", "at least", ...)
    partial: bool = False          # a casualty count that is only part of the toll
    qualifier: str | None = None   # about | at_least | more_than | at_most | less_than


def _number_rx(rules: Rules, russian: bool) -> re.Pattern:
    words = rules.number_words.pattern
    digits = _DIGITS_RU if russian else _DIGITS
    scales = "thousand|million|billion" + ("|тыс\\.?|тысяч[аи]?|млн\\.?|миллион(?:а|ов)?" if russian else "")
    ru_words = "|".join(sorted(rules.words_ru, key=len, reverse=True))
    alts = [rf"(?<![\w.,])(?P<digits>{digits})(?:\s*(?P<scale>{scales})(?!\w))?(?![\w])",
            rf"(?P<words>{words}(?:(?:\s+|-|\s+and\s+){words})*)"]
    if russian:
        alts.append(rf"(?<!\w)(?P<ru>{ru_words})(?!\w)")
    return re.compile("|".join(alts), re.IGNORECASE)


def _compiled(rules: Rules, key: str, build) -> re.Pattern:
    """The pattern ``build()`` writes from the rules, compiled once per rules object."""
    return rules.cached(("quantities", key), lambda: re.compile(build(), re.IGNORECASE))


def _scale(word: str | None, rules: Rules) -> int:
    if not word:
        return 1
    w = word.lower().rstrip(".")
    return rules.scales.get(w) or rules.scales_ru.get(w) or {"тысяча": 1000}.get(w, 1)


_NUMBER_TEXT = re.compile(rf"({_DIGITS}|{_DIGITS_RU})(?:\s*([^\d\s][\w.]*))?", re.IGNORECASE)


def parse_number(surface: str, rules: Rules) -> int | float | None:
    """The number a phrase means, or None ("2.5" stays 2.5; callers decide)."""
    s = surface.strip()
    m = _NUMBER_TEXT.fullmatch(s)
    if m:
        digits = m.group(1)
        if re.fullmatch(r"\d{1,3}(?:[ \u00a0\u202f,]\d{3})+", digits):
            digits = re.sub(r"[ \u00a0\u202f,]", "", digits)
        digits = digits.replace(",", ".")
        try:
            value = float(digits) * _scale(m.group(2), rules)
        except ValueError:
            return None
        return int(value) if value.is_integer() else value
    low = s.lower()
    if low in rules.words_ru:
        return rules.words_ru[low]
    try:
        return int(text2num(low.replace("-", " "), "en"))
    except (ValueError, TypeError):
        return None


def qualifier_of(before: str, after: str, rules: Rules) -> tuple[str | None, str | None]:
    """(qualifier, words as written) for a number with ``before``/``after`` around it."""
    m = rules.qualifier_before.search(before)
    if m and re.search(r"\b(?:hand|hands|handed|handing|passed|turned|taken|took|handover|hand-over)\s+over\s*$",
                       before, re.IGNORECASE):
        m = None  # "handed over 15": not "over 15"
    if m:
        q = next(k for k, v in m.groupdict().items() if v)
        return q, m.group(0).strip()
    m = rules.qualifier_after.match(after)
    if m:
        q = next(k for k, v in m.groupdict().items() if v)
        return q, m.group(0).strip()
    return None, None


def find_numbers(sentence: str, rules: Rules, skip: list[tuple[int, int]] = ()) -> list[Quantity]:
    """Every count in ``sentence`` (not inside ``skip`` spans such as dates), classified."""
    russian = bool(_CYRILLIC.search(sentence))
    rx = rules.cached(("numbers", russian), lambda: _number_rx(rules, russian))
    out = []
    for m in rx.finditer(sentence):
        if any(a <= m.start() < b for a, b in skip):
            continue
        surface = m.group(0)
        if m.group("words") and surface.lower() in ("one",) and re.match(r"\s+of\b", sentence[m.end():]) \
                and not re.match(r"\s+of\s+(?:the\s+)?(?:them|whom)\b", sentence[m.end():]):
            continue  # "one of the ..." is not a count
        value = parse_number(surface, rules)
        if value is None:
            continue
        out.append(classify(sentence, m.start(), m.end(), value, rules))
    return _ellipsis(sentence, out)


def _ellipsis(sentence: str, found: list[Quantity]) -> list[Quantity]:
    """A bare number coordinated with a counted one takes its unit ("maps of 50,000 mines in
    Lachin, and 60,000 in Qubadli")."""
    out = list(found)
    for i in range(1, len(out)):
        q, prev = out[i], out[i - 1]
        if q.field is None and q.unit is None and prev.field in ("mines_claimed", "maps_count", "minefields_count"):
            gap = sentence[prev.end: q.start]
            if re.search(r"(?:,\s*|\s)and\s*$|,\s*$", gap) and re.match(r"\s+(?:in|for|at|from)\b", sentence[q.end:]):
                out[i] = Quantity(q.start, q.end, q.value, q.surface, prev.unit, prev.field, q.approximate,
                                  q.partial, q.qualifier)
    return out


def _tokens_after(sentence: str, end: int, n: int) -> list[re.Match]:
    return list(_TOKEN.finditer(sentence, end))[: n + 4]


def _unit_at(sentence: str, pos: int, rules: Rules) -> tuple[str, int] | None:
    for unit in ("maps", "minefields", "mines", "persons"):  # "mine maps" before "mines"
        m = rules.units[unit].match(sentence, pos)
        if m:
            return unit, m.end()
    return None


def _skip_parens(sentence: str, pos: int) -> int:
    """Past a parenthesis or bracket right at ``pos`` ("276 citizens (153 ... and 123 civilians) have")."""
    m = re.match(r"\s*[(\[][^()\[\]]{0,200}[)\]]", sentence[pos:])
    return pos + m.end() if m else pos


def classify(sentence: str, start: int, end: int, value, rules: Rules) -> Quantity:
    surface = sentence[start:end]
    # what is read around the number: end-anchored patterns need only the last words before it
    before, after = sentence[max(0, start - 120):start], sentence[end:end + 200]
    qual, words = qualifier_of(before[-50:], after, rules)
    base = dict(start=start, end=end, value=value, surface=surface, approximate=words, qualifier=qual)
    if rules.percent.match(after):
        return Quantity(**base, unit="percent")
    if rules.not_count_after.match(after) or rules.not_count_before.search(before):
        return Quantity(**base)
    if re.search(r"\b(?:following|after|due\s+to|because\s+of)\s+(?:the\s+)?(?:deaths?|killing|injur\w+)\s+of\s+(?:\w+\s+){0,2}$",
                 before, re.IGNORECASE):
        return Quantity(**base)  # "following the death of over 20 of its citizens": a cause, not a toll
    if isinstance(value, int) and re.fullmatch(r"(?:19|20)\d\d", surface):
        return Quantity(**base)  # a year ("the 1994 minefields"); counts that large are written "1,994"
    if not isinstance(value, int) or value > 2**53:
        return Quantity(**base)  # 94.8 hectares, 2.5, 10^20: never a count of mines or people
    # the head noun: skip up to max_modifiers words (adjectives, "and", "more", "new")
    unit, head_end, head_word = None, end, ""
    for i, tok in enumerate(_tokens_after(sentence, end, rules.max_modifiers)):
        if i > rules.max_modifiers:
            break
        hit = _unit_at(sentence, tok.start(), rules)
        if hit:
            unit, head_end = hit[0], hit[1]
            head_word = sentence[tok.start(): head_end].lower()
            break
        word = tok.group(0).lower()
        if word in _STOP or not re.match(r"\w", word):
            break
        if rules.killed.fullmatch(word) or rules.injured.fullmatch(word) or rules.victims.fullmatch(word):
            break
    if unit is None:  # "nearly 400 of our citizens have been affected": the count of the citizens
        own = re.match(r"\s+of\s+(?:our|its|their)\s+(?:[\w-]+\s+)?(?:citizens|people|compatriots|civilians|nationals)\b",
                       sentence[end:], re.IGNORECASE)
        if own:
            unit, head_end = "persons", end + own.end()
    if unit == "mines" and re.match(r"\s*(?:victims|victim|casualties)\b", sentence[head_end:], re.IGNORECASE):
        unit, head_end, head_word = "persons", head_end + len(re.match(r"\s*\w+", sentence[head_end:]).group(0)), "victims"
    if unit == "mines" and rules.not_claimed_before.search(before):
        return Quantity(**base, unit=unit)  # "cleared 3,400 mines": a clearance count
    if unit == "persons" and head_word in ("victims", "victim"):
        out_of = bool(re.match(r"\s+out\s+of\b", after))
        return Quantity(**base, unit=unit, field="victims", partial=out_of)
    if re.match(r"\s+out\s+of\s+\d", after):
        return Quantity(**base, unit=unit, partial=True)  # "147 out of 266 victims": a part
    if unit == "persons" and re.search(r"(?i)(?:^|[^\w\s]\s*)out\s+of\s+$", before) and rules.casualty.search(sentence):
        return Quantity(**base, unit=unit, field="victims")  # "Out of 266 people who suffered mine explosions, 147 ..."
    whole = re.match(r"(?i)\W*out\s+of\s+\d[\d,]*\s+(?:people|persons)\b", sentence)
    partial_of_whole = bool(whole and start >= whole.end())  # ... "147 people were killed or injured": a part
    if unit in ("maps", "mines") and re.match(r"-\w", sentence[head_end:]):
        return Quantity(**base)  # "two maps-for-detainees deals": the deals are counted, not the maps
    if unit == "maps" and re.match(r"\s+(?:planted|laid)\b", sentence[head_end:]):
        unit = "mines"  # "maps of 97,000 maps planted": maps are not planted, mines are
    if unit in ("mines", "maps", "minefields"):
        return Quantity(**base, unit=unit, field={"mines": "mines_claimed", "maps": "maps_count",
                                                  "minefields": "minefields_count"}[unit])
    # casualties: "2 killed", "killed two (people)", "deaths of two journalists", "two people were killed"
    near_before = before[-40:]
    casualty = None
    subset = partial_of_whole or bool(re.match(r"\W*(?:among|of)\s+(?:the\s+)?(?:military|civilians|soldiers|servicemen|victims|dead|injured|them|those)\b[^,]{0,30},",
                           sentence)) or bool(re.match(r"\s+of\s+(?:the\s+)?(?:victims|injured|wounded|dead|servicemen|soldiers|people|civilians"
                           r"|employees|workers)\b", after, re.IGNORECASE)) or \
        bool(re.search(r"\b(?:including|among\s+them|among\s+whom|of\s+whom|among\s+the\s+\w+|из\s+них\s+|в\s+том\s+числе"
                       r"|среди\s+\w+(?:\s+\w+)?)\s*$", before,
                       re.IGNORECASE) and not re.search(r"(?:of\s+whom|из\s+них)\s*$", before, re.IGNORECASE))
    if unit is None:
        m = re.match(r"\s*(?:(?:more|other|others|another|of\s+them|of\s+whom|человека?|из\s+них)\s+)?"
                     r"(?:were\s+|was\s+|have\s+been\s+|had\s+been\s+|has\s+been\s+|have\s+|has\s+|had\s+|are\s+|is\s+|also\s+|later\s+|reportedly\s+|reported\s+)*"
                     r"(?:(?:seriously|severely|critically|slightly|badly|lightly|fatally|тяжело|легко)\s+)?"
                     r"(?:(?:land\s?|land-)?mines?\s+(?=victims))?([\w-]+(?:\s+[\w-]+){0,2})",
                     after, re.IGNORECASE)
        if m:
            head = m.group(1)
            first = head.split()[0]
            if rules.killed.match(head) or rules.killed.fullmatch(first):
                casualty = "killed"
            elif rules.injured.match(head) or rules.injured.fullmatch(first):
                casualty = "injured"
            elif rules.victims.match(head) or rules.victims.fullmatch(first):
                casualty = "victims"
    if casualty is None:
        tail = re.search(r"(\w+)(?:\s+of)?(?:\s+(?:the\s+|at\s+least\s+|about\s+|some\s+|another\s+|over\s+|more\s+than\s+"
                         r"|nearly\s+|almost\s+|around\s+|свыше\s+|более\s+|около\s+|уже\s+))*\s*$", near_before)
        word = tail.group(1) if tail else ""
        if re.search(r"(?:killed|died)\s+(?:and|or)\s+(?:injured|wounded|maimed)\s+(?:\w+\s+){0,3}$", near_before, re.IGNORECASE) \
                or re.search(r"жертв\w*\s+(?:[\w/()]+\s+){0,4}?стал\w*\s+(?:\w+\s+)?$", before[-80:], re.IGNORECASE):
            casualty = "victims"
        elif rules.killed.fullmatch(word) or re.search(r"claimed\s+the\s+lives\s+of\s+(?:\w+\s+){0,2}$", near_before):
            casualty = "killed"
        elif rules.injured.fullmatch(word):
            casualty = "injured"
        elif re.search(r"number\s+of\s+(?:\w+\s+){0,2}?(?:deaths|dead|fatalities|killed)\b[^.]{0,40}?\b(?:to|at|reached|is|was|stands\s+at)\s*$",
                       before[-90:], re.IGNORECASE):
            casualty = "killed"
        elif re.search(r"number\s+of\s+(?:\w+\s+){0,2}?(?:injured|wounded|injuries)\b[^.]{0,40}?\b(?:to|at|reached|is|was|stands\s+at)\s*$",
                       before[-90:], re.IGNORECASE):
            casualty = "injured"
        elif rules.victims.fullmatch(word) or re.search(r"total\s+(?:number\s+)?of\s+[\w\s]{0,50}?\b(?:to|at|reached|is|was|stands\s+at)\s*$",
                                                       before[-90:], re.IGNORECASE) \
                or re.search(r"(?:reached|reaches|is|was|amounted\s+to|amounts\s+to|totall?ed|stood\s+at|stands\s+at"
                             r"|exceeded|exceeds|rose\s+to|increased\s+to|grew\s+to|grown\s+to|climbed\s+to"
                             r"|стало|составило|достигло|превысило|возросло\s+до)\s*$",
                                                       near_before) and re.search(r"victims|жертв", before, re.IGNORECASE):
            casualty = "victims"
        elif unit == "persons" or (unit is None and re.match(r"\s*,\s*(?:including|among\s+them)\s", after)):
            # "22 citizens ... have died, and 87, including 16 civilians, have been injured": the
            # noun is left out after the first count
            m = _verb_after(rules).match(sentence, _skip_parens(sentence, head_end))
            if m:
                casualty = "killed" if m.group("killed") else "injured" if m.group("injured") else "victims"
                if casualty == "killed" and OR_INJURED.match(sentence, m.end()):
                    casualty = "victims"  # "3368 people, including ..., have been killed or have got injuries"
    if casualty is None and unit is None:
        m = re.match(r"\s*(fatalities|fatality|deaths|injuries|victims)\b", after, re.IGNORECASE)
        if m:
            casualty = {"fatalities": "killed", "fatality": "killed", "deaths": "killed", "injuries": "injured",
                        "victims": "victims"}[m.group(1).lower()]
    if casualty in ("killed", "injured") and _BOTH.search(after[:80].split(".")[0]):
        casualty = "victims"  # "120 people have been killed and injured": victims
    if casualty:
        # "380 citizens have fallen victim, including 69 deaths": the dead of the victims are the
        # total's own killed, not a part of a toll left out
        of_victims = casualty != "victims" and bool(re.search(r"(?i)victim|casualt|жертв", before))
        partial = (subset and not of_victims) or (casualty != "victims" and _partial(sentence, head_end, rules))
        return Quantity(**base, unit=unit or "persons", field=casualty, partial=partial)
    if unit == "persons" and rules.release.search(sentence):
        return Quantity(**base, unit=unit, field="detainees_released")
    return Quantity(**base, unit=unit)


def _verb_after(rules: Rules) -> re.Pattern:
    """A casualty verb after a counted noun, past a short "of/from ..." phrase and auxiliaries."""
    return rules.cached("verb_after", lambda: re.compile(
            r"(?:\s+(?:and|or)\s+[\w-]+(?:\s+alike)?)?"  # "400 civilians and militaries alike have become victims"
            r"(?:\s+(?:of|from|with|in|to)\s+[^,;.()]{1,60}?)?(?:\s*\([^()]{0,80}\))?"
            r"(?:\s*,\s*(?:including|among\s+them|mostly|mainly)\s+(?:[^,;.()]|\([^()]{0,80}\)){1,120}?,?"
            r"(?=\s+(?:were|was|have|has|had|died|got)\b))?"
            r"(?:\s*,\s*[^,;.()]{1,80}?,(?=\s+(?:were|was|have|has|had|died|got)\b))?"  # "two people, A and B, were"
            r"(?:\s+[А-ЯЁ][\w-]+(?:\s+[А-ЯЁ][\w-]+)?)?"
            r"(?:\s*,?\s*(?:who|had|have|has|were|was|been|reportedly|reported|all|later|also|seriously|severely|critically"
            r"|slightly|badly|lightly|got|became|become|have\s+got|fatally|тяжело|еще|ещё|уже|стали|стал|стало)(?!\w))*\s*"
            r"(?:(?:land\s?|land-)?mines?\s+(?=victims))?"
            rf"(?:(?P<killed>{rules.killed.pattern})|(?P<injured>{rules.injured.pattern})|(?P<victims>{rules.victims.pattern}))",
            re.IGNORECASE))


OR_INJURED = re.compile(r"\s+(?:and|or)\s+(?:(?:have|has|had|were|was|been|got|get|received|sustained|suffered|\w+ly)\s+){0,3}"
                         r"(?:injured|wounded|maimed|injuries)\b", re.IGNORECASE)
_BOTH = re.compile(r"^[^,;]{0,40}?\b(?:killed|dead|died|deaths)\s+(?:and|or)\s+(?:(?:have|has|had|were|was|been|got|get|received|sustained|suffered)\s+){0,2}(?:injured|wounded|maimed|injuries)"
                   r"|^[^,;]{0,40}?\b(?:injured|wounded)\s+(?:and|or)\s+(?:killed|dead)", re.IGNORECASE)


def _partial(sentence: str, head_end: int, rules: Rules) -> bool:
    """A casualty phrase followed by more victims ("two journalists ..., alongside the deputy")."""
    rest = sentence[head_end:head_end + 140]
    stop = re.search(r"\b(?:were|was|had|have|has|after|when|in\s+the|on\s+\w+day)\b|[;.(]", rest)
    rest = rest[: stop.start()] if stop else rest
    if rules.partial_after.search(rest):
        return True
    return bool(_compiled(rules, "partial", lambda: r"^[^,]{0,60}?\band\s+(?:a|an|another|the|one|two|three|four|five|six|seven"
                          r"|eight|nine|ten|\d+)\s+(?:[\w-]+\s+){0,2}?" + rules.units["persons"].pattern).search(rest))


# ----------------------------------------------------------------------------- counts not written as one number

#: Capitalised words that make institutions and events, not people's names.
_NOT_NAME = {"war", "ministry", "affairs", "internal", "foreign", "defense", "defence", "emergency", "situations",
             "service", "agency", "state", "national", "office", "department", "republic", "army", "forces",
             "border", "security", "mine", "action", "prosecutor", "general", "road", "maintenance", "company",
             "council", "union", "campaign", "public", "azerbaijan", "armenia", "azerbaijani", "armenian",
             "patriotic", "karabakh", "second", "first", "president", "minister", "prime", "police", "military",
             "government", "assembly", "parliament", "court", "agreement", "declaration", "statement", "joint",
             "news", "the", "ground", "interior", "anama", "nss", "sss", "mfa", "committee", "red", "cross",
             "european", "united", "nations", "village", "district", "region", "city", "province", "hospital"}
_PLURAL_PERSONS = {"people", "men", "women", "children", "staff", "personnel", "servicemen", "police", "troops"}
#: A Russian verb in the singular ("погиб": one person died).
RU_SINGULAR_VERB = re.compile(r"(?i)(?:погиб|погибла|скончался|скончалась|ранен|ранена|пострадал|пострадала)")
_PRONOUN = re.compile(r"(?i)(?:he|she)")


_NAME_RE = r"[A-Z][a-z’'-]+(?:\s+(?:[A-Z][a-z’'-]+|oglu|qizi)){1,3}"
_TRAILING_NAME = re.compile(rf",\s*{_NAME_RE}\s*,?$")
_APPOSED_NAMES = re.compile(
    rf"(?P<item>\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|[Tt]he|[Aa]n?)\s+(?:[\w’'-]+\s+){{0,3}}?[a-z][\w’'-]+)"
    rf"\s*,\s*{_NAME_RE}(?:\s*,\s*{_NAME_RE})*(?:,?\s+and\s+{_NAME_RE})?(?:\s*,|$)")


def _is_name(item: str) -> bool:
    words = item.split()
    if not 2 <= len(words) <= 4:
        return False
    if not all(re.fullmatch(r"[A-Z][a-z’'-]+|oglu|qizi|ogly", w) for w in words):
        return False
    return not any(w.lower().strip("’'") in _NOT_NAME for w in words)


#: One person named by an organisation or a place and a singular noun, without an article, as wire
#: reports write them ("ANAMA employee", "Tartar resident", "Azerbaijani serviceman").
_ONE_OF_ORG = re.compile(r"(?:[A-Z][\w’'.-]*\s+){1,8}(?:[a-z][\w-]*\s+){0,2}"
                         r"(?:employee|resident|serviceman|soldier|shepherd|driver|worker|officer|deminer|sapper"
                         r"|engineer|operator|farmer|villager)")


def _item_count(item: str, rules: Rules, *, first: bool = False) -> int | None | str:
    """The count of one coordinated item: "52 soldiers" → 52, "a Russian peacekeeper" → 1,
    "Khagani Teymurov, born in 1973" → 1; "bare" for a noun phrase without a count ("servicemen"
    in "20 civilians and servicemen": the first item's number counts both); None otherwise."""
    item = re.sub(r"\s*\([^()]*\)|,?\s*born\s+in\s+\d{4},?|\s*,\s*$", "", item.strip()).strip()
    item = re.sub(r"\s+(?:struck|hit|caught|affected)\s+by\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:land)?mines?$", "", item)  # "A teenager struck by a mine"
    if not _is_name(item):
        item = _TRAILING_NAME.sub("", item)  # "the deputy representative ..., Arif Aliyev"
    if not item or re.search(r"%|percent|процент|\bout\s+of\b", item, re.IGNORECASE):
        return None
    if _PRONOUN.fullmatch(item):
        return 1
    if item.lower() in rules.words_ru:
        return rules.words_ru[item.lower()]
    persons = rules.units["persons"].pattern
    m = _compiled(rules, "item", lambda: rf"(?P<det>\S+)\s+(?:(?:other|more|others)\s+)?(?:[\w’'-]+\s+){{0,4}}?(?P<noun>{persons})"
                  r"(?:\s+(?:of|from|with|at|in|on)\s+[^,;:]{1,80})?(?-i:(?:\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})?)"
                  ).fullmatch(item)
    if m:
        det, noun = m.group("det"), m.group("noun").lower().split()[-1]  # "military servicemen": servicemen
        if det.lower() in ("a", "an", "another", "one"):
            return 1
        if det.lower() in ("the", "his", "her") and noun not in _PLURAL_PERSONS and not noun.endswith("s"):
            return 1
        if re.fullmatch(r"\d{1,3}(?:,\d{3})*|\d+", det) or rules.number_words.fullmatch(det.lower()) \
                or det.lower() in rules.words_ru:
            return parse_number(det, rules)
    m = re.fullmatch(r"(?P<n>\S+)\s+(?:more|others|other|of\s+them)", item, re.IGNORECASE)
    if m and (re.fullmatch(r"\d+", m.group("n")) or rules.number_words.fullmatch(m.group("n").lower())):
        return parse_number(m.group("n"), rules)
    if _is_name(item):
        return 1
    if _ONE_OF_ORG.fullmatch(item):
        return 1  # "Azerbaijan National Agency for Mine Action (ANAMA) employee has been injured"
    if not first and _compiled(rules, "bare", lambda: rf"(?:[\w’'-]+\s+){{0,3}}?(?:{persons})").fullmatch(item):
        return "bare"
    return None


_SUBSET = re.compile(r"\s*[,(]\s*(?:including|among\s+them|of\s+whom|в\s+том\s+числе)\b")


def without_subsets(phrase: str) -> str:
    """A counted phrase without the part that counts a subset of it ("3368 people, including 357
    children and 38 women" → "3368 people")."""
    return _SUBSET.split(phrase, maxsplit=1)[0]


_BORN = re.compile(r",\s+born\s+(?:on\s+|in\s+)?(?:[A-Z][a-z]+\s+\d{1,2},?\s+|\d{1,2}\s+[A-Z][a-z]+,?\s+|\d{1,2}[./]\d{1,2}[./])?"
                   r"\d{4}\b")


def blank_births(text: str) -> str:
    """``text`` with birth dates in apposition blanked, same length ("A, born on July 8, 1987, B":
    a list of two names, not a number)."""
    return _BORN.sub(lambda m: " " * len(m.group(0)), text) if "born" in text else text


def count_phrase(text: str, rules: Rules) -> int | None:
    """The number of people a phrase names: a coordination of counted items or names ("two
    reporters and one driver" → 3; "Asim Jamalzade, Ramil Shirinov, and Khazar Zamanov" → 3), one
    singular item ("an employee of ANAMA" → 1, "he" → 1), a Russian number word or singular verb
    ("семь" → 7, "погиб" → 1); None when the phrase does not make a count plain. Items separated by
    commas with no "and" are appositions ("Galib Abbasov, a resident of ...": one person)."""
    text = re.sub(r"\s+", " ", blank_births(text).strip())
    text = re.sub(r" (?=,)", "", text)
    if not text:
        return None
    if RU_SINGULAR_VERB.fullmatch(text):
        return 1  # "погиб": one person
    if text.lower() in rules.times:
        return rules.times[text.lower()]  # "twice": hand-overs
    # names in apposition to a counted item are the same people ("two journalists, Siraj Abishov
    # and Maharram Ibrahimov, alongside the deputy representative ..., Arif Aliyev")
    text = without_subsets(text)
    text = _APPOSED_NAMES.sub(lambda m: m.group("item"), text)
    text = re.sub(r"\s*,?\s+(?:alongside|along\s+with|together\s+with|in\s+addition\s+to)\s+", " and ", text)
    parts = re.split(r"\s*,\s*(?:and\s+|as\s+well\s+as\s+)|\s+and\s+|\s+as\s+well\s+as\s+|\s+и\s+", text)
    if len(parts) > 1:
        head = parts[:-1]
        items = [x for h in head for x in re.split(r"\s*,\s*", h)] + [parts[-1]]
    else:
        items = re.split(r"\s*,\s*", text)
        items = [i for i in items if i and not re.fullmatch(r"born\s+in\s+\d{4}", i)]
        if len(items) > 1:  # an apposition: the first item is the count
            items = items[:1]
    items = [i for i in items if i and not re.fullmatch(r"born\s+in\s+\d{4}|\(\d+\)", i.strip())]
    if not items:
        return None
    total = 0
    for k, it in enumerate(items):
        c = _item_count(it, rules, first=k == 0)
        if c is None:
            return None
        if c == "bare":
            continue
        total += c
    return total or None
