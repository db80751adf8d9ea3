"""The dashboard page: the map, the summary tables, the sources with their quotes, a footer.

Rendering only: it takes a built folium map and already-computed tables and returns HTML.
The page reuses the map's own document (so Leaflet stays inlined once) and adds its sections.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .catalogue import Catalogue
from .fragments import KIND_LABELS, e, raw_element, record_card
from .tables import to_html

__all__ = ["dashboard_html"]

_CSS = """
html, body { height: auto !important; margin: 0; }
body { display: flex; flex-direction: column; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: #1d1d1d; background: #fafafa; }
.mm-top { order: -1; padding: 12px 20px; background: #23313f; color: #fff; }
.mm-top h1 { font-size: 20px; margin: 0 0 4px; } .mm-top p { margin: 0; opacity: .9; font-size: 14px; }
.folium-map { order: 0; height: 72vh !important; min-height: 420px; width: 100% !important; }
.mm-main { order: 1; padding: 8px 20px 24px; max-width: 1200px; min-width: 0; overflow-wrap: anywhere; }
.mm-table td, .mm-table th { overflow-wrap: normal; }
.mm-main h2 { font-size: 18px; margin: 24px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.mm-scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
.mm-table { border-collapse: collapse; font-size: 13px; margin: 4px 0 12px; background: #fff; }
.mm-table caption { text-align: left; font-size: 12px; color: #555; caption-side: bottom; padding-top: 4px; }
.mm-table th, .mm-table td { border: 1px solid #ddd; padding: 4px 8px; vertical-align: top; text-align: left; }
.mm-table th { background: #eef1f4; } .mm-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
#mm-table-districts tr:last-child td { font-weight: 600; }
.mm-sourcelist .mm-card { background: #fff; border: 1px solid #e2e2e2; border-radius: 4px; padding: 8px 12px; }
.mm-footer { order: 2; overflow-wrap: anywhere; padding: 12px 20px 20px; font-size: 12px; color: #555; border-top: 1px solid #ddd; }
@media (max-width: 600px) { .folium-map { height: 60vh !important; } .mm-main, .mm-top, .mm-footer { padding-left: 10px; padding-right: 10px; } }
"""

CAPTIONS = {
    "districts": "Per district. Mines of a claim made over several districts appear under 'mines in shared claims' "
                 "on each of them but are counted once in the total row.",
    "disclosures": "Timeline of map disclosures.",
    "incidents": "Mine incidents (casualties as reported).",
    "statements": "Statements about the maps.",
}
TITLES = {"districts": "Districts", "disclosures": "Map disclosures", "incidents": "Incidents", "statements": "Statements"}


def dashboard_html(m, catalogue: Catalogue, tables: dict[str, pd.DataFrame], names: dict[str, str], *,
                   title: str, data_version: str, boundary_meta: dict, built: dt.datetime | None = None) -> str:
    """Add the dashboard sections to a built map's document and render the page."""
    built = built or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    root = m.get_root()
    root.header.add_child(raw_element(f"<style>{_CSS}</style>"), name="minemaps_dashboard_css")
    root.header.add_child(raw_element('<meta name="viewport" content="width=device-width, initial-scale=1">'), name="viewport")
    t = tables
    counts = {k: len(v) for k, v in t.items()}
    top = (f'<header class="mm-top"><h1>{e(title)}</h1><p>{len(catalogue)} records from '
           f"{len({s.document for r in catalogue for s in r.sources if s.kind == 'seed'})} source texts: "
           f"{counts['disclosures']} map disclosures, {counts['incidents']} incidents, {counts['statements']} statements. "
           "Every figure is traced to a quote.</p></header>")
    sections = []
    for key in ("districts", "disclosures", "incidents", "statements"):
        sections.append(f'<section id="mm-{key}"><h2>{e(TITLES[key])}</h2><div class="mm-scroll">'
                        f"{to_html(t[key], CAPTIONS[key], table_id=f'mm-table-{key}')}</div></section>")
    cards = "".join(f"<h3 id=\"rec-{e(r.id)}\" style=\"font-size:15px;margin:14px 0 4px\">{e(r.date)} · {e(KIND_LABELS[r.kind])} · "
                    f"<code>{e(r.id)}</code></h3>{record_card(r, names)}" for r in catalogue)
    sections.append(f'<section id="mm-sources" class="mm-sourcelist"><h2>Records and their sources</h2>{cards}</section>')
    src = boundary_meta.get("source", {})
    footer = (f'<footer class="mm-footer">Data version {e(data_version)} · built {e(built.isoformat())} · '
              f"Boundaries: {e(src.get('name', 'user-supplied layer'))}"
              f"{' (npm ' + e(src.get('npm_package')) + ' ' + e(src.get('version')) + ')' if src.get('npm_package') else ''}, "
              f"{e(boundary_meta.get('feature_count', ''))} features, corrected as documented. "
              f"{e(boundary_meta.get('point_of_view', ''))} "
              f"Licence: catalogue CC BY 4.0, boundaries {e(boundary_meta.get('licence', 'see source'))}, "
              "Leaflet BSD-2-Clause (licence text in this page's source).</footer>")
    root.html.add_child(raw_element(top), name="mm_top")
    root.html.add_child(raw_element(f'<main class="mm-main">{"".join(sections)}</main>'), name="mm_main")
    root.html.add_child(raw_element(footer), name="mm_footer")
    return root.render()
