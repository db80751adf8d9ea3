"""Records × district polygons → claims, a per-district roll-up, and region-level records.

The rule that runs through this module: a claim is stored, drawn and counted at the level it
was made. 92,000 mines over Fuzuli *and* Zangilan is one claim with one geometry (the union of
both districts); each district shows it as a shared claim, and no total ever adds it twice.
Grand totals are sums over records, never over districts.
"""

from __future__ import annotations

import json
import operator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
import pydantic_core

from ._gc import gc_paused
from .catalogue import Catalogue
from .errors import BoundaryError, UsageError
from .model import FIELDS, FIGURE_FIELDS, FIGURES_OF_KIND, PERCENT_FIELDS, date_bounds, qualified

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import numpy as np

__all__ = ["JSON_FIELDS", "LIST_FIELDS", "Attached", "attach", "attach_points", "claim_label", "list_column",
           "loosest_qualifier", "points_summary", "records_frame", "totals"]

SUMMARY_COLUMNS = [
    "iso_code", "name_en", "name_az", "kind", "economic_region", "area_km2",
    "disclosures", "mines_claimed_alone", "mines_claimed_alone_qualifier", "shared_claims", "shared_with",
    "mines_in_shared_claims", "mines_in_shared_claims_qualifier",
    "incidents", "killed", "injured", "statements", "first_date", "last_date",
]


#: Figure columns (and their range ends) with their nullable dtype: counts are integers,
#: percentages may have decimals.
_NUMERIC = {k: ("Float64" if f in PERCENT_FIELDS else "Int64")
            for f in FIGURE_FIELDS for k in (f, f"{f}_min", f"{f}_max")}
#: Record fields holding lists of names (Arrow ``list<string>`` columns).
LIST_FIELDS = ("districts", "mine_types", "mediators", "about")
#: Record fields holding nested objects (JSON text columns).
JSON_FIELDS = ("sources", "conflicts", "derived")
_SOURCE_KEYS = ("document", "kind", "url", "publisher", "published", "quote", "quote_en")
_CONFLICT_KEYS = ("field", "value", "qualifier", "source", "quote", "quote_en", "derived", "note")


def _list_dtype():
    import pyarrow as pa

    return pd.ArrowDtype(pa.list_(pa.string()))


def list_column(values, index=None) -> pd.Series:
    """A column of lists of strings as an Arrow ``list<string>`` column (Parquet list, GeoJSON
    array, GDAL string list)."""
    import pyarrow as pa

    return pd.Series(pd.arrays.ArrowExtensionArray(pa.array(list(values), type=pa.list_(pa.string()))),
                     index=index)


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # one encoder, reused


def _json(values: list, keys: tuple[str, ...]) -> str:
    """Model objects → compact JSON with a fixed key order (faster than pydantic's dump here)."""
    get = operator.attrgetter(*keys)
    return _ENCODE([dict(zip(keys, get(v))) for v in values])


def _sources_json(sources: list) -> str:
    """A record's sources as compact JSON: the text of ``_json(sources, _SOURCE_KEYS)`` (the
    keys are Source's fields, in order), written by pydantic-core three times faster. Every
    field of a source is text, and pydantic-core escapes text as :data:`_ENCODE` does (quote,
    backslash and control characters only)."""
    try:
        return pydantic_core.to_json(sources).decode()
    except pydantic_core.PydanticSerializationError:  # lone surrogates: JSON text, but not UTF-8
        return _json(sources, _SOURCE_KEYS)


def _derived_json(derived: dict[str, str]) -> str:
    """A record's ``derived`` (figure → how it was obtained, all text) as compact JSON: the text
    of :data:`_ENCODE`, written as :func:`_sources_json` writes sources."""
    if not derived:
        return "{}"
    try:
        return pydantic_core.to_json(derived).decode()
    except pydantic_core.PydanticSerializationError:
        return _ENCODE(derived)


def _empty_numeric(n: int, dtype: str):
    import numpy as np

    mask = np.ones(n, dtype=bool)
    if dtype == "Int64":
        return pd.arrays.IntegerArray(np.zeros(n, dtype="int64"), mask)
    return pd.arrays.FloatingArray(np.zeros(n, dtype="float64"), mask)


