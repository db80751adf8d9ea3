"""`minemaps build`: every output present, exports read back exactly, the build is atomic."""

import json

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

from geo import atomic, build, export
from geo.choices import TABLES
from geo.errors import BuildError, ValidationError

from .conftest import tree

EXPECTED = {".minemaps-manifest.json", "index.html", "map.html", "minemaps.gpkg", "claims.geojson", "claims.parquet",
            "records.csv", "datapackage.json", *(f"tables/{t}.{ext}" for t in TABLES for ext in ("csv", "md"))}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return build.build(tmp_path_factory.mktemp("b") / "out").out


def test_all_outputs(out, cat):
    files = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    pages = {f for f in files if f.startswith("sources/")}
    assert files - pages == EXPECTED
    # one source page per seed or captured text the records quote
    documents = {s.document for r in cat for s in r.sources if s.kind != "reference"} | {
        c.source for r in cat for c in r.conflicts}
    assert len(pages) == len(documents) > 100 and all(p.endswith(".html") for p in pages)


def _plain(v):
    """A cell as plain Python: lists for arrays, ISO text for dates, None for missing, ints when whole."""
    import datetime as dt

    import numpy as np

    if isinstance(v, (list, tuple, np.ndarray)):
        return [_plain(x) for x in v]
    if isinstance(v, str) and v.startswith("[") and v.endswith("]"):  # a GDAL string list read as JSON text
        return json.loads(v)
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT:
        return None
    if isinstance(v, (pd.Timestamp, dt.datetime)):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return int(v)
    if isinstance(v, np.integer):
        return int(v)
    return v


def _same(a: pd.DataFrame, b: pd.DataFrame):
    assert list(a.columns) == list(b.columns)
    assert len(a) == len(b) > 0
    for col in a.columns:
        assert [_plain(v) for v in a[col]] == [_plain(v) for v in b[col]], col


def test_gpkg_is_version_1_2_with_multipolygons_dates_and_the_same_rows(out, cat, attached):
    import sqlite3

    path = out / "minemaps.gpkg"
    layers = dict(pyogrio.list_layers(path))
    assert layers == {"districts": "MultiPolygon", "claims": "MultiPolygon", "district_summary": "MultiPolygon",
                      "records": None}
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA user_version").fetchone() == (10200,)  # GeoPackage 1.2
        columns = {r[1]: r[2] for r in con.execute("PRAGMA table_info(records)")}
    assert columns["date_start"] == columns["date_end"] == "DATE" and columns["mines_claimed"] == "INTEGER"
    claims = pyogrio.read_dataframe(path, layer="claims", use_arrow=True)
    mem = attached.claims
    _same(claims.drop(columns="geometry"), pd.DataFrame(mem.drop(columns="geometry")))
    assert claims.geometry.geom_equals(mem.geometry).all()
    records = pyogrio.read_dataframe(path, layer="records", use_arrow=True)
    _same(records, export.records_flat(cat, attached))
    districts = gpd.read_file(path, layer="districts")
    assert len(districts) == 77 and districts["area_km2"].sum() == pytest.approx(attached.districts["area_km2"].sum())


