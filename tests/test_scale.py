"""Synthetic catalogues and points at scale: correct results (timings live in bench/run.py)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest

from geo import attach, catalogue, maps, synthetic
from geo.errors import DataError


def test_synthetic_data_is_marked_and_never_written_into_the_real_catalogue(districts, tmp_path):
    recs = synthetic.records(50, list(districts.iso_code))
    assert all(r["id"].startswith("synthetic-") and r["notes"] == synthetic.MARK for r in recs)
    assert all(s["document"].startswith("synthetic://") for r in recs for s in r["sources"])
    with pytest.raises(DataError, match="real catalogue"):
        synthetic.write_catalogue(catalogue.default_path(), 10, list(districts.iso_code))
    with pytest.raises(DataError, match="real catalogue"):
        synthetic.write_catalogue(catalogue.default_path() / "sub", 10, list(districts.iso_code))
    assert not list(catalogue.default_path().rglob("synthetic-*"))


@pytest.fixture(scope="module")
def big(districts, tmp_path_factory):
    d = tmp_path_factory.mktemp("synthetic")
    synthetic.write_catalogue(d, 20_000, list(districts.iso_code), per_file=5_000)
    cat = catalogue.load(d)
    return cat, attach.attach(cat, districts)


def test_twenty_thousand_records_attach_with_every_claim_counted_once(big, districts):
    cat, att = big
    recs = list(cat)
    assert len(cat) == 20_000
    assert len(att.claims) == sum(bool(r.districts) for r in recs)
    assert len(att.region_level) == sum(not r.districts for r in recs)
    assert att.totals["mines_claimed"] == sum(r.mines_claimed or 0 for r in recs)
    # districts' own and shared figures, summed naively, would count a two-district claim twice
    shared = att.claims[att.claims["shared"] & (att.claims["kind"] == "map_disclosure")]
    alone = att.summary["mines_claimed_alone"].fillna(0).sum()
    assert alone + shared["mines_claimed"].sum() == att.totals["mines_claimed"] - sum(
        r.mines_claimed or 0 for r in recs if not r.districts)


def test_a_shared_claim_has_the_union_geometry_and_its_equal_area(big, districts):
    _, att = big
    row = att.claims[att.claims["shared"]].iloc[0]
    by = districts.set_index("iso_code")
    union = by.loc[row["districts"]].union_all()
    assert row.geometry.symmetric_difference(union).area < 1e-9
    assert row["area_km2"] == pytest.approx(by.loc[row["districts"], "area_km2"].sum(), abs=0.1)


def test_points_go_to_the_district_that_contains_them(districts):
    inside = districts.geometry.representative_point()
    xy = np.column_stack([inside.x, inside.y])
    xy = np.vstack([xy, [[0.0, 0.0], [44.0, 42.5]]])  # the Gulf of Guinea; Georgia
    codes = attach.attach_points(xy, districts)
    assert list(codes[:-2]) == list(districts["iso_code"]) and list(codes[-2:]) == [None, None]


def test_points_agree_with_a_geopandas_spatial_join(districts):
    xy = synthetic.points(20_000, tuple(districts.total_bounds), seed=1)
    codes = attach.attach_points(xy, districts)
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=districts.crs)
    joined = gpd.sjoin(pts, districts[["iso_code", "geometry"]], predicate="within", how="left")
    joined = joined[~joined.index.duplicated()]
    expected = [None if isinstance(c, float) or c is None else c for c in joined["iso_code"].astype(object)]
    assert expected == list(codes)
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        attach.attach_points([1, 2, 3], districts)


def test_a_map_of_many_points_draws_districts_not_markers(districts):
    def page(n):
        xy = synthetic.points(n, tuple(districts.total_bounds), seed=2)
        summary = attach.points_summary(attach.attach_points(xy, districts), districts)
        assert summary["points"].sum() == pytest.approx(n * 0.45, rel=0.05)  # land share of the bbox
        m = maps.districts_map(districts, values=dict(zip(summary.iso_code, summary.points_per_km2)),
                               value_label="synthetic points per km²")
        return maps.map_html(m)

    small, large = page(2_000), page(200_000)
    assert large.count('"type": "Feature"') == len(districts)
    assert abs(len(large) - len(small)) < 2_000 and len(large) < 450 * 1024  # size does not grow with n


def test_above_five_hundred_records_the_pages_draw_aggregates_and_load_cards_from_a_file(districts, tmp_path):
    """The small-scale version of the 10^5 build (bench/run.py): the page stays light."""
    from geo import build

    d = tmp_path / "catalogue"
    synthetic.write_catalogue(d, 2_000, list(districts.iso_code), per_file=1_000)
    result = build.build(tmp_path / "out", catalogue=d)
    out = result.out
    map_html = (out / "map.html").read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Records per district" in map_html and "mm-claim" not in map_html.split("<body>")[1].split("<script>")[0]
    assert len(map_html.encode()) < 450 * 1024  # 77 districts, whatever the number of records
    assert '<script src="records.js"></script>' in index and (out / "records.js").is_file()
    assert index.count('class="mm-card') < 50  # the cards are in records.js, not on the page
    assert len(index.encode()) < 2 * 1024 * 1024
    records_js = (out / "records.js").read_text(encoding="utf-8")
    assert records_js.startswith("window.MINEMAPS_RECORDS = ") and records_js.count('"id":') == 2_000


def test_extract_time_is_linear_in_the_text():
    """Pathological and news-like texts: four times the text takes about four times as long
    (quadratic would be sixteen). The absolute throughput is in bench/run.py."""
    import time

    from geo.extract import extract_text

    news = ("On 12 June 2021 Armenia handed over maps of 97,000 mines in Agdam to Azerbaijan in exchange "
            "for 15 detainees. ")

    def seconds(text):
        best = float("inf")
        for _ in range(2):
            t = time.perf_counter()
            extract_text(text, published="2024-01-01")
            best = min(best, time.perf_counter() - t)
        return best

    for unit, n in (("A. ", 5_000), (news, 400)):
        small, large = seconds(unit * n), seconds(unit * 4 * n)
        assert large < 7 * small, (unit, small, large)
