"""The record model (DESIGN.md §4), declared with pydantic.

Field-level rules live here; rules that need other records, the gazetteer or the source
documents live in :mod:`geo.catalogue`.

A record is one of four kinds: a map disclosure (maps handed over), an incident (one mine
explosion), a statement (an assessment or claim about the maps, with its figures) and a
casualty total (victims over a period). Every figure may carry a qualifier as written
("about 92,000" → ``mines_claimed: 92000`` + ``mines_claimed_qualifier: about``) or be a range
(``<field>_min`` / ``<field>_max``, the field itself empty: "3–4 installments").
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, Strict, TypeAdapter, field_validator, model_validator
from pydantic.dataclasses import dataclass

__all__ = [
    "CASUALTY_FIELDS",
    "CONFIDENCE",
    "COUNT_FIELDS",
    "DESCRIPTIONS",
    "DATE_LENGTH",
    "FIELDS",
    "FIGURE_FIELDS",
    "FIGURES_OF_KIND",
    "KINDS",
    "PERCENT_FIELDS",
    "QUALIFIERS",
    "QUALIFIER_WORDS",
    "STATEMENT_FIELDS",
    "Conflict",
    "Count",
    "Record",
    "Source",
    "date_bounds",
    "dates_agree",
    "figure_text",
    "parse_partial_date",
    "qualified",
]

KINDS = ("map_disclosure", "incident", "statement", "casualty_total")
PRECISIONS = ("day", "month", "year")
#: Length of an ISO date written to each precision: "2021-07-03", "2021-07", "2021".
DATE_LENGTH = {"day": 10, "month": 7, "year": 4}
GEO_PRECISIONS = ("district", "districts", "region", "unknown")
QUALIFIERS = ("about", "at_least", "more_than", "at_most", "less_than")
CONFIDENCE = ("low", "medium", "high")
SOURCE_KINDS = ("seed", "captured", "reference")

#: Counts of the first three kinds (the original record shape).
COUNT_FIELDS = ("mines_claimed", "maps_count", "minefields_count", "detainees_released", "killed", "injured")
#: Casualty totals' figures beyond killed and injured.
CASUALTY_FIELDS = ("victims", "civilians_killed", "civilians_injured", "military_killed", "military_injured")
#: Figures statements carry.
STATEMENT_FIELDS = ("accuracy_percent", "mines_on_maps", "mines_laid_estimate", "share_outside_mapped_percent",
                    "handovers_count")
PERCENT_FIELDS = ("accuracy_percent", "share_outside_mapped_percent")
#: Every figure: each may have ``<field>_qualifier``, ``<field>_min`` and ``<field>_max``.
FIGURE_FIELDS = COUNT_FIELDS + CASUALTY_FIELDS + STATEMENT_FIELDS
#: Which figures each kind may carry.
FIGURES_OF_KIND = {
    "map_disclosure": ("mines_claimed", "maps_count", "minefields_count", "detainees_released"),
    "incident": ("killed", "injured", "civilians_killed", "civilians_injured", "military_killed", "military_injured"),
    "statement": ("maps_count", "minefields_count", "detainees_released", *STATEMENT_FIELDS),
    "casualty_total": ("victims", "killed", "injured", *CASUALTY_FIELDS[1:]),
}
#: Fields only casualty totals have.
CASUALTY_ONLY = ("period_start", "period_end", "area", "scope")


def _figure_keys(name: str) -> tuple[str, ...]:
    return (name, f"{name}_qualifier", f"{name}_min", f"{name}_max")


#: Field order of a record, as in YAML and ``minemaps records --json`` (the original fields keep
#: their order; each figure is followed by its qualifier and range).
FIELDS = (
    "id", "kind", "date", "date_precision", "districts", "geo_precision", "region",
    *_figure_keys("mines_claimed"), "mine_types", *_figure_keys("maps_count"), *_figure_keys("minefields_count"),
    *_figure_keys("detainees_released"), *_figure_keys("killed"), *_figure_keys("injured"),
    "from_party", "to_party", "mediators", "about", "conflicts", "sources", "notes",
    "period_start", "period_end", "area", "scope",
    *(k for f in CASUALTY_FIELDS for k in _figure_keys(f)),
    *(k for f in STATEMENT_FIELDS for k in _figure_keys(f)),
    "confidence", "confidence_reason", "derived",
)

#: What each field means (the data package and the JSON schema take these as descriptions).
DESCRIPTIONS = {
    "id": "Stable identifier of the record (a slug; never reused).",
    "kind": "map_disclosure (maps handed over), incident (one mine explosion), statement (an assessment or "
            "claim about the maps) or casualty_total (victims over a period).",
    "date": "Date of the act (maps handed over, mine exploded, statement made; a casualty total's 'as of' "
            "date), written to its precision: YYYY-MM-DD, YYYY-MM or YYYY.",
    "date_precision": "How precise the date is: day, month or year.",
    "districts": "ISO 3166-2 codes of the districts the record concerns; one claim over several districts "
                 "stays one record.",
    "geo_precision": "district (one), districts (several), region (a region but no district), unknown.",
    "region": "A region named when no district is (e.g. Karabakh).",
    "mines_claimed": "Mines the maps handed over are said to show.",
    "mine_types": "Types of mines named (anti-tank, anti-personnel).",
    "maps_count": "Map documents: maps, minefield forms or log books.",
    "minefields_count": "Minefields (not mines) the maps cover.",
    "detainees_released": "People released in exchange for the maps.",
    "killed": "People killed (an incident) or dead over the period (a casualty total).",
    "injured": "People injured (an incident) or injured over the period (a casualty total).",
    "from_party": "Who hands the maps over, or who makes the statement.",
    "to_party": "Who receives the maps.",
    "mediators": "States or organisations credited with mediating.",
    "about": "Ids of the records a statement concerns.",
    "conflicts": "Other values other sources give for a field: value, qualifier, source, quote.",
    "sources": "Where the facts come from: document (seeds/ or sources/ file, or a reference URL), "
               "address, publisher, publication date and the verbatim quote (with quote_en for other languages).",
    "notes": "Curator's notes: how dates were resolved, disagreements that are not fields, each side quoted.",
    "period_start": "First day of a casualty total's period (may be empty when the source gives none).",
    "period_end": "The 'as of' date of a casualty total.",
    "area": "What a casualty total covers: country (Azerbaijan), a 2021 economic region, or districts.",
    "scope": "What a casualty total counts, in words (civilians only, mines and unexploded ordnance ...).",
    "victims": "People killed or injured over the period.",
    "civilians_killed": "Civilians killed.", "civilians_injured": "Civilians injured.",
    "military_killed": "Military personnel killed.", "military_injured": "Military personnel injured.",
    "accuracy_percent": "Accuracy of the maps handed over, in percent, as the statement gives it.",
    "mines_on_maps": "Mines shown on the maps handed over, as the statement gives it.",
    "mines_laid_estimate": "Mines estimated to have been laid in reality.",
    "share_outside_mapped_percent": "Share of mine incidents (or victims) outside the areas the maps cover, in percent.",
    "handovers_count": "Number of hand-overs of maps the statement counts.",
    "confidence": "low, medium or high; empty means what the sources support.",
    "confidence_reason": "Why the confidence is what it is (required for low).",
    "derived": "Figures not written in a quote, each with how it was obtained (e.g. killed: three named victims).",
    "date_start": "First day the date covers at its precision (for temporal filters).",
    "date_end": "Last day the date covers at its precision (for temporal filters).",
}
for _f in FIGURE_FIELDS:
    DESCRIPTIONS[f"{_f}_qualifier"] = f"How {_f} is qualified as written: about, at_least, more_than, at_most, less_than."
    DESCRIPTIONS[f"{_f}_min"] = f"Lower end of {_f} given as a range (the field itself then empty)."
    DESCRIPTIONS[f"{_f}_max"] = f"Upper end of {_f} given as a range (the field itself then empty)."


def _describe(schema: dict) -> None:
    for name, prop in schema.get("properties", {}).items():
        if name in DESCRIPTIONS:
            prop.setdefault("description", DESCRIPTIONS[name])


MAX_INT = 2**53  # the largest integer every JSON reader keeps exact
Count = Annotated[int, Field(strict=True, ge=0, le=MAX_INT)]
Percent = Annotated[Annotated[int, Strict()] | Annotated[float, Strict()], Field(ge=0, le=100)]
Qualifier = Literal[QUALIFIERS] | None  # type: ignore[valid-type]
Text = Annotated[str, Field(min_length=1)]

_DATE_RE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$", re.ASCII)


def parse_partial_date(value) -> tuple[str, str]:
    """'2021-07-03' → ('2021-07-03', 'day'); '2021-07' → month; '2021' or 2021 → year.

    Raises ``ValueError`` with a readable message for malformed or impossible dates (digits
    other than ASCII 0-9, such as Arabic-Indic or full-width ones, are malformed).
    """
    if isinstance(value, str) and len(value) <= 32:
        return _parse_date_text(value)
    return _parse_partial_date(value)


@lru_cache(maxsize=8192)
def _parse_date_text(value: str) -> tuple[str, str]:
    return _parse_partial_date(value)


def _parse_partial_date(value) -> tuple[str, str]:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat(), "day"
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"expected a date like 2021-07-03, 2021-07 or 2021, got {value!r}")
    m = _DATE_RE.match(value.strip())
    if not m:
        hint = " (write dates with the digits 0-9)" if any(c.isdigit() and not c.isascii() for c in value) else ""
        raise ValueError(f"{value[:40]!r} is not a date like 2021-07-03, 2021-07 or 2021{hint}")
    year, month, day = m.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date ({exc})") from None
    precision = "day" if day else "month" if month else "year"
    return value.strip(), precision


def date_bounds(iso: str) -> tuple[dt.date, dt.date]:
    """First and last day a partial date covers: '2024-02' → (2024-02-01, 2024-02-29)."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        d = dt.date(*parts)
        return d, d
    if len(parts) == 2:
        start = dt.date(parts[0], parts[1], 1)
        nxt = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return start, nxt - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def dates_agree(a: str, a_precision: str, b: str, b_precision: str) -> bool:
    """Two partial dates agree when they are the same at the coarser of their precisions
    ('2021-07-03' and '2021-07' agree; '2021-07' and '2021-08' do not)."""
    n = DATE_LENGTH[max(a_precision, b_precision, key=PRECISIONS.index)]
    return a[:n] == b[:n]


