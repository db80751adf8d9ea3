"""`minemaps build`: every output present, exports read back exactly, the build is atomic."""

import json

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

from geo import atomic, build, export
from geo.errors import BuildError, ValidationError

EXPECTED = {".minemaps-manifest.json", "index.html", "map.html", "minemaps.gpkg", "claims.geojson", "claims.parquet", "records.csv",
            "datapackage.json", *(f"tables/{t}.{ext}" for t in ("districts", "disclosures", "incidents", "statements")
                                  for ext in ("csv", "md"))}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return build.build(tmp_path_factory.mktemp("b") / "out").out


def test_all_outputs(out):
    assert {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()} == EXPECTED


def _same(a: pd.DataFrame, b: pd.DataFrame):
    a = a.reset_index(drop=True).astype(object).where(a.notna(), None)
    b = b.reset_index(drop=True).astype(object).where(b.notna(), None)
    for col in a.columns:
        left = [int(v) if isinstance(v, float) and v.is_integer() else v for v in a[col]]
        right = [int(v) if isinstance(v, float) and v.is_integer() else v for v in b[col]]
        assert left == right, col


def test_gpkg_round_trip(out, cat, attached):
    layers = dict(pyogrio.list_layers(out / "minemaps.gpkg"))
    assert layers == {"districts": "MultiPolygon", "claims": "MultiPolygon", "district_summary": "MultiPolygon", "records": None}
    claims = gpd.read_file(out / "minemaps.gpkg", layer="claims")
    mem = export._flatten(attached.claims)
    _same(claims.drop(columns="geometry"), mem.drop(columns="geometry"))
    assert claims.geometry.geom_equals(mem.geometry).all()  # Polygon promoted to MultiPolygon, same shape
    records = pyogrio.read_dataframe(out / "minemaps.gpkg", layer="records")
    _same(records, export.records_flat(cat, attached))
    districts = gpd.read_file(out / "minemaps.gpkg", layer="districts")
    assert len(districts) == 77 and districts["area_km2"].sum() == pytest.approx(attached.districts["area_km2"].sum())


def test_geojson_parquet_round_trip(out, attached):
    mem = export._flatten(attached.claims)
    gj = json.loads((out / "claims.geojson").read_text(encoding="utf-8"))
    assert "crs" not in gj  # RFC 7946: WGS 84 implied
    back = gpd.read_file(out / "claims.geojson", DATE_AS_STRING="YES")  # dates may be partial (2024-01)
    # GDAL writes the JSON-text columns (sources, conflicts) as native JSON: compare them parsed
    for col in export.JSON_FIELDS:
        parse = lambda v: json.loads(v) if isinstance(v, str) else v  # noqa: E731
        assert [parse(v) for v in back[col]] == [json.loads(v) for v in mem[col]], col
    _same(back.drop(columns=["geometry", *export.JSON_FIELDS]), mem.drop(columns=["geometry", *export.JSON_FIELDS]))
    pq = gpd.read_parquet(out / "claims.parquet")
    _same(pq.drop(columns="geometry"), mem.drop(columns="geometry"))
    assert pq.crs.to_epsg() == 4326 and pq.geometry.geom_equals_exact(mem.geometry, 1e-12).all()


def test_records_csv_with_hxl(out, cat, attached):
    raw = pd.read_csv(out / "records.csv", dtype=str, keep_default_na=False)
    tags = raw.iloc[0]
    assert tags["districts"] == "#adm1+code" and tags["date"] == "#date+occurred"
    assert tags["sources"] == "#meta+source" and tags["killed"] == "#affected+killed"
    body = pd.read_csv(out / "records.csv", skiprows=[1])
    _same(body, export.records_flat(cat, attached))


def test_tables_numbers(out):
    md = (out / "tables" / "districts.md").read_text(encoding="utf-8")
    csv = (out / "tables" / "districts.csv").read_text(encoding="utf-8")
    assert "| 97,000 |" in md and ",97000," in csv and "97,000" not in csv


def test_datapackage_is_valid(out):
    from frictionless import validate

    report = validate(out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_failed_build_leaves_previous_output(tmp_path):
    target = tmp_path / "out"
    build.build(target)
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    with pytest.raises(BuildError, match="simulated failure"):
        build.build(target, _fail_after="map")
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary directory left behind


def _tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


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
    before = _tree(target)
    rc, out, err = run("build", "--out", target)
    assert rc == 1 and out == ""
    assert str(target) in err and ("not a minemaps output" in err or "did not write" in err), err
    assert "Traceback" not in err
    assert _tree(target) == before
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
        build.build(tmp_path / "o", catalogue_dir=catalogue_copy)


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
    before = {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()}
    proc = subprocess.run([sys.executable, "-c", script, str(target)], capture_output=True, text=True)
    assert proc.returncode == -9, proc.stderr  # really killed
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "out"]
    assert leftovers  # a killed process leaves its temporary directory behind...
    atomic.recover(target)  # ...which the next build tidies up first
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()} == before