def test_gpkg_reads_without_warnings_in_debian_gdal(out):
    """GDAL 3.6 (Debian 12, the QGIS LTR era) opens the GeoPackage with no warning (1.4 gave some)."""
    import shutil
    import subprocess

    ogrinfo = shutil.which("ogrinfo")
    assert ogrinfo, "Debian's gdal-bin is not installed: run `make test` (it installs it)"
    proc = subprocess.run([ogrinfo, "-ro", "-so", "-al", str(out / "minemaps.gpkg")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "Warning" not in proc.stderr and "ERROR" not in proc.stderr, proc.stderr
    assert "Geometry: Multi Polygon" in proc.stdout and "date_start: Date" in proc.stdout


def test_geojson_has_feature_ids_multipolygons_and_arrays(out, attached):
    gj = json.loads((out / "claims.geojson").read_text(encoding="utf-8"))
    assert "crs" not in gj  # RFC 7946: WGS 84 implied
    feats = gj["features"]
    assert [f["id"] for f in feats] == list(attached.claims["id"])
    assert all(f["id"] == f["properties"]["id"] for f in feats)
    assert {f["geometry"]["type"] for f in feats} == {"MultiPolygon"}
    fz = next(f for f in feats if f["id"] == "2021-07-03-fuzuli-zangilan-maps")["properties"]
    assert fz["districts"] == ["AZ-FUZ", "AZ-ZAN"] and fz["mines_claimed"] == 92000
    assert fz["mines_claimed_qualifier"] == "about" and fz["date_start"] == fz["date_end"] == "2021-07-03"
    assert isinstance(fz["sources"], (list, str))


def test_parquet_has_list_and_date_columns(out, attached):
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pq.read_schema(out / "claims.parquet")
    assert pa.types.is_list(schema.field("districts").type) and pa.types.is_list(schema.field("mine_types").type)
    assert schema.field("date_start").type == pa.date32() and schema.field("mines_claimed").type == pa.int64()
    assert b"geo" in schema.metadata
    back = gpd.read_parquet(out / "claims.parquet")  # pandas reads it back (no pandas metadata to trip on)
    _same(pd.DataFrame(back.drop(columns="geometry")), pd.DataFrame(attached.claims.drop(columns="geometry")))
    assert back.crs.to_epsg() == 4326 and back.geometry.geom_equals_exact(attached.claims.geometry, 1e-12).all()


def test_duckdb_reads_the_exports_with_their_types(out):
    import duckdb

    con = duckdb.connect()
    row = con.execute(f"select districts, date_start, mines_claimed from read_parquet('{out / 'claims.parquet'}') "
                      "where id = '2021-07-03-fuzuli-zangilan-maps'").fetchone()
    assert row[0] == ["AZ-FUZ", "AZ-ZAN"] and str(row[1]) == "2021-07-03" and row[2] == 92000
    n = con.execute(f"select count(*) from read_csv('{out / 'records.csv'}', skip=2, header=false)").fetchone()[0]
    assert n == len(pd.read_csv(out / "records.csv", skiprows=[1]))


def test_records_csv_with_hxl_is_hxlvalidate_clean(out, cat, attached):
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    raw = pd.read_csv(out / "records.csv", dtype=str, keep_default_na=False)
    tags = raw.iloc[0]
    assert tags["districts"] == "#adm1+code+list" and tags["date_start"] == "#date+start"
    assert tags["sources"] == "#meta+source" and tags["killed"] == "#affected+killed"
    body = pd.read_csv(out / "records.csv", skiprows=[1], dtype=str, keep_default_na=False)
    fz = body.set_index("id").loc["2021-07-03-fuzuli-zangilan-maps"]
    assert fz["districts"] == "AZ-FUZ|AZ-ZAN" and fz["mines_claimed_qualifier"] == "about"
    hxlvalidate = shutil.which("hxlvalidate", path=str(Path(sys.executable).parent)) or shutil.which("hxlvalidate")
    proc = subprocess.run([hxlvalidate, str(out / "records.csv")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "\n0 error(s), 0 warnings," in proc.stdout, proc.stdout  # suggestions (numeric outliers) are information only


def test_tables_numbers(out):
    md = (out / "tables" / "districts.md").read_text(encoding="utf-8")
    csv = (out / "tables" / "districts.csv").read_text(encoding="utf-8")
    assert "| 97,000 |" in md and ",97000," in csv and "97,000" not in csv
    assert "about 92,000" in md and ",92000,about," in csv  # a qualifier is its own column for machines
    casualties = pd.read_csv(out / "tables" / "casualties.csv")
    victims = casualties["victims"].dropna()
    assert len(victims) and pd.api.types.is_numeric_dtype(victims) and (victims % 1 == 0).all()  # whole numbers, not notes


def test_datapackage_is_valid_v2_with_types_keys_enums_and_descriptions(out):
    from frictionless import validate

    report = validate(out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    dp = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert dp["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    records = next(r for r in dp["resources"] if r["name"] == "records")
    fields = {f["name"]: f for f in records["schema"]["fields"]}
    assert records["schema"]["primaryKey"] == ["id"]
    assert fields["kind"]["constraints"]["enum"] == ["map_disclosure", "incident", "statement", "casualty_total"]
    assert fields["mines_claimed"]["type"] == "integer" and fields["date_start"]["type"] == "date"
    assert fields["districts"]["type"] == "list" and fields["accuracy_percent"]["type"] == "number"
    assert all(f["description"] for f in fields.values())
    spatial = {r["path"] for r in dp["resources"] if "schema" not in r}
    assert spatial == {"minemaps.gpkg", "claims.geojson", "claims.parquet"}


def test_api_frames_are_flat_for_every_geopandas_writer(attached, tmp_path):
    """claims & co. hold Arrow lists and JSON text, never Python objects."""
    c = attached.claims
    c.to_parquet(tmp_path / "c.parquet")
    c.to_file(tmp_path / "c.gpkg")
    c.to_file(tmp_path / "c.fgb", driver="FlatGeobuf")
    c.to_csv(tmp_path / "c.csv")
    json.loads(c.to_json(default=list))
    attached.region_level.to_parquet(tmp_path / "r.parquet")
    attached.summary.to_file(tmp_path / "s.gpkg")
    back = gpd.read_file(tmp_path / "c.gpkg")
    assert not back["sources"].str.contains("Source(", regex=False).any()
    assert json.loads(back.set_index("id").loc["2021-07-03-fuzuli-zangilan-maps", "sources"])[0]["document"]


def test_failed_build_leaves_previous_output(tmp_path):
    target = tmp_path / "out"
    build.build(target)
    before = tree(target)
    with pytest.raises(BuildError, match="simulated failure"):
        build.build(target, _fail_after="map")
    assert tree(target) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary directory left behind


@pytest.mark.parametrize("setup", ["user-folder", "catalogue-copy", "user-file-in-output"])
def test_out_never_replaces_what_minemaps_did_not_make(tmp_path, run, setup):
    """--out on a folder that is not a previous build is refused, whatever it holds (issue: data loss)."""
    import shutil

    from geo._resources import repo_root

    target = tmp_path / "v"
    if setup == "user-folder":
        target.mkdir()
        (target / "keep.txt").write_text("x", encoding="utf-8")
    elif setup == "catalogue-copy":
        shutil.copytree(repo_root() / "data" / "catalogue", target)
    else:
        assert run("build", "--out", target)[0] == 0
        (target / "my-notes.txt").write_text("mine", encoding="utf-8")
    before = tree(target)
    rc, out, err = run("build", "--out", target)
    assert rc == 1 and out == ""
    assert str(target) in err and ("not a minemaps output" in err or "did not write" in err), err
    assert "Traceback" not in err
    assert tree(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v"]  # and no temporary folder left


def test_out_on_a_file_is_refused(tmp_path, run):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"%PDF precious")
    rc, _, err = run("build", "--out", target)
    assert rc == 1 and "not a folder" in err and "Traceback" not in err
    assert target.read_bytes() == b"%PDF precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]  # nothing hidden beside it


def test_out_empty_or_previous_output_is_written(tmp_path):
    target = tmp_path / "empty"
    target.mkdir()
    first = build.build(target)
    assert (target / atomic.MANIFEST).is_file() and first.index.is_file()
    build.build(target)  # a previous output is replaced
    listed = json.loads((target / atomic.MANIFEST).read_text(encoding="utf-8"))["files"]
    assert set(listed) == {p.relative_to(target).as_posix() for p in target.rglob("*")
                           if p.is_file() and p.name != atomic.MANIFEST}


def test_output_is_readable_by_others(tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        out = build.build(tmp_path / "o").out
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    assert stat.S_IMODE((out / "index.html").stat().st_mode) & 0o044 == 0o044


def test_invalid_catalogue_build_exits_1_and_keeps_output(tmp_path, run, catalogue_copy):
    target = tmp_path / "out"
    assert run("build", "--out", target)[0] == 0
    index = (target / "index.html").read_bytes()
    (catalogue_copy / "bad.yaml").write_text("id: bad\nkind: rumour\n", encoding="utf-8")
    rc, out, err = run("build", "--out", target, "--catalogue", catalogue_copy)
    assert rc == 1 and "bad.yaml" in err and "kind" in err
    assert (target / "index.html").read_bytes() == index


def test_export_subset(tmp_path, run, cat):
    rc, out, _ = run("export", "--format", "geojson", "--out", tmp_path / "fz.geojson", "--district", "Zangilan",
                     "--kind", "map_disclosure")
    assert rc == 0
    back = gpd.read_file(tmp_path / "fz.geojson")
    assert list(back["id"]) == ["2021-07-03-fuzuli-zangilan-maps"]
    rc, _, _ = run("export", "--format", "csv", "--out", tmp_path / "inc.csv", "--kind", "incident")
    assert rc == 0
    assert len(pd.read_csv(tmp_path / "inc.csv", skiprows=[1])) == len(cat.filter(kind="incident")) > 10


def test_validation_error_is_not_wrapped(catalogue_copy, tmp_path):
    (catalogue_copy / "bad.yaml").write_text("id: bad\n", encoding="utf-8")
    with pytest.raises(ValidationError):
        build.build(tmp_path / "o", catalogue=catalogue_copy)


KILL_MIDWAY = """
import os, signal, sys
from geo import atomic, build, export
def die(*a, **k):  # the process is killed while the exports are being written: no cleanup runs
    os.kill(os.getpid(), signal.SIGKILL)
export.write_gpkg = die
build.build(sys.argv[1])
"""

KILL_IN_SWAP = """
import os, signal, sys
from pathlib import Path
from geo import build
real = Path.rename
def rename(self, target):  # killed between the two renames of the swap
    real(self, target)
    if ".old-" in str(target):
        os.kill(os.getpid(), signal.SIGKILL)
Path.rename = rename
build.build(sys.argv[1])
"""


@pytest.mark.parametrize("script", [KILL_MIDWAY, KILL_IN_SWAP], ids=["midway", "during-swap"])
def test_killed_build_never_loses_the_previous_output(tmp_path, script):
    import subprocess
    import sys

    target = tmp_path / "out"
    build.build(target)
    before = tree(target)
    proc = subprocess.run([sys.executable, "-c", script, str(target)], capture_output=True, text=True)
    assert proc.returncode == -9, proc.stderr  # really killed
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "out"]
    assert leftovers  # a killed process leaves its temporary directory behind...
    atomic.recover(target)  # ...which the next build tidies up first
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert tree(target) == before