def records_frame(catalogue: Catalogue) -> pd.DataFrame:
    """One flat row per record, the ``records --json`` fields as columns: figures as nullable
    numbers, lists as Arrow lists, ``sources``/``conflicts``/``derived`` as JSON text, plus
    ``date_start``/``date_end`` (ISO days: the bounds of ``date`` at its precision; the exports
    write them as date types). Every pandas and geopandas writer takes it as it is."""
    return _frame(catalogue)


def _columns(records: list, names: tuple[str, ...]) -> dict[str, tuple]:
    """The values of the fields ``names`` in every record, one tuple per field."""
    if len(names) == 1:
        return {names[0]: tuple(map(operator.attrgetter(names[0]), records))}
    columns = zip(*map(operator.attrgetter(*names), records)) if records else [()] * len(names)
    return dict(zip(names, columns))


def _date_bounds(dates: tuple[str, ...]) -> tuple[pd.Series, pd.Series]:
    """The ``date_start`` and ``date_end`` columns: the first and last ISO day each date covers
    (each distinct date worked out once: a catalogue has far fewer dates than records)."""
    first, last = {}, {}
    for d in set(dates):
        start, end = date_bounds(d)
        first[d], last[d] = start.isoformat(), end.isoformat()
    return (pd.Series(list(map(first.__getitem__, dates)), dtype=object),
            pd.Series(list(map(last.__getitem__, dates)), dtype=object))


def _same_value(n: int, value) -> pd.Series:
    """An object column of ``n`` rows each holding ``value``."""
    import numpy as np

    return pd.Series(np.full(n, value, dtype=object), dtype=object, copy=False)


def _frame(catalogue: Catalogue) -> pd.DataFrame:
    """Records as columns in one pass (10^5 records in well under a second). Only the fields
    some record may set are read (:attr:`Catalogue.fields`); every other column holds the
    field's default in every row and is made in one step."""
    records = list(catalogue)
    n = len(records)
    may_set = set(getattr(catalogue, "fields", FIELDS)) | {"date", "sources"}  # required: always read
    values = _columns(records, tuple(f for f in FIELDS if f in may_set))
    data = {}
    for f in FIELDS:
        col = values.get(f)  # None: the field holds its default in every record
        if f in _NUMERIC:
            # most figure columns are empty in most catalogues: make those in one step
            empty = col is None or col.count(None) == n
            data[f] = _empty_numeric(n, _NUMERIC[f]) if empty else pd.array(col, dtype=_NUMERIC[f])
        elif f in LIST_FIELDS:
            data[f] = list_column(col if col is not None else [[]] * n)
        elif f == "sources":
            data[f] = pd.Series(list(map(_sources_json, col)), dtype=object)
        elif col is None:  # the default in every row: None, or the JSON of an empty list or mapping
            data[f] = _same_value(n, "[]" if f == "conflicts" else "{}" if f == "derived" else None)
        elif f == "conflicts":
            data[f] = pd.Series([_json(v, _CONFLICT_KEYS) if v else "[]" for v in col], dtype=object)
        elif f == "derived":
            data[f] = pd.Series(list(map(_derived_json, col)), dtype=object)
        else:
            data[f] = pd.Series(col, dtype=object)
        if f == "date_precision":
            data["date_start"], data["date_end"] = _date_bounds(values["date"])
    return pd.DataFrame(data)


def claim_label(mines: int | None, names: list[str], qualifier: str | None = None) -> str:
    """'about 92,000 mines (Fuzuli + Zangilan)'; without a mine figure just the districts."""
    where = " + ".join(names)
    if mines is None:
        return where
    return f"{qualified(f'{mines:,}', qualifier)} mines ({where})"


_LOWER, _UPPER = {"at_least", "more_than"}, {"at_most", "less_than"}


def loosest_qualifier(qualifiers) -> str | None:
    """The qualifier a sum carries: None when every term is exact; a bound when the terms are
    bounded one way (more_than before at_least); otherwise "about"."""
    qs = {q for q in qualifiers if isinstance(q, str) and q}
    if not qs:
        return None
    if qs & _LOWER and qs & _UPPER:
        return "about"
    return next((b for b in ("more_than", "at_least", "less_than", "at_most") if b in qs), "about")


