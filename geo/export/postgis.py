"""``minemaps publish``: the catalogue in a shared PostgreSQL/PostGIS database, for teams.

The same layers as ``minemaps.gpkg`` (districts, claims, district_summary, records) and a
``minemaps_meta`` table go into one schema: geometries as ``geometry(MultiPolygon, 4326)`` with
GiST indexes, real ``date`` columns, integer counts, ``text[]`` lists, ``jsonb`` for sources and
conflicts, primary keys, and comments from the record model.

Why psycopg 3 and COPY rather than geopandas ``to_postgis``: the column types (dates, arrays,
jsonb, the geometry type and SRID), the keys and the comments are declared here once, and one
transaction builds the new schema beside the old and swaps it in by rename: the previous
publication stays intact and readable until the commit, and a failure leaves it as it was.
pyogrio's wheel has no PostgreSQL driver; SQLAlchemy and GeoAlchemy2 would add two libraries
for what ten statements do.

Credentials come from the DSN or the standard ``PG*`` variables and ``~/.pgpass`` (libpq); a
password never appears in any message.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable

import pandas as pd

from .. import __version__
from ..errors import PublishError, UsageError
from ..model import DESCRIPTIONS
from ..attach import JSON_FIELDS, _multi
from .flat import DATE_COLUMNS, LIST_COLUMNS, records_flat, scalar_kind

__all__ = ["LAYERS", "publish", "redact"]

LAYERS = ("districts", "claims", "district_summary", "records")
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,50}$")
_TABLE_DOCS = {
    "districts": "District polygons of Azerbaijan (ADM1), corrected from Natural Earth; areas in km² computed in "
                 "an equal-area projection.",
    "claims": "One row and one MultiPolygon per record with districts (a claim over several districts is one row).",
    "district_summary": "Per district: hand-overs, mines claimed for it alone and in shared claims, incidents.",
    "records": "Every record of the catalogue, one row each, with its sources and quotes (jsonb).",
    "minemaps_meta": "What this publication is: data version, boundary source and point of view, times, versions.",
}
_KEYS = {"districts": "iso_code", "claims": "id", "district_summary": "iso_code", "records": "id"}


def redact(text: str, dsn: str | None = None) -> str:
    """``text`` without any password: the DSN's own, and any password= or user:password@ form."""
    text = str(text)
    if dsn:
        try:
            from psycopg.conninfo import conninfo_to_dict

            secret = conninfo_to_dict(dsn).get("password")
        except Exception:  # noqa: BLE001 - an unparsable DSN: the patterns below still apply
            secret = None
        if secret:
            text = text.replace(str(secret), "***")
    text = re.sub(r"(password\s*=\s*)('[^']*'|\S+)", r"\1***", text, flags=re.IGNORECASE)
    return re.sub(r"(://[^:/@\s]+:)[^@\s]+@", r"\1***@", text)


def _is_list(dtype) -> bool:
    import pyarrow as pa

    return isinstance(dtype, pd.ArrowDtype) and pa.types.is_list(dtype.pyarrow_dtype)


def _sql_type(name: str, series: pd.Series) -> str:
    if name == "geometry":
        return "geometry(MultiPolygon, 4326)"
    if name in LIST_COLUMNS or _is_list(series.dtype):
        return "text[]"
    if name in JSON_FIELDS:
        return "jsonb"
    if name in DATE_COLUMNS:
        return "date"
    return _SQL_OF_KIND[scalar_kind(series.dtype)]


_SQL_OF_KIND = {"boolean": "boolean", "integer": "bigint", "number": "double precision", "string": "text"}


def _cell(value, sql_type: str):
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if sql_type == "text[]":
        return [str(v) for v in value]
    if sql_type == "date":
        return dt.date.fromisoformat(str(value)[:10])
    if sql_type == "bigint":
        return int(value)
    if sql_type == "boolean":
        return bool(value)
    if sql_type.startswith("geometry"):
        return value  # hex EWKB, made below
    return value if not isinstance(value, (list, dict)) else json.dumps(value, ensure_ascii=False)


def _frame(df: pd.DataFrame) -> tuple[list[str], list[str], list[tuple]]:
    """Columns, SQL types and rows ready for COPY (geometry as hex EWKB with SRID 4326)."""
    import shapely

    cols = [c for c in df.columns if c != "geometry"] + (["geometry"] if "geometry" in df.columns else [])
    types = [_sql_type(c, df[c]) for c in cols]
    columns = []
    for c, t in zip(cols, types):
        if c == "geometry":  # every polygon a MultiPolygon: one geometry type per table
            multi = [_multi(g) for g in df.geometry.to_crs(4326).values]
            geoms = shapely.set_srid(multi, 4326)
            columns.append(shapely.to_wkb(geoms, hex=True, include_srid=True).tolist())
        else:
            columns.append([_cell(v, t) for v in df[c].tolist()])
    return cols, types, list(zip(*columns)) if columns else []


def _layers(loaded) -> dict[str, pd.DataFrame]:
    att = loaded.attached
    return {"districts": att.districts, "claims": att.claims, "district_summary": att.summary,
            "records": records_flat(loaded.catalogue, att)}


