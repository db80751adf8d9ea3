"""Property tests (hypothesis): the loader, the gazetteer and the extractor never crash, and keep
their promises on any input. More than 10^4 examples per run in all (see EXAMPLES); derandomized
so CI is reproducible (``HYPOTHESIS_PROFILE=explore`` for fresh random examples)."""

from __future__ import annotations

import csv
import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.catalogue import validate
from geo.errors import Problem
from geo.extract import extract_text
from geo.extract.quantities import find_numbers
from geo.extract.rules import default_rules
from geo.extract.score import invented_numbers
from geo.gazetteer import default_gazetteer, fold
from geo.model import parse_partial_date

EXAMPLES = {"fold": 3000, "lookup": 2000, "mentions": 1500, "dates": 1500, "loader_text": 600,
            "loader_records": 600, "extract": 1500}
assert sum(EXAMPLES.values()) >= 10_000

ROOT = Path(__file__).resolve().parent.parent
with open(ROOT / "data" / "gazetteer.csv", encoding="utf-8") as _fh:
    NAMES = list(csv.DictReader(_fh))
_CODES: dict[str, set] = {}
for _r in NAMES:
    _CODES.setdefault(fold(_r["name"]), set()).add(_r["iso_code"])
# a city that shares its district's name ("Shaki") resolves to the district by design
UNIQUE = [r for r in NAMES if len(_CODES[fold(r["name"])]) == 1]


def examples(name):
    return settings(max_examples=EXAMPLES[name], suppress_health_check=[HealthCheck.too_slow])


# ----------------------------------------------------------------------------- gazetteer


@examples("fold")
@given(st.text())
def test_fold_is_idempotent(s):
    assert fold(fold(s)) == fold(s)


@examples("lookup")
@given(st.sampled_from(UNIQUE), st.sampled_from(["{}", "{} district", "the {} region", "in {}", "{} rayonu"]),
       st.sampled_from([str, str.upper, str.lower, str.title]))
def test_every_spelling_survives_case_and_suffixes(row, template, case):
    assert default_gazetteer().lookup(case(template.format(row["name"]))) == row["iso_code"]


@examples("mentions")
@given(st.lists(st.one_of(st.text(max_size=30), st.sampled_from([r["name"] for r in NAMES])), max_size=8))
def test_mentions_point_into_the_text_and_resolve(parts):
    text = " ".join(parts)
    gaz = default_gazetteer()
    for m in gaz.find_mentions(text):
        assert text[m.start:m.end] == m.text
        assert gaz.lookup(m.text) == m.iso_code


# ----------------------------------------------------------------------------- dates


@examples("dates")
@given(st.one_of(st.text(max_size=12), st.integers(), st.dates().map(str), st.none()))
def test_partial_dates_parse_or_raise_value_error(value):
    try:
        iso, precision = parse_partial_date(value)
    except ValueError:
        return
    assert precision in ("day", "month", "year") and parse_partial_date(iso) == (iso, precision)


# ----------------------------------------------------------------------------- loader

FIELD_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
RECORDS = st.fixed_dictionaries(
    {"id": st.text(max_size=12), "kind": st.sampled_from(["map_disclosure", "incident", "statement", "x"]),
     "date": st.one_of(st.dates().map(str), st.text(max_size=10))},
    optional={"districts": st.lists(st.sampled_from(["Agdam", "Füzuli", "AZ-ZAN", "Atlantis", ""]), max_size=3),
              "mines_claimed": FIELD_VALUES, "killed": FIELD_VALUES, "about": FIELD_VALUES,
              "sources": st.lists(st.fixed_dictionaries({"document": st.text(max_size=10)},
                                                        optional={"kind": st.text(max_size=9),
                                                                  "quote": st.text(max_size=10)}), max_size=2),
              "notes": FIELD_VALUES, "extra": FIELD_VALUES},
)


def _validate_bytes(data: bytes, suffix: str) -> list[Problem]:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"c{suffix}"
        path.write_bytes(data)
        problems = validate([path])
    for p in problems:
        assert isinstance(p, Problem) and p.message and str(path) in p.file
    return problems


@examples("loader_text")
@given(st.one_of(st.binary(max_size=200), st.text(max_size=200).map(lambda s: s.encode("utf-8"))),
       st.sampled_from([".yaml", ".jsonl"]))
def test_loader_never_crashes_on_any_bytes(data, suffix):
    _validate_bytes(data, suffix)


@examples("loader_records")
@given(st.lists(RECORDS, min_size=1, max_size=3), st.sampled_from([".yaml", ".jsonl"]))
def test_loader_never_crashes_on_any_record_shape(records, suffix):
    if suffix == ".jsonl":
        data = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    else:
        import yaml

        data = yaml.safe_dump(records, allow_unicode=True)
    _validate_bytes(data.encode("utf-8"), suffix)


# ----------------------------------------------------------------------------- extractor

PHRASES = st.sampled_from([
    "Armenia handed over maps of", "in exchange for", "mines in the Agdam district", "Fuzuli and Zangilan",
    "anti-tank", "were killed", "were injured", "hit a mine", "on Saturday", "late on Thursday",
    "yesterday", "last week", "12 June", "January 25, 2024", "eight", "97,000", "1.5 million", "about",
    "detainees", "log books", "minefields", "hundreds of", "a 34-year-old", "in 2021", "said", "Baku",
    "Pashinyan said the maps were inaccurate", "mediation of Russia", ".", ",", "\n\n", "Karvachar",
])


@examples("extract")
@given(st.lists(st.one_of(PHRASES, st.text(max_size=8), st.integers(0, 10**7).map(str)), max_size=25),
       st.one_of(st.none(), st.dates().map(str), st.sampled_from(["2021-06", "2024"])))
def test_extractor_never_invents_a_number_or_a_quote(parts, published):
    text = " ".join(parts)
    for rec in extract_text(text, document="t.txt", published=published).records:
        flat = re.sub(r"\s+", " ", text)
        for s in rec["sources"]:
            assert re.sub(r"\s+", " ", s["quote"]) in flat  # verbatim
        assert invented_numbers(rec) == []  # every figure is a number written in its quotes
        written = {q.value for s in rec["sources"] for q in find_numbers(s["quote"], default_rules())}
        assert all(c["value"] in written for c in rec["conflicts"] if isinstance(c["value"], int))
