"""A Frictionless Data Package (v2) describing everything a build writes.

The record table's fields, types, enums and descriptions come from the record model
(``TypeAdapter(Record).json_schema()``); the summary tables' from their columns; the spatial
files are listed as resources without a table schema.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..model import FIGURE_FIELDS, PERCENT_FIELDS
from .flat import LIST_COLUMNS, LIST_SEPARATOR, scalar_kind

__all__ = ["PROFILE", "SPATIAL", "datapackage", "record_fields", "write_datapackage"]

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
_PARTIAL_DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
#: The spatial files of a build: (resource name, path, format, media type, description).
SPATIAL = (
    ("minemaps-gpkg", "minemaps.gpkg", "gpkg", "application/geopackage+sqlite3",
     "GeoPackage 1.2: layers districts, claims, district_summary (MultiPolygon, EPSG:4326) and records."),
    ("claims-geojson", "claims.geojson", "geojson", "application/geo+json",
     "One MultiPolygon per record with districts (RFC 7946); Feature id = record id."),
    ("claims-parquet", "claims.parquet", "parquet", "application/vnd.apache.parquet",
     "The claims as GeoParquet (WKB geometry, EPSG:4326)."),
)
_EXTRA = {
    "district_names": ("English names of the districts, in the order of districts.", "list"),
    "date_start": (None, "date"),
    "date_end": (None, "date"),
    "quotes": ("Every quote of the record, joined with ' | '.", "string"),
}


def _model_schema() -> dict:
    from pydantic import TypeAdapter

    from ..model import DESCRIPTIONS, Record

    schema = TypeAdapter(Record).json_schema()
    props = schema["properties"]
    for name, (desc, _) in _EXTRA.items():
        props.setdefault(name, {"description": desc or DESCRIPTIONS.get(name, "")})
    return schema


def _field(name: str, prop: dict) -> dict:
    """One Table Schema field from a JSON-schema property of the record model."""
    options = [o for o in prop.get("anyOf", [prop]) if o.get("type") != "null"]
    enum = next((o["enum"] for o in options if "enum" in o), prop.get("enum"))
    field = {"name": name, "description": prop.get("description", "")}
    base = name.removesuffix("_min").removesuffix("_max")
    if name in LIST_COLUMNS:
        field.update(type="list", delimiter=LIST_SEPARATOR, itemType="string")
    elif name in ("sources", "conflicts"):
        field.update(type="array")
    elif name == "derived":
        field.update(type="object")
    elif name in _EXTRA:
        field.update(type=_EXTRA[name][1])
    elif base in FIGURE_FIELDS:
        field.update(type="number" if base in PERCENT_FIELDS else "integer",
                     constraints={"minimum": 0, **({"maximum": 100} if base in PERCENT_FIELDS else {})})
    elif name in ("date", "period_start", "period_end"):
        field.update(type="string", constraints={"pattern": _PARTIAL_DATE})
    else:
        field.update(type="string")
    if enum:
        field.setdefault("constraints", {})["enum"] = enum
    if name in ("id", "kind", "date", "date_precision", "date_start", "date_end", "sources"):
        field.setdefault("constraints", {})["required"] = True
    return field


def record_fields(columns) -> list[dict]:
    """Table Schema fields for the flat record table's ``columns``."""
    props = _model_schema()["properties"]
    return [_field(c, props.get(c, {})) for c in columns]


_TABLE_DOCS = {
    "districts": "One row per district with records: disclosures, mines claimed for it alone, the shared "
                 "claims it is part of, incidents. A shared claim appears on each of its districts: never sum "
                 "mines_in_shared_claims; the totals table counts each record once.",
    "totals": "Grand totals over records, each record counted once, with the qualifier a sum carries and how "
              "many records give each figure.",
    "disclosures": "Map hand-overs, in date order.",
    "incidents": "Mine incidents (casualties as reported).",
    "statements": "Statements about the maps and the figures they give.",
    "casualties": "Official and NGO casualty totals over periods, in date order (running figures: never summed).",
}


def _table_schema(df: pd.DataFrame) -> dict:
    fields = []
    for col in df.columns:
        fields.append({"name": str(col), "type": scalar_kind(df[col].dtype)})
    return {"fields": fields, "missingValues": [""]}


def datapackage(tables: dict[str, pd.DataFrame], records: pd.DataFrame, version: str) -> dict:
    """The descriptor (a dict) of a build's data package."""
    resources = [{
        "name": "records", "type": "table", "path": "records.csv", "format": "csv", "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": "One row per catalogue record; row 2 holds HXL hashtags (a comment row).",
        "dialect": {"headerRows": [1], "commentRows": [2]},
        "schema": {"fields": record_fields(records.columns), "primaryKey": ["id"], "missingValues": [""]},
    }]
    for name, df in tables.items():
        resources.append({"name": f"table-{name}", "type": "table", "path": f"tables/{name}.csv", "format": "csv",
                          "mediatype": "text/csv", "encoding": "utf-8", "description": _TABLE_DOCS.get(name, ""),
                          "schema": _table_schema(df)})
    for name, path, fmt, media, desc in SPATIAL:
        resources.append({"name": name, "type": "file", "path": path, "format": fmt, "mediatype": media,
                          "description": desc})
    return {
        "$schema": PROFILE,
        "name": "minemaps", "title": "minemaps: minefield map disclosures after the 2020 Karabakh war",
        "description": "Every reported hand-over of minefield maps, statement about them, mine incident and "
                       "casualty total, each traced to verbatim quotes in its sources.",
        "version": version,
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0"}],
        "resources": resources,
    }


def write_datapackage(folder: Path, tables: dict[str, pd.DataFrame], records: pd.DataFrame, version: str) -> Path:
    path = Path(folder) / "datapackage.json"
    descriptor = datapackage(tables, records, version)
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
