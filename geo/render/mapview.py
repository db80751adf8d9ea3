"""The catalogue as an offline Leaflet map, built the folium way: one element per map concept,
each with its own template beside this module (``templates/map/``).

:class:`MapPage` (the document: language, title, skip link, header, landmarks), :class:`MinemapsMap`
(the Leaflet map), :class:`OfflineAssets` (Leaflet inlined from npm), :class:`DistrictLayer`,
:class:`ClaimLayer`, :class:`IncidentLayer`, :class:`Legend`, :class:`LayerControl`,
:class:`Panel` (time control and keyboard lists) and :class:`Behaviour` (popups, keyboard, time,
metric). Every text reaches the page through autoescaped templates or ``tojson``.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import folium
from branca.element import Figure

from ..choices import TILES
from ..errors import UsageError
from ..model import figure_text
from . import colours
from .cards import KIND_LABELS, card, date_text, summary, what_text, where_text
from .templating import RawMacro, template

if TYPE_CHECKING:  # pragma: no cover
    from ..attach import Attached
    from ..catalogue import Catalogue

__all__ = ["DEFAULT_TITLE", "AGGREGATE_ABOVE", "Behaviour", "ClaimLayer", "DistrictLayer", "IncidentLayer",
           "LayerControl", "Legend", "MapPage", "MinemapsMap", "OfflineAssets", "Panel", "build_map",
           "districts_map", "map_html", "write_map"]

DEFAULT_TITLE = "Minefield maps handed over after the 2020 Karabakh war"
#: Above this many records the map draws per-district aggregates instead of one layer per record.
AGGREGATE_ABOVE = 500
#: Display geometry: coverage-preserving simplification (degrees) and decimals kept (~10 m).
SIMPLIFY = 0.0008
DECIMALS = 4
DISTRICT_FILL = "#f4f1ea"


class MapPage(Figure):
    """The HTML document: ``lang``, ``<title>``, skip link, ``<header>`` with the one ``<h1>``,
    ``<main>`` around the map and its panel, ``<footer>``."""

    def __init__(self, title: str, lede: str = "", footer: str = "", lang: str = "en"):
        super().__init__(title=title)
        self._template = template("map/page.html.j2")
        self.lang, self.lede, self.footer = lang, lede, footer


class MinemapsMap(folium.Map):
    """folium's Map with an accessible container (a named region) and a viewport that lets people
    zoom the page; no tiles, nothing fetched."""

    def __init__(self, bounds, *, label: str, attribution: str):
        super().__init__(location=[(bounds[1] + bounds[3]) / 2, (bounds[0] + bounds[2]) / 2], tiles=None,
                         zoom_control=True, control_scale=False, prefer_canvas=False)
        self._template = template("map/map.j2")
        self.default_js, self.default_css = [], []
        self.label, self.attribution = label, attribution
        self.bounds = [[bounds[1], bounds[0]], [bounds[3], bounds[2]]]
        self.map_options = {"zoomControl": True, "keyboard": True, "tap": False}

    def render(self, **kwargs):  # the figure's own header/html/script, never compiled twice
        RawMacro.render(self, **kwargs)


class OfflineAssets(RawMacro):
    """Leaflet's CSS and JS (with its licence) and the page's CSS, inlined: no CDN, works from file://."""

    template_name = "map/assets.j2"

    def __init__(self):
        from .. import offline

        super().__init__()
        self.licence = offline.licence_notice()
        self.leaflet_css = offline.leaflet_css()
        self.leaflet_js = offline.leaflet_js()
        self.css = (Path(__file__).parent / "templates" / "map.css").read_text(encoding="utf-8")


class DistrictLayer(RawMacro):
    """The district polygons: neutral fill, a tooltip with both names, a popup listing the district's
    records; not a keyboard stop (the panel's lists and the dashboard's tables carry the same)."""

    template_name = "map/districts.js.j2"

    def __init__(self, data: dict, layer_name: str):
        super().__init__()
        self.data, self.layer_name = data, layer_name


