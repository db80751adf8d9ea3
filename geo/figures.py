"""Which numbers a quote states: the check that every figure of a record stands in its quotes.

A figure is stated by a quote when the quote writes it in digits, with any grouping
("97,000", "97 000", "97.000", "97000"), with a scale word ("1.5 million", "1 млн", "400 min"),
or, in an English quote, in words ("eight", "twenty-three", "twice"). Quotes in other languages
are checked for digits only (DECISIONS: Russian, Azerbaijani, Armenian).
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["numbers_in", "states"]

# 97,000 | 97 000 | 97.000 | 97'000 (groups of three) | 25 | 2.5 | 2,5
_GROUPED = r"\d{1,3}(?:[,.\u00a0\u202f' ]\d{3})+(?![\d])"
_PLAIN = r"\d+(?:[.,]\d+)?"
_SCALES = {
    "thousand": 1_000, "million": 1_000_000, "millions": 1_000_000, "billion": 1_000_000_000,
    "тыс": 1_000, "тысяч": 1_000, "тысячи": 1_000, "тысяча": 1_000,
    "млн": 1_000_000, "миллион": 1_000_000, "миллиона": 1_000_000, "миллионов": 1_000_000,
    "min": 1_000, "milyon": 1_000_000,  # Azerbaijani
    "հազար": 1_000, "միլիոն": 1_000_000,  # Armenian
    "tausend": 1_000, "millionen": 1_000_000,  # German
}
_NUMBER = re.compile(
    rf"(?<![\d])(?P<n>{_GROUPED}|{_PLAIN})(?:\s*(?P<scale>{'|'.join(sorted(_SCALES, key=len, reverse=True))})\b\.?)?",
    re.IGNORECASE,
)
#: English words for how many times ("handed over maps twice"), which text2num leaves as words.
_TIMES = {"once": 1, "twice": 2, "thrice": 3}
_TIMES_RX = re.compile(r"\b(" + "|".join(_TIMES) + r")\b", re.IGNORECASE)


def _values(digits: str, scale: str | None) -> set[float]:
    """The value of a digit string: separators before groups of three digits group ('97.000' and
    '97,000' are 97000); one separator before one, two or four digits is a decimal ('2,5')."""
    if re.fullmatch(_GROUPED, digits):
        readings = {re.sub(r"[,.\u00a0\u202f' ]", "", digits)}
    else:
        readings = {digits.replace(",", ".")}
    factor = _SCALES.get((scale or "").lower().rstrip("."), 1)
    out = set()
    for r in readings:
        try:
            v = float(r) * factor
        except ValueError:
            continue
        out.add(int(v) if v.is_integer() else v)
    return out


@lru_cache(maxsize=4096)
def numbers_in(text: str, english: bool = True) -> frozenset:
    """The numbers ``text`` states (ints where whole). English number words count only when
    ``english``."""
    found: set = set()
    for m in _NUMBER.finditer(text):
        found |= _values(m.group("n"), m.group("scale"))
    if english:
        for m in _TIMES_RX.finditer(text):
            found.add(_TIMES[m.group(1).lower()])
        try:
            from text_to_num import alpha2digit
        except ImportError:  # pragma: no cover - a declared dependency
            return frozenset(found)
        converted = alpha2digit(text, "en", threshold=0)
        if converted != text:
            for m in _NUMBER.finditer(converted):
                found |= _values(m.group("n"), m.group("scale"))
    return frozenset(found)


def states(quotes: list[tuple[str, bool]], value) -> bool:
    """True when one of ``quotes`` ((text, english) pairs) states ``value``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return any(value in numbers_in(text, english) for text, english in quotes)
