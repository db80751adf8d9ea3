"""The record model (DESIGN.md §4), declared with pydantic.

Field-level rules live here; rules that need other records, the gazetteer or the source
documents live in :mod:`geo.catalogue`.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, TypeAdapter, field_validator, model_validator
from pydantic.dataclasses import dataclass

__all__ = [
    "COUNT_FIELDS",
    "DATE_LENGTH",
    "FIELDS",
    "KINDS",
    "Conflict",
    "Count",
    "Record",
    "Source",
    "parse_partial_date",
]

KINDS = ("map_disclosure", "incident", "statement")
PRECISIONS = ("day", "month", "year")
#: Length of an ISO date written to each precision: "2021-07-03", "2021-07", "2021".
DATE_LENGTH = {"day": 10, "month": 7, "year": 4}
GEO_PRECISIONS = ("district", "districts", "region", "unknown")
COUNT_FIELDS = ("mines_claimed", "maps_count", "minefields_count", "detainees_released", "killed", "injured")

#: Field order of a record, as in YAML and ``minemaps records --json``.
FIELDS = (
    "id", "kind", "date", "date_precision", "districts", "geo_precision", "region",
    "mines_claimed", "mine_types", "maps_count", "minefields_count", "detainees_released",
    "killed", "injured", "from_party", "to_party", "mediators", "about", "conflicts",
    "sources", "notes",
)

Count = Annotated[int, Field(strict=True, ge=0)]
Text = Annotated[str, Field(min_length=1)]

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial_date(value) -> tuple[str, str]:
    """'2021-07-03' → ('2021-07-03', 'day'); '2021-07' → month; '2021' or 2021 → year.

    Raises ``ValueError`` with a readable message for malformed or impossible dates.
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
        raise ValueError(f"{value!r} is not a date like 2021-07-03, 2021-07 or 2021")
    year, month, day = m.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date ({exc})") from None
    precision = "day" if day else "month" if month else "year"
    return value.strip(), precision


def _shorten(iso: str, precision: str) -> str:
    return iso[: DATE_LENGTH[precision]]


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
        return _adapter(cls).validate_python(data)

    def model_dump(self, *, mode: str = "python") -> dict:
        return _adapter(type(self)).dump_python(self, mode=mode)


@lru_cache(maxsize=None)
def _adapter(cls) -> TypeAdapter:
    return TypeAdapter(cls)


@_strict
class Source(_PydanticStyle):
    """Where a record's facts come from: a seed text with a verbatim quote, or a reference."""

    document: Text
    kind: Literal["seed", "reference"] = "seed"
    publisher: str | None = None
    published: str | None = None
    quote: str | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _published(cls, v):
        return None if v is None else parse_partial_date(v)[0]

    @model_validator(mode="after")
    def _quote_required(self):
        if self.kind == "seed" and not self.quote:
            raise ValueError("a seed source needs a verbatim quote")
        return self


@_strict
class Conflict(_PydanticStyle):
    """Another value a source gives for one of the record's fields."""

    field: Literal[COUNT_FIELDS + ("date", "districts", "mediators", "from_party", "to_party")]  # type: ignore[valid-type]
    value: int | str | list[str]
    source: Text
    note: str | None = None


@_strict
class Record(_PydanticStyle):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*[a-z0-9]$", max_length=120)]
    kind: Literal[KINDS]  # type: ignore[valid-type]
    date: str
    date_precision: Literal[PRECISIONS] | None = None  # type: ignore[valid-type]
    districts: list[Text] = Field(default_factory=list)
    geo_precision: Literal[GEO_PRECISIONS] | None = None  # type: ignore[valid-type]
    region: str | None = None
    mines_claimed: Count | None = None
    mine_types: list[Text] = Field(default_factory=list)
    maps_count: Count | None = None
    minefields_count: Count | None = None
    detainees_released: Count | None = None
    killed: Count | None = None
    injured: Count | None = None
    from_party: str | None = None
    to_party: str | None = None
    mediators: list[Text] = Field(default_factory=list)
    about: list[Text] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    sources: Annotated[list[Source], Field(min_length=1)]
    notes: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v):
        return parse_partial_date(v)[0]

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data):
        """Infer omitted precisions (on the input, before fields are checked: no re-validation);
        :mod:`geo.catalogue` reports inconsistent ones."""
        if not isinstance(data, dict):
            return data
        try:
            iso, written = parse_partial_date(data.get("date"))
        except ValueError:
            return data  # the date field reports it
        data = dict(data)
        precision = data.get("date_precision")
        if precision is None:
            precision = data["date_precision"] = written
        data["date"] = _shorten(iso, precision) if precision in PRECISIONS and (
            PRECISIONS.index(precision) >= PRECISIONS.index(written)) else iso
        districts = data.get("districts")
        if data.get("geo_precision") is None and (districts is None or isinstance(districts, list)):
            n = len(districts or [])
            data["geo_precision"] = "unknown" if n == 0 else "district" if n == 1 else "districts"
        return data