class ClaimLayer(RawMacro):
    """One area per hand-over with districts (a claim over several districts is one area), filled
    by its colour class, with one label."""

    template_name = "map/claims.js.j2"

    def __init__(self, claims: list[dict], layer_name: str):
        super().__init__()
        self.claims, self.layer_name = claims, layer_name


class IncidentLayer(RawMacro):
    """Mine incidents as circle markers sized by casualties."""

    template_name = "map/incidents.js.j2"

    def __init__(self, incidents: list[dict], layer_name: str):
        super().__init__()
        self.incidents, self.layer_name = incidents, layer_name


class Legend(RawMacro):
    """Colour classes as drawn (swatch = fill), the metric switch, the marker key."""

    template_name = "map/legend.j2"

    def __init__(self, html: str):
        super().__init__()
        self.html = html


class LayerControl(RawMacro):
    """Leaflet's layer control over the overlays the layers registered (collapsed on narrow screens)."""

    template_name = "map/layers.js.j2"

    def __init__(self, collapsed: bool = True):
        super().__init__()
        self.collapsed = collapsed


class Panel(RawMacro):
    """Beside the map: the time control, a keyboard list of the claims and incidents, and the
    hand-overs with no district."""

    template_name = "map/panel.html.j2"

    def __init__(self, *, dates, date_labels, claims, incidents, region, cards, note=""):
        super().__init__()
        self.dates, self.date_labels = dates, date_labels
        self.claims, self.incidents, self.region, self.cards, self.note = claims, incidents, region, cards, note


class Behaviour(RawMacro):
    """Popups (focus in, Escape out), the claim list, the time control, the metric switch."""

    template_name = "map/app.js.j2"

    def __init__(self, config: dict):
        super().__init__()
        self.config = config


# ----------------------------------------------------------------------------- data for the layers


@lru_cache(maxsize=4)
def _display_geometries(key: tuple):
    """Simplified (coverage-preserving) and rounded district geometries, by ISO code."""
    import numpy as np
    import shapely

    codes, wkbs = key
    geoms = shapely.from_wkb(list(wkbs))
    try:
        geoms = shapely.coverage_simplify(geoms, SIMPLIFY)
    except Exception:  # noqa: BLE001 - an invalid coverage (a user's layer) is drawn as it is
        pass
    geoms = shapely.transform(geoms, lambda xy: np.round(xy, DECIMALS))
    return dict(zip(codes, geoms))


def display_geometries(districts) -> dict:
    import shapely

    key = (tuple(districts["iso_code"]), tuple(shapely.to_wkb(districts.geometry.values)))
    return _display_geometries(key)


def _feature(geom, props: dict) -> dict:
    import shapely

    return {"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(geom)}


def _district_popup(popup, row, recs, names, link_records: bool) -> str:
    return str(popup.render(
        row=row, items=[{"id": r.id, "kind": KIND_LABELS[r.kind], "date": date_text(r.date), "summary": summary(r, names)}
                        for r in recs], link_records=link_records))


#: How the pages credit the shipped boundary layer.
NATURAL_EARTH = "Natural Earth admin-1 (public domain), corrected"


def _page(title: str, lede: str, footer: str, bounds, label: str, attribution: str,
          tiles: str = "none") -> tuple[MapPage, MinemapsMap]:
    """A map page with its map: Leaflet inlined, and OpenStreetMap tiles only when asked for."""
    page = MapPage(title, lede=lede, footer=footer)
    m = MinemapsMap(bounds, label=label, attribution=attribution)
    page.add_child(m)
    OfflineAssets().add_to(m)
    if tiles == "osm":
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)").add_to(m)
    return page, m


