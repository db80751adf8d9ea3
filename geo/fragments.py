"""Small HTML fragments describing records, shared by the map popups and the dashboard.

Everything that comes from a record or a source goes through :func:`e` (``html.escape``);
the only markup is ours.
"""

from __future__ import annotations

import html

from .model import Record
from .tables import conflict_note

__all__ = ["e", "raw_element", "record_card", "record_summary", "sources_list"]

KIND_LABELS = {"map_disclosure": "Map disclosure", "incident": "Incident", "statement": "Statement",
               "casualty_total": "Casualty total"}


_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})


def e(value) -> str:
    """Escape any value for HTML text and attribute context. Braces become character references
    too: folium re-reads rendered map scripts as Jinja templates, where ``{{ ... }}`` from a
    source text would otherwise be evaluated at build time."""
    return html.escape("" if value is None else str(value), quote=True).translate(_BRACES)


def raw_element(markup: str):
    """A branca Element that outputs ``markup`` as it is. ``Element(markup)`` would compile the
    markup as a Jinja template: ``{{ ... }}`` in a (escaped) source text would then run at build
    time, and inlined third-party JS could break the template. Here the markup is only data."""
    from branca.element import Element

    el = Element("{{ this.markup }}")
    el.markup = markup
    return el


def _date(rec: Record) -> str:
    return f"{rec.date} ({rec.date_precision})"


def record_summary(rec: Record, names: dict[str, str]) -> str:
    """One line of plain text: '92,000 mines (Fuzuli + Zangilan), 15 detainees released'."""
    parts = []
    where = " + ".join(names.get(c, c) for c in rec.districts) or (rec.region and f"{rec.region}, region-level") or "no district named"
    if rec.mines_claimed is not None:
        parts.append(f"{rec.mines_claimed:,} mines{conflict_note(rec, 'mines_claimed')} ({where})")
    else:
        parts.append(where)
    for field, label in (("maps_count", "maps or log books"), ("minefields_count", "minefields"),
                         ("detainees_released", "detainees released"), ("killed", "killed"), ("injured", "injured")):
        v = getattr(rec, field)
        if v is not None:
            parts.append(f"{v:,} {label}{conflict_note(rec, field)}")
    return ", ".join(parts)


def sources_list(rec: Record) -> str:
    items = []
    for s in rec.sources:
        who = " · ".join(x for x in (s.publisher, s.published) if x)
        doc = e(s.document)
        if s.quote:
            items.append(f"<li><q>{e(s.quote)}</q><br><small>{e(who)}{' · ' if who else ''}{doc}</small></li>")
        else:
            items.append(f"<li><small>Reference: {e(who)}{' · ' if who else ''}{doc}</small></li>")
    return f'<ul class="mm-sources">{"".join(items)}</ul>'


def record_card(rec: Record, names: dict[str, str], *, shared_note: bool = True) -> str:
    """A record as an HTML card: what, when, figures, parties, mediators, quotes."""
    rows = [f'<div class="mm-card" data-record="{e(rec.id)}">',
            f"<b>{e(KIND_LABELS[rec.kind])}</b> · {e(_date(rec))}",
            f"<div>{e(record_summary(rec, names))}</div>"]
    if shared_note and len(rec.districts) > 1 and rec.mines_claimed is not None:
        rows.append(f"<div class=mm-shared>One claim over {e(' + '.join(names.get(c, c) for c in rec.districts))}: "
                    f"{e(f'{rec.mines_claimed:,}')} mines in total, not per district.</div>")
    if rec.mine_types:
        rows.append(f"<div>Mine types: {e(', '.join(rec.mine_types))}</div>")
    if rec.from_party or rec.to_party:
        arrow = " → ".join(x for x in (rec.from_party, rec.to_party) if x)
        rows.append(f"<div>{'Parties' if rec.to_party else 'Party'}: {e(arrow)}</div>")
    if rec.mediators:
        rows.append(f"<div>Mediators: {e(', '.join(rec.mediators))}</div>")
    if rec.about:
        rows.append(f"<div>About: {e(', '.join(rec.about))}</div>")
    rows.append(sources_list(rec))
    if rec.notes:
        rows.append(f"<details><summary>Notes</summary>{e(rec.notes)}</details>")
    rows.append("</div>")
    return "".join(rows)
