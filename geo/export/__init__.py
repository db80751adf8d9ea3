"""Standard exports: GeoPackage (the embedded default store), GeoJSON, GeoParquet, CSV + HXL, and a
Frictionless Data Package describing them.

:func:`records_flat` is the one flat record table every format writes (:mod:`geo.export.flat`);
:mod:`geo.export.writers` holds the formats, :mod:`geo.export.datapackage` the descriptor.
"""

from .datapackage import datapackage, write_datapackage
from .flat import COLUMNS, HXL, LIST_SEPARATOR, csv_frame, records_flat, typed_frame
from .writers import FORMATS, export, write_csv_hxl, write_geojson, write_gpkg, write_parquet

__all__ = [
    "COLUMNS", "FORMATS", "HXL", "LIST_SEPARATOR", "csv_frame", "datapackage", "export", "records_flat",
    "typed_frame", "write_csv_hxl", "write_datapackage", "write_geojson", "write_gpkg", "write_parquet",
]