#: How each qualifier reads in a sentence.
QUALIFIER_WORDS = {"about": "about", "at_least": "at least", "more_than": "more than",
                    "at_most": "at most", "less_than": "less than"}


def qualified(text: str, qualifier: str | None) -> str:
    """A figure's text with its qualifier in words: ('92,000', 'about') → 'about 92,000'."""
    return f"{QUALIFIER_WORDS[qualifier]} {text}" if qualifier else text


def figure_text(record, field: str, *, grouping: str = ",") -> str | None:
    """A figure as people read it, with its qualifier or range: 'about 92,000', '3–4',
    'less than 20 %'; None when the record has no such figure."""
    value, lo, hi = (getattr(record, k, None) for k in (field, f"{field}_min", f"{field}_max"))
    unit = " %" if field in PERCENT_FIELDS else ""

    def num(v):
        return f"{v:,}".replace(",", grouping) if isinstance(v, int) else f"{v:,g}".replace(",", grouping)

    if value is None and lo is not None and hi is not None:
        return f"{num(lo)}–{num(hi)}{unit}"
    if value is None:
        return None
    return qualified(f"{num(value)}{unit}", getattr(record, f"{field}_qualifier", None))


# Records are pydantic *dataclasses* with slots: validated by pydantic-core like models, but a
# third of the memory and much faster attribute access (10^5 records: 2.3 KB → 0.8 KB each).
# ``model_validate`` / ``model_dump`` keep the familiar pydantic spelling (see _PydanticStyle).
_CONFIG = ConfigDict(extra="forbid", str_strip_whitespace=True)
_strict = dataclass(config=_CONFIG, slots=True, kw_only=True)


