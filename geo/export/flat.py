"""The flat record table every export writes, and its HXL hashtags.

One row per record with every field of ``minemaps records --json`` (figures with their
qualifiers and ranges), the district names beside the codes, ``date_start``/``date_end`` (the
bounds of the reported date at its precision) and the quotes joined. Lists are Arrow
``list<string>`` columns; ``sources``, ``conflicts`` and ``derived`` are JSON text.
"""

from __future__ import annotations

import pandas as pd

from ..attach import LIST_FIELDS, Attached, list_column, records_frame
from ..catalogue import Catalogue
from ..model import FIELDS

__all__ = ["COLUMNS", "DATE_COLUMNS", "HXL", "LIST_COLUMNS", "LIST_SEPARATOR", "csv_frame", "records_flat",
           "scalar_kind", "typed_frame"]

#: How list cells are joined in CSV: HXL's separator for ``+list`` columns.
LIST_SEPARATOR = "|"
LIST_COLUMNS = (*LIST_FIELDS, "district_names", "shared_claims")
#: The bounds of a record's date, written as date types by the binary formats.
DATE_COLUMNS = ("date_start", "date_end")

def scalar_kind(dtype) -> str:
    """What a column of this dtype holds, for the formats that declare types (the data package's
    table schema, PostGIS): "boolean", "integer", "number" or "string"."""
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "integer"
    if pd.api.types.is_float_dtype(dtype):
        return "number"
    return "string"


_FIGURE_TAGS = {
    "mines_claimed": "#indicator+num+mines_claimed", "maps_count": "#indicator+num+maps",
    "minefields_count": "#indicator+num+minefields", "detainees_released": "#affected+num+released",
    "killed": "#affected+killed", "injured": "#affected+injured", "victims": "#affected+num+victims",
    "civilians_killed": "#affected+killed+civilians", "civilians_injured": "#affected+injured+civilians",
    "military_killed": "#affected+killed+military", "military_injured": "#affected+injured+military",
    "accuracy_percent": "#indicator+num+pct+accuracy", "mines_on_maps": "#indicator+num+mines_on_maps",
    "mines_laid_estimate": "#indicator+num+mines_laid", "share_outside_mapped_percent": "#indicator+num+pct+outside_mapped",
    "handovers_count": "#indicator+num+handovers",
}

#: HXL 1.1 hashtags for records.csv: dates under #date hold dates only, numbers under
#: #affected/#indicator+num numbers only, list columns carry +list (separator "|").
HXL = {
    "id": "#event+id", "kind": "#event+type", "date": "#date+reported", "date_precision": "#meta+date_precision",
    "date_start": "#date+start", "date_end": "#date+end",
    "districts": "#adm1+code+list", "district_names": "#adm1+name+list", "geo_precision": "#meta+geo_precision",
    "region": "#region+name", "mine_types": "#item+type+list",
    "from_party": "#org+from", "to_party": "#org+to", "mediators": "#org+mediator+list", "about": "#meta+about+list",
    "period_start": "#date+period+start", "period_end": "#date+period+end", "area": "#meta+area",
    "scope": "#description+scope", "confidence": "#meta+confidence", "confidence_reason": "#description+confidence",
    "derived": "#meta+derived", "conflicts": "#meta+conflicts", "sources": "#meta+source", "quotes": "#meta+quote",
    "notes": "#description+notes",
}
for _f, _tag in _FIGURE_TAGS.items():
    HXL[_f] = _tag
    HXL[f"{_f}_qualifier"] = f"#meta+qualifier+{_f}"
    HXL[f"{_f}_min"] = f"{_tag}+min"
    HXL[f"{_f}_max"] = f"{_tag}+max"

#: Column order of the flat record table: the record fields in their order, with the date
#: bounds after the precision and the names after the codes; the joined quotes last.
COLUMNS = tuple(c for f in FIELDS for c in (
    (f, "date_start", "date_end") if f == "date_precision" else (f, "district_names") if f == "districts" else (f,)
)) + ("quotes",)
assert set(COLUMNS) == set(HXL), set(COLUMNS) ^ set(HXL)  # every column has its hashtag


def records_flat(catalogue: Catalogue, attached: Attached | None = None) -> pd.DataFrame:
    """One flat row per record (see the module docstring), columns in :data:`COLUMNS` order."""
    same = attached is not None and attached.records["id"].tolist() == [r.id for r in catalogue]
    df = attached.records.copy() if same else records_frame(catalogue)  # attach made it for these records
    names = dict(zip(attached.districts["iso_code"], attached.districts["name_en"])) if attached is not None else {}
    df["district_names"] = list_column([[names.get(c, c) for c in r.districts] for r in catalogue], index=df.index)
    df["quotes"] = pd.Series([" | ".join(s.quote for s in r.sources if s.quote) for r in catalogue],
                             index=df.index, dtype=object)
    return df[list(COLUMNS)]


def csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Lists joined with :data:`LIST_SEPARATOR`; numbers and text as they are."""
    out = df.copy()
    for col in out.columns.intersection(LIST_COLUMNS):
        out[col] = [LIST_SEPARATOR.join(v) if v is not None and len(v) else None for v in out[col].tolist()]
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col].dtype):  # 25.0 → 25: percentages are mostly whole
            out[col] = pd.Series([None if pd.isna(v) else int(v) if float(v).is_integer() else float(v)
                                  for v in out[col]], index=out.index, dtype=object)
    return out


def typed_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Date bounds as Arrow ``date32`` (GeoPackage DATE, Parquet date) for the binary formats."""
    import pyarrow as pa

    out = df.copy()
    for col in DATE_COLUMNS:
        if col in out:
            out[col] = pd.Series(pd.arrays.ArrowExtensionArray(
                pa.array(pd.to_datetime(out[col]).dt.date.tolist() if len(out) else [], pa.date32())), index=out.index)
    return out
