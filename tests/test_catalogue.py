"""The committed catalogue, and one test per kind of bad input asserting its message."""

import pytest

from geo import catalogue
from geo.catalogue import normalise_quote
from geo.errors import ValidationError

from .conftest import ROOT


def test_committed_catalogue_is_clean():
    assert catalogue.validate() == []


def test_every_quote_is_verbatim_in_its_seed(cat):
    checked = 0
    for rec in cat:
        assert rec.sources, rec.id
        for s in rec.sources:
            if s.kind == "reference":
                assert s.document.startswith("https://") and not s.quote
                continue
            text = (ROOT / s.document).read_text(encoding="utf-8")
            assert normalise_quote(s.quote) in normalise_quote(text), (rec.id, s.quote[:60])
            checked += 1
    assert checked >= 15


def test_every_figure_appears_in_a_quote(cat):
    """Counts that are not derived (see notes) are written in one of the record's quotes."""
    for rec in cat:
        quotes = " ".join(s.quote or "" for s in rec.sources)
        for field in ("mines_claimed", "detainees_released", "minefields_count"):
            v = getattr(rec, field)
            if v is not None:
                words = {8: "eight"}
                assert f"{v:,}" in quotes or str(v) in quotes or words.get(v, "#") in quotes, (rec.id, field)


def test_the_records_from_the_seeds(cat):
    agdam = cat.get("2021-06-12-agdam-maps")
    assert (agdam.districts, agdam.mines_claimed, agdam.detainees_released, agdam.date) == (["AZ-AGM"], 97000, 15, "2021-06-12")
    assert agdam.mine_types == ["anti-tank", "anti-personnel"] and "Georgia" in agdam.mediators
    assert len({s.document for s in agdam.sources if s.kind == "seed"}) == 2  # two seeds, one record
    fz = cat.get("2021-07-03-fuzuli-zangilan-maps")
    assert (fz.districts, fz.mines_claimed, fz.mines_claimed_qualifier, fz.geo_precision, fz.mediators) == (
        ["AZ-FUZ", "AZ-ZAN"], 92000, "about", "districts", ["Russia"])
    blast = cat.get("2021-06-04-kalbajar-mine-blast")
    assert (blast.kind, blast.districts, blast.killed, blast.injured) == ("incident", ["AZ-KAL"], 3, 4)
    # the NSS announcement of 25 January 2024 is a statement about the February hand-over (same id)
    nss = cat.get("2024-01-25-nss-eight-minefields")
    assert (nss.kind, nss.districts, nss.minefields_count, nss.maps_count) == ("statement", [], 8, 8)
    assert nss.about == ["2024-02-kalbajar-eight-forms"]
    mfa = cat.get("2024-01-azerbaijan-mfa-maps-inaccurate")
    assert (mfa.kind, mfa.date, mfa.date_precision, mfa.accuracy_percent) == ("statement", "2024-01-25", "day", 25)
    assert any("very inaccurate" in s.quote for s in mfa.sources) and any("ineffective, incomplete" in s.quote for s in mfa.sources)
    injury = cat.get("2024-01-karabakh-civilian-mine-injury")
    assert (injury.injured, injury.date, injury.districts) == (1, "2024-01-21", ["AZ-AGM"])
    assert cat.get("2021-06-13-pashinyan-tiny-part").about == ["2021-06-12-agdam-maps"]


def _problems(write_catalogue, text):
    d = write_catalogue({"r.yaml": text})
    return d, catalogue.validate([d])


def _one(problems, field):
    hits = [p for p in problems if p.field == field]
    assert hits, problems
    return hits[0]


def test_clean_scratch_record(write_catalogue, good_record):
    d, probs = _problems(write_catalogue, good_record)
    assert probs == []
    assert catalogue.load(d).get("test-record").districts == ["AZ-AGM"]


def test_unknown_district_with_suggestions(write_catalogue, good_record):
    d, probs = _problems(write_catalogue, good_record.replace("[Aghdam]", "[Aghdamm]"))
    p = _one(probs, "districts[0]")
    assert (p.record, p.line) == ("test-record", 4)
    assert "unknown district 'Aghdamm'" in p.message and "Aghdam (AZ-AGM)" in p.message
    assert str(p).startswith(f"{d / 'r.yaml'}:4: test-record: districts[0]: unknown district")


@pytest.mark.parametrize("bad, expect", [
    ("2021-02-30", "not a real date"), ("12 June 2021", "not a date like"), ("2021-13", "not a real date")])
def test_bad_dates(write_catalogue, good_record, bad, expect):
    _, probs = _problems(write_catalogue, good_record.replace("date: 2021-06-12", f"date: {bad}"))
    p = _one(probs, "date")
    assert expect in p.message and p.line == 3


def test_negative_count(write_catalogue, good_record):
    _, probs = _problems(write_catalogue, good_record.replace("97000", "-5"))
    assert "greater than or equal to 0" in _one(probs, "mines_claimed").message


@pytest.mark.parametrize("bad", ["97000.5", "'97,000'", "true"])
def test_non_integer_count(write_catalogue, good_record, bad):
    _, probs = _problems(write_catalogue, good_record.replace("97000", bad))
    p = _one(probs, "mines_claimed")
    assert "valid integer" in p.message and p.line == 5


