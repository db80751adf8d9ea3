"""`minemaps publish` against a real PostgreSQL 15 + PostGIS 3 server from Debian's packages, started
here in a temporary folder on a Unix socket (as an unprivileged user: PostgreSQL refuses root)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from geo import export, selection
from geo.errors import PublishError
from geo.export import postgis

PG_BIN = Path("/usr/lib/postgresql/15/bin")
SECRET = "s3cret-Pw-9x"
PUBLISHER_SECRET = "pub-Pw-77"


def _as_postgres_user(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "nobody", "--", *argv] if os.geteuid() == 0 else argv


@pytest.fixture(scope="module")
def server():
    assert (PG_BIN / "initdb").exists(), ("PostgreSQL 15 is not installed: run `make test` "
                                          "(it installs postgresql-15-postgis-3)")
    base = Path(tempfile.mkdtemp(prefix="mmpg-", dir="/tmp"))  # a short path: Unix sockets allow ~100 bytes
    sock = base / "s"
    sock.mkdir()
    (base / "pw").write_text(SECRET + "\n", encoding="utf-8")
    if os.geteuid() == 0:
        shutil.chown(base, "nobody", "nogroup")
        for p in (sock, base / "pw"):
            shutil.chown(p, "nobody", "nogroup")
    run = lambda argv: subprocess.run(_as_postgres_user(argv), capture_output=True, text=True, cwd=base)  # noqa: E731
    init = run([str(PG_BIN / "initdb"), "-D", str(base / "data"), "-U", "postgres", f"--pwfile={base / 'pw'}",
                "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C"])
    assert init.returncode == 0, init.stderr
    start = run([str(PG_BIN / "pg_ctl"), "-D", str(base / "data"), "-l", str(base / "log"), "-w", "-t", "60",
                 "-o", f"-k {sock} -c listen_addresses='' -p 5432", "start"])
    assert start.returncode == 0, start.stderr + (base / "log").read_text(errors="replace")
    info = {"host": str(sock), "port": "5432"}
    try:
        import psycopg

        with psycopg.connect(dsn("postgres", db="postgres", info=info), autocommit=True) as conn:
            for stmt in ("CREATE DATABASE gis", "CREATE DATABASE plain",
                         f"CREATE ROLE publisher LOGIN PASSWORD '{PUBLISHER_SECRET}'", "CREATE ROLE other"):
                conn.execute(stmt)
        with psycopg.connect(dsn("postgres", info=info), autocommit=True) as conn:
            conn.execute("CREATE EXTENSION postgis")
            conn.execute("GRANT CREATE ON DATABASE gis TO publisher")
            conn.execute("CREATE SCHEMA taken AUTHORIZATION other")
        yield info
    finally:
        run([str(PG_BIN / "pg_ctl"), "-D", str(base / "data"), "-m", "fast", "-w", "stop"])
        shutil.rmtree(base, ignore_errors=True)


def dsn(user="postgres", db="gis", password=None, info=None) -> str:
    info = info or _INFO
    pw = password if password is not None else (SECRET if user == "postgres" else PUBLISHER_SECRET)
    return f"host={info['host']} port={info['port']} dbname={db} user={user} password={pw}"


_INFO: dict = {}


@pytest.fixture(scope="module")
def pg(server):
    _INFO.update(server)
    return server


@pytest.fixture(scope="module")
def published(pg, tmp_path_factory):
    """One publication through the CLI, and the GeoPackage of the same selection."""
    from geo.cli import main

    out = tmp_path_factory.mktemp("pub")
    gpkg = out / "same.gpkg"
    loaded = selection.load()
    export.export("gpkg", gpkg, loaded.catalogue, loaded.attached)
    import contextlib
    import io

    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        rc = main(["publish", "--dsn", dsn(), "--json"])
    return rc, stdout.getvalue(), stderr.getvalue(), gpkg, loaded


def _query(sql, params=None, db="gis"):
    import psycopg

    with psycopg.connect(dsn(db=db)) as conn:
        return conn.execute(sql, params).fetchall()


def test_publish_writes_the_gpkg_layers_with_their_types_keys_indexes_and_comments(published):
    import json

    import pyogrio

    rc, out, err, gpkg, loaded = published
    assert rc == 0, err
    result = json.loads(out)
    gpkg_counts = {name: pyogrio.read_info(gpkg, layer=name)["features"] for name in postgis.LAYERS}
    assert result["tables"] == gpkg_counts  # the same layers and row counts as minemaps.gpkg
    for name, n in gpkg_counts.items():
        assert _query(f"SELECT count(*) FROM minemaps.{name}")[0][0] == n
    geoms = dict(_query("SELECT f_table_name, type || ':' || srid FROM geometry_columns WHERE f_table_schema = 'minemaps'"))
    assert geoms == {"districts": "MULTIPOLYGON:4326", "claims": "MULTIPOLYGON:4326",
                     "district_summary": "MULTIPOLYGON:4326"}
    types = dict(_query("SELECT column_name, data_type FROM information_schema.columns "
                        "WHERE table_schema = 'minemaps' AND table_name = 'records'"))
    assert types["date_start"] == types["date_end"] == "date" and types["mines_claimed"] == "bigint"
    assert types["districts"] == "ARRAY" and types["sources"] == "jsonb"
    summary = dict(_query("SELECT column_name, data_type FROM information_schema.columns "
                          "WHERE table_schema = 'minemaps' AND table_name = 'district_summary'"))
    assert summary["shared_claims"] == summary["shared_with"] == "ARRAY"  # every list column a text[]
    keys = dict(_query("SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc "
                       "JOIN information_schema.key_column_usage kcu USING (constraint_name, table_schema) "
                       "WHERE tc.table_schema = 'minemaps' AND tc.constraint_type = 'PRIMARY KEY'"))
    assert keys["records"] == "id" and keys["claims"] == "id" and keys["districts"] == "iso_code"
    gist = _query("SELECT indexname FROM pg_indexes WHERE schemaname = 'minemaps' AND indexdef LIKE '%gist%'")
    assert len(gist) == 3
    assert _query("SELECT obj_description('minemaps.records'::regclass)")[0][0].startswith("Every record")
    assert _query("SELECT col_description('minemaps.records'::regclass, 1)")[0][0].startswith("Stable identifier")
    meta = dict(_query("SELECT key, value FROM minemaps.minemaps_meta"))
    assert meta["data_version"] == loaded.data_version and meta["boundary_source"].startswith("Natural Earth")
    fz = _query("SELECT districts, mines_claimed, mines_claimed_qualifier, date_start FROM minemaps.records "
                "WHERE id = '2021-07-03-fuzuli-zangilan-maps'")[0]
    assert fz[0] == ["AZ-FUZ", "AZ-ZAN"] and fz[1] == 92000 and fz[2] == "about" and str(fz[3]) == "2021-07-03"
    assert SECRET not in out + err


def test_publishing_twice_gives_the_same_tables(published):
    before = _query("SELECT id, kind, date, districts, mines_claimed, sources::text FROM minemaps.records ORDER BY id")
    postgis.publish(published[4], dsn())
    assert _query("SELECT id, kind, date, districts, mines_claimed, sources::text FROM minemaps.records "
                  "ORDER BY id") == before
    assert _query("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'minemaps%'")[0][0] == 1  # no leftovers


def test_a_failing_publication_leaves_the_previous_one_readable_throughout(published):
    import psycopg

    loaded = published[4]
    postgis.publish(loaded, dsn())
    expected = _query("SELECT count(*) FROM minemaps.records")[0][0]
    smaller = selection.load(selection.Selection(until="2021"))
    seen = []
    with psycopg.connect(dsn(), autocommit=True) as reader:
        reader.execute("SET statement_timeout = 3000")  # a blocked reader fails this test

        def read(_msg):  # runs between the tables of the failing publication, inside its transaction
            seen.append(reader.execute("SELECT count(*) FROM minemaps.records").fetchone()[0])

        with pytest.raises(PublishError, match="simulated failure"):
            postgis.publish(smaller, dsn(), progress=read, _fail_before="records")
        assert seen and all(n == expected for n in seen)
        assert reader.execute("SELECT count(*) FROM minemaps.records").fetchone()[0] == expected
    assert _query("SELECT count(*) FROM pg_namespace WHERE nspname = 'minemaps__new'")[0][0] == 0


def test_gdal_lists_the_published_layers(published):
    ogrinfo = shutil.which("ogrinfo")
    assert ogrinfo, "Debian's gdal-bin is not installed: run `make test`"
    proc = subprocess.run([ogrinfo, "-ro", "-so", "-oo", "LIST_ALL_TABLES=YES", f"PG:{dsn()}"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    for name in ("minemaps.districts", "minemaps.claims", "minemaps.district_summary"):
        assert f"{name} (Multi Polygon)" in proc.stdout, proc.stdout
    assert "minemaps.records" in proc.stdout


def test_credentials_from_the_pg_variables(pg, monkeypatch, run):
    monkeypatch.setenv("PGHOST", pg["host"])
    monkeypatch.setenv("PGPORT", pg["port"])
    monkeypatch.setenv("PGUSER", "publisher")
    monkeypatch.setenv("PGPASSWORD", PUBLISHER_SECRET)
    monkeypatch.setenv("PGDATABASE", "gis")
    rc, out, err = run("publish", "--schema", "team", "--kind", "map_disclosure")
    assert rc == 0, err
    assert "into schema team" in out and PUBLISHER_SECRET not in out + err
    assert _query("SELECT count(*) FROM team.records")[0][0] == 7


@pytest.mark.parametrize("case", ["unreachable", "wrong-password", "no-postgis", "schema-of-another-role", "bad-name"])
def test_clear_errors_exit_1_and_never_show_a_password(pg, run, case):
    argv = {
        "unreachable": ["--dsn", f"host=/nonexistent/socket dbname=gis user=postgres password={SECRET}"],
        "wrong-password": ["--dsn", dsn(password="not-" + SECRET)],
        "no-postgis": ["--dsn", dsn(db="plain")],
        "schema-of-another-role": ["--dsn", dsn(user="publisher"), "--schema", "taken"],
        "bad-name": ["--dsn", dsn(), "--schema", "Robert'); DROP TABLE x;--"],
    }[case]
    expected = {"unreachable": "cannot connect", "wrong-password": "password authentication failed",
                "no-postgis": "CREATE EXTENSION postgis", "schema-of-another-role": "belongs to other",
                "bad-name": "use lower-case letters"}[case]
    rc, out, err = run("publish", *argv)
    assert rc == (2 if case == "bad-name" else 1), err
    assert expected in err and "Traceback" not in err
    assert SECRET not in out + err and PUBLISHER_SECRET not in out + err


def test_redact_removes_passwords_in_every_form():
    assert SECRET not in postgis.redact(f"failed: host=x password={SECRET} user=y",
                                        dsn(info={"host": "x", "port": "0"}))
    assert postgis.redact("postgresql://me:hunter2@db/gis") == "postgresql://me:***@db/gis"
    assert postgis.redact("password='two words'") == "password=***"
