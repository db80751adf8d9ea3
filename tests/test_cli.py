import json
import subprocess
import sys


def test_resolve_json(run):
    rc, out, _ = run("resolve", "Füzuli rayonu", "--json")
    assert rc == 0 and json.loads(out) == {"query": "Füzuli rayonu", "iso_code": "AZ-FUZ", "name_en": "Fuzuli"}


def test_resolve_unknown_exits_1_with_suggestions(run):
    rc, _, err = run("resolve", "Kelbajarr")
    assert rc == 1 and "Kelbajar (AZ-KAL)" in err


def test_districts_json(run):
    rc, out, _ = run("districts", "--json")
    rows = json.loads(out)
    assert rc == 0 and len(rows) == 77
    assert set(rows[0]) == {"iso_code", "name_en", "name_az", "kind", "economic_region", "area_km2"}


def test_validate_clean_and_broken(run, catalogue_copy):
    rc, out, _ = run("validate")
    n = len(list((catalogue_copy).glob("*.yaml")))
    assert rc == 0 and out.startswith(f"ok: {n} records")
    p = catalogue_copy / "2021-06-12-agdam-maps.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("mines_claimed: 97000", "mines_claimed: -97000"), encoding="utf-8")
    rc, out, err = run("validate", catalogue_copy, "--json")
    report = json.loads(out)
    assert rc == 1 and report["ok"] is False
    assert report["problems"][0]["record"] == "2021-06-12-agdam-maps"
    assert report["problems"][0]["field"] == "mines_claimed" and report["problems"][0]["line"] == 8
    rc, out, _ = run("validate", catalogue_copy)
    assert rc == 1 and "2021-06-12-agdam-maps.yaml:8: 2021-06-12-agdam-maps: mines_claimed:" in out


def test_records_contract(run, cat):
    from geo.model import FIELDS

    rc, out, _ = run("records", "--json")
    rows = json.loads(out)
    assert rc == 0 and len(rows) == len(cat) > 80
    assert all(list(r) == list(FIELDS) for r in rows)  # every key, in order, on every record
    assert list(rows[0])[:4] == ["id", "kind", "date", "date_precision"]
    fz = next(r for r in rows if r["id"] == "2021-07-03-fuzuli-zangilan-maps")
    assert fz["districts"] == ["AZ-FUZ", "AZ-ZAN"] and fz["mines_claimed"] == 92000 and fz["maps_count"] is None
    assert fz["mines_claimed_qualifier"] == "about"


def test_records_filters(run):
    rc, out, _ = run("records", "--json", "--district", "Kelbajar", "--kind", "incident", "--until", "2021")
    assert rc == 0 and [r["id"] for r in json.loads(out)] == ["2021-06-04-kalbajar-mine-blast"]
    rc, out, _ = run("records", "--json", "--since", "2021-07", "--until", "2021-12-31", "--kind", "map_disclosure")
    assert rc == 0 and [r["id"] for r in json.loads(out)] == [
        "2021-07-03-fuzuli-zangilan-maps", "2021-10-19-nss-forms", "2021-11-01-nss-forms",
        "2021-11-29-maps-for-ten-soldiers"]


def test_usage_errors_exit_2(run):
    assert run("records", "--since", "2021-02-30")[0] == 2
    assert run("frobnicate")[0] == 2
    assert run("map", "--tiles", "google")[0] == 2


def test_summary_formats(run):
    rc, out, _ = run("summary", "--json")
    data = json.loads(out)
    assert rc == 0 and data["totals"]["mines_claimed"] == 189000
    rc, out, _ = run("summary", "--csv")
    assert "AZ-AGM,Agdam,Ağdam,1,97000" in out
    rc, out, _ = run("summary", "--md")
    assert "| AZ-AGM | Agdam | Ağdam | 1 | 97,000 |" in out


def test_bad_catalogue_dir_is_a_clean_error(run, tmp_path):
    rc, _, err = run("records", "--catalogue", tmp_path / "nope")
    assert rc == 1 and "no such file or directory" in err and "Traceback" not in err


def test_python_m_geo():
    proc = subprocess.run([sys.executable, "-m", "geo", "resolve", "Karvachar", "--json"], capture_output=True, text=True)
    assert proc.returncode == 0 and json.loads(proc.stdout)["iso_code"] == "AZ-KAL"