def build_map(catalogue: Catalogue, attached: Attached, *, tiles: str = "none", title: str = DEFAULT_TITLE,
              boundary_source: str | None = None, links: bool = False, sources=None,
              footer: str = "") -> MapPage:
    """The catalogue as an offline map page (nothing is fetched when ``tiles='none'``).

    ``links``: cards link to the dashboard (``index.html#rec-…``) and to the source pages of a
    build; ``sources`` (a :class:`geo.render.viewer.SourcePages`) gives those pages.
    """
    import pandas as pd
    import shapely

    if tiles not in TILES:
        raise UsageError(f"tiles must be one of {', '.join(TILES)}, got {tiles!r}")
    if len(catalogue) > AGGREGATE_ABOVE:
        return _aggregate_map(catalogue, attached, tiles=tiles, title=title, boundary_source=boundary_source)
    d = attached.districts
    names = dict(zip(d["iso_code"], d["name_en"]))
    src = boundary_source or NATURAL_EARTH
    records = list(catalogue)
    labels = {r.id: f"{date_text(r.date)}: {summary(r, names)}" for r in records}
    disclosures = [r for r in records if r.kind == "map_disclosure"]
    lede = (f"{len(disclosures)} hand-overs of minefield maps and {sum(r.kind == 'incident' for r in records)} "
            "mine incidents, each from quoted sources. Statements on the maps and casualty totals are on the dashboard.")
    focus = {c for r in records if r.kind in ("map_disclosure", "incident") for c in r.districts}
    bounds = d[d["iso_code"].isin(focus)].total_bounds if focus else d.total_bounds
    page, m = _page(f"{title}: map", lede, footer or (
        f"Boundaries: {src}. Internationally recognised borders; the borders of this region are disputed. "
        "Leaflet (BSD-2-Clause) is inlined; no tiles are loaded unless asked for."),
        bounds, f"Map of {len(disclosures)} hand-overs and the incidents", f"Boundaries: {src}", tiles)

    shapes = display_geometries(d)
    by_district: dict[str, list] = {}
    for r in records:
        for c in r.districts:
            by_district.setdefault(c, []).append(r)
    cards: dict[str, str] = {}
    feats = []
    popup = template("map/district_popup.html.j2")
    for row in d.itertuples(index=False):
        recs = by_district.get(row.iso_code, [])
        feats.append(_feature(shapes[row.iso_code], {
            "iso_code": row.iso_code, "has": bool(recs),
            "tooltip": _html_text(f"{row.name_en} · {row.name_az}" + (f": {len(recs)} record(s)" if recs else ""))}))
        cards[f"district:{row.iso_code}"] = _district_popup(popup, row, recs, names, links)
    DistrictLayer({"type": "FeatureCollection", "features": feats}, "Districts").add_to(m)

    card_macro = template("cards.html.j2").module.card

    def card_html(r):
        view = card(r, names, links=sources if links else None, labels=labels)
        return str(card_macro(view, heading="h2", target="_top", record_href="index.html#rec-" if links else None))

    # hand-overs with districts: one area each, coloured by class
    claims_rows = attached.claims
    on_map = [r for r in disclosures if r.districts]
    mines = colours.classify([r.mines_claimed for r in on_map])
    dens_of = dict(zip(claims_rows["id"], claims_rows["mines_per_km2"].astype(object)))
    dens_of = {k: (None if pd.isna(v) else float(v)) for k, v in dens_of.items()}
    density = colours.classify([dens_of.get(r.id) for r in on_map], decimals=1)
    claim_items, claim_list = [], []
    for r in on_map:
        geom = shapely.union_all([shapes[c] for c in r.districts])
        where = where_text(r, names)
        figure = what_text(r)
        mines_text = figure_text(r, "mines_claimed")
        claim_items.append({
            "id": r.id, "date": r.date, "geometry": shapely.geometry.mapping(geom),
            "label": _html_text(f"{mines_text} mines ({where})") if mines_text else None,
            "fill": {"mines": mines.colour(r.mines_claimed), "density": density.colour(dens_of.get(r.id))},
        })
        claim_list.append({"id": r.id, "date": r.date, "name": f"{where}: {figure}, 1 disclosure ({date_text(r.date)})"})
        cards[r.id] = card_html(r)
    if claim_items:
        ClaimLayer(claim_items, "Hand-overs with districts").add_to(m)

    incidents = [r for r in records if r.kind == "incident" and r.districts]
    inc_items, inc_list = [], []
    seen: dict[tuple, int] = {}
    for r in incidents:
        key = tuple(r.districts)
        k = seen[key] = seen.get(key, -1) + 1
        pt = _spread(shapely.union_all([shapes[c] for c in r.districts]).representative_point(), k)
        casualties = (r.killed or 0) + (r.injured or 0)
        text = summary(r, names)
        inc_items.append({"id": r.id, "date": r.date, "lat": round(pt.y, DECIMALS), "lon": round(pt.x, DECIMALS),
                          "radius": min(5 + casualties, 12), "label": _html_text(f"Incident, {date_text(r.date)}: {text}")})
        inc_list.append({"id": r.id, "date": r.date,
                         "name": f"{where_text(r, names)}, {date_text(r.date)}: {what_text(r)}"})
        cards[r.id] = card_html(r)
    if inc_items:
        IncidentLayer(inc_items, "Incidents").add_to(m)

    region = [r for r in disclosures if not r.districts]
    region_items = [{"id": r.id, "date": r.date, "date_label": date_text(r.date), "summary": summary(r, names)}
                    for r in region]
    region_cards = {r.id: raw_html(card_html(r)) for r in region}  # in the panel, not in popups

    Legend(str(template("map/legend.html.j2").render(mines=mines, density=density, swatch=colours.NO_DATA,
                                                     has_incidents=bool(inc_items)))).add_to(m)
    LayerControl().add_to(m)
    timed_dates = sorted({r.date for r in on_map + incidents + region}) or ["0000"]
    date_labels = [date_text(x) for x in timed_dates]
    others = len(records) - len(on_map) - len(incidents) - len(region)
    Panel(dates=timed_dates, date_labels=date_labels, claims=claim_list, incidents=inc_list, region=region_items,
          cards=region_cards,
          note=(f"{others} more records (statements on the maps, casualty totals) have no place on the map: "
                "see the dashboard." if others else "")).add_to(m)
    Behaviour({"cards": cards, "dates": timed_dates, "date_labels": date_labels,
               "disclosures": [{"date": r.date, "mines": r.mines_claimed, "qualifier": r.mines_claimed_qualifier}
                               for r in disclosures]}).add_to(m)
    return page


