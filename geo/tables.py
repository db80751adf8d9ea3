"""Summary tables (pure data → DataFrames) and their renderings to CSV, Markdown and HTML.

Tables hold plain values: figures are numbers, each beside its qualifier column
(``mines_claimed`` + ``mines_claimed_qualifier``) and range columns where a figure can be a range,
so a column of figures sums and parses as numbers; data rows only (grand totals are their own
table, ``totals``). The renderers for people (HTML, Markdown) write a figure with its qualifier
or range ("about 92,000", "3–4", "less than 20 %") and thousands separators; CSV stays plain for
machines. Every cell that reaches HTML is escaped.
"""

from __future__ import annotations

import io

import pandas as pd

from .attach import Attached
from .catalogue import Catalogue
from .choices import TABLES
from .model import FIGURE_FIELDS, FIGURES_OF_KIND, PERCENT_FIELDS, STATEMENT_FIELDS, Record, figure_text, qualified

__all__ = ["TABLES", "build_tables", "display_frame", "to_csv", "to_markdown"]


def _value_text(value, qualifier: str | None = None) -> str:
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    elif isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:,}"
    return qualified(str(value), qualifier)


def _where(rec: Record, names: dict[str, str]) -> str:
    if rec.districts:
        return " + ".join(names.get(c, c) for c in rec.districts)
    return f"{rec.region} (region-level)" if rec.region else "(no district named)"


def _conflicts_text(rec: Record) -> str | None:
    return "; ".join(f"{c.field}: {_value_text(c.value, c.qualifier)} ({c.source})" for c in rec.conflicts) or None


def _figures(rec: Record, fields, *, ranges: bool = False) -> dict:
    out = {}
    for f in fields:
        out[f] = getattr(rec, f)
        out[f"{f}_qualifier"] = getattr(rec, f"{f}_qualifier")
        if ranges:
            out[f"{f}_min"], out[f"{f}_max"] = getattr(rec, f"{f}_min"), getattr(rec, f"{f}_max")
    return out


def _columns(fields, *, ranges: bool = False) -> list[str]:
    return [c for f in fields for c in ((f, f"{f}_qualifier", f"{f}_min", f"{f}_max") if ranges else
                                        (f, f"{f}_qualifier"))]


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns)
    for col in df.columns:
        base = col.removesuffix("_min").removesuffix("_max")
        if base in _NUMBER_COLUMNS:
            df[col] = pd.array([None if pd.isna(v) else v for v in df[col].astype(object)],
                               dtype="Float64" if base in PERCENT_FIELDS else "Int64")
    return df


_NUMBER_COLUMNS = {*FIGURE_FIELDS, "disclosures", "incidents", "statements", "mines_claimed_alone",
                   "mines_in_shared_claims", "value", "records", "sources"}


