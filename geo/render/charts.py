"""Offline charts and the timeline: positions computed here, drawn as inline SVG and HTML by the
dashboard template (no chart library, no CDN).

* The casualty series: the running totals since the end of the war (victims, as of each date),
  with the values other sources give for the same date drawn beside them, and the yearly totals.
* The timeline: every hand-over, statement and incident by quarter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model import date_bounds, figure_text
from .cards import date_text, summary, what_text

__all__ = ["Point", "Series", "casualty_series", "timeline"]


@dataclass
class Point:
    id: str
    x: float
    y: float
    value: int
    date: str
    label: str
    conflict: bool = False
    low: bool = False


@dataclass
class Series:
    width: int
    height: int
    points: list[Point] = field(default_factory=list)
    conflicts: list[Point] = field(default_factory=list)
    path: str = ""
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    bars: list[dict] = field(default_factory=list)
    bar_width: float = 0
    empty: bool = True


_W, _H, _PAD_L, _PAD_R, _PAD_T, _PAD_B = 760, 300, 56, 16, 16, 34


def _running(rec) -> bool:
    """A running total since the end of the war over the whole country, all victims (not a
    civilians-only count)."""
    return (rec.kind == "casualty_total" and rec.victims is not None and (rec.area in (None, "country"))
            and (rec.period_start or "")[:7] == "2020-11" and "civilians only" not in (rec.scope or "").lower())


def _yearly(rec) -> bool:
    return (rec.kind == "casualty_total" and rec.victims is not None and rec.period_start is not None
            and rec.period_start[:4] == rec.period_end[:4] and rec.period_start[:4] != "2020")


def casualty_series(records, names: dict[str, str]) -> tuple[Series, Series]:
    """(running totals, yearly totals) as positioned SVG data."""
    running = sorted((r for r in records if _running(r)), key=lambda r: r.period_end)
    yearly = sorted((r for r in records if _yearly(r)), key=lambda r: r.period_end)
    return _line(running, names), _bars(yearly, names)


def _x_scale(dates: list[dt.date]):
    lo, hi = min(dates), max(dates)
    span = max((hi - lo).days, 1)
    return lambda d: _PAD_L + (d - lo).days / span * (_W - _PAD_L - _PAD_R), lo, hi


def _nice_max(v: float) -> int:
    step = 10 ** max(len(str(int(v))) - 1, 0)
    return int(-(-v // step) * step) or 1


def _line(recs, names) -> Series:
    s = Series(_W, _H)
    if not recs:
        return s
    ends = [date_bounds(r.period_end)[1] for r in recs]
    xs, lo, hi = _x_scale(ends)
    values = [r.victims for r in recs] + [c.value for r in recs for c in r.conflicts
                                          if c.field == "victims" and isinstance(c.value, int)]
    top = _nice_max(max(values))

    def ys(v):
        return _PAD_T + (1 - v / top) * (_H - _PAD_T - _PAD_B)

    for r, end in zip(recs, ends):
        low = " (low confidence)" if r.confidence == "low" else ""
        label = f"{date_text(r.period_end)}: {figure_text(r, 'victims')} mine victims since the war{low}"
        s.points.append(Point(r.id, round(xs(end), 1), round(ys(r.victims), 1), r.victims, r.period_end, label,
                              low=bool(low)))
        for c in r.conflicts:
            if c.field == "victims" and isinstance(c.value, int):
                s.conflicts.append(Point(r.id, round(xs(end), 1), round(ys(c.value), 1), c.value, r.period_end,
                                         f"{date_text(r.period_end)}: another source gives {c.value:,}", True))
    s.path = "M" + " L".join(f"{p.x},{p.y}" for p in s.points)
    s.x_ticks = [(round(xs(dt.date(y, 1, 1)), 1), str(y)) for y in range(lo.year + 1, hi.year + 1)]
    s.x_ticks.insert(0, (round(xs(lo), 1), f"{_SHORT[lo.month - 1]} {lo.year}"))
    s.y_ticks = [(round(ys(v), 1), f"{v:,}") for v in range(0, top + 1, max(top // 4, 1))]
    s.empty = False
    return s


def _bars(recs, names) -> Series:
    s = Series(_W, 220)
    if not recs:
        return s
    top = _nice_max(max(r.victims for r in recs))
    inner_h = 220 - _PAD_T - _PAD_B
    slot = (_W - _PAD_L - _PAD_R) / len(recs)
    s.bar_width = round(min(slot * 0.6, 60), 1)
    for i, r in enumerate(recs):
        h = r.victims / top * inner_h
        x = _PAD_L + slot * i + (slot - s.bar_width) / 2
        period = _period_label(r.period_start, r.period_end)
        s.bars.append({"id": r.id, "x": round(x, 1), "y": round(_PAD_T + inner_h - h, 1), "h": round(h, 1),
                       "value": r.victims, "label": period,
                       "text": f"{period}: {r.victims:,} victims ({what_text(r)})"})
    s.y_ticks = [(round(_PAD_T + (1 - v / top) * inner_h, 1), f"{v:,}") for v in range(0, top + 1, max(top // 4, 1))]
    s.empty = False
    return s


_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _period_label(start: str, end: str) -> str:
    """'2023' for a calendar year, 'Jan–Nov 2021' for part of one, '1 Jan–15 Aug 2024' by days."""
    a, b = date_bounds(start)[0], date_bounds(end)[1]
    if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31):
        return str(a.year)
    if a.day == 1 and b == date_bounds(end[:7])[1]:
        return f"{_SHORT[a.month - 1]}–{_SHORT[b.month - 1]} {b.year}"
    return f"{a.day} {_SHORT[a.month - 1]}–{b.day} {_SHORT[b.month - 1]} {b.year}"


def timeline(records, names: dict[str, str], *, counts_only: bool = False) -> list[dict]:
    """Hand-overs, statements and incidents by quarter: [{label, year, items: [...]}, ...], every
    quarter from the first to the last (empty ones kept, so distance in time is distance on screen).
    ``counts_only`` (very large catalogues): each quarter says how many of each kind, no items."""
    items = [r for r in records if r.kind in ("map_disclosure", "statement", "incident")]
    if not items:
        return []
    def quarter(r):
        start = date_bounds(r.date)[0]
        return start.year, (start.month - 1) // 3 + 1

    qs = sorted({quarter(r) for r in items})
    (y0, q0), (y1, q1) = qs[0], qs[-1]
    out, y, q = [], y0, q0
    while (y, q) <= (y1, q1):
        out.append({"label": f"Q{q} {y}", "year": y, "q": q, "items": []})
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    index = {(c["year"], c["q"]): c for c in out}
    kinds = {"map_disclosure": "Hand-over", "statement": "Statement", "incident": "Incident"}
    if counts_only:
        for c in out:
            c["counts"] = {v: 0 for v in kinds.values()}
        for r in items:
            index[quarter(r)]["counts"][kinds[r.kind]] += 1
        return out
    for r in sorted(items, key=lambda r: (r.date, r.id)):
        text = summary(r, names)
        index[quarter(r)]["items"].append({"id": r.id, "kind": r.kind, "kind_label": kinds[r.kind],
                                           "date": date_text(r.date), "text": text,
                                           "party": r.from_party if r.kind == "statement" else None,
                                           "low": r.confidence == "low"})
    return out