class _PydanticStyle:
    """``Cls.model_validate(data)`` and ``obj.model_dump(mode=...)`` for pydantic dataclasses."""

    __slots__ = ()

    @classmethod
    def model_validate(cls, data):
        return _validate(cls)(data)

    def model_dump(self, *, mode: str = "python") -> dict:
        return _adapter(type(self)).dump_python(self, mode=mode)


@lru_cache(maxsize=None)
def _adapter(cls) -> TypeAdapter:
    return TypeAdapter(cls)


@lru_cache(maxsize=None)
def _validate(cls):
    """pydantic-core's validation of ``cls``: what ``TypeAdapter.validate_python`` calls with the
    default options, without its per-call checks of them (10^5 records are loaded one by one)."""
    return _adapter(cls).validator.validate_python


_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def _partial_date(v):
    return None if v is None else parse_partial_date(v)[0]


@_strict
class Source(_PydanticStyle):
    """Where a record's facts come from.

    ``kind`` (inferred from ``document`` when omitted): ``seed`` (a text in ``seeds/``) and
    ``captured`` (a page captured in ``sources/``, keeping its ``url``) carry a verbatim
    ``quote`` (and ``quote_en``, our translation, for a quote in another language);
    ``reference`` is a public URL or a named published document cited for a context fact.
    """

    document: Text
    kind: Literal[SOURCE_KINDS] | None = None  # type: ignore[valid-type]
    url: str | None = None
    publisher: str | None = None
    published: str | None = None
    quote: str | None = None
    quote_en: str | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _published(cls, v):
        return _partial_date(v)

    @model_validator(mode="after")
    def _kind_and_quote(self):
        if self.kind is None:
            self.kind = ("reference" if _URL.match(self.document)
                         else "captured" if self.document.startswith("sources/") else "seed")
        if self.kind != "reference" and not self.quote:
            raise ValueError(f"a {self.kind} source needs a verbatim quote")
        if self.quote_en and not self.quote:
            raise ValueError("quote_en translates a quote: give the quote too")
        return self


