"""The extractor's word lists and trigger phrases, read from ``data/extract/rules.yaml`` and compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .._resources import data_dir
from ..errors import DataError

__all__ = ["Rules", "default_rules", "load_rules"]


def _alt(phrases, *, escape: bool = True) -> str:
    """One alternation of phrases, longest first, with word boundaries where the phrase has word ends."""
    parts = []
    for p in sorted(set(phrases), key=len, reverse=True):
        body = re.escape(p).replace(r"\ ", r"\s+") if escape else p
        if escape:
            body = (r"\b" if re.match(r"\w", p) else "") + body + (r"\b" if re.search(r"\w$", p) else "")
        else:
            body = r"\b" + body + r"\b"
        parts.append(body)
    return "(?:" + "|".join(parts) + ")"


def _rx(phrases, *, escape: bool = True, flags: int = re.IGNORECASE) -> re.Pattern:
    return re.compile(_alt(phrases, escape=escape), flags)


@dataclass(frozen=True)
class Rules:
    """Compiled rules; build with :func:`load_rules`."""

    raw: dict
    number_words: re.Pattern
    scales: dict[str, int]
    vague: re.Pattern
    approximate_before: re.Pattern
    not_count_after: re.Pattern
    not_count_before: re.Pattern
    units: dict[str, re.Pattern]            # unit name → pattern matching at a token start
    max_modifiers: int
    release: re.Pattern
    not_claimed_before: re.Pattern
    killed: re.Pattern
    injured: re.Pattern
    partial_after: re.Pattern
    mine_types: dict[str, re.Pattern]
    map_nouns: re.Pattern
    transfer: re.Pattern
    not_transfer: re.Pattern
    incident: re.Pattern
    assessment: re.Pattern
    assessment_blockers: re.Pattern
    mediation: re.Pattern
    other_mediation: re.Pattern
    event_words: re.Pattern
    party_names: dict[str, re.Pattern]
    speakers: dict[str, re.Pattern]
    givers: dict[str, re.Pattern]           # party → who hands maps over
    receivers: dict[str, re.Pattern]        # party → who receives them
    mediators: dict[str, re.Pattern]
    regions: dict[str, re.Pattern]
    not_location_before: re.Pattern
    not_location_after: re.Pattern
    metonyms: frozenset[str]
    months: dict[str, int]
    weekdays: dict[str, int]
    background_before: re.Pattern
    background_after: re.Pattern
    abbreviations: frozenset[str]


def load_rules(path: str | Path | None = None) -> Rules:
    """Read and compile a rules file (default: the shipped ``data/extract/rules.yaml``)."""
    path = Path(path) if path else data_dir() / "extract" / "rules.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return _compile(raw)
    except (OSError, yaml.YAMLError, KeyError, TypeError, re.error) as exc:
        raise DataError(f"{path}: cannot use the extraction rules: {type(exc).__name__}: {exc}") from None


def _compile(raw: dict) -> Rules:
    n, u, t, p, places, dates = (raw[k] for k in ("numbers", "units", "triggers", "parties", "places", "dates"))
    party_alt = {name: _alt(names) for name, names in p.items()
                 if name not in ("speakers", "speaker_states", "speech_verbs", "giver", "receiver")}
    verbs = _alt(p["speech_verbs"])
    speakers = {
        party: re.compile(
            rf"\baccording\s+to\s+(?:the\s+)?{_alt(names, escape=False)}"
            rf"|{_alt(names, escape=False)}(?:\W+[\w’']+){{0,3}}?\W+{verbs}"
            rf"|{_alt(p['speaker_states'][party])}(?:\s+(?:has|had|also|then|now))?\s+{verbs}")
        for party, names in p["speakers"].items()
    }

    states = {party: _alt(names) for party, names in p["speaker_states"].items()}

    def role(templates):
        # One alternation per party (one search instead of one per template), case-sensitive:
        # party names are proper nouns and the verbs are lower case in running text, and an
        # IGNORECASE scan of these patterns cost a third of the extraction time.
        return {party: re.compile("|".join(f"(?:{tpl.replace('{P}', alt).replace('{S}', states[party])})"
                                           for tpl in templates))
                for party, alt in party_alt.items()}

    unit_rx = {name: re.compile(_alt(u[name]), re.IGNORECASE) for name in ("mines", "maps", "minefields", "persons")}
    return Rules(
        raw=raw,
        number_words=_rx(n["words"]),
        scales={k.lower(): int(v) for k, v in n["scales"].items()},
        vague=_rx(n["vague"]),
        approximate_before=re.compile(_alt(n["approximate"]) + r"\s*$", re.IGNORECASE),
        not_count_after=re.compile(r"^\s*" + _alt(n["not_a_count_after"]), re.IGNORECASE),
        not_count_before=re.compile(_alt(n["not_a_count_before"]) + r"\s*$", re.IGNORECASE),
        units=unit_rx,
        max_modifiers=int(u["max_modifiers"]),
        release=_rx(u["release"]),
        not_claimed_before=re.compile(_alt(u["not_claimed_before"]) + r"(?:\s+\w+){0,2}\s*$", re.IGNORECASE),
        killed=_rx(u["killed"]),
        injured=_rx(u["injured"]),
        partial_after=_rx(u["partial_after"]),
        mine_types={k: _rx(v) for k, v in raw["mine_types"].items()},
        map_nouns=_rx(t["map_nouns"], escape=False),
        transfer=_rx(t["transfer"]),
        not_transfer=_rx(t["not_transfer"], escape=False),
        incident=_rx(t["incident"], escape=False),
        assessment=_rx(t["assessment"]),
        assessment_blockers=_rx(t["assessment_blockers"]),
        mediation=_rx(t["mediation"], escape=False),
        other_mediation=_rx(t["other_mediation"]),
        event_words=re.compile(_alt(t["map_nouns"], escape=False) + "|" + _alt(u["release"]) + "|"
                               + _alt(["detainees", "prisoners", "captives", "humanitarian"]), re.IGNORECASE),
        party_names={k: re.compile(v) for k, v in party_alt.items()},
        speakers=speakers,
        givers=role(p["giver"]),
        receivers=role(p["receiver"]),
        mediators={k: re.compile(_alt(v, escape=False)) for k, v in raw["mediators"].items()},
        regions={k: _rx(v) for k, v in raw["regions"].items()},
        not_location_before=re.compile(_alt(places["not_location_before"]) + r"\s+(?:the\s+)?$", re.IGNORECASE),
        not_location_after=re.compile(r"^\s*" + _alt(places["not_location_after"]), re.IGNORECASE),
        metonyms=frozenset(places.get("metonyms", [])),
        months={k.lower(): int(v) for k, v in dates["months"].items()},
        weekdays={k.lower(): int(v) for k, v in dates["weekdays"].items()},
        background_before=re.compile(_alt(dates["background_before"]) + r"\s*$", re.IGNORECASE),
        background_after=re.compile(r"^\W*" + _alt(dates["background_after"]), re.IGNORECASE),
        abbreviations=frozenset(a.lower() for a in raw["abbreviations"]),
    )


@lru_cache(maxsize=2)
def default_rules() -> Rules:
    return load_rules()