def _aggregate_map(catalogue, attached, *, tiles, title, boundary_source) -> MapPage:
    """Above :data:`AGGREGATE_ABOVE` records: one shape per district, coloured by how many records
    concern it, with the counts in its popup: the page stays light whatever the number of records."""
    import pandas as pd

    d, s = attached.districts, attached.summary.set_index("iso_code")
    src = boundary_source or NATURAL_EARTH
    n = len(catalogue)
    region = int(attached.totals.get("region_level_records", 0))
    counts = {code: int(row.disclosures + row.incidents + row.statements) for code, row in s.iterrows()}
    classes = colours.classify([v for v in counts.values() if v], decimals=0)
    page, m = _page(f"{title}: map", f"{n:,} records, drawn per district: too many to draw one by one.",
                    f"Boundaries: {src}. Internationally recognised borders; the borders of this region are "
                    "disputed. Leaflet (BSD-2-Clause) is inlined.",
                    d.total_bounds, f"Map of {n:,} records per district", f"Boundaries: {src}", tiles)
    shapes = display_geometries(d)
    popup = template("map/aggregate_popup.html.j2")
    feats, cards = [], {}
    for row in d.itertuples(index=False):
        agg = {k: (None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v)
               for k, v in s.loc[row.iso_code].items() if k != "geometry"}
        total = counts.get(row.iso_code, 0)
        feats.append(_feature(shapes[row.iso_code], {
            "iso_code": row.iso_code, "tooltip": _html_text(f"{row.name_en}: {total:,} records"),
            "fill": classes.colour(total) if total else DISTRICT_FILL}))
        cards[f"district:{row.iso_code}"] = str(popup.render(row=row, agg=agg, total=total))
    ValuesLayer({"type": "FeatureCollection", "features": feats}, popups=True).add_to(m)
    Legend(str(template("map/values_legend.html.j2").render(title="Records per district", classes=classes))).add_to(m)
    Panel(dates=[], date_labels=[], claims=[], incidents=[], region=[], cards={},
          note=(f"{n:,} records; {region:,} name no district. Each district's popup gives its counts; every record "
                "is listed on the dashboard and in the exports.")).add_to(m)
    Behaviour({"cards": cards, "dates": [], "date_labels": [], "disclosures": []}).add_to(m)
    return page


