"""Every spelling of a district we know → one ISO 3166-2 code.

``data/gazetteer.csv`` holds one row per (name, language/script, code). Matching folds case,
diacritics and Azerbaijani letters (ə, ı, ş, ç, ğ, ö, ü), ignores "district"/"rayon"/"region"
suffixes, and lets Russian names take their case endings (Агдамского, Физулинском).
Where a city and its district share a name (Lankaran, Shaki, Yevlakh) the district wins; the
city is reached with "city" ("Lankaran city") or its code.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ._resources import data_dir
from .errors import UnknownPlaceError

__all__ = ["Gazetteer", "Mention", "Place", "default_gazetteer", "economic_regions", "find_mentions", "fold", "resolve"]

# Letters NFKD does not decompose, folded the way English-language news spells them.
_TRANSLIT = str.maketrans({"ə": "a", "Ə": "a", "ı": "i", "İ": "i", "ß": "ss", "ё": "е", "Ё": "е"})
_SEPARATORS = re.compile(r"[\s\-‐‑–—_/.,'’`]+")
_SUFFIXES = {
    "district", "districts", "rayon", "rayonu", "raion", "region", "regions", "province",
    "municipality", "район", "района", "районе", "районы", "rayonunda", "area",
}
_PREFIXES = {"in", "the", "of", "from", "в", "во"}
_CYRILLIC = re.compile(r"[а-яё]")
# Russian adjective stems take these endings in running text.
_RU_ENDING = r"[а-яё]{0,6}"


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    s = unicodedata.normalize("NFKD", ch.translate(_TRANSLIT))
    return "".join(c for c in s if not unicodedata.combining(c)).casefold().translate(_TRANSLIT)


def fold(text: str) -> str:
    """Case-, diacritic- and separator-insensitive key of a name (idempotent)."""
    folded = "".join(_fold_char(c) for c in unicodedata.normalize("NFC", text))
    return " ".join(t for t in _SEPARATORS.split(folded) if t)


_SUFFIXES = {fold(s) for s in _SUFFIXES}
_PREFIXES = {fold(s) for s in _PREFIXES}


def _strip_affixes(key: str) -> str:
    tokens = key.split()
    while len(tokens) > 1 and tokens[-1] in _SUFFIXES:
        tokens.pop()
    while len(tokens) > 1 and tokens[0] in _PREFIXES:
        tokens.pop(0)
    return " ".join(tokens)


def _ru_stem(key: str) -> str | None:
    """Stem of a Russian name for inflected matching: 'агдамскии' → 'агдам'."""
    if not _CYRILLIC.search(key) or " " in key:
        return None
    stem = re.sub(r"(ский|скии|ская|ское|ы|и|ь|а)$", "", key)
    return stem if len(stem) >= 4 else None


@dataclass(frozen=True)
class Place:
    """A resolved place."""

    iso_code: str
    name_en: str
    kind: str


@dataclass(frozen=True)
class Mention:
    """A place mentioned in free text: ``text[start:end]`` resolves to ``iso_code``."""

    start: int
    end: int
    text: str
    iso_code: str


class Gazetteer:
    """Lookup tables built from a gazetteer CSV (name, lang, iso_code, kind, preferred, note)."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else data_dir() / "gazetteer.csv"
        with open(self.path, newline="", encoding="utf-8") as fh:
            self.rows = list(csv.DictReader(fh))
        self.places: dict[str, Place] = {}
        for row in self.rows:
            if row["preferred"] == "1":
                self.places[row["iso_code"]] = Place(row["iso_code"], row["name"], row["kind"])
        self._keys: dict[str, str] = {}
        self._stems: dict[str, str] = {}
        self._display: dict[str, str] = {}
        # districts first, so a district claims a name it shares with its city
        for row in sorted(self.rows, key=lambda r: (r["kind"] != "district", r["preferred"] != "1")):
            key = fold(row["name"])
            self._keys.setdefault(key, row["iso_code"])
            self._display.setdefault(key, row["name"])
            stem = _ru_stem(key)
            if stem:
                self._stems.setdefault(stem, row["iso_code"])
        for code in self.places:
            self._keys.setdefault(fold(code), code)
        self._pattern = self._compile()
        self._cache: dict[str, str | None] = {}

    # ------------------------------------------------------------------ resolve
    def resolve(self, name: str) -> Place:
        """The place a name means; :class:`~geo.errors.UnknownPlaceError` with suggestions if none."""
        code = self.lookup(name)
        if code is None:
            raise UnknownPlaceError(name, self.suggest(name))
        return self.places[code]

    def lookup(self, name: str) -> str | None:
        """The ISO code for ``name``, or ``None``."""
        if not isinstance(name, str):
            return None
        try:
            return self._cache[name]
        except KeyError:
            pass
        code = self._lookup(name)
        if len(self._cache) < 100_000:
            self._cache[name] = code
        return code

    def _lookup(self, name: str) -> str | None:
        key = fold(name)
        if key in self._keys:
            return self._keys[key]
        key = _strip_affixes(key)
        if key in self._keys:
            return self._keys[key]
        m = re.fullmatch(r"([а-яё]{4,}?)" + _RU_ENDING, key)
        if m:
            for end in range(len(key), 3, -1):
                if key[:end] in self._stems:
                    return self._stems[key[:end]]
        return None

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Closest known names, as 'Name (CODE)'."""
        key = _strip_affixes(fold(name)) if isinstance(name, str) else ""
        out: list[str] = []
        for k in difflib.get_close_matches(key, list(self._display), n=n * 3, cutoff=0.6):
            label = f"{self._display[k]} ({self._keys[k]})"
            if label not in out:
                out.append(label)
        return out[:n]

    # ------------------------------------------------------------------ free text
    def _compile(self) -> re.Pattern:
        alternatives = set()
        for key in self._display:
            if len(key) < 4:
                continue
            body = r"[\s\-]+".join(re.escape(t) for t in key.split())
            alternatives.add(body)
        for stem in self._stems:
            alternatives.add(re.escape(stem) + _RU_ENDING)
        ordered = sorted(alternatives, key=len, reverse=True)
        return re.compile(r"(?<!\w)(?:" + "|".join(ordered) + r")(?!\w)")

    def find_mentions(self, text: str) -> list[Mention]:
        """All district mentions in ``text``, with character spans into the original string."""
        folded_chars: list[str] = []
        index: list[int] = []
        for i, ch in enumerate(text):
            f = _fold_span_char(ch)
            if len(f) == 1:
                folded_chars.append(f)
                index.append(i)
            else:
                for c in f:
                    folded_chars.append(c)
                    index.append(i)
        folded = "".join(folded_chars)
        mentions = []
        for m in self._pattern.finditer(folded):
            code = self.lookup(m.group(0))
            if code is None:
                continue
            start, end = index[m.start()], index[m.end() - 1] + 1
            mentions.append(Mention(start, end, text[start:end], code))
        return mentions


@lru_cache(maxsize=4096)
def _fold_span_char(ch: str) -> str:
    """One character folded for free-text matching (separators other than '-' become a space)."""
    f = _fold_char(ch)
    if f and _SEPARATORS.fullmatch(f) and f not in "-":
        return " "
    return f


@lru_cache(maxsize=4)
def default_gazetteer(path: str | None = None) -> Gazetteer:
    return Gazetteer(path)


def resolve(name: str) -> Place:
    """Resolve a name with the shipped gazetteer (see :meth:`Gazetteer.resolve`)."""
    return default_gazetteer().resolve(name)


def find_mentions(text: str) -> list[Mention]:
    """District mentions in free text with the shipped gazetteer."""
    return default_gazetteer().find_mentions(text)


@lru_cache(maxsize=1)
def economic_regions() -> tuple[str, ...]:
    """The 14 economic regions of the 7 July 2021 decree (Karabakh, East Zangezur, ...)."""
    with open(data_dir() / "boundaries" / "economic_regions_2021.csv", newline="", encoding="utf-8") as fh:
        return tuple(sorted({row["economic_region"] for row in csv.DictReader(fh)}))