def _empty_lists(column: pd.Series) -> int:
    """How many rows of a column of lists hold an empty list (Arrow counts them without making
    a Python list of each row)."""
    import pyarrow as pa

    if isinstance(column.dtype, pd.ArrowDtype) and pa.types.is_list(column.dtype.pyarrow_dtype):
        return int((column.list.len() == 0).sum())
    return int((column.map(len) == 0).sum())


#: Which kind's records each total adds up: counts of hand-overs over map disclosures, casualties
#: over single incidents. Statements (aggregates, assessments) and casualty totals (running
#: figures over periods) are never added into a sum.
SUMMED = {f: kind for kind in ("map_disclosure", "incident") for f in FIGURES_OF_KIND[kind]
          if f in ("mines_claimed", "maps_count", "minefields_count", "detainees_released", "killed", "injured")}


def totals(catalogue: Catalogue | pd.DataFrame) -> dict:
    """Grand totals over records (each record counted once, whatever its districts); takes a
    catalogue or its :func:`records_frame`. For each summed figure: the sum, the qualifier the
    sum carries (``<f>_qualifier``: "about" when a term is "about 92,000") and how many records
    give it (``<f>_records``): a total says what it leaves out."""
    df = catalogue if isinstance(catalogue, pd.DataFrame) else _frame(catalogue)
    kinds = df["kind"].value_counts() if len(df) else {}
    out = {
        "records": len(df),
        "map_disclosures": int(kinds.get("map_disclosure", 0)),
        "incidents": int(kinds.get("incident", 0)),
        "statements": int(kinds.get("statement", 0)),
        "casualty_totals": int(kinds.get("casualty_total", 0)),
        "region_level_records": _empty_lists(df["districts"]) if len(df) else 0,
        "low_confidence_records": int((df["confidence"] == "low").sum()) if len(df) else 0,
    }
    is_kind = {kind: df["kind"] == kind for kind in set(SUMMED.values())} if len(df) else {}
    for f, kind in SUMMED.items():
        # only the two columns read: the whole frame would copy every column per figure
        part = df.loc[is_kind[kind], [f, f"{f}_qualifier"]] if len(df) else df
        given = part[f].notna() if len(part) else pd.Series([], dtype=bool)
        out[f] = int(part[f].sum()) if len(part) else 0
        out[f"{f}_qualifier"] = loosest_qualifier(part.loc[given, f"{f}_qualifier"]) if len(part) else None
        out[f"{f}_records"] = int(given.sum())
    return out


@dataclass
class Attached:
    """What :func:`attach` returns."""

    districts: gpd.GeoDataFrame   # the boundary layer, as loaded
    claims: gpd.GeoDataFrame      # one row and one geometry per record with districts
    summary: gpd.GeoDataFrame     # one row per district, roll-up columns
    region_level: pd.DataFrame    # records with no district
    totals: dict                  # sums over records
    records: pd.DataFrame         # every record, one flat row each (:func:`records_frame`), in catalogue order


def _claim_geometries(keys: list[tuple[str, ...]], geometry_of: dict, area_by_code: dict, crs):
    """One geometry (the union of its districts) and one equal-area area per distinct set of
    districts. Unions and projections run in two threads: GEOS and PROJ release the GIL."""
    import geopandas as gpd
    import numpy as np
    import shapely

    from .boundaries import AREA_CRS

    union = {k: geometry_of[k[0]] for k in keys if len(k) == 1}
    area = {k: area_by_code[k[0]] for k in union if k[0] in area_by_code}
    multi = [k for k in keys if len(k) > 1]
    width = max((len(k) for k in multi), default=0)
    grid = np.full((len(multi), width), None, dtype=object)
    for i, k in enumerate(multi):
        grid[i, : len(k)] = [geometry_of[c] for c in k]

    def unite(rows):
        return shapely.union_all(rows, axis=1) if len(rows) else np.empty(0, dtype=object)

    todo = [k for k in keys if k not in area]
    with ThreadPoolExecutor(2) as pool:
        merged = np.concatenate(list(pool.map(unite, np.array_split(grid, 2)))) if multi else []
        union.update(zip(multi, merged))
        chunks = [c for c in np.array_split(np.array([union[k] for k in todo], dtype=object), 2) if len(c)]
        sizes = pool.map(lambda c: gpd.GeoSeries(c, crs=crs).to_crs(AREA_CRS).area.to_numpy() / 1e6, chunks)
        area.update(zip(todo, np.concatenate(list(sizes)) if chunks else []))
    return union, {k: round(float(a), 2) for k, a in area.items()}