@_strict
class Conflict(_PydanticStyle):
    """Another value a source gives for one of the record's fields: the value, its qualifier,
    the source document and the verbatim quote that says it."""

    field: Literal[FIGURE_FIELDS + ("date", "districts", "mine_types", "mediators", "from_party", "to_party")]  # type: ignore[valid-type]
    value: Annotated[int, Strict()] | Annotated[float, Strict()] | str | list[str]
    source: Text
    qualifier: Qualifier = None
    quote: str | None = None
    quote_en: str | None = None
    derived: str | None = None  # how the value is read when the quote does not write it in digits
    note: str | None = None


@dataclass(config={**_CONFIG, "json_schema_extra": _describe, "title": "minemaps record"}, slots=True, kw_only=True)
class Record(_PydanticStyle):
    """One record of the catalogue (DESIGN.md §4)."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*[a-z0-9]$", max_length=120)]
    kind: Literal[KINDS]  # type: ignore[valid-type]
    date: str
    date_precision: Literal[PRECISIONS] | None = None  # type: ignore[valid-type]
    districts: list[Text] = Field(default_factory=list)
    geo_precision: Literal[GEO_PRECISIONS] | None = None  # type: ignore[valid-type]
    region: str | None = None
    # map disclosures (and, where a statement aggregates them, statements)
    mines_claimed: Count | None = None
    mines_claimed_qualifier: Qualifier = None
    mines_claimed_min: Count | None = None
    mines_claimed_max: Count | None = None
    mine_types: list[Text] = Field(default_factory=list)
    maps_count: Count | None = None
    maps_count_qualifier: Qualifier = None
    maps_count_min: Count | None = None
    maps_count_max: Count | None = None
    minefields_count: Count | None = None
    minefields_count_qualifier: Qualifier = None
    minefields_count_min: Count | None = None
    minefields_count_max: Count | None = None
    detainees_released: Count | None = None
    detainees_released_qualifier: Qualifier = None
    detainees_released_min: Count | None = None
    detainees_released_max: Count | None = None
    # incidents and casualty totals
    killed: Count | None = None
    killed_qualifier: Qualifier = None
    killed_min: Count | None = None
    killed_max: Count | None = None
    injured: Count | None = None
    injured_qualifier: Qualifier = None
    injured_min: Count | None = None
    injured_max: Count | None = None
    from_party: str | None = None
    to_party: str | None = None
    mediators: list[Text] = Field(default_factory=list)
    about: list[Text] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    sources: Annotated[list[Source], Field(min_length=1)]
    notes: str | None = None
    # casualty totals: the period (date = period_end), the area and the scope in words
    period_start: str | None = None
    period_end: str | None = None
    area: str | None = None
    scope: str | None = None
    victims: Count | None = None
    victims_qualifier: Qualifier = None
    victims_min: Count | None = None
    victims_max: Count | None = None
    civilians_killed: Count | None = None
    civilians_killed_qualifier: Qualifier = None
    civilians_killed_min: Count | None = None
    civilians_killed_max: Count | None = None
    civilians_injured: Count | None = None
    civilians_injured_qualifier: Qualifier = None
    civilians_injured_min: Count | None = None
    civilians_injured_max: Count | None = None
    military_killed: Count | None = None
    military_killed_qualifier: Qualifier = None
    military_killed_min: Count | None = None
    military_killed_max: Count | None = None
    military_injured: Count | None = None
    military_injured_qualifier: Qualifier = None
    military_injured_min: Count | None = None
    military_injured_max: Count | None = None
    # statements' figures
    accuracy_percent: Percent | None = None
    accuracy_percent_qualifier: Qualifier = None
    accuracy_percent_min: Percent | None = None
    accuracy_percent_max: Percent | None = None
    mines_on_maps: Count | None = None
    mines_on_maps_qualifier: Qualifier = None
    mines_on_maps_min: Count | None = None
    mines_on_maps_max: Count | None = None
    mines_laid_estimate: Count | None = None
    mines_laid_estimate_qualifier: Qualifier = None
    mines_laid_estimate_min: Count | None = None
    mines_laid_estimate_max: Count | None = None
    share_outside_mapped_percent: Percent | None = None
    share_outside_mapped_percent_qualifier: Qualifier = None
    share_outside_mapped_percent_min: Percent | None = None
    share_outside_mapped_percent_max: Percent | None = None
    handovers_count: Count | None = None
    handovers_count_qualifier: Qualifier = None
    handovers_count_min: Count | None = None
    handovers_count_max: Count | None = None
    # how sure, and how figures not written in a quote were derived
    confidence: Literal[CONFIDENCE] | None = None  # type: ignore[valid-type]
    confidence_reason: str | None = None
    derived: dict[str, Text] = Field(default_factory=dict)

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v):
        return parse_partial_date(v)[0]

    @field_validator("period_start", "period_end", mode="before")
    @classmethod
    def _period(cls, v):
        return _partial_date(v)

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data):
        """Fill what can be inferred (on the input, before fields are checked): a casualty
        total's date from its period end, the precision from how the date is written, the
        geo_precision from the districts. :mod:`geo.catalogue` reports inconsistent ones."""
        if not isinstance(data, dict):
            return data
        precision, geo_precision = data.get("date_precision"), data.get("geo_precision")
        if precision is not None and geo_precision is not None:
            return data  # nothing to infer
        data = dict(data)
        date = data.get("date")
        if date is None and data.get("kind") == "casualty_total" and data.get("period_end") is not None:
            data["date"] = date = data["period_end"]
        if precision is None:
            try:
                _, written = parse_partial_date(date)
            except ValueError:
                written = None  # the date field reports it
            if written:
                data["date_precision"] = written
        districts = data.get("districts")
        if geo_precision is None and (districts is None or isinstance(districts, list)):
            n = len(districts or [])
            data["geo_precision"] = "unknown" if n == 0 else "district" if n == 1 else "districts"
        return data
