"""Records × district polygons → claims, a per-district roll-up, and region-level records.

The rule that runs through this module: a claim is stored, drawn and counted at the level it
was made. 92,000 mines over Fuzuli *and* Zangilan is one claim with one geometry (the union of
both districts); each district shows it as a shared claim, and no total ever adds it twice.
Grand totals are sums over records, never over districts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from .catalogue import Catalogue
from .errors import BoundaryError
from .model import COUNT_FIELDS

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

__all__ = ["Attached", "attach", "claim_label", "records_frame", "totals"]

SUMMARY_COLUMNS = [
    "iso_code", "name_en", "name_az", "kind", "economic_region", "area_km2",
    "disclosures", "mines_claimed_alone", "shared_claims", "mines_in_shared_claims",
    "incidents", "killed", "injured", "statements", "first_date", "last_date",
]


def records_frame(catalogue: Catalogue) -> pd.DataFrame:
    """One row per record, the ``records --json`` fields as columns (lists kept as lists)."""
    rows = catalogue.to_dicts()
    df = pd.DataFrame(rows, columns=list(rows[0]) if rows else None)
    for col in COUNT_FIELDS:
        if col in df:
            df[col] = df[col].astype("Int64")
    return df


def claim_label(mines: int | None, names: list[str]) -> str:
    """'92,000 mines (Fuzuli + Zangilan)'; without a mine figure just the districts."""
    where = " + ".join(names)
    return f"{mines:,} mines ({where})" if mines is not None else where


def totals(catalogue: Catalogue) -> dict:
    """Grand totals over records (each record counted once, whatever its districts)."""
    recs = list(catalogue)
    out = {
        "records": len(recs),
        "map_disclosures": sum(r.kind == "map_disclosure" for r in recs),
        "incidents": sum(r.kind == "incident" for r in recs),
        "statements": sum(r.kind == "statement" for r in recs),
        "region_level_records": sum(not r.districts for r in recs),
    }
    for f in COUNT_FIELDS:
        out[f] = sum(getattr(r, f) or 0 for r in recs)
    return out


@dataclass
class Attached:
    """What :func:`attach` returns."""

    districts: gpd.GeoDataFrame   # the boundary layer, as loaded
    claims: gpd.GeoDataFrame      # one row and one geometry per record with districts
    summary: gpd.GeoDataFrame     # one row per district, roll-up columns
    region_level: pd.DataFrame    # records with no district
    totals: dict                  # sums over records


def attach(catalogue: Catalogue, districts: gpd.GeoDataFrame) -> Attached:
    """Attach records to district polygons (validate → compute → assemble)."""
    import geopandas as gpd
    import shapely

    from .boundaries import AREA_CRS

    # validate: every district code must exist in the layer
    by_code = districts.set_index("iso_code")
    missing = [
        f"record {r.id}: districts: {c} is not in the boundary layer"
        for r in catalogue for c in r.districts if c not in by_code.index
    ]
    if missing:
        raise BoundaryError("; ".join(missing))

    # compute: one geometry per claim (union of its districts), area in an equal-area CRS
    recs = records_frame(catalogue)
    with_d = recs[recs["districts"].map(len) > 0].reset_index(drop=True)
    geoms = [shapely.union_all(by_code.loc[codes, "geometry"].values) for codes in with_d["districts"]]
    claims = gpd.GeoDataFrame(with_d, geometry=geoms, crs=districts.crs)
    names = by_code["name_en"]
    claims["district_names"] = claims["districts"].map(lambda cs: [names[c] for c in cs])
    claims["shared"] = claims["districts"].map(len) > 1
    claims["label"] = [claim_label(m if pd.notna(m) else None, n) for m, n in zip(claims["mines_claimed"], claims["district_names"])]
    claims["area_km2"] = (claims.geometry.to_crs(AREA_CRS).area / 1e6).round(2)
    claims["mines_per_km2"] = (claims["mines_claimed"].astype("Float64") / claims["area_km2"]).round(2)

    # roll-up per district: explode claims to (record, district) pairs, then aggregate
    pairs = claims.drop(columns="geometry").explode("districts").rename(columns={"districts": "iso_code"})
    pairs = pd.DataFrame(pairs)
    disc = pairs[pairs["kind"] == "map_disclosure"]
    alone = disc[~disc["shared"]]
    shared = disc[disc["shared"]]
    inc = pairs[pairs["kind"] == "incident"]
    agg = pd.DataFrame(index=by_code.index)
    agg["disclosures"] = disc.groupby("iso_code").size()
    agg["mines_claimed_alone"] = alone.groupby("iso_code")["mines_claimed"].sum(min_count=1)
    agg["shared_claims"] = shared.groupby("iso_code")["id"].agg(lambda s: sorted(s))
    agg["mines_in_shared_claims"] = shared.groupby("iso_code")["mines_claimed"].sum(min_count=1)
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
    agg["shared_claims"] = agg["shared_claims"].map(lambda v: v if isinstance(v, list) else [])

    # assemble
    summary = districts.merge(agg, left_on="iso_code", right_index=True, how="left")
    summary = gpd.GeoDataFrame(summary[[*SUMMARY_COLUMNS, "geometry"]], geometry="geometry", crs=districts.crs)
    region = recs[recs["districts"].map(len) == 0].reset_index(drop=True)
    return Attached(districts, claims, summary, region, totals(catalogue))