def attach(catalogue: Catalogue, districts: gpd.GeoDataFrame) -> Attached:
    """Attach records to district polygons (validate → compute → assemble)."""
    with gc_paused():  # the collector took a third of the time at 10^5 records
        return _attach(catalogue, districts)


def _attach(catalogue: Catalogue, districts: gpd.GeoDataFrame) -> Attached:
    import geopandas as gpd
    import numpy as np

    # validate: every district code must exist in the layer
    by_code = districts.set_index("iso_code")
    known = set(by_code.index)
    keys_all = [tuple(r.districts) for r in catalogue]
    if not known.issuperset(c for k in set(keys_all) for c in k):  # each distinct set of districts once
        missing = [f"record {r.id}: districts: {c} is not in the boundary layer"
                   for r in catalogue for c in r.districts if c not in known]
        raise BoundaryError("; ".join(missing))

    # compute: one geometry per claim (union of its districts), area in an equal-area CRS
    # (records naming the same districts share one geometry and one area computation)
    geometry_of = dict(zip(by_code.index, by_code.geometry.values))
    area_by_code = dict(zip(by_code.index, by_code["area_km2"])) if "area_km2" in by_code else {}
    keys = [k for k in keys_all if k]
    unique = list(dict.fromkeys(keys))
    with ThreadPoolExecutor(1) as pool:  # GEOS and PROJ release the GIL: geometries are made meanwhile
        geometries = pool.submit(_claim_geometries, unique, geometry_of, area_by_code, districts.crs)
        recs = _frame(catalogue)
        union, area_of = geometries.result()
    has_d = np.fromiter((bool(k) for k in keys_all), bool, len(keys_all))
    with_d = _rows(recs, has_d)
    multi = {k: _multi(g) for k, g in union.items()}  # one MultiPolygon per distinct set of districts
    claims = gpd.GeoDataFrame(with_d, geometry=[multi[k] for k in keys], crs=districts.crs)
    names = dict(zip(by_code.index, by_code["name_en"]))
    district_names = [[names[c] for c in k] for k in keys]
    claims.insert(claims.columns.get_loc("districts") + 1, "district_names", list_column(district_names))
    claims["shared"] = pd.Series([len(k) > 1 for k in keys], index=claims.index, dtype=bool)
    mines = claims["mines_claimed"].to_numpy(dtype=object, na_value=None)
    quals = claims["mines_claimed_qualifier"].tolist()
    claims["label"] = [claim_label(m, n, q) for m, n, q in zip(mines, district_names, quals)]
    claims["area_km2"] = [area_of[k] for k in keys]
    claims["mines_per_km2"] = (claims["mines_claimed"].astype("Float64") / claims["area_km2"]).round(2)

    # roll-up per district: explode claims to (record, district) pairs, then aggregate
    cols = ["id", "kind", "date", "shared", "mines_claimed", "mines_claimed_qualifier", "killed", "injured"]
    pairs = pd.DataFrame(claims[cols]).assign(iso_code=[list(k) for k in keys], names=district_names)
    pairs = pairs.explode("iso_code")
    disc = pairs[pairs["kind"] == "map_disclosure"]
    is_shared = disc["shared"].astype(bool)
    alone, shared = disc[~is_shared], disc[is_shared]
    inc = pairs[pairs["kind"] == "incident"]
    agg = pd.DataFrame(index=by_code.index)
    agg["disclosures"] = disc.groupby("iso_code").size()
    agg["mines_claimed_alone"] = alone.groupby("iso_code")["mines_claimed"].sum(min_count=1)
    agg["mines_claimed_alone_qualifier"] = alone.groupby("iso_code")["mines_claimed_qualifier"].agg(loosest_qualifier)
    agg["shared_claims"] = shared.groupby("iso_code")["id"].agg(lambda s: sorted(s))
    own = dict(zip(by_code.index, by_code["name_en"]))
    partners: dict[str, set[str]] = {}
    for code, names_ in zip(shared["iso_code"], shared["names"]):
        partners.setdefault(code, set()).update(n for n in names_ if n != own.get(code))
    agg["shared_with"] = pd.Series({c: sorted(v) for c, v in partners.items()}, dtype=object)
    agg["mines_in_shared_claims"] = shared.groupby("iso_code")["mines_claimed"].sum(min_count=1)
    agg["mines_in_shared_claims_qualifier"] = shared.groupby("iso_code")["mines_claimed_qualifier"].agg(
        loosest_qualifier)
    agg["incidents"] = inc.groupby("iso_code").size()
    agg["killed"] = inc.groupby("iso_code")["killed"].sum(min_count=1)
    agg["injured"] = inc.groupby("iso_code")["injured"].sum(min_count=1)
    agg["statements"] = pairs[pairs["kind"] == "statement"].groupby("iso_code").size()
    agg["first_date"] = pairs.groupby("iso_code")["date"].min()
    agg["last_date"] = pairs.groupby("iso_code")["date"].max()
    for col in ("disclosures", "incidents", "statements"):
        agg[col] = agg[col].fillna(0).astype("int64")
    for col in ("mines_claimed_alone", "mines_in_shared_claims", "killed", "injured"):
        agg[col] = agg[col].astype("Int64")
    for col in ("shared_claims", "shared_with"):
        agg[col] = list_column(agg[col].map(lambda v: v if isinstance(v, list) else []), index=agg.index)

    # assemble
    summary = districts.merge(agg, left_on="iso_code", right_index=True, how="left")
    summary = gpd.GeoDataFrame(summary[[*SUMMARY_COLUMNS, "geometry"]], geometry="geometry", crs=districts.crs)
    summary["geometry"] = summary.geometry.map(_multi)
    region = _rows(recs, ~has_d)
    return Attached(districts, claims, summary, region, totals(recs), recs)


