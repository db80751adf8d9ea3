"""Standard exports: GeoPackage (the embedded default store), GeoJSON, GeoParquet, CSV + HXL.

Flat formats cannot hold lists, so list fields become ``;``-separated text and ``sources`` /
``conflicts`` become JSON text; :func:`records_flat` is that one mapping, used by every format.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .attach import Attached, records_frame
from .catalogue import Catalogue
from .model import COUNT_FIELDS

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

__all__ = ["FORMATS", "HXL", "export", "write_datapackage", "records_flat", "write_csv_hxl", "write_geojson", "write_gpkg", "write_parquet"]

FORMATS = ("gpkg", "geojson", "parquet", "csv")
LIST_FIELDS = ("districts", "district_names", "mine_types", "mediators", "about", "shared_claims")
JSON_FIELDS = ("sources", "conflicts", "derived")

#: HXL hashtags for records.csv (Humanitarian Exchange Language 1.1 core hashtags).
HXL = {
    "id": "#event+id", "kind": "#event+type", "date": "#date+occurred", "date_precision": "#date+precision",
    "districts": "#adm1+code", "district_names": "#adm1+name", "geo_precision": "#geo+precision",
    "region": "#region+name", "mines_claimed": "#indicator+num+mines", "mine_types": "#item+type",
    "maps_count": "#indicator+num+maps", "minefields_count": "#indicator+num+minefields",
    "detainees_released": "#affected+num+released", "killed": "#affected+killed", "injured": "#affected+injured",
    "from_party": "#org+from", "to_party": "#org+to", "mediators": "#org+mediator", "about": "#meta+about",
    "conflicts": "#meta+conflicts", "sources": "#meta+source", "quotes": "#meta+quote", "notes": "#description+notes",
}


def _model_json(obj):
    """Sources and conflicts kept as model objects (see :func:`geo.attach.attach`) → JSON."""
    return obj.model_dump(mode="json")


def _flatten(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    for col in df.columns:
        if col in LIST_FIELDS:
            df[col] = df[col].map(lambda v: (";".join(v) or None) if isinstance(v, list) else v)
        elif col in JSON_FIELDS:
            df[col] = df[col].map(lambda v: json.dumps(v, ensure_ascii=False, default=_model_json))
    return df


def records_flat(catalogue: Catalogue, attached: Attached | None = None) -> pd.DataFrame:
    """One flat row per record: lists as ``;``-text, sources/conflicts as JSON, quotes joined."""
    df = records_frame(catalogue)
    if df.empty:
        df = pd.DataFrame(columns=[c for c in HXL if c not in ("district_names", "quotes")])
    names = dict(zip(attached.districts["iso_code"], attached.districts["name_en"])) if attached else {}
    df.insert(df.columns.get_loc("districts") + 1, "district_names",
              df["districts"].map(lambda cs: [names.get(c, c) for c in cs]))
    df["quotes"] = df["sources"].map(lambda ss: " | ".join(s["quote"] for s in ss if s.get("quote")))
    df = df[[c for c in HXL if c in df.columns]]
    for col in COUNT_FIELDS:
        df[col] = df[col].astype("Int64")
    return _flatten(df)


def write_csv_hxl(df: pd.DataFrame, path: Path) -> Path:
    """CSV with an HXL hashtag row under the header."""
    tags = pd.DataFrame([[HXL.get(c, "") for c in df.columns]], columns=df.columns)
    pd.concat([tags, df.astype(object)], ignore_index=True).to_csv(path, index=False, lineterminator="\n")
    return path


def write_gpkg(path: Path, attached: Attached, records: pd.DataFrame) -> Path:
    """GeoPackage with layers districts, claims, district_summary and the non-spatial records table.

    Write to a temporary path and rename it into place (as :func:`export` and the build do).
    """
    import pyogrio

    path = Path(path)
    if path.exists():
        path.unlink()
    # No fsync per SQLite transaction (3x faster): callers write to a temporary path and rename it
    # into place only when complete, so a crash can never leave a half-written file behind.
    previous = pyogrio.get_gdal_config_option("OGR_SQLITE_SYNCHRONOUS")
    pyogrio.set_gdal_config_options({"OGR_SQLITE_SYNCHRONOUS": "OFF"})
    try:
        pyogrio.write_dataframe(attached.districts, path, layer="districts", promote_to_multi=True)
        pyogrio.write_dataframe(_flatten(attached.claims), path, layer="claims", promote_to_multi=True)
        pyogrio.write_dataframe(_flatten(attached.summary), path, layer="district_summary", promote_to_multi=True)
        pyogrio.write_dataframe(records, path, layer="records")
    finally:
        pyogrio.set_gdal_config_options({"OGR_SQLITE_SYNCHRONOUS": previous})
    return path


def write_geojson(gdf: gpd.GeoDataFrame, path: Path) -> Path:
    """RFC 7946 GeoJSON (WGS 84, right-hand winding, 7 decimals)."""
    import pyogrio

    pyogrio.write_dataframe(_flatten(gdf).to_crs(4326), path, driver="GeoJSON", layer="claims",
                            layer_options={"RFC7946": "YES"})
    return path


def write_parquet(gdf: gpd.GeoDataFrame, path: Path) -> Path:
    """GeoParquet (geometry as WKB with GeoParquet metadata)."""
    _flatten(gdf).to_parquet(path, index=False)
    return path


def export(fmt: str, path: str | Path, catalogue: Catalogue, attached: Attached) -> Path:
    """Write one format for (a subset of) the catalogue."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    from .atomic import atomic_write

    records = records_flat(catalogue, attached)
    writers = {
        "gpkg": lambda tmp: write_gpkg(tmp, attached, records),
        "geojson": lambda tmp: write_geojson(attached.claims, tmp),
        "parquet": lambda tmp: write_parquet(attached.claims, tmp),
        "csv": lambda tmp: write_csv_hxl(records, tmp),
    }
    return atomic_write(path, writers[fmt])


def _table_schema(df: pd.DataFrame) -> dict:
    fields = []
    for col in df.columns:
        dtype = df[col].dtype
        if pd.api.types.is_bool_dtype(dtype):
            typ = "boolean"
        elif pd.api.types.is_integer_dtype(dtype):
            typ = "integer"
        elif pd.api.types.is_float_dtype(dtype):
            typ = "number"
        else:
            typ = "string"
        fields.append({"name": str(col), "type": typ})
    return {"fields": fields}


def write_datapackage(folder: Path, tables: dict[str, pd.DataFrame], records: pd.DataFrame, version: str) -> Path:
    """A Frictionless Data Package describing records.csv (with its HXL row) and tables/*.csv."""
    resources = [{
        "name": "records", "path": "records.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "description": "One row per catalogue record; row 2 holds HXL hashtags.",
        "dialect": {"commentRows": [2]},
        "schema": _table_schema(records),
    }]
    for name, df in tables.items():
        resources.append({"name": f"table-{name}", "path": f"tables/{name}.csv", "format": "csv",
                          "mediatype": "text/csv", "encoding": "utf-8", "schema": _table_schema(df)})
    package = {
        "name": "minemaps", "title": "minemaps: minefield map disclosures after the 2020 Karabakh war",
        "version": version,
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0"}],
        "resources": resources,
    }
    path = Path(folder) / "datapackage.json"
    path.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
