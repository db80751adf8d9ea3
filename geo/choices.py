"""The choices the API and the command line share, declared once (importing this is cheap)."""

from .model import KINDS

__all__ = ["FORMATS", "KINDS", "TABLES", "TILES"]

#: Basemaps: none (offline, the default) or osm (an online OpenStreetMap layer).
TILES = ("none", "osm")
#: Export formats of ``minemaps export``.
FORMATS = ("gpkg", "geojson", "parquet", "csv")
#: Summary tables, in the order pages and ``minemaps summary`` show them.
TABLES = ("districts", "totals", "disclosures", "incidents", "statements", "casualties")