def _rows(df: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """The rows of ``df`` (numbered from 0) where ``mask`` holds, numbered from 0: ``df`` itself
    when that is every row (copy-on-write keeps the two frames apart), no row copied when it is
    none."""
    if mask.all():
        return df
    return (df[mask] if mask.any() else df.iloc[:0]).reset_index(drop=True)


def _multi(geom):
    """Every polygon as a MultiPolygon: one geometry type per layer, as GIS clients expect."""
    import shapely

    return shapely.MultiPolygon([geom]) if geom is not None and geom.geom_type == "Polygon" else geom


# ----------------------------------------------------------------------------- points


def attach_points(xy, districts: gpd.GeoDataFrame) -> np.ndarray:
    """The ISO code of the district holding each (lon, lat) point of ``xy`` (shape (n, 2), in the
    layer's CRS); ``None`` outside every district. Vectorised: a bounding-box filter per district,
    then GEOS ``contains_xy`` on a prepared polygon (no Point objects; ≈3×10^6 points/s here)."""
    import numpy as np
    import shapely

    xy = np.asarray(xy, dtype=float)
    if xy.ndim != 2 or xy.shape[1] != 2:
        raise UsageError(f"expected points as an (n, 2) array of x, y; got shape {xy.shape}")
    x, y = xy[:, 0], xy[:, 1]
    out = np.full(len(xy), None, dtype=object)
    for code, geom in zip(districts["iso_code"], districts.geometry.values):
        if geom is None or geom.is_empty:
            continue
        minx, miny, maxx, maxy = geom.bounds
        idx = np.flatnonzero((x >= minx) & (x <= maxx) & (y >= miny) & (y <= maxy))
        if len(idx):
            shapely.prepare(geom)
            out[idx[shapely.contains_xy(geom, x[idx], y[idx])]] = code
    return out


def points_summary(codes, districts: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Points per district (from :func:`attach_points`) and per km²: what a map should draw
    instead of 10^6 markers."""
    counts = pd.Series(codes, dtype=object).dropna().value_counts()
    out = districts[["iso_code", "name_en", "area_km2", "geometry"]].copy()
    out["points"] = out["iso_code"].map(counts).fillna(0).astype("int64")
    out["points_per_km2"] = (out["points"] / out["area_km2"]).round(3)
    return out
