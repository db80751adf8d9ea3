"""Score the extractor against curated records.

For each article, the extracted records are matched to the expected ones by kind, districts
(as a set) and date (equal at the coarser of the two precisions). Reported:

* record-level precision, recall and F1 over all articles;
* per-field outcomes over matched pairs: correct, missing (expected, not drafted), extra
  (drafted, not expected), wrong (both given, different);
* numeric fields: wrong or extra values (target 0), *invented* numbers: a value that does
  not occur as a number in the record's own quotes (target 0), and the figures carried by records
  nobody expected (a spurious record's numbers).

The seeds' expected records are the curated catalogue records citing that seed. Run:
``python -m geo.extract.score [--json]`` (from a source checkout).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..model import FIGURE_FIELDS, dates_agree
from .core import extract_file
from .quantities import count_phrase, find_numbers
from .rules import Rules, default_rules

__all__ = ["Case", "Report", "article_cases", "format_report", "invented_numbers", "score", "seed_cases"]

#: Numeric fields scored: every figure and its range ends.
NUMERIC = tuple(k for f in FIGURE_FIELDS for k in (f, f"{f}_min", f"{f}_max"))
SCORED = ("date", "districts", "region", *NUMERIC, "mine_types", "from_party", "to_party", "mediators")


@dataclass
class Case:
    """One article, its publication date and the records it should give."""

    path: Path
    published: str | None
    expected: list[dict]


@dataclass
class Report:
    articles: int = 0
    expected: int = 0
    extracted: int = 0
    matched: int = 0
    fields: dict[str, Counter] = field(default_factory=dict)
    numeric_wrong: list[str] = field(default_factory=list)
    invented: list[str] = field(default_factory=list)
    spurious_numbers: list[str] = field(default_factory=list)  # figures in records nobody expected
    unmatched_expected: list[str] = field(default_factory=list)
    unmatched_extracted: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def figures_right(self) -> float:
        """Over matched records, the numeric fields where either side has a value: the share equal."""
        counts = [self.fields[f] for f in NUMERIC if f in self.fields]
        right = sum(c["correct_value"] for c in counts)
        total = right + sum(c["missing"] + c["extra"] + c["wrong"] for c in counts)
        return right / total if total else 1.0

    def to_dict(self) -> dict:
        return {
            "articles": self.articles, "expected": self.expected, "extracted": self.extracted,
            "matched": self.matched, "precision": round(self.precision, 4), "recall": round(self.recall, 4),
            "f1": round(self.f1, 4), "figures_right": round(self.figures_right, 4),
            "fields": {k: dict(v) for k, v in self.fields.items()},
            "field_accuracy": {k: round(v["correct"] / max(1, sum(v.values())), 4) for k, v in self.fields.items()},
            "numeric_wrong": self.numeric_wrong, "invented_numbers": self.invented,
            "spurious_numbers": self.spurious_numbers,
            "unmatched_expected": self.unmatched_expected, "unmatched_extracted": self.unmatched_extracted,
        }


def _dates_agree(a: dict, b: dict) -> bool:
    if not a.get("date") or not b.get("date"):
        return False
    return dates_agree(a["date"], a["date_precision"], b["date"], b["date_precision"])


def _same_event(x: dict, e: dict) -> bool:
    return x["kind"] == e["kind"] and set(x["districts"]) == set(e["districts"]) and _dates_agree(x, e)


def _outcome(xv, ev) -> str:
    empty_x, empty_e = xv in (None, [], ""), ev in (None, [], "")
    if empty_x and empty_e:
        return "correct"
    if empty_x:
        return "missing"
    if empty_e:
        return "extra"
    same = set(xv) == set(ev) if isinstance(xv, list) and isinstance(ev, list) else xv == ev
    return "correct" if same else "wrong"


def invented_numbers(record: dict, rules: Rules | None = None) -> list[str]:
    """Numeric fields whose value is not a number written in one of the record's quotes, nor
    counted from a phrase that ``derived`` names and a quote contains ("two reporters and one
    driver" → 3: the phrase is read again here and must give the same number)."""
    rules = rules or default_rules()
    quotes = [s["quote"] for s in record["sources"] if s.get("quote")]
    written = {q.value for q in quotes for q in find_numbers(q, rules)}
    derived = record.get("derived") or {}

    def counted(field: str) -> bool:
        phrase = derived.get(field) or derived.get(re.sub(r"_(?:min|max)$", "", field))
        if not phrase:
            return False
        total = 0
        for part in phrase.split(" + "):  # people named in separate sentences, added up
            if not any(" ".join(part.split()) in " ".join(q.split()) for q in quotes):
                return False
            n = count_phrase(part, rules)
            if n is None:
                return False
            total += n
        return total == record[field]

    return [f"{record['id']}: {f}={record[f]}" for f in NUMERIC
            if record.get(f) is not None and record[f] not in written and not counted(f)]


def score(cases: list[Case], *, rules: Rules | None = None) -> Report:
    rules = rules or default_rules()
    rep = Report(fields={f: Counter() for f in SCORED})
    for case in cases:
        got = extract_file(case.path, published=case.published, rules=rules).records
        rep.articles += 1
        rep.expected += len(case.expected)
        rep.extracted += len(got)
        free = list(got)
        for e in case.expected:
            x = next((x for x in free if _same_event(x, e)), None)
            if x is None:
                rep.unmatched_expected.append(f"{case.path.name}: {e['id']}")
                continue
            free.remove(x)
            rep.matched += 1
            for f in SCORED:
                if f == "date":
                    out = "correct" if (x["date"], x["date_precision"]) == (e["date"], e["date_precision"]) else (
                        "missing" if _dates_agree(x, e) else "wrong")  # missing = less precise than curated
                else:
                    out = _outcome(x.get(f), e.get(f))
                rep.fields[f][out] += 1
                if f in NUMERIC and out == "correct" and x.get(f) is not None:
                    rep.fields[f]["correct_value"] += 1
                if f in NUMERIC and out in ("wrong", "extra"):
                    rep.numeric_wrong.append(f"{case.path.name}: {x['id']}: {f}={x.get(f)} (curated {e.get(f)})")
        rep.unmatched_extracted += [f"{case.path.name}: {x['id']}" for x in free]
        rep.spurious_numbers += [f"{case.path.name}: {x['id']}: {f}={x[f]}" for x in free for f in NUMERIC
                                 if x.get(f) is not None]
        for x in got:
            rep.invented += [f"{case.path.name}: {m}" for m in invented_numbers(x, rules)]
    return rep


def seed_cases(seeds_dir: Path, expected: Path | None = None) -> list[Case]:
    """Each seed of ``seeds_dir`` with the records labelled from its own text
    (``tests/extract/seeds/expected.yaml``, see ``tests/extract/LABELLING.md``)."""
    from .._resources import repo_root

    return _cases(expected or repo_root() / "tests" / "extract" / "seeds" / "expected.yaml", Path(seeds_dir))


def article_cases(directory: Path) -> list[Case]:
    """A labelled set: ``directory/articles/*.txt`` and ``directory/expected.yaml``."""
    return _cases(directory / "expected.yaml", directory / "articles")


def _cases(labels: Path, articles: Path) -> list[Case]:
    import yaml

    spec = yaml.safe_load(labels.read_text(encoding="utf-8")) or {}
    cases = []
    for name, entry in spec.items():
        expected = []
        for i, r in enumerate(entry.get("records") or []):
            r = {"districts": [], "mine_types": [], "mediators": [], **r}
            r["date"] = str(r["date"])
            r.setdefault("id", f"{name}#{i + 1}")
            expected.append(r)
        published = entry.get("published")  # null: the page gives no date, the extractor looks for one
        cases.append(Case(articles / name, None if published is None else str(published), expected))
    return cases


def format_report(rep: Report, title: str) -> str:
    d = rep.to_dict()
    lines = [f"{title}: {d['articles']} articles, {d['expected']} expected / {d['extracted']} extracted records, "
             f"{d['matched']} matched: precision {d['precision']:.2f}, recall {d['recall']:.2f}, F1 {d['f1']:.2f}, "
             f"figures right {d['figures_right']:.2f}",
             f"  {'field':<30} {'correct':>7} {'missing':>7} {'extra':>5} {'wrong':>5}"]
    for f, c in rep.fields.items():
        if f in NUMERIC and not (c["correct_value"] or c["missing"] or c["extra"] or c["wrong"]):
            continue  # a figure nobody gave, on either side
        lines.append(f"  {f:<30} {c['correct']:>7} {c['missing']:>7} {c['extra']:>5} {c['wrong']:>5}")
    lines.append(f"  numeric values wrong or extra: {len(rep.numeric_wrong)}; invented numbers: {len(rep.invented)}; "
                 f"numbers in records not expected: {len(rep.spurious_numbers)}")
    for label, items in (("wrong", rep.numeric_wrong), ("invented", rep.invented), ("spurious", rep.spurious_numbers),
                         ("not found", rep.unmatched_expected), ("not expected", rep.unmatched_extracted)):
        lines += [f"  {label}: {i}" for i in items]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from .._resources import repo_root

    ap = argparse.ArgumentParser(prog="python -m geo.extract.score", description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=repo_root() / "seeds")
    ap.add_argument("--articles", type=Path, help="a folder with articles/*.txt and expected.yaml "
                    "(e.g. tests/extract) instead of the seeds")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if args.articles and not (args.articles / "articles").is_dir():
        hint = " (capture the pages its SOURCES.csv lists)" if (args.articles / "SOURCES.csv").exists() else ""
        print(f"{args.articles}: no articles/ folder{hint}", file=sys.stderr)
        return 2
    rep = score(article_cases(args.articles) if args.articles else seed_cases(args.seeds))
    if args.json:
        json.dump(rep.to_dict(), sys.stdout, indent=2)
        print()
    else:
        print(format_report(rep, "articles" if args.articles else "seeds"))
    ok = rep.f1 >= 0.9 and not rep.numeric_wrong and not rep.invented and not rep.spurious_numbers
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
