"""The dashboard page (``index.html``): one autoescaped Jinja page that embeds the finished map as
it is (an inline document, ``<iframe srcdoc>``), then what is known and unknown, the timeline, the
casualty series, the assessments, the tables, every record with its sources, the source list and
the downloads.

Rendering only: it takes already-built pieces (the map page's HTML, the tables, the catalogue).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from ..attach import totals as catalogue_totals
from ..model import figure_text, qualified
from ..sources import short_quote
from .cards import card, date_text, summary
from .charts import casualty_series, timeline
from .templating import template

__all__ = ["LARGE_ABOVE", "dashboard_html", "known_lines", "records_js"]

#: Above this many records the cards leave the page for ``records.js`` beside it.
LARGE_ABOVE = 500
#: Rows a table shows on the page; the CSV beside it has them all.
TABLE_ROWS = 300
_NOWRAP = {"code", "date", "as_of", "period_start", "date_precision", "id", "first_date", "last_date"}
_TABLES = (("districts", "Districts", "Per district. A claim over several districts is shown on each of them "
                                      "(mines in shared claims); the totals table counts it once."),
           ("totals", "Totals", "Grand totals over records, each record once, with what each leaves out."),
           ("disclosures", "Hand-overs", "Every hand-over of maps, in date order."),
           ("incidents", "Incidents", "The most-reported mine incidents (casualties as reported)."))


def _table_view(df: pd.DataFrame, caption: str, table_id: str, title: str = "") -> dict:
    from ..tables import _cell, _numeric, display_frame

    shown = display_frame(df)
    links = [str(v) for v in shown["id"]] if "id" in shown else None
    shown = shown.drop(columns=["id"]) if "id" in shown else shown
    cols = [str(c) for c in shown.columns]
    numeric = _numeric(shown)
    rows = [[_cell(v) for v in row] for row in shown.itertuples(index=False)]
    return {"id": table_id, "title": title, "caption": caption, "columns": cols, "rows": rows, "links": links,
            "numeric": numeric, "nowrap": [c in _NOWRAP for c in cols]}


def _assessments(records, names) -> pd.DataFrame:
    rows = []
    for r in records:
        if r.kind != "statement":
            continue
        figs = []
        for f, label in (("accuracy_percent", "accuracy"), ("mines_on_maps", "mines on the maps"),
                         ("mines_laid_estimate", "mines laid (estimate)"),
                         ("share_outside_mapped_percent", "incidents outside mapped areas"),
                         ("handovers_count", "hand-overs"), ("maps_count", "maps or forms")):
            text = figure_text(r, f)
            if text:
                figs.append(f"{label}: {text}")
        quote = next((s.quote_en or s.quote for s in r.sources if s.quote), "") or ""
        rows.append({"date": r.date, "party": r.from_party, "figures": "; ".join(figs) or None,
                     "quote": short_quote(quote, 220),
                     "confidence": r.confidence, "id": r.id})
    return pd.DataFrame(rows, columns=["date", "party", "figures", "quote", "confidence", "id"])


def _join(items: list[str], limit: int = 12) -> str:
    """'a, b and c'; a long list is cut: 'a, b, ... and 997 more'."""
    if len(items) > limit:
        return ", ".join(items[:3]) + f" and {len(items) - 3:,} more"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def known_lines(records, totals: dict, names: dict[str, str]) -> list[str]:
    """Plain sentences: what the catalogue holds, and what it leaves unknown."""
    lines = []
    disc = [r for r in records if r.kind == "map_disclosure"]
    if disc:
        low = [r for r in disc if r.confidence == "low"]
        acts = [r for r in disc if r.confidence != "low"]
        lines.append(f"{len(disc)} hand-overs of minefield maps are recorded: {len(acts)} attested "
                     f"({_join([date_text(r.date) for r in acts])})"
                     + (f", and {len(low)} claimed by one party alone, not confirmed "
                        f"({_join([date_text(r.date) for r in low])})." if low else "."))
        with_mines = [r for r in disc if r.mines_claimed is not None]
        if with_mines:
            total = qualified(f"{totals['mines_claimed']:,}", totals.get("mines_claimed_qualifier"))
            lines.append(f"Mines claimed are given for {len(with_mines):,} of the {len(disc):,} hand-overs: {total} in all ("
                         + _join([f"{figure_text(r, 'mines_claimed')} in "
                                  f"{' + '.join(names.get(c, c) for c in r.districts) or 'no district named'}"
                                  for r in with_mines]) + "), each claim counted once.")
        unknown = [r for r in disc if r.mines_claimed is None and r.confidence != "low"]
        if unknown:
            lines.append(f"Not known: the mines on the maps of {len(unknown)} hand-overs ("
                         f"{_join([date_text(r.date) for r in unknown])}); "
                         f"{sum(not r.districts for r in unknown)} of them name no district.")
    aggregates = [r for r in records if r.kind == "statement" and (r.maps_count is not None or r.handovers_count is not None
                                                                  or r.handovers_count_min is not None)]
    if aggregates and len(aggregates) <= 12:
        counts = []
        for r in aggregates:
            parts = [f"{figure_text(r, 'maps_count')} maps or forms" if r.maps_count is not None else None,
                     f"{figure_text(r, 'handovers_count')} hand-overs" if figure_text(r, "handovers_count") else None]
            counts.append(f"{r.from_party or 'a source'} ({date_text(r.date)}): " + " over ".join(p for p in parts if p))
        lines.append("What was handed over, as each side counts it: " + "; ".join(counts) + ".")
    acc = [r for r in records if r.kind == "statement" and figure_text(r, "accuracy_percent")]
    if acc and len(acc) <= 30:
        lines.append(f"Accuracy of the maps, as {len(acc)} statements give it: "
                     + "; ".join(f"{figure_text(r, 'accuracy_percent')} ({r.from_party}, {date_text(r.date)})"
                                 for r in acc) + ".")
    if totals.get("detainees_released_records"):
        lines.append(f"{totals['detainees_released']:,} detainees released in exchange for maps, over "
                     f"{totals['detainees_released_records']} hand-overs.")
    inc = [r for r in records if r.kind == "incident"]
    if inc:
        lines.append(f"{len(inc)} incidents are recorded here, the most reported ones ({totals['killed']:,} killed and "
                     f"{totals['injured']:,} injured where given): not the full count, which the casualty totals give.")
    running = [r for r in records if r.kind == "casualty_total" and r.victims is not None
               and (r.period_start or "")[:7] == "2020-11" and r.confidence != "low"]
    if running:
        last = max(running, key=lambda r: r.period_end)
        pubs = _join(sorted({s.publisher for s in last.sources if s.publisher}))
        lines.append(f"Latest running total: {figure_text(last, 'victims')} victims since 10 November 2020"
                     + (f" ({figure_text(last, 'killed')} killed, {figure_text(last, 'injured')} injured)"
                        if last.killed is not None and last.injured is not None else "")
                     + f", as of {date_text(last.period_end)}" + (f", reported by {pubs}." if pubs else "."))
    return lines


def records_js(records, names: dict[str, str]) -> str:
    """``records.js``: the records of a page too large to hold their cards, as data (the page
    shows the ones searched for, as text); ``<script src>`` loads it from file:// too."""
    data = []
    for r in records:
        quote = next((s.quote for s in r.sources if s.quote), "") or ""
        data.append({"id": r.id, "date": date_text(r.date), "kind": r.kind.replace("_", " "), "text": summary(r, names),
                     "quote": quote[:300], "source": next((s.publisher or s.document for s in r.sources), "")})
    return "window.MINEMAPS_RECORDS = " + json.dumps(data, ensure_ascii=False).replace("</", "<\\/") + ";\n"