def _connect(dsn: str | None):
    import psycopg

    try:
        return psycopg.connect(dsn or "", connect_timeout=10, autocommit=False)
    except psycopg.Error as exc:
        message = redact(str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__, dsn)
        raise PublishError(f"cannot connect to the database: {message}") from None


def publish(loaded, dsn: str | None = None, schema: str = "minemaps", *,
            progress: Callable[[str], None] | None = None, _fail_before: str | None = None) -> dict:
    """Publish a loaded selection (:func:`geo.selection.load`) into ``schema``, replacing the
    previous publication in one transaction. Returns what was written."""
    import psycopg
    from psycopg import sql

    progress = progress or (lambda msg: None)
    if not _SCHEMA_NAME.match(schema or ""):
        raise UsageError(f"schema {schema!r}: use lower-case letters, digits and _ (at most 51 characters)")
    layers = _layers(loaded)
    staging = f"{schema}__new"
    conn = _connect(dsn)
    try:
        with conn:
            cur = conn.cursor()
            if cur.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone() is None:
                raise PublishError("the database has no PostGIS: connect as its owner and run "
                                   "CREATE EXTENSION postgis; (Debian: apt install postgresql-15-postgis-3)")
            me, superuser = cur.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")\
                .fetchone()
            for name in (schema, staging):
                row = cur.execute("SELECT r.rolname FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner "
                                  "WHERE n.nspname = %s", (name,)).fetchone()
                if row is not None and row[0] != me and not superuser:
                    raise PublishError(f"schema {name} belongs to {row[0]}, not to {me}: publish into a schema you "
                                       "own (--schema NAME) or ask its owner to drop it")
            cur.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(staging)))
            cur.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(staging)))
            counts = {}
            for name, df in layers.items():
                if _fail_before == name:  # test hook: a failure midway
                    raise PublishError(f"simulated failure before {name}")
                counts[name] = _load_table(cur, staging, name, df)
                progress(f"{name}: {counts[name]} rows")
            _meta(cur, staging, loaded)
            cur.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
            cur.execute(sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(sql.Identifier(staging), sql.Identifier(schema)))
            cur.execute(sql.SQL("COMMENT ON SCHEMA {} IS {}").format(
                sql.Identifier(schema), sql.Literal(f"minemaps {loaded.data_version}: published by minemaps publish")))
    except psycopg.Error as exc:
        raise PublishError(f"publishing failed, the previous publication is unchanged: "
                           f"{redact(str(exc).strip(), dsn)}") from None
    finally:
        conn.close()
    return {"schema": schema, "tables": counts, "data_version": loaded.data_version}


def _load_table(cur, schema: str, name: str, df: pd.DataFrame) -> int:
    from psycopg import sql

    cols, types, rows = _frame(df)
    table = sql.Identifier(schema, name)
    defs = [sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(t)) for c, t in zip(cols, types)]
    defs.append(sql.SQL("PRIMARY KEY ({})").format(sql.Identifier(_KEYS[name])))
    cur.execute(sql.SQL("CREATE TABLE {} ({})").format(table, sql.SQL(", ").join(defs)))
    with cur.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(
            table, sql.SQL(", ").join(map(sql.Identifier, cols)))) as copy:
        for row in rows:
            copy.write_row(row)
    if "geometry" in cols:
        cur.execute(sql.SQL("CREATE INDEX {} ON {} USING gist (geometry)").format(
            sql.Identifier(f"{name}_geometry_idx"), table))
    cur.execute(sql.SQL("COMMENT ON TABLE {} IS {}").format(table, sql.Literal(_TABLE_DOCS[name])))
    for c in cols:
        doc = DESCRIPTIONS.get(c) or _COLUMN_DOCS.get(c)
        if doc:
            cur.execute(sql.SQL("COMMENT ON COLUMN {}.{} IS {}").format(table, sql.Identifier(c), sql.Literal(doc)))
    return len(rows)


_COLUMN_DOCS = {
    "geometry": "MultiPolygon in EPSG:4326 (WGS 84).", "iso_code": "ISO 3166-2 code of the district.",
    "name_en": "English name.", "name_az": "Azerbaijani name.", "area_km2": "Area in km², equal-area projection.",
    "district_names": "English names of the districts, in the order of districts.",
    "shared": "True for a claim made over several districts together.", "label": "How maps label the claim.",
    "mines_per_km2": "Mines claimed per km² of the claim's area.", "quotes": "Every quote of the record, joined.",
}


def _meta(cur, schema: str, loaded) -> None:
    from psycopg import sql

    rows = {
        "data_version": loaded.data_version, "minemaps_version": __version__,
        "published_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "boundary_source": loaded.boundary_source,
        "boundary_point_of_view": loaded.boundary_meta.get("point_of_view", ""),
        "selection": json.dumps(loaded.selection.filters, ensure_ascii=False),
        "records": str(len(loaded.catalogue)),
    }
    table = sql.Identifier(schema, "minemaps_meta")
    cur.execute(sql.SQL("CREATE TABLE {} (key text PRIMARY KEY, value text NOT NULL)").format(table))
    with cur.copy(sql.SQL("COPY {} (key, value) FROM STDIN").format(table)) as copy:
        for row in rows.items():
            copy.write_row(row)
    cur.execute(sql.SQL("COMMENT ON TABLE {} IS {}").format(table, sql.Literal(_TABLE_DOCS["minemaps_meta"])))
