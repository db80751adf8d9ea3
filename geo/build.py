"""``minemaps build``: turn ``data/`` into a folder a person can open and a GIS can read.

The build writes everything into a temporary directory beside the output and swaps it in only
when every step succeeded: a failing build leaves the previous output untouched, and a build
killed outright (SIGKILL, power loss) is tidied up by the next one (:func:`recover`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .atomic import atomic_dir
from .errors import BuildError, MinemapsError

__all__ = ["BuildResult", "build", "load_all"]


@dataclass
class BuildResult:
    out: Path
    files: list[Path] = field(default_factory=list)

    @property
    def index(self) -> Path:
        return self.out / "index.html"


def load_all(catalogue_dir=None, boundaries_path=None, *, until: str | None = None, **filters):
    """Load, validate, filter and attach: (catalogue, attached, boundary metadata)."""
    from . import attach, boundaries, catalogue

    cat = catalogue.load(catalogue_dir)
    if until or any(filters.values()):
        cat = cat.filter(until=until, **filters)
    districts = boundaries.load(boundaries_path)
    try:
        meta = boundaries.metadata(boundaries_path)
    except (OSError, ValueError):
        meta = {"source": {"name": str(boundaries_path)}, "feature_count": len(districts)}
    return cat, attach.attach(cat, districts), meta


def _data_version(catalogue_dir, meta: dict) -> str:
    from .catalogue import default_path, yaml_files

    h = hashlib.sha256()
    for p in yaml_files([catalogue_dir or default_path()]):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    h.update(str(meta.get("sha256", "")).encode())
    return f"{__version__}+{h.hexdigest()[:10]}"


def build(out: str | Path = "out", *, catalogue_dir=None, boundaries_path=None, until: str | None = None,
          tiles: str = "none", progress: Callable[[str], None] | None = None,
          _fail_after: str | None = None) -> BuildResult:
    """Build the dashboard, map, tables and exports into ``out`` atomically (see
    :func:`geo.atomic.atomic_dir`: ``out`` must be new, empty or a previous minemaps output)."""
    progress = progress or (lambda msg: None)
    out = Path(out).absolute()
    try:
        with atomic_dir(out) as tmp:
            _write_outputs(tmp, catalogue_dir, boundaries_path, until, tiles, progress, _fail_after)
    except MinemapsError:
        raise
    except Exception as exc:  # any other failure still leaves the old output intact
        raise BuildError(f"build failed: {type(exc).__name__}: {exc}") from exc
    files = sorted(p for p in out.rglob("*") if p.is_file())
    return BuildResult(out, files)


def _write_outputs(tmp: Path, catalogue_dir, boundaries_path, until, tiles, progress, _fail_after) -> None:
    from . import dashboard, export, maps, tables

    cat, att, meta = load_all(catalogue_dir, boundaries_path, until=until)
    names = dict(zip(att.districts["iso_code"], att.districts["name_en"]))
    version = _data_version(catalogue_dir, meta)
    progress(f"{len(cat)} records attached to {len(att.districts)} districts")

    tabs = tables.build_tables(cat, att)
    (tmp / "tables").mkdir()
    for name, df in tabs.items():
        (tmp / "tables" / f"{name}.csv").write_text(tables.to_csv(df), encoding="utf-8")
        (tmp / "tables" / f"{name}.md").write_text(tables.to_markdown(df), encoding="utf-8")

    m = maps.build_map(cat, att, tiles=tiles)
    (tmp / "map.html").write_text(maps.map_html(m), encoding="utf-8")
    if _fail_after == "map":  # test hook: simulate a crash midway
        raise BuildError("simulated failure after writing map.html")
    page = dashboard.dashboard_html(m, cat, tabs, names, title=maps.DEFAULT_TITLE, data_version=version,
                                    boundary_meta=meta)
    (tmp / "index.html").write_text(page, encoding="utf-8")

    records = export.records_flat(cat, att)
    export.write_gpkg(tmp / "minemaps.gpkg", att, records)
    export.write_geojson(att.claims, tmp / "claims.geojson")
    export.write_parquet(att.claims, tmp / "claims.parquet")
    export.write_csv_hxl(records, tmp / "records.csv")
    export.write_datapackage(tmp, tabs, records, version)
    progress("exports written")
