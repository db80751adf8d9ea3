"""What a page shows of a record: plain view objects for the templates (no HTML here).

Every text is plain; the Jinja templates escape it. Figures carry their qualifier or range
("about 92,000", "3–4", "less than 20 %") and the other values other sources give.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import FIGURE_FIELDS, Record, figure_text, qualified

__all__ = ["FIGURE_LABELS", "KIND_LABELS", "CardView", "QuoteView", "card", "date_text", "summary", "what_text",
           "where_text"]

KIND_LABELS = {"map_disclosure": "Map disclosure", "incident": "Incident", "statement": "Statement",
               "casualty_total": "Casualty total"}
FIGURE_LABELS = {
    "mines_claimed": "mines claimed", "maps_count": "maps or forms", "minefields_count": "minefields",
    "detainees_released": "detainees released", "killed": "killed", "injured": "injured", "victims": "victims",
    "civilians_killed": "civilians killed", "civilians_injured": "civilians injured",
    "military_killed": "military killed", "military_injured": "military injured",
    "accuracy_percent": "accuracy of the maps", "mines_on_maps": "mines on the maps",
    "mines_laid_estimate": "mines laid (estimate)", "share_outside_mapped_percent": "incidents outside mapped areas",
    "handovers_count": "hand-overs",
}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def date_text(iso: str | None) -> str:
    """'2021-06-12' → '12 June 2021'; '2024-02' → 'February 2024'; '2021' → '2021'."""
    if not iso:
        return ""
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


@dataclass
class QuoteView:
    """A quote or reference as shown: the text (and our translation), who published it, and where
    to read it (the local source page with the passage marked, or the page's address)."""

    text: str | None
    text_en: str | None
    language: str
    publisher: str | None
    published: str | None
    document: str
    href: str | None        # the local source page (#anchor) or the page's address
    url: str | None         # the page's address, when known
    reference: bool = False


@dataclass
class CardView:
    id: str
    kind: str
    kind_label: str
    date: str
    date_label: str
    where: str
    figures: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (label, text, other values)
    parties: str | None = None
    mediators: str | None = None
    mine_types: str | None = None
    about: list[tuple[str, str]] = field(default_factory=list)               # (id, label)
    period: str | None = None
    scope: str | None = None
    confidence: str | None = None
    confidence_reason: str | None = None
    derived: list[tuple[str, str]] = field(default_factory=list)
    other_values: list[str] = field(default_factory=list)                    # conflicts on non-figures
    quotes: list[QuoteView] = field(default_factory=list)
    notes: str | None = None
    shared_note: str | None = None


def where_text(rec: Record, names: dict[str, str]) -> str:
    """Where a record is: its districts ('Fuzuli + Zangilan'), a casualty total's area, or its region."""
    if rec.districts:
        return " + ".join(names.get(c, c) for c in rec.districts)
    if rec.kind == "casualty_total":
        return "Azerbaijan" if rec.area in (None, "country") else rec.area
    return f"{rec.region}, no district named" if rec.region else "no district named"


def _value(value, qualifier: str | None, field: str) -> str:
    unit = " %" if field.endswith("_percent") else ""
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = f"{value:,}" if isinstance(value, int) else f"{value:,g}"
    return qualified(f"{value}{unit}", qualifier)


def what_text(rec: Record) -> str:
    """What a record says, in one line: 'about 92,000 mines claimed, 15 detainees released' (a
    statement without figures: the start of its quote)."""
    parts = []
    for f in FIGURE_FIELDS:
        text = figure_text(rec, f)
        if text is not None:
            parts.append(f"{text} {FIGURE_LABELS[f]}")
    if not parts and rec.kind == "statement":
        quote = next((s.quote_en or s.quote for s in rec.sources if s.quote), None)
        if quote:
            quote = " ".join(quote.split())
            parts = [f"“{quote if len(quote) <= 90 else quote[:88].rsplit(' ', 1)[0] + ' …'}”"]
    return ", ".join(parts) if parts else {"statement": "statement on the maps", "map_disclosure": "maps handed over",
                                           "incident": "mine incident", "casualty_total": "casualty total"}[rec.kind]


def summary(rec: Record, names: dict[str, str]) -> str:
    """One line of plain text: 'Fuzuli + Zangilan: about 92,000 mines claimed, 15 detainees released'."""
    what, where = what_text(rec), where_text(rec, names)
    if rec.districts or rec.kind == "casualty_total":
        return f"{where}: {what}"
    return what if rec.kind == "statement" else f"{what} ({where})"


def card(rec: Record, names: dict[str, str], *, links=None, labels: dict[str, str] | None = None) -> CardView:
    """The card of a record. ``links`` (a :class:`geo.render.viewer.SourcePages` or None) gives
    each quote's local page; ``labels`` maps record ids to a short label for ``about``."""
    def by(document: str) -> str:
        return (links.publisher(document) if links is not None else None) or document.rsplit("/", 1)[-1]

    figures = []
    for f in FIGURE_FIELDS:
        text = figure_text(rec, f)
        others = [f"{_value(c.value, c.qualifier, f)} ({by(c.source)})" for c in rec.conflicts if c.field == f]
        if text is not None or others:
            figures.append((FIGURE_LABELS[f], text or "not given", others))
    others = [f"{c.field.replace('_', ' ')}: {_value(c.value, c.qualifier, c.field)} ({by(c.source)})"
              for c in rec.conflicts if c.field not in FIGURE_FIELDS]
    quotes = []
    for s in rec.sources:
        href = None
        if s.kind == "reference":
            href = s.document if "://" in s.document else None
        elif links is not None:
            href = links.href(s.document, s.quote) or s.url
        else:
            href = s.url
        language = links.language(s.document) if links is not None and s.kind != "reference" else (
            "en" if not s.quote_en else "")
        quotes.append(QuoteView(s.quote, s.quote_en, language, s.publisher, s.published, s.document, href, s.url,
                                s.kind == "reference"))
    arrow = " → ".join(x for x in (rec.from_party, rec.to_party) if x)
    period = None
    if rec.kind == "casualty_total":
        period = (f"{date_text(rec.period_start)} to {date_text(rec.period_end)}" if rec.period_start
                  else f"as of {date_text(rec.period_end)}")
    shared = None
    if len(rec.districts) > 1 and rec.mines_claimed is not None:
        shared = (f"One claim over {where_text(rec, names)}: "
                  f"{figure_text(rec, 'mines_claimed')} mines in total, not per district.")
    return CardView(
        id=rec.id, kind=rec.kind, kind_label=KIND_LABELS[rec.kind], date=rec.date, date_label=date_text(rec.date),
        where=where_text(rec, names), figures=figures,
        parties=arrow or None, mediators=", ".join(rec.mediators) or None, mine_types=", ".join(rec.mine_types) or None,
        about=[(a, (labels or {}).get(a, a)) for a in rec.about], period=period, scope=rec.scope,
        confidence=rec.confidence, confidence_reason=rec.confidence_reason,
        derived=[(FIGURE_LABELS.get(k.rsplit("_", 1)[0] if k.endswith(("_min", "_max")) else k, k), v)
                 for k, v in rec.derived.items()],
        other_values=others, quotes=quotes, notes=rec.notes, shared_note=shared,
    )

