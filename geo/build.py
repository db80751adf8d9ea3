"""``minemaps build``: turn a selection of the catalogue into a folder a person can open and a
GIS can read.

The build writes everything into a temporary folder beside the output and swaps it in only
when every step succeeded (:func:`geo.atomic.atomic_dir`): a failing build leaves the previous
output untouched, a folder minemaps did not make is never replaced, and a build killed outright
is tidied up by the next one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import atomic_dir
from .errors import BuildError, MinemapsError
from .selection import Loaded, Selection, load

__all__ = ["BuildResult", "build", "write_outputs"]


@dataclass
class BuildResult:
    out: Path
    files: list[Path] = field(default_factory=list)
    data_version: str = ""
    records: int = 0

    @property
    def index(self) -> Path:
        return self.out / "index.html"

    def to_dict(self) -> dict:
        return {"out": str(self.out), "index": str(self.index), "data_version": self.data_version,
                "records": self.records, "files": [str(p) for p in self.files]}


def build(out: str | Path = "out", selection: Selection | None = None, *, tiles: str = "none",
          progress: Callable[[str], None] | None = None, _fail_after: str | None = None,
          **selection_fields) -> BuildResult:
    """Build the dashboard, map, tables and exports of ``selection`` (or of a :class:`Selection`
    made from ``selection_fields``: catalogue, boundaries, district, kind, since, until) into
    ``out`` atomically; ``out`` must be new, empty or a previous minemaps output."""
    progress = progress or (lambda msg: None)
    selection = selection or Selection(**selection_fields)
    out = Path(out).absolute()
    try:
        with atomic_dir(out) as tmp:
            loaded = load(selection)
            progress(f"{len(loaded.catalogue)} records ({selection.describe()}) attached to "
                     f"{len(loaded.attached.districts)} districts")
            write_outputs(tmp, loaded, tiles=tiles, _fail_after=_fail_after)
            progress("exports written")
    except MinemapsError:
        raise
    except Exception as exc:  # any other failure still leaves the old output intact
        raise BuildError(f"build failed: {type(exc).__name__}: {exc}") from exc
    files = sorted(p for p in out.rglob("*") if p.is_file())
    return BuildResult(out, files, loaded.data_version, len(loaded.catalogue))


#: What a build writes besides the pages, as the dashboard lists it.
DOWNLOADS = (
    ("map.html", "the map on its own page"),
    ("minemaps.gpkg", "GeoPackage 1.2: districts, claims and district summary (MultiPolygon), the records table"),
    ("claims.geojson", "one area per record with districts (RFC 7946 GeoJSON)"),
    ("claims.parquet", "the same as GeoParquet"),
    ("records.csv", "every record, one row each, with an HXL hashtag row"),
    ("datapackage.json", "a Frictionless Data Package describing all of these"),
)


def write_outputs(folder: Path, loaded: Loaded, *, tiles: str = "none", _fail_after: str | None = None) -> None:
    """Every output of a build, written into ``folder`` (which the caller makes atomic). The
    exports (GDAL, Arrow: they release the GIL) are written in a second thread while the pages
    are rendered."""
    from concurrent.futures import ThreadPoolExecutor

    from . import tables

    cat, att = loaded.catalogue, loaded.attached
    tabs = tables.build_tables(cat, att)
    with ThreadPoolExecutor(1) as pool:
        exports = pool.submit(_write_exports, folder, loaded, tabs)
        try:
            _write_pages(folder, loaded, tabs, tiles=tiles, _fail_after=_fail_after)
        finally:
            exports.result()  # its own failure, if any, is raised here


def _write_exports(folder: Path, loaded: Loaded, tabs: dict) -> None:
    from . import export, tables

    cat, att = loaded.catalogue, loaded.attached
    (folder / "tables").mkdir()
    for name, df in tabs.items():
        (folder / "tables" / f"{name}.csv").write_text(tables.to_csv(df), encoding="utf-8")
        (folder / "tables" / f"{name}.md").write_text(tables.to_markdown(df), encoding="utf-8")
    records = export.records_flat(cat, att)
    export.write_gpkg(folder / "minemaps.gpkg", att, records)
    export.write_geojson(att.claims, folder / "claims.geojson")
    export.write_parquet(att.claims, folder / "claims.parquet")
    export.write_csv_hxl(records, folder / "records.csv")
    export.write_datapackage(folder, tabs, records, loaded.data_version)


def _write_pages(folder: Path, loaded: Loaded, tabs: dict, *, tiles: str, _fail_after: str | None) -> None:
    from . import maps
    from .render import dashboard
    from .render.templating import template
    from .render.viewer import SourcePages
    from .sources import DocumentStore

    cat, att = loaded.catalogue, loaded.attached
    store = DocumentStore.for_catalogue([loaded.selection.catalogue] if loaded.selection.catalogue else None)
    sources = SourcePages(store).add_records(cat)
    (folder / "sources").mkdir()
    page_template = template("source.html.j2")
    for page in sources.pages.values():
        (folder / page.filename).write_text(page_template.render(page=page), encoding="utf-8")

    map_page = maps.map_html(maps.build_map(cat, att, tiles=tiles, boundary_source=loaded.boundary_source,
                                            links=True, sources=sources))
    (folder / "map.html").write_text(map_page, encoding="utf-8")
    if _fail_after == "map":  # test hook: simulate a crash midway
        raise BuildError("simulated failure after writing map.html")
    names = dict(zip(att.districts["iso_code"], att.districts["name_en"]))
    downloads = [*DOWNLOADS, *((f"tables/{n}.csv", f"the {n} table (also .md)") for n in tabs)]
    page = dashboard.dashboard_html(map_page, cat, tabs, names, title=maps.DEFAULT_TITLE,
                                    data_version=loaded.data_version, boundary_meta=loaded.boundary_meta,
                                    sources=sources, totals=att.totals, downloads=downloads)
    (folder / "index.html").write_text(page, encoding="utf-8")
    if len(cat) > dashboard.LARGE_ABOVE:  # the cards leave the page for a data file beside it
        (folder / "records.js").write_text(dashboard.records_js(cat, names), encoding="utf-8")
