"""Summary tables (pure data → DataFrames) and their renderings to CSV, Markdown and HTML.

Tables hold plain values (ints, strings); the renderers format numbers with thousands
separators for people (HTML, Markdown) and leave them plain for machines (CSV). Every cell
that reaches HTML is escaped.
"""

from __future__ import annotations

import html
import io

import pandas as pd

from .attach import Attached
from .catalogue import Catalogue
from .model import Record

__all__ = ["TABLES", "build_tables", "conflict_note", "to_csv", "to_html", "to_markdown"]

TABLES = ("districts", "disclosures", "incidents", "statements")


def conflict_note(rec: Record, field: str) -> str:
    """'' or ' (also 100000 per seeds/x.txt)' for a field other sources report differently."""
    others = [c for c in rec.conflicts if c.field == field]
    return "".join(f" (also {c.value} per {c.source})" for c in others)


def _where(rec: Record, names: dict[str, str]) -> str:
    if rec.districts:
        return " + ".join(names.get(c, c) for c in rec.districts)
    return f"{rec.region} (region-level)" if rec.region else "(no district named)"


def _num(rec: Record, field: str):
    v = getattr(rec, field)
    note = conflict_note(rec, field)
    return f"{v}{note}" if note else v


def build_tables(catalogue: Catalogue, attached: Attached) -> dict[str, pd.DataFrame]:
    names = dict(zip(attached.districts["iso_code"], attached.districts["name_en"]))
    s = attached.summary
    s = s[(s["disclosures"] + s["incidents"] + s["statements"]) > 0]
    districts = pd.DataFrame({
        "code": s["iso_code"],
        "district": s["name_en"],
        "name_az": s["name_az"],
        "disclosures": s["disclosures"],
        "mines_claimed_alone": s["mines_claimed_alone"],
        "shared_claims": s["shared_claims"].map(lambda ids: "; ".join(ids)),
        "mines_in_shared_claims": s["mines_in_shared_claims"],
        "incidents": s["incidents"],
        "killed": s["killed"],
        "injured": s["injured"],
        "first_date": s["first_date"],
        "last_date": s["last_date"],
    }).reset_index(drop=True)
    recs = list(catalogue)
    claims = attached.claims
    shared_mines = int(claims.loc[claims["shared"], "mines_claimed"].fillna(0).sum())
    region = [r for r in recs if not r.districts]
    t = attached.totals
    extra = pd.DataFrame([
        {"code": "", "district": "Region-level (no district)",
         "disclosures": sum(r.kind == "map_disclosure" for r in region),
         "mines_claimed_alone": sum(r.mines_claimed or 0 for r in region) or None,
         "incidents": sum(r.kind == "incident" for r in region),
         "killed": sum(r.killed or 0 for r in region) or None,
         "injured": sum(r.injured or 0 for r in region) or None},
        {"code": "", "district": "Total (each record once)",
         "disclosures": t["map_disclosures"],
         "mines_claimed_alone": t["mines_claimed"] - shared_mines,
         "shared_claims": f"{int(claims['shared'].sum())} shared claim(s), counted once",
         "mines_in_shared_claims": shared_mines,
         "incidents": t["incidents"], "killed": t["killed"], "injured": t["injured"]},
    ])
    districts = pd.concat([districts, extra], ignore_index=True)
    for col in ("disclosures", "mines_claimed_alone", "mines_in_shared_claims", "incidents", "killed", "injured"):
        districts[col] = districts[col].astype("Int64")

    disclosures = pd.DataFrame([{
        "date": r.date, "date_precision": r.date_precision, "id": r.id,
        "where": _where(r, names), "mines_claimed": _num(r, "mines_claimed"),
        "mine_types": ", ".join(r.mine_types), "maps_count": _num(r, "maps_count"),
        "minefields_count": _num(r, "minefields_count"),
        "detainees_released": _num(r, "detainees_released"),
        "from_party": r.from_party, "to_party": r.to_party, "mediators": ", ".join(r.mediators),
        "sources": len(r.sources),
    } for r in recs if r.kind == "map_disclosure"], columns=[
        "date", "date_precision", "id", "where", "mines_claimed", "mine_types", "maps_count",
        "minefields_count", "detainees_released", "from_party", "to_party", "mediators", "sources"])
    incidents = pd.DataFrame([{
        "date": r.date, "date_precision": r.date_precision, "id": r.id, "where": _where(r, names),
        "killed": _num(r, "killed"), "injured": _num(r, "injured"), "notes": r.notes,
    } for r in recs if r.kind == "incident"], columns=["date", "date_precision", "id", "where", "killed", "injured", "notes"])
    statements = pd.DataFrame([{
        "date": r.date, "date_precision": r.date_precision, "id": r.id, "party": r.from_party,
        "about": "; ".join(r.about),
        "quotes": " | ".join(s.quote for s in r.sources if s.quote),
    } for r in recs if r.kind == "statement"], columns=["date", "date_precision", "id", "party", "about", "quotes"])
    for df in (disclosures, incidents):
        for col in df.columns.intersection(["mines_claimed", "maps_count", "minefields_count",
                                            "detainees_released", "killed", "injured"]):
            values = [None if pd.isna(v) else int(v) if isinstance(v, float) and v.is_integer() else v
                      for v in df[col].astype(object)]
            if all(v is None or isinstance(v, int) for v in values):  # else it carries a conflict note
                df[col] = pd.array(values, dtype="Int64")
    return {"districts": districts, "disclosures": disclosures, "incidents": incidents, "statements": statements}


# ----------------------------------------------------------------------------- renderers


def _cell(v) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int) or (hasattr(v, "dtype") and pd.api.types.is_integer(v)):
        return f"{int(v):,}"
    if isinstance(v, float):
        return f"{v:,.2f}"
    return str(v)


def to_csv(df: pd.DataFrame) -> str:
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def to_markdown(df: pd.DataFrame) -> str:
    def esc(s: str) -> str:
        return s.replace("|", "\\|").replace("\n", " ")

    numeric = [pd.api.types.is_numeric_dtype(df[c]) for c in df.columns]
    lines = ["| " + " | ".join(esc(str(c)) for c in df.columns) + " |",
             "|" + "|".join("---:" if n else "---" for n in numeric) + "|"]
    for row in df.itertuples(index=False):
        lines.append("| " + " | ".join(esc(_cell(v)) for v in row) + " |")
    return "\n".join(lines) + "\n"


def to_html(df: pd.DataFrame, caption: str | None = None, table_id: str | None = None) -> str:
    numeric = [pd.api.types.is_numeric_dtype(df[c]) for c in df.columns]
    attr = f' id="{html.escape(table_id, quote=True)}"' if table_id else ""
    out = [f'<table class="mm-table"{attr}>']
    if caption:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th scope=\"col\">{html.escape(str(c).replace('_', ' '))}</th>" for c in df.columns) + "</tr></thead><tbody>")
    for row in df.itertuples(index=False):
        cells = "".join(
            f'<td{" class=num" if n else ""}>{html.escape(_cell(v))}</td>' for v, n in zip(row, numeric)
        )
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)