def test_duplicate_id(write_catalogue, good_record):
    d = write_catalogue({"a.yaml": good_record, "b.yaml": good_record})
    p = _one(catalogue.validate([d]), "id")
    assert p.file.endswith("b.yaml") and "duplicate id (first defined at" in p.message and "a.yaml:1" in p.message


def test_about_pointing_nowhere(write_catalogue, good_record):
    _, probs = _problems(write_catalogue, good_record + "about: [test-recrod]\n")
    p = _one(probs, "about[0]")
    assert "'test-recrod' is not a record id" in p.message and "did you mean: test-record" in p.message


def test_quote_not_in_source(write_catalogue, good_record):
    _, probs = _problems(write_catalogue, good_record.replace("97,000 anti-tank", "98,000 anti-tank"))
    p = _one(probs, "sources[0].quote")
    assert "quote not found in seeds/000_010dcca4140eced3.txt" in p.message and p.line == 8


def test_missing_source_document(write_catalogue, good_record):
    _, probs = _problems(write_catalogue, good_record.replace("000_010dcca4140eced3", "999_missing"))
    assert "source document not found: seeds/999_missing.txt" in _one(probs, "sources[0].document").message


def test_unknown_kind(write_catalogue, good_record):
    _, probs = _problems(write_catalogue, good_record.replace("kind: map_disclosure", "kind: rumour"))
    p = _one(probs, "kind")
    assert "'map_disclosure', 'incident', 'statement' or 'casualty_total'" in p.message and "'rumour'" in p.message


def test_unknown_field(write_catalogue, good_record):
    _, probs = _problems(write_catalogue, good_record + "mines: 5\n")
    assert "unknown field" in _one(probs, "mines").message


def test_missing_required_field(write_catalogue, good_record):
    _, probs = _problems(write_catalogue, good_record.replace("kind: map_disclosure\n", ""))
    assert _one(probs, "kind").message == "required field is missing"


def test_malformed_yaml(write_catalogue):
    _, probs = _problems(write_catalogue, "id: x\nkind: [incident\n")
    p = _one(probs, "file")
    assert "malformed YAML" in p.message and p.record == "-"


def test_empty_file(write_catalogue):
    _, probs = _problems(write_catalogue, "# nothing here\n")
    assert "empty file" in _one(probs, "file").message
    long_comments = "\n".join(f"# comment {i}" for i in range(1000)) + "\n  \n"  # beyond the first lines read
    _, probs = _problems(write_catalogue, long_comments)
    assert "empty file" in _one(probs, "file").message
    _, probs = _problems(write_catalogue, long_comments + "id: x\n")
    assert not any("empty file" in p.message for p in probs)


def test_binary_and_wrong_encoding(tmp_path):
    d = tmp_path / "c"
    d.mkdir()
    (d / "bin.yaml").write_bytes(b"\x00\x01\x02PNG")
    (d / "latin1.yaml").write_bytes("id: a\nnotes: Füzuli\n".encode("latin-1"))
    msgs = {p.file.rsplit("/", 1)[-1]: p.message for p in catalogue.validate([d])}
    assert "binary file" in msgs["bin.yaml"]
    assert "not UTF-8" in msgs["latin1.yaml"]


def test_precision_rules(write_catalogue, good_record):
    _, probs = _problems(write_catalogue, good_record.replace("date: 2021-06-12", "date: 2021-06\ndate_precision: day"))
    assert "written to the month" in _one(probs, "date_precision").message
    _, probs = _problems(write_catalogue, good_record + "geo_precision: region\n")
    assert "records without districts" in _one(probs, "geo_precision").message


def test_all_problems_reported_at_once(write_catalogue, good_record):
    bad = good_record.replace("[Aghdam]", "[Nowhere]").replace("97000", "-1").replace("2021-06-12", "2021-02-30")
    d = write_catalogue({"r.yaml": bad, "s.yaml": good_record.replace("test-record", "other").replace("[Aghdam]", "[Paris]")})
    with pytest.raises(ValidationError) as info:
        catalogue.load(d)
    fields = {(p.file.rsplit("/", 1)[-1], p.field) for p in info.value.problems}
    assert {("r.yaml", "date"), ("r.yaml", "mines_claimed"), ("s.yaml", "districts[0]")} <= fields


def test_filter(cat):
    assert [r.id for r in cat.filter(district="Fizuli", kind="map_disclosure")] == ["2021-07-03-fuzuli-zangilan-maps"]
    assert {r.kind for r in cat.filter(kind="incident")} == {"incident"}
    since = cat.filter(since="2024-02")
    import datetime as dt

    from geo.model import date_bounds

    # dates are spans: a record dated "2024" (the whole year) overlaps "since 2024-02"
    assert since.records and all(date_bounds(r.date)[1] >= dt.date(2024, 2, 1) for r in since)
    assert "2024-02-kalbajar-eight-forms" in {r.id for r in since}  # month precision: in "since 2024-02"
    assert [r.id for r in cat.filter(since="2026-03-13")] == ["2026-03-13-mine-victims-419"]
    assert all(r.date <= "2021-06-30" for r in cat.filter(until="2021-06-30"))
