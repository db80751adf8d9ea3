"""Interactive, offline Leaflet maps of the catalogue (the API; the elements and templates are in
:mod:`geo.render.mapview`)."""

from .choices import TILES
from .render.mapview import DEFAULT_TITLE, build_map, districts_map, map_html, write_map

__all__ = ["DEFAULT_TITLE", "TILES", "build_map", "districts_map", "map_html", "write_map"]
