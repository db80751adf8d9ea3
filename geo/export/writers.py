"""The file formats: GeoPackage (the embedded default store), GeoJSON, GeoParquet, CSV + HXL.

Every writer takes flat frames (:mod:`geo.export.flat`, :func:`geo.attach.attach`) and writes
them as they are: one geometry type per layer (MultiPolygon), real date columns, list columns
as lists (GeoJSON arrays, Parquet lists, GDAL string lists; ``|``-joined in CSV).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..atomic import atomic_write
from ..attach import Attached
from ..catalogue import Catalogue
from ..choices import FORMATS
from ..errors import UsageError
from .flat import HXL, csv_frame, records_flat, typed_frame

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

__all__ = ["FORMATS", "export", "write_csv_hxl", "write_geojson", "write_gpkg", "write_parquet"]

#: GeoPackage 1.2: read without warnings by GDAL 3.6 (QGIS LTR era) as by current GDAL.
GPKG_VERSION = "1.2"


def write_csv_hxl(records: pd.DataFrame, path: Path) -> Path:
    """CSV with an HXL hashtag row under the header (``hxlvalidate`` clean)."""
    df = csv_frame(records)
    tags = pd.DataFrame([[HXL.get(c, "") for c in df.columns]], columns=df.columns)
    pd.concat([tags, df.astype(object)], ignore_index=True).to_csv(path, index=False, lineterminator="\n")
    return Path(path)


def _write_layer(df, path: Path, layer: str, **kwargs) -> None:
    import pyogrio

    pyogrio.write_dataframe(typed_frame(df), path, layer=layer, driver="GPKG", use_arrow=True,
                            promote_to_multi=True if hasattr(df, "geometry") else None, **kwargs)


def write_gpkg(path: Path, attached: Attached, records: pd.DataFrame) -> Path:
    """GeoPackage 1.2 with layers districts, claims, district_summary (MultiPolygon) and the
    non-spatial records table. Write to a temporary path and rename it into place (as
    :func:`export` and the build do)."""
    import pyogrio

    path = Path(path)
    if path.exists():
        path.unlink()
    # No fsync per SQLite transaction (3x faster): callers write to a temporary path and rename it
    # into place only when complete, so a crash can never leave a half-written file behind.
    previous = pyogrio.get_gdal_config_option("OGR_SQLITE_SYNCHRONOUS")
    pyogrio.set_gdal_config_options({"OGR_SQLITE_SYNCHRONOUS": "OFF"})
    try:
        _write_layer(attached.districts, path, "districts", dataset_options={"VERSION": GPKG_VERSION})
        _write_layer(attached.claims, path, "claims", append=False)
        _write_layer(attached.summary, path, "district_summary")
        _write_layer(records, path, "records")
    finally:
        pyogrio.set_gdal_config_options({"OGR_SQLITE_SYNCHRONOUS": previous})
    return path


def write_geojson(gdf: gpd.GeoDataFrame, path: Path) -> Path:
    """RFC 7946 GeoJSON: WGS 84, right-hand winding, MultiPolygons, each Feature's ``id`` the
    record id (kept among the properties too), lists as arrays."""
    import pyogrio

    out = gdf.to_crs(4326)
    out = out.assign(feature_id=out["id"]) if "id" in out else out
    # 5 decimals (about 1 m): the boundary layer's own precision; 7 would only add bytes
    options = {"RFC7946": "YES", "COORDINATE_PRECISION": 5, **({"ID_FIELD": "feature_id"} if "feature_id" in out else {})}
    pyogrio.write_dataframe(out, path, driver="GeoJSON", layer="claims", use_arrow=True, promote_to_multi=True,
                            layer_options=options)
    return Path(path)


def write_parquet(gdf: gpd.GeoDataFrame, path: Path) -> Path:
    """GeoParquet (WKB geometry, ``geo`` metadata) with list and date columns. pandas' own
    metadata is left out: pandas 3 cannot read back the Arrow list dtype it names, and every
    reader gets the types from the Arrow schema."""
    import pyarrow.parquet as pq

    path = Path(path)
    typed_frame(gdf).to_parquet(path, index=False)
    table = pq.read_table(path)
    meta = {k: v for k, v in (table.schema.metadata or {}).items() if k != b"pandas"}
    pq.write_table(table.replace_schema_metadata(meta), path)
    return path


def export(fmt: str, path: str | Path, catalogue: Catalogue, attached: Attached) -> Path:
    """Write one format for (a subset of) the catalogue, atomically."""
    if fmt not in FORMATS:
        raise UsageError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    writers = {  # the flat record table only for the formats that hold it
        "gpkg": lambda tmp: write_gpkg(tmp, attached, records_flat(catalogue, attached)),
        "geojson": lambda tmp: write_geojson(attached.claims, tmp),
        "parquet": lambda tmp: write_parquet(attached.claims, tmp),
        "csv": lambda tmp: write_csv_hxl(records_flat(catalogue, attached), tmp),
    }
    return atomic_write(path, writers[fmt])
