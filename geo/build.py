"""``minemaps build``: turn ``data/`` into a folder a person can open and a GIS can read.

The build writes everything into a temporary directory beside the output and swaps it in only
when every step succeeded: a failing build leaves the previous output untouched, and a build
killed outright (SIGKILL, power loss) is tidied up by the next one (:func:`recover`).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .errors import BuildError, MinemapsError

__all__ = ["BuildResult", "build", "load_all", "recover", "swap_in"]


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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(out: Path) -> list[Path]:
    """Tidy up after a build that was killed (no ``finally`` ran): put back an output moved
    aside by an interrupted swap, and remove temporary directories of builds no longer running.
    Returns what was removed or restored."""
    touched: list[Path] = []
    pattern = re.compile(rf"^\.{re.escape(out.name)}\.(build|old)-(\d+)-")
    for p in sorted(out.parent.glob(f".{out.name}.*")):
        m = pattern.match(p.name)
        if not m or not p.is_dir() or _alive(int(m.group(2))):
            continue
        if m.group(1) == "old" and not out.exists():
            p.rename(out)  # killed between the two renames of swap_in: the old output comes back
        else:
            shutil.rmtree(p, ignore_errors=True)
        touched.append(p)
    return touched


def swap_in(tmp: Path, out: Path) -> None:
    """Replace ``out`` by ``tmp`` with two renames; the old output is removed last. A kill
    between the renames leaves the old output aside, and :func:`recover` puts it back."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}-{tmp.name[-8:]}")
        out.rename(old)
    try:
        tmp.rename(out)
    except OSError:
        if old is not None:
            old.rename(out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build(out: str | Path = "out", *, catalogue_dir=None, boundaries_path=None, until: str | None = None,
          tiles: str = "none", progress: Callable[[str], None] | None = None,
          _fail_after: str | None = None) -> BuildResult:
    """Build the dashboard, map, tables and exports into ``out`` atomically."""
    from . import dashboard, export, maps, tables

    progress = progress or (lambda msg: None)
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-{os.getpid()}-", dir=out.parent))
    try:
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
        swap_in(tmp, out)
    except MinemapsError:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    except Exception as exc:  # any other failure still leaves the old output intact
        shutil.rmtree(tmp, ignore_errors=True)
        raise BuildError(f"build failed: {type(exc).__name__}: {exc}") from exc
    files = sorted(p for p in out.rglob("*") if p.is_file())
    return BuildResult(out, files)
