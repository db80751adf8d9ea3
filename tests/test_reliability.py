"""Bad input → one clear message per problem (file, line, record, field), exit code 1, no traceback.

The broken inputs live in tests/corpus/broken/ (one file per case); the 10 MB file is made here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import tree

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
    # hostile and broken input (the second round): each with the message it must give
    "alias_bomb.yaml": [(2, "-", "file", "YAML anchors and aliases (&name, *name) are not allowed")],
    "figure_not_in_quote.yaml": [(5, "figure-not-in-quote", "mines_claimed",
                                  "999999999 is not stated in any quote of the record")],
    "document_absolute.yaml": [(5, "document-absolute", "sources[0].document", "not as an absolute path: /etc/shadow")],
    "document_escape.yaml": [(5, "document-escape", "sources[0].document", "'..' is not allowed")],
    "reference_local_path.yaml": [(5, "reference-local-path", "sources[0].document",
                                   "a reference is a URL or a named published document, not a local path")],
    "duplicate_nested_key.yaml": [(8, "duplicate-nested-key", "sources[0].publisher", "key repeated (first on line 7)")],
    "precision_contradicts_date.yaml": [(4, "precision-contradicts-date", "date_precision",
                                         "written to the day but date_precision says 'year'")],
    "arabic_digits_date.yaml": [(3, "arabic-digits", "date", "write dates with the digits 0-9")],
    "fullwidth_digits_date.yaml": [(3, "fullwidth-digits", "date", "write dates with the digits 0-9")],
    "huge_integer.yaml": [(5, "huge-integer", "killed", "less than or equal to 9007199254740992")],
    "yaml11_numbers.yaml": [(5, "yaml11-numbers", "killed", "'0x10' is not a plain number"),
                            (6, "yaml11-numbers", "injured", "'1_000' is not a plain number")],
    "yaml11_sexagesimal.yaml": [(5, "yaml11-sexagesimal", "killed", "'1:30' is not a plain number")],
    "nul_in_text.jsonl": [(1, "nul-in-text", "text", "control character U+0000 in text")],
    "esc_in_text.yaml": [(4, "esc-in-text", "notes", "control character U+001B in text")],
    "utf16.yaml": [(1, "-", "file", "UTF-16 text: save the file as UTF-8")],
    "ansi_key.yaml": [(4, "ansi-key", "\\x1b[31mred", "unknown field")],
    "qualifier_on_non_figure.yaml": [(4, "qualifier-on-non-figure", "date_qualifier",
                                      "qualifiers and ranges go with figures only; 'date' is not a figure")],
    "period_ends_before_start.yaml": [(3, "period-ends-before-start", "period_start",
                                       "the period starts 2023-01-01, after it ends (2022-12-31)")],
    "percent_over_100.yaml": [(4, "percent-over-100", "accuracy_percent", "less than or equal to 100 (got 120)")],
    "casualty_unknown_area.yaml": [(4, "casualty-unknown-area", "area", "unknown area 'Mars'; allowed: country")],
    "figure_of_another_kind.yaml": [(5, "figure-of-another-kind", "accuracy_percent",
                                     "an incident carries no accuracy_percent")],
    "low_confidence_without_reason.yaml": [(1, "low-confidence-without-reason", "confidence_reason",
                                            "confidence: low needs a confidence_reason")],
    "conflict_value_not_in_quote.yaml": [(8, "conflict-value-not-in-quote", "conflicts[0].value",
                                          "100000 is not stated in the conflict's quote")],
    "range_half.yaml": [(1, "range-half", "handovers_count_max", "a range needs both handovers_count_min and")],
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


# --------------------------------------------------------------------- made here: sizes, depth, links


@pytest.mark.parametrize("depth", [1_000, 30_000])
def test_deep_nesting_is_refused_before_parsing(run, tmp_path, depth):
    """30,000 nested lists (60 KB) crashed the process (SIGSEGV); 1,000 gave a RecursionError."""
    yaml_file = tmp_path / "deep.yaml"
    yaml_file.write_text("id: deep\nnotes: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    _check(run, yaml_file, [(2, "-", "file", "nested more than 20 levels deep")])
    jsonl = tmp_path / "deep.jsonl"
    jsonl.write_text('{"id": "deep", "notes": ' + "[" * depth + "]" * depth + "}\n", encoding="utf-8")
    _check(run, jsonl, [(1, "-", "file", "nested more than 20 levels deep")])


def test_a_wide_alias_bomb_gives_one_short_message(run, tmp_path):
    """A million aliases printed 80 MB of errors: now one line, before anything is built."""
    bomb = tmp_path / "wide.yaml"
    bomb.write_text("a: &a x\nb: [" + ", ".join(["*a"] * 1_000_000) + "]\n", encoding="utf-8")
    rc, out, err = run("validate", bomb)
    assert rc == 1 and len(out) < 500 and "aliases" in out


def test_many_problems_are_listed_up_to_a_bound(run, tmp_path):
    many = tmp_path / "many.yaml"
    many.write_text("id: many\nkind: statement\ndate: 2021\ndistricts: [" + ", ".join(["Nowhere"] * 5000)
                    + "]\nsources: [{document: https://example.org/x, kind: reference}]\n", encoding="utf-8")
    rc, out, _ = run("validate", many)
    assert rc == 1 and out.count("unknown district") <= 1000 and "more problem(s) not listed" in out
    assert len(out) < 400_000


def test_a_source_document_larger_than_the_limit_is_not_read(run, write_catalogue, tmp_path):
    """A 1.5 GB 'source' was read whole (3 GB RSS): now its size is checked first."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    with open(seeds / "huge.txt", "wb") as fh:
        fh.truncate(3 * 1024 * 1024)  # sparse: no disk used
    d = write_catalogue({"r.yaml": """
        id: huge-source
        kind: statement
        date: 2021
        sources: [{document: seeds/huge.txt, quote: "x"}]
        """})
    rc, out, _ = run("validate", d)
    assert rc == 1 and "huge.txt" in out and ("file too large" in out or "binary file" in out)