def _spread(point, k: int):
    """The k-th incident of one place, set on a small ring around it (about 4 km) so markers do not
    hide each other; the first stays on the place."""
    import shapely

    if k == 0:
        return point
    angle = 2.399963 * k  # the golden angle: even spread for any count
    r = 0.035 * math.sqrt(k)
    return shapely.Point(point.x + r * math.cos(angle), point.y + r * math.sin(angle))


def _html_text(text: str) -> str:
    """Plain text made safe for Leaflet, which sets tooltip content as HTML."""
    from markupsafe import escape

    return str(escape(text))


def raw_html(markup: str):
    from markupsafe import Markup

    return Markup(markup)


def map_html(page) -> str:
    """Render a map page to one self-contained HTML string."""
    return page.render()


def write_map(path: str | Path, html_text: str) -> Path:
    """Write atomically: a failed write never leaves a half-written file."""
    from ..atomic import atomic_write

    return atomic_write(path, html_text)


def districts_map(districts, highlight: dict[str, str] | None = None, *, title: str = "District boundaries",
                  values: dict[str, float] | None = None, value_label: str = ""):
    """A plain offline map of the district layer; ``highlight`` maps ISO codes to a note shown on
    them; ``values`` (ISO code → number, e.g. points per km² from :func:`geo.attach.points_summary`)
    colours the districts by class, with a legend: an aggregate that stays light however many
    points lie behind it."""
    highlight = highlight or {}
    classes = colours.classify(list(values.values()), decimals=2) if values else None
    page, m = _page(title, value_label or "", f"Boundaries: {NATURAL_EARTH}.", districts.total_bounds, title,
                    "Natural Earth admin-1, corrected")
    shapes = display_geometries(districts)
    feats = []
    for r in districts.itertuples(index=False):
        value = values.get(r.iso_code) if values is not None else None
        tip = f"{r.iso_code} · {r.name_en} · {r.name_az} · {r.area_km2:,.0f} km²"
        if values is not None:
            tip += f" · {value_label}: {value if value is not None else 0:,}"
        if r.iso_code in highlight:
            tip += f" · {highlight[r.iso_code]}"
        fill = classes.colour(value) if classes else ("#d7301f" if r.iso_code in highlight else DISTRICT_FILL)
        feats.append(_feature(shapes[r.iso_code], {"iso_code": r.iso_code, "tooltip": _html_text(tip), "fill": fill}))
    ValuesLayer({"type": "FeatureCollection", "features": feats}).add_to(m)
    if classes is not None:
        Legend(str(template("map/values_legend.html.j2").render(title=value_label or title, classes=classes))).add_to(m)
    return page


class ValuesLayer(RawMacro):
    """Districts filled by a value class (:func:`districts_map`, the aggregate map), with their
    popups when ``popups``."""

    template_name = "map/values.js.j2"

    def __init__(self, data: dict, popups: bool = False):
        super().__init__()
        self.data, self.popups = data, popups
