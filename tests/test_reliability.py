"""Bad input → one clear message per problem (file, line, record, field), exit code 1, no traceback.

The broken inputs live in tests/corpus/broken/ (one file per case); the 10 MB file is made here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "corpus" / "broken"

# file → every problem expected, as (line, record, field, words of the message)
CASES = {
    "malformed.yaml": [(3, "-", "file", "malformed YAML")],
    "empty.yaml": [(1, "-", "file", "empty file")],
    "binary.yaml": [(1, "-", "file", "binary file")],
    "wrong_encoding.yaml": [(4, "-", "file", "not UTF-8 text (byte 0xfc")],
    "wrong_types.yaml": [(4, "wrong-types", "districts", "valid list (got 'Kalbajar')"),
                         (5, "wrong-types", "killed", "valid integer (got 'three')"),
                         (6, "wrong-types", "sources", "valid list")],
    "unknown_district.yaml": [(4, "unknown-district", "districts[0]",
                               "unknown district 'Kalbajarr'; did you mean: Kalbajar (AZ-KAL)")],
    "impossible_date.yaml": [(3, "impossible-date", "date", "'2021-02-30' is not a real date")],
    "bad_date.yaml": [(3, "bad-date", "date", "'June 2021' is not a date like 2021-07-03")],
    "negative_count.yaml": [(5, "negative-count", "mines_claimed", "greater than or equal to 0 (got -97000)")],
    "non_integer_count.yaml": [(5, "non-integer-count", "mines_claimed", "valid integer (got 97000.5)")],
    "duplicate_ids.yaml": [(6, "twice", "id", "duplicate id (first defined at")],
    "dangling_about.yaml": [(1, "dangling-about", "about[0]", "'2021-06-12-agdam-mapz' is not a record id")],
    "quote_not_in_source.yaml": [(8, "quote-not-in-source", "sources[0].quote",
                                  "quote not found in seeds/000_010dcca4140eced3.txt")],
    "missing_source.yaml": [(6, "missing-source", "sources[0].document",
                             "source document not found: seeds/no-such-article.txt")],
    "no_sources.yaml": [(1, "no-sources", "sources", "required field is missing")],
    "unknown_field.yaml": [(5, "unknown-field", "mines", "unknown field; allowed fields: id, kind")],
    "malformed.jsonl": [(2, "-", "file", "malformed JSON line")],
}


def _check(run, path: Path, expected):
    rc, out, err = run("validate", path)
    assert rc == 1, (out, err)
    assert "Traceback" not in err
    lines = [ln for ln in out.splitlines() if ln.startswith(str(path))]  # the report is the output
    assert len(lines) == len(expected), out
    for (line, record, field, words), got in zip(expected, lines):
        assert got.startswith(f"{path}:{line}: {record}: {field}: "), got
        assert words in got, got


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_input_gives_a_precise_message(run, name):
    _check(run, CORPUS / name, CASES[name])


def test_corpus_has_no_untested_file():
    layers = {"points.geojson", "not_a_layer.geojson", "bad_codes.geojson"}
    untested = {p.name for p in CORPUS.iterdir()} - set(CASES) - layers
    assert untested == set()


def test_a_10_mb_file_is_refused_before_parsing(run, tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("w", encoding="utf-8") as fh:
        line = "# " + "x" * 98 + "\n"
        fh.write(line * (10 * 1024 * 1024 // len(line) + 1))
    _check(run, big, [(1, "-", "file", "file too large (10.5 MB; the limit is 5 MB)")])


def test_all_problems_of_a_folder_at_once_as_json(run):
    import json

    rc, out, _ = run("validate", CORPUS, "--json")
    report = json.loads(out)
    assert rc == 1 and report["ok"] is False
    files = {Path(p["file"]).name for p in report["problems"]}
    assert files == set(CASES)  # one run, every broken file reported
    assert all(set(p) == {"file", "line", "record", "field", "message"} for p in report["problems"])


@pytest.mark.parametrize("layer, words", [
    ("points.geojson", "points.geojson: not a polygon layer (geometry types: Point)"),
    ("not_a_layer.geojson", "not_a_layer.geojson: cannot read as a vector layer"),
    ("bad_codes.geojson", "bad_codes.geojson: iso_code: not ISO 3166-2 codes (like AZ-AGM): '{{ 7*7 }}'"),
])
@pytest.mark.parametrize("where", ["before", "after"])
def test_a_boundary_file_that_is_not_a_polygon_layer(run, layer, words, where):
    opt = ["--boundaries", CORPUS / layer]
    rc, out, err = run(*(opt + ["districts"] if where == "before" else ["districts"] + opt))
    assert rc == 1 and words in err and "Traceback" not in err and out == ""
