"""Interactive, offline Leaflet maps of the catalogue (folium), as one self-contained HTML file.

One class per map concept, as in folium: :class:`OfflineAssets` inlines Leaflet,
:class:`MapControls` adds the title, legend (with the mines / mines-per-km² toggle), time
control and the side panel of region-level records. Every popup and tooltip is built from
escaped fragments (:mod:`geo.fragments`) and reaches the page as JSON that Jinja's ``tojson``
makes safe inside ``<script>``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from .attach import Attached
from .catalogue import Catalogue
from .choices import TILES
from .errors import UsageError
from .fragments import e, raw_element, record_card, record_summary

if TYPE_CHECKING:  # pragma: no cover
    import folium

__all__ = ["COLORS", "TILES", "build_map", "districts_map", "map_html", "write_map"]

#: ColorBrewer YlOrRd, 5 classes: sequential and colour-blind safe.
COLORS = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]
DEFAULT_TITLE = "Minefield maps handed over after the 2020 Karabakh war"

_MAP_CSS = """
.leaflet-interactive:focus { outline: none; }
.mm-panel { background: #fff; padding: 6px 10px; border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.35);
  font: 13px/1.35 system-ui, sans-serif; max-width: 320px; }
.mm-title { font-weight: 600; font-size: 15px; }
.mm-legend i { display: inline-block; width: 16px; height: 12px; margin-right: 6px; border: 1px solid #999; vertical-align: middle; }
.mm-side { max-height: 45vh; overflow: auto; }
.mm-side li.mm-future { opacity: .35; }
.mm-time input { width: 220px; }
.mm-label { background: rgba(255,255,255,.85); border: 1px solid #555; font-weight: 600; }
.mm-card { margin: 4px 0 8px; } .mm-card q { font-style: italic; }
.mm-sources { padding-left: 16px; margin: 4px 0; } .mm-shared { color: #8a2b00; }
.leaflet-popup-content { max-height: 360px; overflow: auto; }
@media (max-width: 600px) {
  .mm-panel, .leaflet-control-layers { max-width: 170px; font-size: 11px; line-height: 1.25; }
  .leaflet-control-layers, .mm-side { max-height: 22vh; overflow: auto; }
  .mm-legend div[data-metric] div, .mm-legend small { font-size: 10px; }
  .mm-time input { width: 120px; } .mm-title { display: none; }
  .leaflet-control-attribution { font-size: 9px; max-width: 60vw; }
}
"""


def _nice_breaks(vmax: float, n: int = len(COLORS)) -> list[float]:
    """Upper bounds of ``n`` equal classes with a round step: 97,000 → 20k, 40k, ... 100k."""
    if not vmax or vmax <= 0:
        return [1.0 * (i + 1) for i in range(n)]
    raw = vmax / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return [step * (i + 1) for i in range(n)]


def _color(value, breaks: list[float]) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "#cccccc"
    for color, hi in zip(COLORS, breaks):
        if value <= hi:
            return color
    return COLORS[-1]


def _legend_classes(breaks: list[float], fmt: str) -> str:
    """One legend row per colour class: swatch and 'low–high'."""
    lows = [0.0, *breaks[:-1]]
    return "".join(f'<div><i style="background:{c}"></i>{e(fmt.format(lo))}–{e(fmt.format(hi))}</div>'
                   for c, lo, hi in zip(COLORS, lows, breaks))


def _macro(template: str, **attrs):
    """A branca MacroElement rendering ``template`` (Jinja, ``this`` = the element)."""
    from branca.element import MacroElement
    from jinja2 import Template

    el = MacroElement()
    el._template = Template(template)
    for k, v in attrs.items():
        setattr(el, k, v)
    return el


class OfflineAssets:
    """Replaces folium's CDN links with Leaflet's JS/CSS inlined from the npm package."""

    def __init__(self, m: folium.Map):
        from . import offline

        m.default_js = []
        m.default_css = []
        root = m.get_root()
        root.header.add_child(raw_element(
            f"<!-- Leaflet 1.9 (BSD-2-Clause), inlined for offline use:\n{offline.licence_notice()}\n-->\n"
            f"<style>{offline.leaflet_css()}</style>\n<script>{offline.leaflet_js()}</script>\n"
            f"<style>{_MAP_CSS}</style>"
        ), name="minemaps_offline_assets")


class MapControls:
    """Title, legend with metric toggle, time control, side panel; exposes ``window.minemaps``."""

    TEMPLATE = """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this.map_name }};
  var cfg = {{ this.config|tojson }};
  var mm = window.minemaps = {map: map, districts: {{ this.districts_name }}, claims: [], timed: [], metric: "mines", date: null};
  {% for c in this.claims %}mm.claims.push({{ c }});{% endfor %}
  {% for t in this.timed %}mm.timed.push({layer: {{ t[0] }}, date: {{ t[1]|tojson }}});{% endfor %}
  function panel(pos, cls, html) {
    var c = L.control({position: pos});
    c.onAdd = function () { var d = L.DomUtil.create("div", "mm-panel " + cls); d.innerHTML = html;
      L.DomEvent.disableClickPropagation(d); L.DomEvent.disableScrollPropagation(d); return d; };
    c.addTo(map); return c.getContainer();
  }
  panel("topleft", "mm-title", cfg.title_html);
  var legend = panel("bottomright", "mm-legend", cfg.legend_html);
  var side = panel("topright", "mm-side", cfg.side_html);
  var time = panel("bottomleft", "mm-time", cfg.time_html);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(cfg.attribution_html);

  function restyle() {
    var key = mm.metric === "mines" ? "_fill_mines" : "_fill_density";
    mm.claims.forEach(function (g) { g.setStyle(function (f) { return {fillColor: f.properties[key]}; }); });
    legend.querySelectorAll("[data-metric]").forEach(function (el) {
      el.style.display = el.getAttribute("data-metric") === mm.metric ? "" : "none"; });
  }
  legend.querySelectorAll("input[name=mm-metric]").forEach(function (r) {
    r.addEventListener("change", function () { mm.metric = r.value; restyle(); }); });

  var slider = time.querySelector("input"), out = time.querySelector("output");
  mm.setDate = function (iso) {
    mm.date = iso; var shown = 0, mines = 0;
    mm.timed.forEach(function (t) {
      var on = t.date <= iso;
      if (on && !map.hasLayer(t.layer)) { map.addLayer(t.layer); }
      if (!on && map.hasLayer(t.layer)) { map.removeLayer(t.layer); }
    });
    cfg.disclosures.forEach(function (d) { if (d.date <= iso) { shown += 1; mines += d.mines || 0; } });
    side.querySelectorAll("li[data-date]").forEach(function (li) {
      li.classList.toggle("mm-future", li.getAttribute("data-date") > iso); });
    out.textContent = "As of " + iso + ": " + shown + " disclosure(s), " + mines.toLocaleString("en-US") + " mines claimed";
  };
  slider.addEventListener("input", function () { mm.setDate(cfg.dates[+slider.value]); });
  L.DomEvent.disableClickPropagation(time);
  mm.setDate(cfg.dates[cfg.dates.length - 1]);
  restyle();
})();
{% endmacro %}
"""

    def __init__(self, m, *, districts_name, claims, timed, config):
        self.element = _macro(self.TEMPLATE, map_name=m.get_name(), districts_name=districts_name,
                              claims=claims, timed=timed, config=config)
        m.add_child(self.element, name="minemaps_controls")


def _district_popup(row, records_on: list, names: dict[str, str]) -> str:
    head = (f"<b>{e(row.name_en)}</b> · {e(row.name_az)}<br><small>{e(row.iso_code)} · {e(row.kind)} · "
            f"{e(row.economic_region)} economic region · {e(f'{row.area_km2:,.0f}')} km²</small>")
    body = "".join(record_card(r, names) for r in records_on) or "<div><i>No records for this district.</i></div>"
    return head + body


def _feature_collection(gdf, props) -> dict:
    import shapely.geometry

    feats = []
    for i, geom in enumerate(gdf.geometry):
        feats.append({"type": "Feature", "properties": props[i], "geometry": shapely.geometry.mapping(geom)})
    return {"type": "FeatureCollection", "features": feats}


def _round_geojson(obj, nd: int = 5):
    if isinstance(obj, float):
        return round(obj, nd)
    if isinstance(obj, (list, tuple)):
        return [_round_geojson(o, nd) for o in obj]
    if isinstance(obj, dict):
        return {k: _round_geojson(v, nd) for k, v in obj.items()}
    return obj


def build_map(catalogue: Catalogue, attached: Attached, *, tiles: str = "none",
              title: str = DEFAULT_TITLE, boundary_source: str | None = None) -> folium.Map:
    """The catalogue as a folium map (nothing is fetched when ``tiles='none'``)."""
    import folium
    import pandas as pd
    from folium.utilities import JsCode

    if tiles not in TILES:
        raise UsageError(f"tiles must be one of {', '.join(TILES)}, got {tiles!r}")
    d = attached.districts
    names = dict(zip(d["iso_code"], d["name_en"]))
    minx, miny, maxx, maxy = d.total_bounds
    m = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=8, tiles=None,
                   control_scale=True, prefer_canvas=False, zoom_control=True)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    OfflineAssets(m)
    if tiles == "osm":
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)").add_to(m)

    bind = JsCode("""function (feature, layer) {
        var p = feature.properties;
        if (p._popup) { layer.bindPopup(p._popup, {maxWidth: 380}); }
        if (p._label) { layer.bindTooltip(p._label, {permanent: true, direction: "center", className: "mm-label"}); }
        else if (p._tooltip) { layer.bindTooltip(p._tooltip, {sticky: true}); }
    }""")

    # districts: neutral base layer, popups list every record on the district
    by_district: dict[str, list] = {}
    for r in catalogue:
        for c in r.districts:
            by_district.setdefault(c, []).append(r)
    props = []
    for row in d.itertuples(index=False):
        recs = by_district.get(row.iso_code, [])
        props.append({
            "iso_code": row.iso_code,
            "_tooltip": f"{e(row.name_en)} · {e(row.name_az)}" + (f" — {len(recs)} record(s)" if recs else ""),
            "_popup": _district_popup(row, recs, names),
            "_has": bool(recs),
        })
    districts_layer = folium.GeoJson(
        _round_geojson(_feature_collection(d, props)), name="Districts (Natural Earth, corrected)",
        style_function=lambda f: {"className": "mm-district", "color": "#555" if f["properties"]["_has"] else "#999",
                                  "weight": 1.2 if f["properties"]["_has"] else 0.6,
                                  "fillColor": "#f4f1ea", "fillOpacity": 0.6},
        highlight_function=lambda f: {"weight": 2.5, "color": "#222"},
        on_each_feature=bind, zoom_on_click=False,
    )
    districts_layer.add_to(m)

    # one layer per disclosure, coloured by its claim; incidents together
    claims = attached.claims
    disc = claims[claims["kind"] == "map_disclosure"]
    br_mines = _nice_breaks(float(disc["mines_claimed"].max()) if disc["mines_claimed"].notna().any() else 0)
    br_dens = _nice_breaks(float(disc["mines_per_km2"].max()) if disc["mines_per_km2"].notna().any() else 0)
    claim_names, timed = [], []
    recs_by_id = {r.id: r for r in catalogue}
    for idx, row in disc.iterrows():
        rec = recs_by_id[row["id"]]
        mines = None if pd.isna(row["mines_claimed"]) else int(row["mines_claimed"])
        dens = None if mines is None else float(row["mines_per_km2"])
        label = row["label"]
        fg = folium.FeatureGroup(name=f"Disclosure {rec.date}: {e(label)}", show=True)
        prop = {
            "id": rec.id, "_label": e(label),
            "_popup": f"<b>{e(label)}</b>" + record_card(rec, names)
                      + (f"<small>Claim area {e(f'{row.area_km2:,.0f}')} km² · {e(f'{dens:,.1f}')} mines/km²</small>" if dens else ""),
            "_fill_mines": _color(mines, br_mines), "_fill_density": _color(dens, br_dens),
        }
        hull_layer = None
        if len(rec.districts) > 1:  # one claim over several districts: one dashed outline, one label
            hull = disc.loc[[idx]].copy()
            hull["geometry"] = hull.geometry.convex_hull
            hull_layer = folium.GeoJson(
                _round_geojson(_feature_collection(hull, [{"_label": prop.pop("_label")}])), control=False,
                style_function=lambda f: {"className": "mm-claim-outline", "color": "#222", "weight": 2,
                                          "dashArray": "6 5", "fill": False, "interactive": False},
                on_each_feature=bind,
            )
        gj = folium.GeoJson(
            _round_geojson(_feature_collection(disc.loc[[idx]], [prop])), name=None, control=False,
            style_function=lambda f: {"className": "mm-claim", "color": "#222", "weight": 2.5, "dashArray": None,
                                      "fillColor": f["properties"]["_fill_mines"], "fillOpacity": 0.75},
            on_each_feature=bind, zoom_on_click=False,
        )
        gj.add_to(fg)
        if hull_layer is not None:
            hull_layer.add_to(fg)
        fg.add_to(m)
        claim_names.append(gj.get_name())
        timed.append((fg.get_name(), rec.date))

    incidents = [r for r in catalogue if r.kind == "incident" and r.districts]
    if incidents:
        import geopandas as gpd

        inc = claims[claims["kind"] == "incident"].copy()
        pts = gpd.GeoDataFrame(inc, geometry=inc.geometry.representative_point(), crs=inc.crs)
        for idx, row in pts.iterrows():
            rec = recs_by_id[row["id"]]
            casualties = (rec.killed or 0) + (rec.injured or 0)
            fg = folium.FeatureGroup(name=f"Incident {rec.date}: {e(record_summary(rec, names))}", show=True)
            prop = {"id": rec.id, "_tooltip": e(f"Incident {rec.date}: {record_summary(rec, names)}"),
                    "_popup": record_card(rec, names)}
            folium.GeoJson(
                _feature_collection(pts.loc[[idx]], [prop]), control=False,
                marker=folium.CircleMarker(radius=7 + 2 * casualties, color="#2b0a3d", weight=2,
                                           fill_color="#7b3294", fill_opacity=0.85),
                style_function=lambda f: {"className": "mm-incident"},
                on_each_feature=bind,
            ).add_to(fg)
            fg.add_to(m)
            timed.append((fg.get_name(), rec.date))

    folium.LayerControl(collapsed=False, position="topright").add_to(m)

    region = sorted((r for r in catalogue if not r.districts), key=lambda r: r.date)
    side_items = "".join(
        f'<li data-date="{e(r.date)}"><details><summary>{e(r.date)} · {e(r.kind.replace("_", " "))}: '
        f"{e(record_summary(r, names))}</summary>{record_card(r, names)}</details></li>"
        for r in region
    )
    side_html = (f"<details open><summary><b>Records with no district</b> ({len(region)})</summary>"
                 f'<ul class="mm-region" style="padding-left:16px;margin:4px 0">{side_items}</ul></details>')
    dates = sorted({r.date for r in catalogue}) or ["0000"]
    legend_rows = []
    for metric, breaks, unit, fmt in (("mines", br_mines, "mines claimed per claim", "{:,.0f}"),
                                       ("density", br_dens, "mines claimed per km² of the claim", "{:,.1f}")):
        legend_rows.append(f'<div data-metric="{metric}"><small>{e(unit)}</small>{_legend_classes(breaks, fmt)}</div>')
    legend_html = (
        "<b>Claimed mines</b><br>"
        '<label><input type="radio" name="mm-metric" value="mines" checked> mines</label> '
        '<label><input type="radio" name="mm-metric" value="density"> mines per km²</label>'
        + "".join(legend_rows)
        + '<div><small>A claim over several districts is one area with one figure.</small></div>'
        + '<div><i style="background:#7b3294;border-radius:50%"></i>incident (size: casualties)</div>'
    )
    src = boundary_source or "Natural Earth admin-1 (public domain), corrected"
    config = {
        "title_html": f"{e(title)}<br><small>{len(catalogue)} records · sources quoted in every popup</small>",
        "legend_html": legend_html,
        "side_html": side_html,
        "time_html": (f'<label>Time <input type="range" min="0" max="{len(dates) - 1}" step="1" '
                      f'value="{len(dates) - 1}" aria-label="Show disclosures as of date"></label><br><output></output>'),
        "attribution_html": e(f"Boundaries: {src}; internationally recognised borders (disputed)"),
        "dates": dates,
        "disclosures": [{"date": r.date, "mines": r.mines_claimed} for r in catalogue if r.kind == "map_disclosure"],
    }
    MapControls(m, districts_name=districts_layer.get_name(), claims=claim_names, timed=timed, config=config)
    return m


def map_html(m: folium.Map) -> str:
    """Render a map to one self-contained HTML string."""
    return m.get_root().render()


def write_map(path: str | Path, html_text: str) -> Path:
    """Write atomically: a failed write never leaves a half-written file."""
    from .atomic import atomic_write

    return atomic_write(path, html_text)


def districts_map(districts, highlight: dict[str, str] | None = None, *, title: str = "District boundaries",
                  values: dict[str, float] | None = None, value_label: str = ""):
    """A plain offline map of the district layer; ``highlight`` maps ISO codes to a note shown on
    them; ``values`` (ISO code → number, e.g. points per km² from :func:`geo.attach.points_summary`)
    colours the districts (YlOrRd) — an aggregate that stays light however many points lie behind it."""
    import folium
    from folium.utilities import JsCode

    highlight = highlight or {}
    breaks = _nice_breaks(max(values.values(), default=0)) if values else []
    minx, miny, maxx, maxy = districts.total_bounds
    m = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=7, tiles=None, control_scale=True)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    OfflineAssets(m)

    def fill(code):
        if values is not None:
            return _color(values.get(code), breaks)
        return "#d7301f" if code in highlight else "#f4f1ea"

    props = [{
        "_tooltip": f"{e(r.iso_code)} · {e(r.name_en)} · {e(r.name_az)} · {e(f'{r.area_km2:,.0f}')} km²"
                    + (f"<br>{e(value_label)}: {e(f'{values.get(r.iso_code, 0):,}')}" if values is not None else "")
                    + (f"<br><b>{e(highlight[r.iso_code])}</b>" if r.iso_code in highlight else ""),
        "_fill": fill(r.iso_code),
    } for r in districts.itertuples(index=False)]
    folium.GeoJson(
        _round_geojson(_feature_collection(districts, props)), name=e(title),
        style_function=lambda f: {"className": "mm-district", "color": "#444", "weight": 0.7,
                                  "fillColor": f["properties"]["_fill"], "fillOpacity": 0.7},
        on_each_feature=JsCode("function (f, l) { l.bindTooltip(f.properties._tooltip, {sticky: true}); }"),
    ).add_to(m)
    if values is not None:  # a static legend: the classes and what they count
        rows = _legend_classes(breaks, "{:,g}")
        m.get_root().html.add_child(raw_element(
            '<div class="mm-legend" style="position:absolute;right:10px;bottom:24px;z-index:1000;'
            'background:#fff;padding:6px 8px;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);font:12px sans-serif">'
            f"<b>{e(value_label or title)}</b>{rows}</div>"), name="mm_values_legend")
    return m
