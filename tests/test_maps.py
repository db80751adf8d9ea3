"""The map HTML without a browser: offline by construction, escaped, within size."""

import re
from html.parser import HTMLParser

import pytest

from geo import attach, catalogue, maps


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "href"):
            if a.get(key) and (tag in ("script", "img", "link", "iframe", "source")):
                self.refs.append((tag, a[key]))


def external_refs(html: str) -> list:
    p = _Refs()
    p.feed(html)
    refs = [r for r in p.refs if re.match(r"(https?:)?//", r[1])]
    refs += re.findall(r"url\(\s*['\"]?(?:https?:)?//[^)]+\)", html)
    refs += re.findall(r"@import\s+['\"]?(?:url\()?(?:https?:)?//", html)
    return refs


@pytest.fixture(scope="module")
def html(cat, attached):
    return maps.map_html(maps.build_map(cat, attached))


def test_offline_no_external_references(html):
    assert external_refs(html) == []
    assert "L.tileLayer" not in html and "tile.openstreetmap" not in html
    assert "leaflet.js" not in re.sub(r"<script>.*?</script>", "", html, flags=re.S)  # inlined, not linked


def test_osm_tiles_only_when_asked(cat, attached):
    html = maps.map_html(maps.build_map(cat, attached, tiles="osm"))
    assert "tile.openstreetmap.org/{z}/{x}/{y}.png" in html
    assert [r for r in external_refs(html)] == []  # the tile template is a JS string, not a reference


def test_size_budget_with_the_whole_public_record(html, cat):
    assert len(cat) > 100
    assert len(html.encode()) <= 500 * 1024


def test_page_has_language_title_landmarks_and_a_zoomable_viewport(html):
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    assert re.search(r"<title>[^<]+</title>", html) and html.count("<h1>") == 1
    assert "<main" in html and "<header" in html and "<footer" in html and 'class="mm-skip"' in html
    assert "user-scalable=no" not in html and "maximum-scale" not in html


def test_claim_label_once_not_per_district(html):
    assert html.count("about 92,000 mines (Fuzuli + Zangilan)") == 1
    assert "92,000 mines (Fuzuli)" not in html and "92,000 mines (Zangilan)" not in html


def test_colour_classes_come_from_the_data_and_stay_apart_for_colour_blind_readers(cat):
    from geo.render import colours

    values = [r.mines_claimed for r in cat if r.kind == "map_disclosure" and r.mines_claimed]
    classes = colours.classify(values)
    assert classes.colour(92_000) != classes.colour(97_000)
    assert classes.labels == ("92,000", "97,000")  # few values: each its own class, labelled by value
    sep = colours.separation(classes.colours)
    assert min(sep.values()) >= 20, sep  # ΔE: far apart for normal, protan, deutan and tritan vision
    many = colours.classify(range(100, 100_000, 97))
    assert len(many.colours) == 5 and min(colours.separation(many.colours).values()) >= 5


def test_hostile_text_is_escaped(hostile_catalogue, districts):
    cat = hostile_catalogue
    html = maps.map_html(maps.build_map(cat, attach.attach(cat, districts)))
    assert "<img src=x" not in html and "<script>alert(2)" not in html
    # HTML-escaped first (&lt;), then made script-safe by tojson (& -> \\u0026): never raw
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in html
    assert "\\u003cimg src=x" not in html


def test_template_syntax_in_a_source_is_text_not_code(write_catalogue, districts):
    """branca re-reads what a macro renders as a template; RawMacro never does: '{{ 7*7 }}' stays text."""
    cat = catalogue.load(write_catalogue({"t.yaml": """
        id: jinja
        kind: incident
        date: 2021-06-04
        districts: [Kalbajar]
        notes: "{{ 7*7 }} {% if true %}yes{% endif %} {# c #}"
        sources: [{document: "https://example.org/{{ 6*7 }}", kind: reference, publisher: "{{ 8*8 }}"}]
        """}))
    html = maps.map_html(maps.build_map(cat, attach.attach(cat, districts)))
    assert "{{ 7*7 }} {% if true %}yes{% endif %} {# c #}" in html and "{{ 8*8 }}" in html
    assert "49" not in re.findall(r"Notes</summary><p>([^<]*)</p>", html.replace("\\u003c", "<").replace("\\u003e", ">"))[0]


@pytest.mark.parametrize("qualifier, words", [("about", "about "), ("more_than", "more than "), ("at_most", "at most ")])
def test_the_dashboard_total_of_mines_keeps_its_qualifier(cat, attached, qualifier, words):
    from geo.render.dashboard import known_lines

    names = dict(zip(attached.districts["iso_code"], attached.districts["name_en"]))
    totals = {**attached.totals, "mines_claimed_qualifier": qualifier}
    line = next(x for x in known_lines(list(cat), totals, names) if x.startswith("Mines claimed"))
    assert f": {words}{attached.totals['mines_claimed']:,} in all" in line, line