def build_tables(catalogue: Catalogue, attached: Attached) -> dict[str, pd.DataFrame]:
    """Every summary table, by name (see :data:`TABLES`)."""
    names = dict(zip(attached.districts["iso_code"], attached.districts["name_en"]))
    recs = list(catalogue)
    s = attached.summary
    s = s[(s["disclosures"] + s["incidents"] + s["statements"]) > 0]
    districts = pd.DataFrame({
        "code": s["iso_code"], "district": s["name_en"], "name_az": s["name_az"],
        "disclosures": s["disclosures"],
        "mines_claimed_alone": s["mines_claimed_alone"],
        "mines_claimed_alone_qualifier": s["mines_claimed_alone_qualifier"],
        "shared_with": s["shared_with"].map(lambda v: " + ".join(v) if v is not None and len(v) else None),
        "mines_in_shared_claims": s["mines_in_shared_claims"],
        "mines_in_shared_claims_qualifier": s["mines_in_shared_claims_qualifier"],
        "incidents": s["incidents"], "killed": s["killed"], "injured": s["injured"],
        "statements": s["statements"], "first_date": s["first_date"], "last_date": s["last_date"],
    }).reset_index(drop=True)
    for col in ("mines_claimed_alone_qualifier", "mines_in_shared_claims_qualifier"):
        districts[col] = districts[col].astype(object).where(districts[col].notna(), None)

    t = attached.totals
    kinds = {"map_disclosure": "map disclosures", "incident": "incidents", "statement": "statements",
             "casualty_total": "casualty totals"}
    totals = [
        {"measure": "records", "value": t["records"], "qualifier": None, "records": t["records"],
         "of": t["records"], "note": "each record once, whatever its districts"},
        *({"measure": label, "value": t[key], "qualifier": None, "records": t[key], "of": t["records"], "note": None}
          for key, label in (("map_disclosures", "map disclosures"), ("incidents", "incidents"),
                             ("statements", "statements"), ("casualty_totals", "casualty totals"),
                             ("region_level_records", "records with no district"),
                             ("low_confidence_records", "records of low confidence"))),
    ]
    from .attach import SUMMED

    labels = {"mines_claimed": "mines claimed (hand-overs)", "maps_count": "maps or forms handed over",
              "minefields_count": "minefields handed over", "detainees_released": "detainees released for maps",
              "killed": "killed in incidents", "injured": "injured in incidents"}
    for f, kind in SUMMED.items():
        of = t["map_disclosures"] if kind == "map_disclosure" else t["incidents"]
        totals.append({"measure": labels[f], "value": t[f] if t[f"{f}_records"] else None,
                       "qualifier": t[f"{f}_qualifier"],
                       "records": t[f"{f}_records"], "of": of,
                       "note": f"given by {t[f'{f}_records']} of {of} {kinds[kind]}; a claim over several "
                               "districts counted once" if f == "mines_claimed" else
                               f"given by {t[f'{f}_records']} of {of} {kinds[kind]}"})
    totals = _frame(totals, ["measure", "value", "qualifier", "records", "of", "note"])
    totals["of"] = totals["of"].astype("Int64")

    disclosures = _frame([{
        "date": r.date, "date_precision": r.date_precision, "id": r.id, "where": _where(r, names),
        **_figures(r, ("mines_claimed",)), "mine_types": ", ".join(r.mine_types) or None,
        **_figures(r, ("maps_count", "minefields_count", "detainees_released")),
        "from_party": r.from_party, "to_party": r.to_party, "mediators": ", ".join(r.mediators) or None,
        "confidence": r.confidence, "conflicts": _conflicts_text(r), "sources": len(r.sources),
    } for r in recs if r.kind == "map_disclosure"], [
        "date", "date_precision", "id", "where", *_columns(("mines_claimed",)), "mine_types",
        *_columns(("maps_count", "minefields_count", "detainees_released")), "from_party", "to_party",
        "mediators", "confidence", "conflicts", "sources"])
    incidents = _frame([{
        "date": r.date, "date_precision": r.date_precision, "id": r.id, "where": _where(r, names),
        **_figures(r, ("killed", "injured")), "mine_types": ", ".join(r.mine_types) or None,
        "conflicts": _conflicts_text(r), "sources": len(r.sources),
    } for r in recs if r.kind == "incident"], [
        "date", "date_precision", "id", "where", *_columns(("killed", "injured")), "mine_types", "conflicts",
        "sources"])
    statement_figures = (*STATEMENT_FIELDS, "maps_count")
    statements = _frame([{
        "date": r.date, "date_precision": r.date_precision, "id": r.id, "party": r.from_party,
        "about": "; ".join(r.about) or None, **_figures(r, statement_figures, ranges=True),
        "confidence": r.confidence, "conflicts": _conflicts_text(r),
        "quotes": " | ".join(s.quote for s in r.sources if s.quote),
    } for r in recs if r.kind == "statement"], [
        "date", "date_precision", "id", "party", "about", *_columns(statement_figures, ranges=True), "confidence",
        "conflicts", "quotes"])
    casualty_figures = FIGURES_OF_KIND["casualty_total"]
    casualties = _frame([{
        "as_of": r.period_end, "period_start": r.period_start, "id": r.id, "area": r.area or _where(r, names),
        "scope": r.scope, **_figures(r, casualty_figures), "reported_by": _publishers(r),
        "confidence": r.confidence, "conflicts": _conflicts_text(r),
    } for r in recs if r.kind == "casualty_total"], [
        "as_of", "period_start", "id", "area", "scope", *_columns(casualty_figures), "reported_by", "confidence",
        "conflicts"])
    return {"districts": districts, "totals": totals, "disclosures": disclosures, "incidents": incidents,
            "statements": statements, "casualties": casualties}


def _publishers(rec: Record) -> str | None:
    return "; ".join(dict.fromkeys(s.publisher for s in rec.sources if s.publisher)) or None


# ----------------------------------------------------------------------------- renderers


def _cell(v) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int) or (hasattr(v, "dtype") and pd.api.types.is_integer(v)):
        return f"{int(v):,}"
    if isinstance(v, float):
        return f"{v:,g}" if v.is_integer() or abs(v) >= 1 else f"{v:,.2f}"
    return str(v)


def _plain(v):
    """A cell as plain Python: None for missing, int for a whole float."""
    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
        return None
    return int(v) if isinstance(v, float) and v.is_integer() else v


class _Row:
    def __init__(self, data: dict):
        self.__dict__.update(data)


def display_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The table as people read it: each figure with its qualifier or range in one text cell
    ("about 92,000", "3–4", "less than 20 %"), the helper columns dropped."""
    out = {}
    cols = list(df.columns)
    for col in cols:
        if col.endswith(("_qualifier", "_min", "_max")) and col.rsplit("_", 1)[0] in cols:
            continue
        if f"{col}_qualifier" in cols:
            keys = [k for k in (col, f"{col}_qualifier", f"{col}_min", f"{col}_max") if k in cols]
            out[col] = [figure_text(_Row({k: _plain(v) for k, v in zip(keys, vals)}), col) or ""
                        for vals in zip(*(df[k].tolist() for k in keys))]
        elif col == "value" and "qualifier" in cols:  # the totals table
            out[col] = [qualified(_cell(v), q if isinstance(q, str) else None)
                        for v, q in zip(df["value"], df["qualifier"])]
        elif col == "qualifier" and "value" in cols:
            continue
        else:
            out[col] = df[col]
    return pd.DataFrame(out, index=df.index)


def to_csv(df: pd.DataFrame) -> str:
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def _numeric(df: pd.DataFrame) -> list[bool]:
    return [pd.api.types.is_numeric_dtype(df[c]) or c in _NUMBER_COLUMNS for c in df.columns]


def to_markdown(df: pd.DataFrame) -> str:
    def esc(s: str) -> str:
        return s.replace("|", "\\|").replace("\n", " ")

    shown = display_frame(df)
    numeric = _numeric(shown)
    lines = ["| " + " | ".join(esc(str(c)) for c in shown.columns) + " |",
             "|" + "|".join("---:" if n else "---" for n in numeric) + "|"]
    for row in shown.itertuples(index=False):
        lines.append("| " + " | ".join(esc(_cell(v)) for v in row) + " |")
    return "\n".join(lines) + "\n"
