import json
import subprocess
import sys

import pytest

from geo.choices import FORMATS, KINDS, TABLES, TILES


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
    assert rc == 0 and data["totals"]["mines_claimed"] == 189000 and data["totals"]["mines_claimed_qualifier"] == "about"
    assert set(data["tables"]) == set(TABLES)
    rc, out, _ = run("summary", "--csv", "--table", "districts")
    assert rc == 0 and "AZ-AGM,Agdam,Ağdam,1,97000," in out and "Total" not in out
    rc, out, _ = run("summary", "--md")
    assert rc == 0 and "| AZ-AGM | Agdam | Ağdam | 1 | 97,000 |" in out
    assert "| mines claimed (hand-overs) | about 189,000 |" in out  # a sum over "about 92,000" is never exact
    rc, out, _ = run("summary", "--md", "--until", "2021-06-30", "--table", "totals")
    assert rc == 0 and "| mines claimed (hand-overs) | 97,000 |" in out


def test_bad_catalogue_dir_is_a_clean_error(run, tmp_path):
    rc, _, err = run("records", "--catalogue", tmp_path / "nope")
    assert rc == 1 and "no such file or directory" in err and "Traceback" not in err


def test_python_m_geo():
    proc = subprocess.run([sys.executable, "-m", "geo", "resolve", "Karvachar", "--json"], capture_output=True, text=True)
    assert proc.returncode == 0 and json.loads(proc.stdout)["iso_code"] == "AZ-KAL"


# --------------------------------------------------------------------- one contract


SELECTING = ["records", "summary", "map", "build", "export"]


def _args(command, tmp_path):
    out = {"map": ["--out", tmp_path / "m.html"], "build": ["--out", tmp_path / "b"],
           "export": ["--format", "csv", "--out", tmp_path / "e.csv"]}.get(command, [])
    return [command, *out]


@pytest.mark.parametrize("command", SELECTING)
def test_every_selecting_command_takes_the_same_filters_and_json(run, tmp_path, command):
    rc, out, err = run(*_args(command, tmp_path), "--district", "Aghdam", "--kind", "incident",
                       "--since", "2021", "--until", "2024-12-31", "--json")
    assert rc == 0, err
    json.loads(out)  # JSON on stdout, messages on stderr
    assert run(*_args(command, tmp_path), "--kind", "rumour")[0] == 2
    assert run(*_args(command, tmp_path), "--until", "2021-02-30")[0] == 2


def test_every_command_has_json(run, tmp_path):
    from geo.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, p in sub.choices.items():
        opts = {o for a in p._actions for o in a.option_strings}
        if name == "boundaries":
            opts = {o for a in p._actions if a.dest == "boundaries_command" for q in a.choices.values()
                    for b in q._actions for o in b.option_strings}
        assert "--json" in opts, name


def test_choices_come_from_the_constants():
    from geo import export, maps, model, tables
    from geo.cli import build_parser

    assert export.FORMATS is FORMATS and maps.TILES is TILES and tables.TABLES is TABLES and model.KINDS is KINDS
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    choices = {a.dest: tuple(a.choices) for p in sub.choices.values() for a in p._actions if a.choices and a.dest != "command"}
    assert choices["kind"] == KINDS and choices["format"] == FORMATS and choices["tiles"] == TILES
    assert choices["table"] == TABLES


@pytest.mark.parametrize("argv", [["resolve", "Agdam", "--catalogue", "x"], ["--boundaries", "x", "resolve", "Agdam"],
                                  ["extract", "a.txt", "--catalogue", "x"], ["records", "--boundaries", "x"],
                                  ["validate", "--boundaries", "x"]])
def test_a_global_option_a_command_does_not_read_is_a_usage_error(run, argv):
    rc, _, err = run(*argv)
    assert rc == 2 and "does not use --" in err


def test_cli_and_api_agree(run, tmp_path):
    from geo import export, selection, tables

    sel = selection.Selection(district="Fuzuli", until="2023")
    loaded = selection.load(sel)
    rc, out, _ = run("records", "--json", "--district", "Fuzuli", "--until", "2023")
    assert rc == 0 and json.loads(out) == loaded.catalogue.to_dicts()
    rc, out, _ = run("summary", "--json", "--district", "Fuzuli", "--until", "2023")
    data = json.loads(out)
    assert data["data_version"] == loaded.data_version and data["totals"] == loaded.attached.totals
    api = tables.build_tables(loaded.catalogue, loaded.attached)
    assert data["tables"]["incidents"] == json.loads(api["incidents"].to_json(orient="records"))
    rc, out, _ = run("export", "--format", "csv", "--out", tmp_path / "cli.csv", "--district", "Fuzuli", "--until", "2023")
    assert rc == 0
    export.export("csv", tmp_path / "api.csv", loaded.catalogue, loaded.attached)
    assert (tmp_path / "cli.csv").read_bytes() == (tmp_path / "api.csv").read_bytes()


def test_data_version_follows_the_filters(run):
    from geo import selection

    whole = selection.load().data_version
    assert selection.load(selection.Selection(until="2021")).data_version != whole
    assert selection.load().data_version == whole  # deterministic


def test_api_takes_a_str_path(cat):
    from geo import catalogue
    from geo._resources import data_dir

    assert catalogue.validate(str(data_dir() / "catalogue")) == []
    assert len(catalogue.load(str(data_dir() / "catalogue"))) == len(cat)
