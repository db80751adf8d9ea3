"""The public record as the catalogue holds it: captured sources against their index, every
quote against its captured text, the six hand-overs, the conflicts of the leads side by side."""

from __future__ import annotations

import csv

import pytest

from geo import sources
from geo._resources import repo_root

SOURCES = repo_root() / "sources"


def test_captured_sources_match_their_index():
    assert sources.check_index(SOURCES) == []
    rows = list(csv.DictReader(open(SOURCES / "index.csv", newline="", encoding="utf-8")))
    assert len(rows) == len(list(SOURCES.glob("*.txt"))) > 100
    for row in rows:
        assert row["url"].startswith(("http://", "https://")), row["file"]
        assert row["retrieved"] and row["language"] in {"en", "ru", "az", "hy", "de", "fr", "tr"}, row["file"]


def test_every_captured_source_is_short_quoted_passages_and_is_cited(cat):
    cited = {s.document for r in cat for s in r.sources} | {c.source for r in cat for c in r.conflicts}
    paths = sorted(SOURCES.glob("*.txt"))
    assert len(paths) > 100
    for path in paths:
        meta, body = sources.parse_source(path.read_text(encoding="utf-8"), name=path.name)
        assert len(body) < 6_000, path.name  # passages, not whole articles
        assert f"sources/{path.name}" in cited, f"{path.name} is cited by no record"


def test_every_quote_is_found_in_its_captured_text(cat):
    store = sources.DocumentStore.for_catalogue(None)
    checked = 0
    for r in cat:
        for s in r.sources:
            if s.kind == "reference":
                continue
            text = store.read(s.document)
            assert sources.normalise(s.quote) in text.normalised, (r.id, s.document)
            if text.language != "en":
                assert s.quote_en, (r.id, s.document)  # shown as our translation
            if s.kind == "captured":
                assert s.url == text.meta["url"], (r.id, s.document)
            checked += 1
    assert checked > 250


def test_six_hand_overs_and_the_claimed_one(cat):
    disc = {r.id: r for r in cat if r.kind == "map_disclosure"}
    attested = sorted(r.date for r in disc.values() if r.confidence != "low")
    assert attested == ["2021-06-12", "2021-07-03", "2021-10-19", "2021-11-01", "2021-11-29", "2024-02"]
    assert disc["2024-02-kalbajar-eight-forms"].districts == ["AZ-KAL"]
    assert disc["2024-02-kalbajar-eight-forms"].maps_count == 8
    claimed = disc["2020-12-pashinyan-claimed-exchange"]
    assert claimed.confidence == "low" and claimed.confidence_reason
    nss = cat.get("2024-01-25-nss-972-forms")
    assert nss.kind == "statement" and nss.maps_count == 972
    assert set(nss.about) >= {"2021-06-12-agdam-maps", "2021-07-03-fuzuli-zangilan-maps", "2021-10-19-nss-forms",
                              "2021-11-01-nss-forms", "2021-11-29-maps-for-ten-soldiers"}


# the warnings of the leads that are fields: each a conflicts entry, with its own quote
CONFLICTS = [
    ("2021-11-29-maps-for-ten-soldiers", "date", "2021-12-04"),
    ("2021-06-04-kalbajar-mine-blast", "injured", 3),
    ("2023-09-19-mine-victims-314", "victims", 308),
    ("2024-04-24-mine-victims-356", "victims", 365),
    ("2022-10-25-mine-victims-266", "killed", 48),
    ("2023-04-28-tartar-talish-anti-tank-mine", "districts", ["Goranboy"]),
    ("2022-09-30-fuzuli-yukhari-dilagharda-mine", "mine_types", ["anti-personnel"]),
    ("2022-10-21-lachin-suarasi-mine", "injured", 2),
]


@pytest.mark.parametrize("rid, field, value", CONFLICTS, ids=[c[0] for c in CONFLICTS])
def test_the_leads_conflicts_stand_side_by_side(cat, rid, field, value):
    rec = cat.get(rid)
    hits = [c for c in rec.conflicts if c.field == field and c.value == value]
    assert hits and all(c.quote for c in hits), rec.conflicts
    assert getattr(rec, field) != value  # the record keeps its own value: nothing overwritten


def test_disagreeing_statements_are_separate_records(cat):
    acc = {r.id: (r.accuracy_percent, r.accuracy_percent_qualifier) for r in cat if r.accuracy_percent is not None}
    assert (20, "less_than") in acc.values() and (25, None) in acc.values()
    counts = {(r.handovers_count, r.handovers_count_min, r.handovers_count_max) for r in cat
              if r.kind == "statement" and (r.handovers_count or r.handovers_count_min)}
    assert {(5, None, None), (2, None, None), (None, 3, 4)} <= counts  # five times, twice, 3-4 installments


def test_casualty_totals_run_to_march_2026(cat):
    totals = sorted((r for r in cat if r.kind == "casualty_total"), key=lambda r: r.period_end)
    last = totals[-1]
    assert (last.period_end, last.victims, last.killed, last.injured) == ("2026-03-13", 419, 72, 347)
    years = {r.period_end: r.victims for r in totals if r.period_start == r.period_end}
    assert years.get("2023") == 58 and years.get("2024") == 41
    assert all(r.area == "country" for r in totals)


def test_leads_ledger_names_only_real_records(cat):
    import re

    text = (repo_root() / "data" / "catalogue" / "LEADS.md").read_text(encoding="utf-8")
    ids = set(re.findall(r"`(\d{4}(?:-\d{2}){0,2}-[a-z0-9-]+)`", text))
    assert ids and ids <= {r.id for r in cat}
    for lead in ("MD-0", "MD-7", "S-1", "S-23", "I-1", "I-15", "AG-M1", "AG-M6", "AG-C1", "AG-C17"):
        assert lead in text
