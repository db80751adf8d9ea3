import pandas as pd
import pytest

from geo import attach, boundaries


def test_one_claim_one_geometry(attached, districts, cat):
    claims = attached.claims.set_index("id")
    fz = claims.loc["2021-07-03-fuzuli-zangilan-maps"]
    assert fz["districts"] == ["AZ-FUZ", "AZ-ZAN"] and fz["shared"]
    assert fz["label"] == "about 92,000 mines (Fuzuli + Zangilan)"
    by = districts.set_index("iso_code")
    assert fz["area_km2"] == pytest.approx(by.loc["AZ-FUZ", "area_km2"] + by.loc["AZ-ZAN", "area_km2"], abs=0.05)
    # one row per record with districts: hand-overs, incidents, statements on named districts
    assert list(claims.index) == [r.id for r in cat if r.districts]


def test_no_double_counting(attached, cat):
    s = attached.summary.set_index("iso_code")
    assert s.loc["AZ-AGM", "mines_claimed_alone"] == 97000
    for code in ("AZ-FUZ", "AZ-ZAN"):
        assert pd.isna(s.loc[code, "mines_claimed_alone"])
        assert s.loc[code, "mines_in_shared_claims"] == 92000
        assert s.loc[code, "shared_claims"] == ["2021-07-03-fuzuli-zangilan-maps"]
    t = attached.totals
    assert t["mines_claimed"] == 189_000 == sum(r.mines_claimed or 0 for r in cat)
    assert (t["mines_claimed_qualifier"], t["mines_claimed_records"]) == ("about", 2)  # "about 92,000" in it
    # 15 (Agdam) + 15 (Fuzuli-Zangilan) + 10 (29 Nov 2021): hand-overs only, never a statement's aggregate
    assert t["detainees_released"] == 40
    incidents = [r for r in cat if r.kind == "incident"]
    assert t["killed"] == sum(r.killed or 0 for r in incidents) and t["injured"] == sum(r.injured or 0 for r in incidents)
    # casualty totals are running figures over periods: never added into a sum
    assert t["killed"] < max(r.killed or 0 for r in cat if r.kind == "casualty_total")
    # summing districts' shared column would double count: the totals must not
    assert s["mines_in_shared_claims"].sum() == 184_000 != t["mines_claimed"] - 97_000


def test_region_level_records_kept(attached, cat):
    ids = set(attached.region_level["id"])
    assert {"2024-01-25-nss-eight-minefields", "2021-11-29-maps-for-ten-soldiers", "2021-10-19-nss-forms"} <= ids
    assert ids == {r.id for r in cat if not r.districts}
    assert attached.totals["region_level_records"] == len(ids) > 50


def test_district_table_has_data_rows_only_and_totals_count_each_record_once(cat, attached):
    from geo.tables import build_tables

    tabs = build_tables(cat, attached)
    t = tabs["districts"]
    assert t["code"].str.match(r"^AZ-[A-Z]+$").all()  # no "Total" or "Region-level" rows among the data
    assert t["mines_claimed_alone"].sum() == 97_000  # a column sum is now right
    assert t["mines_in_shared_claims"].sum() == 184_000  # the shared claim shows on both its districts...
    fz = t.set_index("code").loc["AZ-FUZ"]
    assert (fz["shared_with"], fz["mines_in_shared_claims_qualifier"]) == ("Zangilan", "about")
    totals = tabs["totals"].set_index("measure")
    mines = totals.loc["mines claimed (hand-overs)"]
    assert (mines["value"], mines["qualifier"], mines["records"]) == (189_000, "about", 2)  # ...counted once here
    assert pd.isna(totals.loc["minefields handed over", "value"])  # no record gives it: unknown, not 0


def test_unknown_code_in_boundaries_is_an_error(cat, districts):
    with pytest.raises(boundaries.BoundaryError, match="AZ-AGM is not in the boundary layer"):
        attach.attach(cat, districts[districts["iso_code"] != "AZ-AGM"])


def test_frame_of_a_loaded_catalogue_reads_only_the_fields_it_may_set(cat, tmp_path):
    from geo import catalogue

    assert {"id", "kind", "date", "sources", "mines_claimed", "killed"} <= set(cat.fields) < set(attach.FIELDS)
    by_hand = catalogue.Catalogue(list(cat), dict(cat.origin))  # reads every field
    assert by_hand.fields == attach.FIELDS and by_hand == cat
    pd.testing.assert_frame_equal(attach.records_frame(cat), attach.records_frame(by_hand), check_dtype=True)
    assert cat.filter(kind="incident").fields == cat.fields
    # a catalogue whose records give no figure at all: every figure column still there, empty and typed
    (tmp_path / "r.jsonl").write_text('{"id": "bare", "kind": "statement", "date": "2021", "sources": '
                                      '[{"document": "https://example.org/a"}]}\n', encoding="utf-8")
    bare = catalogue.load(tmp_path)
    assert "killed" not in bare.fields
    full = catalogue.Catalogue(list(bare), dict(bare.origin))
    pd.testing.assert_frame_equal(attach.records_frame(bare), attach.records_frame(full), check_dtype=True)
    empty = catalogue.Catalogue([], {}, ("id",))
    pd.testing.assert_frame_equal(attach.records_frame(empty), attach.records_frame(catalogue.Catalogue([], {})))


@pytest.mark.parametrize("text", ["plain", 'quote " and \\ backslash', "tab\tnew\nline\r\x08\x0c\x01\x1f\x7f",
                                  "\u2028\u2029 \x85 é ə 😀 \ufeff </script>", "lone \ud800 surrogate"])
def test_sources_and_derived_json_is_the_text_json_writes(text):
    import json

    from geo.model import Source

    sources = [Source(document="https://example.org/a"), Source(document="seeds/a.txt", quote="q")]
    for s in sources:
        s.publisher, s.quote_en = text, text  # as the loader may fill them in
    stdlib = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    assert attach._sources_json(sources) == stdlib([{k: getattr(s, k) for k in attach._SOURCE_KEYS} for s in sources])
    assert attach._derived_json({"killed": text, text: "x"}) == stdlib({"killed": text, text: "x"})
    assert attach._derived_json({}) == "{}"
