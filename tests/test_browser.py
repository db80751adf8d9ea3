"""Real-browser checks in Debian's chromium (Playwright, no downloads), all requests but file:// blocked."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo import attach, build, maps

from .conftest import CHROMIUM_ARGS, XSS, chromium_path

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


class Page:
    """A page opened offline, with its console errors, page errors, dialogs and blocked requests."""

    def __init__(self, browser, path, width=1280):
        self.ctx = browser.new_context(viewport={"width": width, "height": 800})
        self.blocked, self.errors, self.dialogs = [], [], []
        self.ctx.route("**/*", self._route)
        # count every call of alert/confirm/prompt, whoever makes it
        self.ctx.add_init_script("window.__ran = 0; ['alert', 'confirm', 'prompt'].forEach("
                                 "f => { window[f] = () => { window.__ran += 1; }; });")
        self.page = self.ctx.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("window.minemaps && document.querySelectorAll('path.mm-district').length > 0")

    def _route(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def js(self, expr, arg=None):
        return self.page.evaluate(expr, arg)

    def close(self):
        self.ctx.close()


@pytest.fixture(scope="module")
def map_file(tmp_path_factory, cat, attached):
    path = tmp_path_factory.mktemp("map") / "map.html"
    return maps.write_map(path, maps.map_html(maps.build_map(cat, attached)))


@pytest.fixture
def page(browser, map_file):
    p = Page(browser, map_file)
    yield p
    p.close()


def open_popup_of(page: Page, record_or_code: str) -> str:
    """Fire a click on the feature with that id / iso_code and return the popup text."""
    page.js("""key => {
        const mm = window.minemaps; let hit = null; mm.map.closePopup();
        mm.map.eachLayer(l => { if (l.feature && (l.feature.properties.id === key || l.feature.properties.iso_code === key)) hit = hit || l; });
        const c = hit.getBounds ? hit.getBounds().getCenter() : hit.getLatLng();
        hit.fire('click', {latlng: c}, true);
    }""", record_or_code)
    return page.page.locator(".leaflet-popup-content").last.inner_text()


def test_loads_offline_with_every_district(page):
    assert page.js("L.version") == "1.9.4"
    assert page.js("document.querySelectorAll('path.mm-district').length") == 77
    assert page.js("document.querySelectorAll('path.mm-claim').length") == 2
    assert page.blocked == [] and page.errors == []


def test_click_agdam_popup_has_figure_and_source(page):
    text = open_popup_of(page, "2021-06-12-agdam-maps")
    assert "97,000" in text and "Caspian Policy Center" in text and "Agdam region" in text
    text = open_popup_of(page, "AZ-FUZ")
    assert "Füzuli" in text and "92,000 mines in total, not per district" in text


def test_layer_control_toggles_a_disclosure(page):
    label = page.page.locator(".leaflet-control-layers-overlays label", has_text="97,000 mines (Agdam)")
    before = page.js("document.querySelectorAll('path.mm-claim').length")
    label.locator("input").click()
    assert page.js("document.querySelectorAll('path.mm-claim').length") == before - 1
    label.locator("input").click()
    assert page.js("document.querySelectorAll('path.mm-claim').length") == before


def test_time_control_changes_what_is_shown(page):
    slider = page.page.locator(".mm-time input[type=range]")
    slider.evaluate("(el) => { el.value = 1; el.dispatchEvent(new Event('input')); }")  # 2021-06-12
    assert page.js("window.minemaps.date") == "2021-06-12"
    assert page.js("document.querySelectorAll('path.mm-claim').length") == 1
    assert "1 disclosure(s), 97,000 mines" in page.page.locator(".mm-time output").inner_text()
    slider.evaluate("(el) => { el.value = el.max; el.dispatchEvent(new Event('input')); }")
    assert page.js("document.querySelectorAll('path.mm-claim').length") == 2


def test_side_panel_lists_region_level_records(page):
    text = page.page.locator(".mm-side").inner_text()
    assert "Records with no district (4)" in text and "8 minefields" in text and "1 injured" in text


def test_metric_toggle_restyles(page):
    colors = "minemaps.claims.map(g => Object.values(g._layers)[0].options.fillColor)"
    before = page.js(colors)
    page.page.locator("input[name=mm-metric][value=density]").check()
    after = page.js(colors)
    assert before != after and after[0] != after[1]  # 91 vs 46 mines/km² fall in different classes


def test_screenshot(page, tmp_path):
    shot = tmp_path / "map.png"
    page.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000


def test_hostile_text_never_runs_and_shows_literally(browser, tmp_path, districts, hostile_catalogue):
    cat = hostile_catalogue
    path = maps.write_map(tmp_path / "x.html", maps.map_html(maps.build_map(cat, attach.attach(cat, districts))))
    p = Page(browser, path)
    try:
        text = open_popup_of(p, "hostile")
        assert XSS in text  # shown literally
        assert p.page.locator(".leaflet-popup-content img").count() == 0
        side = p.page.locator(".mm-side").inner_text()
        assert "onerror=alert(1)" in side
        assert p.dialogs == [] and p.js("window.__ran") == 0
        assert p.page.locator("img[src=x]").count() == 0 and p.errors == []
    finally:
        p.close()


def test_dashboard(browser, tmp_path):
    result = build.build(tmp_path / "out")
    p = Page(browser, result.index, width=1280)
    try:
        assert p.js("document.querySelectorAll('path.mm-district').length") == 77
        rows = p.page.locator("#mm-table-disclosures tbody tr").all_inner_texts()
        assert any("Agdam" in r and "97,000" in r for r in rows)
        assert any("Fuzuli + Zangilan" in r and "92,000" in r for r in rows)
        total = p.page.locator("#mm-table-districts tbody tr").last.inner_text()
        assert "Total (each record once)" in total and "97,000" in total and "92,000" in total
        assert "very inaccurate" in p.page.locator("#mm-sources").inner_text()
        assert p.errors == [] and p.blocked == []
        p.page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
    finally:
        p.close()
    phone = Page(browser, result.index, width=390)
    try:
        overflow = phone.js("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1  # tables scroll inside their box, the page does not
        phone.page.screenshot(path=str(tmp_path / "dashboard-phone.png"))
    finally:
        phone.close()


XSS_CORPUS = [ln for ln in (Path(__file__).parent / "corpus" / "xss.txt").read_text(encoding="utf-8").split("\n")
              if ln and not ln.startswith("#")]  # split on \n only: payloads hold U+2028/2029


def _plain(s: str) -> str:
    """What a reader sees: invisible direction/line-separator characters dropped, spaces collapsed."""
    return " ".join(s.replace("\u202e", "").replace("\u2028", " ").replace("\u2029", " ").split())


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory, districts):
    """A whole build (dashboard + map) whose every free-text field, and one district's names,
    carry a payload of tests/corpus/xss.txt."""
    import json

    root = tmp_path_factory.mktemp("xss")
    cat = root / "catalogue"
    cat.mkdir()
    (root / "seeds").mkdir()
    (root / "seeds" / "article.txt").write_text("\n".join(XSS_CORPUS), encoding="utf-8")
    kinds = ["map_disclosure", "incident", "statement"]
    lines = []
    for i, p in enumerate(XSS_CORPUS):
        rec = {
            "id": f"xss-{i + 1}", "kind": kinds[i % 3], "date": f"2021-06-{i + 1:02d}",
            "districts": [] if i % 4 == 3 else [["Agdam", "Fuzuli", "Zangilan"][i % 3]],
            "mine_types": [p], "from_party": p, "to_party": p, "mediators": [p], "notes": p,
            "conflicts": [{"field": "from_party", "value": p, "source": "seeds/article.txt", "note": p}],
            "sources": [{"document": "seeds/article.txt", "publisher": p, "published": "2021-06", "quote": p},
                        {"document": f"https://example.org/?q={p}", "kind": "reference", "publisher": p}],
        }
        if not rec["districts"]:
            rec["region"] = p
        if rec["kind"] == "map_disclosure":
            rec["mines_claimed"] = 1000 + i
            rec["derived"] = {"mines_claimed": p}
        lines.append(json.dumps(rec, ensure_ascii=False))
    (cat / "hostile.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    layer = districts.copy()
    agdam = layer["iso_code"] == "AZ-AGM"
    layer.loc[agdam, "name_en"] = XSS_CORPUS[1]
    layer.loc[agdam, "name_az"] = XSS_CORPUS[2]
    layer.to_file(root / "hostile-boundaries.geojson", driver="GeoJSON")
    return build.build(root / "out", catalogue=cat, boundaries=root / "hostile-boundaries.geojson")


INJECTED = ("img[src='x'], svg[onload], iframe, details[ontoggle], b[onmouseover], a[href^='javascript'], "
            "div[style*='javascript'], script:not([src]):not([type])")


@pytest.mark.parametrize("page_name", ["index.html", "map.html"])
def test_xss_corpus_in_every_field_never_runs_and_is_shown(browser, hostile_build, page_name):
    p = Page(browser, hostile_build.out / page_name)
    try:
        scripts_before = p.js("document.querySelectorAll('script:not([src])').length")
        # open every popup and tooltip of every feature: popups are built on demand
        opened = p.js("""() => { let n = 0; const mm = window.minemaps;
            mm.map.eachLayer(l => { if (!l.feature) return;
                const c = l.getBounds ? l.getBounds().getCenter() : l.getLatLng();
                l.fire('click', {latlng: c}, true); l.fire('mouseover', {latlng: c}, true); n += 1; });
            return n; }""")
        assert opened >= 77
        assert p.dialogs == [] and p.js("window.__ran") == 0
        assert p.errors == [] and p.blocked == []
        assert p.js("document.querySelectorAll('script:not([src])').length") == scripts_before
        assert p.page.locator(INJECTED.replace(", script:not([src]):not([type])", "")).count() == 0
        seen = _plain(p.js("document.body.innerText") + " " + p.js(
            "Array.from(document.querySelectorAll('.leaflet-popup-content, .leaflet-tooltip'))"
            ".map(e => e.innerText).join(' ')"))
        if page_name == "index.html":  # every payload is shown as text on the dashboard
            missing = [x for x in XSS_CORPUS if _plain(x) not in seen]
            assert missing == []
        assert _plain(XSS_CORPUS[1]) in seen  # the district-name override, literally
    finally:
        p.close()