_SEARCH_JS = """
(function () {
  var all = window.MINEMAPS_RECORDS || [], box = document.getElementById("mm-search"),
      out = document.getElementById("mm-found"), status = document.getElementById("mm-found-n");
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) { e.className = cls; }
    if (text) { e.textContent = text; } return e; }
  function show() {
    var q = box.value.toLowerCase(), hits = [];
    for (var i = 0; i < all.length && hits.length < 50; i++) {
      var r = all[i]; if (!q || (r.id + " " + r.text + " " + r.quote).toLowerCase().indexOf(q) >= 0) { hits.push(r); } }
    out.textContent = "";
    hits.forEach(function (r) { var a = el("article", "mm-card"); a.id = "rec-" + r.id;
      a.appendChild(el("h4", "mm-card-h", r.date + " · " + r.kind + " · " + r.id)); a.appendChild(el("p", "", r.text));
      if (r.quote) { a.appendChild(el("p", "", "“" + r.quote + "” (" + r.source + ")")); } out.appendChild(a); });
    status.textContent = hits.length ? "Showing " + hits.length + " record(s)" + (hits.length === 50 ? " (the first 50)" : "") : "No record found";
  }
  box.addEventListener("input", show); show();
})();
"""


def dashboard_html(map_html: str, catalogue, tables: dict[str, pd.DataFrame], names: dict[str, str], *, title: str,
                   data_version: str, boundary_meta: dict, sources=None, totals: dict | None = None,
                   downloads=(), built: dt.datetime | None = None) -> str:
    """The dashboard page; ``map_html`` is the finished map page, embedded as it is."""
    built = built or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    records = list(catalogue)
    large = len(records) > LARGE_ABOVE
    totals = totals if totals is not None else catalogue_totals(records)
    running, yearly = casualty_series(records, names)

    def cut(df: pd.DataFrame, name: str, caption: str) -> tuple[pd.DataFrame, str]:
        if len(df) <= TABLE_ROWS:
            return df, caption
        return df.head(TABLE_ROWS), f"{caption} The first {TABLE_ROWS} of {len(df):,} rows; all are in tables/{name}.csv."

    views = {
        "casualties": _table_view(*cut(tables["casualties"], "casualties", "Every casualty total, in date order "
                                       "(running figures over periods: never add them up)."), "mm-table-casualties"),
        "assessments": _table_view(*cut(_assessments(records, names), "statements", "Statements on the maps: "
                                        "accuracy, mines on the maps and laid, hand-overs counted."),
                                   "mm-table-assessments"),
        "others": [_table_view(*cut(tables[key], key, caption), f"mm-table-{key}", title_)
                   for key, title_, caption in _TABLES],
    }
    by_year: dict[str, list] = {}
    if not large:  # one card per record
        labels = {r.id: f"{date_text(r.date)}: {summary(r, names)}" for r in records}
        for r in records:
            by_year.setdefault(r.date[:4], []).append(card(r, names, links=sources, labels=labels))
    src_list = []
    if sources is not None:
        for page in sorted(sources.pages.values(), key=lambda p: (p.meta.get("published") or "", p.document)):
            src_list.append({"href": page.filename, "title": page.meta.get("title") or page.document,
                             "publisher": page.meta.get("publisher"), "published": page.meta.get("published"),
                             "language": page.meta.get("language") or "en", "url": page.meta.get("url"),
                             "records": len(page.records)})
    src = boundary_meta.get("source", {})
    css = (Path(__file__).parent / "templates" / "dashboard.css").read_text(encoding="utf-8")
    lede = (f"{len(records)} records, each traced to verbatim quotes in {len(src_list) or 'its'} source texts: "
            f"{totals['map_disclosures']} hand-overs of minefield maps, {totals['statements']} statements about them, "
            f"{totals['incidents']} mine incidents and {totals['casualty_totals']} official casualty totals. "
            "Where sources disagree, both are shown.")
    return template("dashboard.html.j2").render(
        title=title, lede=lede, css=css, map_html=map_html,
        known=known_lines(records, totals, names),
        timeline=timeline(records, names, counts_only=large),
        running=running, yearly=yearly, tables=views, cards_by_year=sorted(by_year.items()), large=large,
        n_records=len(records), search_js=_SEARCH_JS, sources=src_list, downloads=list(downloads),
        data_version=data_version, built=built.isoformat(),
        boundary_credit=src.get("credit") or src.get("name", "user-supplied layer"),
        feature_count=boundary_meta.get("feature_count", ""), point_of_view=boundary_meta.get("point_of_view", ""),
        boundary_licence=boundary_meta.get("licence", "see its source"),
    )