def test_symlinks_out_of_the_catalogue_and_dangling_ones_are_reported(run, tmp_path, good_record):
    import textwrap

    outside = tmp_path / "outside.yaml"
    outside.write_text(textwrap.dedent(good_record).lstrip(), encoding="utf-8")
    cat = tmp_path / "catalogue"
    cat.mkdir()
    (cat / "link.yaml").symlink_to(outside)
    (cat / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    rc, out, _ = run("validate", cat)
    assert rc == 1
    assert "link.yaml:0: -: file: symbolic link to a file outside the catalogue folder" in out
    assert "dangling.yaml:0: -: file: broken symbolic link" in out


def test_the_same_file_given_twice_is_read_once(run, write_catalogue, good_record):
    d = write_catalogue({"r.yaml": good_record})
    rc, out, _ = run("validate", d / "r.yaml", d / "r.yaml", d)
    assert rc == 0 and "duplicate id" not in out


def test_a_symlinked_source_document_leading_out_of_seeds_is_refused(run, write_catalogue, tmp_path):
    (tmp_path / "seeds").mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("the password is hunter2", encoding="utf-8")
    (tmp_path / "seeds" / "innocent.txt").symlink_to(secret)
    d = write_catalogue({"r.yaml": """
        id: symlinked
        kind: statement
        date: 2021
        sources: [{document: seeds/innocent.txt, quote: "the password is hunter2"}]
        """})
    rc, out, _ = run("validate", d)
    assert rc == 1 and "leads outside seeds/" in out and "hunter2" not in out


# --------------------------------------------------------------------- outputs and empty selections


@pytest.mark.parametrize("argv", [
    ["build", "--out", "{file}/out"],
    ["map", "--out", "{dir}"],
    ["export", "--format", "csv", "--out", "{dir}"],
    ["build", "--out", "{dir}/" + "n" * 250],
    ["boundaries", "rebuild", "--source", "{dir}/missing.tgz", "--out", "{dir}/b"],
    ["boundaries", "rebuild", "--source", "/dev/zero", "--out", "{dir}/b"],
], ids=["out-under-a-file", "map-out-a-folder", "export-out-a-folder", "long-name", "missing-tarball", "dev-zero"])
def test_output_and_input_paths_give_one_clear_line(run, tmp_path, argv):
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    argv = [a.format(file=a_file, dir=folder) for a in argv]
    rc, out, err = run(*argv)
    assert rc == 1, (out, err)
    assert "Traceback" not in err and err.startswith("minemaps: error: ") and err.count("\n") <= 2, err


@pytest.mark.parametrize("filters", [["--until", "1900"], ["--district", "Lachin", "--kind", "map_disclosure"],
                                     ["--kind", "statement"], ["--kind", "casualty_total", "--since", "2026-03"]],
                         ids=["nothing", "district-without-records", "statements-only", "one-total"])
def test_empty_or_districtless_selections_give_empty_valid_outputs(run, tmp_path, filters):
    import json

    import pandas as pd

    out = tmp_path / "out"
    rc, stdout, err = run("build", "--out", out, "--json", *filters)
    assert rc == 0, err
    assert (out / "index.html").is_file() and (out / "map.html").is_file()
    rc, _, err = run("export", "--format", "geojson", "--out", tmp_path / "x.geojson", *filters)
    assert rc == 0, err
    assert json.loads((tmp_path / "x.geojson").read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    rc, _, err = run("map", "--out", tmp_path / "m.html", *filters)
    assert rc == 0, err
    records = pd.read_csv(out / "records.csv", skiprows=[1])
    assert len(records) == json.loads(stdout)["records"]


def test_a_region_level_only_catalogue_builds(run, write_catalogue, tmp_path):
    d = write_catalogue({"r.yaml": """
        id: region-only
        kind: incident
        date: 2024-01
        region: Karabakh
        geo_precision: region
        sources: [{document: https://example.org/x, kind: reference}]
        """})
    rc, _, err = run("build", "--catalogue", d, "--out", tmp_path / "out")
    assert rc == 0, err


# --------------------------------------------------------------------- boundary layers


def _layer(tmp_path, districts, name, edit):
    import geopandas as gpd

    layer = districts.copy()
    layer = edit(layer)
    path = tmp_path / name
    if isinstance(layer, gpd.GeoDataFrame):
        layer.to_file(path)
    return path


def test_invalid_empty_and_null_geometries_are_reported_by_feature(run, tmp_path, districts):
    import shapely

    def edit(layer):
        layer = layer.copy()
        layer.loc[0, "geometry"] = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])  # a bow tie
        layer.loc[1, "geometry"] = shapely.Polygon()
        layer.loc[2, "geometry"] = None
        return layer

    path = _layer(tmp_path, districts, "broken.gpkg", edit)
    rc, _, err = run("districts", "--boundaries", path)
    codes = list(districts["iso_code"][:3])
    assert rc == 1 and "Traceback" not in err
    assert f"feature 0 ({codes[0]}): invalid geometry (Self-intersection" in err
    assert f"feature 1 ({codes[1]}): empty geometry" in err and f"feature 2 ({codes[2]}): no geometry" in err


@pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")  # writing the test shapefile
def test_a_layer_without_a_crs_is_an_error_naming_the_file(run, tmp_path, districts):
    path = _layer(tmp_path, districts, "nocrs.shp",
                  lambda layer: layer.to_crs(3857).set_crs(None, allow_override=True))
    rc, _, err = run("districts", "--boundaries", path)
    assert rc == 1 and "nocrs.shp" in err and "no coordinate reference system" in err


INTERRUPT = """
import os, signal, sys
from geo import cli, export
def interrupt(*a, **k):  # Ctrl-C while the exports are being written
    os.kill(os.getpid(), signal.SIGINT)
export.write_gpkg = interrupt
sys.exit(cli.main(["build", "--out", sys.argv[1]]))
"""


def test_ctrl_c_says_so_cleans_up_and_keeps_the_previous_output(tmp_path):
    import subprocess
    import sys

    from geo import build

    target = tmp_path / "out"
    build.build(target)
    before = tree(target)
    proc = subprocess.run([sys.executable, "-c", INTERRUPT, str(target)], capture_output=True, text=True)
    assert proc.returncode == 130 and "interrupted" in proc.stderr and "Traceback" not in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary folder left
    assert tree(target) == before
