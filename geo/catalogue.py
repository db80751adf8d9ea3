"""Load and validate the catalogue: YAML files of records → checked :class:`Record` objects.

Machine-written catalogues (imports, :mod:`geo.synthetic`) may use JSON Lines (``*.jsonl``, one
record per line), which parses about a hundred times faster than YAML.

Every problem is collected (never the first one only) as a :class:`~geo.errors.Problem`
naming file, line, record id and field. Validation order: read → parse YAML → per-record
model (pydantic) → rules across fields, records, the gazetteer and the source documents.
"""

from __future__ import annotations

import dataclasses
import difflib
import gc
import json
import operator
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError as PydanticError

from ._gc import gc_paused
from ._resources import data_dir, repo_root
from ._textfile import UnreadableText, read_text
from .errors import Problem, ValidationError
from .gazetteer import Gazetteer, default_gazetteer
from .model import FIELDS, PRECISIONS, Conflict, Record, Source, parse_partial_date

__all__ = ["Catalogue", "default_path", "load", "normalise_quote", "short_quote", "validate", "yaml_files"]

MAX_FILE_BYTES = 5 * 1024 * 1024
_FREEZE_AT = 20_000  # records; see _check
_URL = re.compile(r"^[a-z]+://")
SUFFIXES = (".yaml", ".yml", ".jsonl")  # .jsonl: one JSON record per line, for machine-written catalogues


def default_path() -> Path:
    return data_dir() / "catalogue"


# ----------------------------------------------------------------------------- YAML


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when available
    """SafeLoader that keeps dates as strings, so impossible dates get our own message."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


@dataclass
class _Doc:
    """One record as read from a file, with the line of each key."""

    file: str
    line: int
    data: object
    lines: dict[str, int] = field(default_factory=dict)
    node: yaml.Node | None = None

    @property
    def rid(self) -> str:
        if isinstance(self.data, dict) and isinstance(self.data.get("id"), str):
            return self.data["id"]
        return "?"

    def line_of(self, loc: Sequence) -> int:
        """Line of the deepest key of ``loc`` found in the YAML tree."""
        node, line = self.node, self.line
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                hit = next(((k, v) for k, v in node.value if k.value == part), None)
                if hit is None:
                    break
                line, node = hit[0].start_mark.line + 1, hit[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line


def _read(path: Path, label: str, problems: list[Problem]) -> list[_Doc]:
    def bad(message: str, line: int = 1) -> list[_Doc]:
        problems.append(Problem(label, line, "-", "file", message))
        return []

    try:
        text = read_text(path, max_bytes=MAX_FILE_BYTES, expected="YAML text")
    except UnreadableText as exc:
        return bad(exc.reason, exc.line)
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return bad("empty file: no records")
    if path.suffix == ".jsonl":
        return _read_jsonl(text, label, problems)
    try:
        loader = _Loader(text)
        try:  # one parse: the node tree gives lines, the same tree gives the data
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return bad(f"malformed YAML: {reason}", line)
    if isinstance(root, yaml.MappingNode):
        pairs = [(root, data)]
    elif isinstance(root, yaml.SequenceNode) and isinstance(data, list):
        pairs = list(zip(root.value, data))
    else:
        return bad("expected a record (a mapping) or a list of records")
    docs = []
    for node, item in pairs:
        line = node.start_mark.line + 1
        doc = _Doc(label, line, item, node=node)
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for k, _ in node.value:
                kline = k.start_mark.line + 1
                if k.value in seen:
                    rid = item.get("id", "?") if isinstance(item, dict) else "?"
                    problems.append(Problem(label, kline, str(rid), str(k.value), f"key repeated (first on line {seen[k.value]})"))
                seen.setdefault(k.value, kline)
            doc.lines = seen
        docs.append(doc)
    return docs


def _read_jsonl(text: str, label: str, problems: list[Problem]) -> list[_Doc]:
    """JSON Lines: one record (a JSON object) per line; blank lines are skipped."""
    repeated: list[str] = []

    def pairs(items):
        out = dict(items)
        if len(out) < len(items):
            seen = set()
            repeated.extend(k for k, _ in items if k in seen or seen.add(k))
        return out

    decode = json.JSONDecoder(object_pairs_hook=pairs).decode
    docs = []
    for n, line in enumerate(text.split("\n"), start=1):  # not splitlines(): U+2028 may sit in a string
        if not line.strip():
            continue
        repeated.clear()
        try:
            data = decode(line)
        except ValueError as exc:
            problems.append(Problem(label, n, "-", "file", f"malformed JSON line: {exc}"))
            continue
        doc = _Doc(label, n, data)
        for k in repeated:
            problems.append(Problem(label, n, doc.rid, str(k), "key repeated"))
        docs.append(doc)
    return docs


# ----------------------------------------------------------------------------- quotes


def normalise_quote(text: str) -> str:
    """NFC and collapsed whitespace: the only leniency allowed when matching quotes."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def short_quote(text: str, limit: int = 90) -> str:
    """A quote normalised as above and cut to ``limit`` characters ("..." marks the cut), for messages."""
    q = normalise_quote(text)
    return q if len(q) <= limit else q[: limit - 3] + "..."


class _Documents:
    """Source documents, read once, found relative to the record's file or the project."""

    def __init__(self, roots: Iterable[Path]):
        self.roots = [Path(r) for r in roots]
        self.cache: dict[Path, str | None] = {}

    def find(self, document: str, near: Path) -> Path | None:
        rel = Path(document)
        if rel.is_absolute():
            return rel if rel.is_file() else None
        for base in [*near.resolve().parents, *self.roots]:
            candidate = base / rel
            if candidate.is_file():
                return candidate
        return None

    def text(self, path: Path) -> str | None:
        if path not in self.cache:
            try:
                self.cache[path] = normalise_quote(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                self.cache[path] = None
        return self.cache[path]


# ----------------------------------------------------------------------------- catalogue


@dataclass
class Catalogue:
    """Validated records, districts resolved to ISO codes, each with its file and line."""

    records: list[Record]
    origin: dict[str, tuple[str, int]]

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self):
        return iter(self.records)

    def get(self, rid: str) -> Record:
        """The record with id ``rid`` (KeyError if there is none)."""
        for r in self.records:
            if r.id == rid:
                return r
        raise KeyError(rid)

    def to_dicts(self) -> list[dict]:
        """Records in the ``minemaps records --json`` shape (field order of :data:`FIELDS`)."""
        out = []
        for r in self.records:
            d = r.model_dump(mode="json")
            out.append({k: d.get(k) for k in FIELDS})
        return out

    def filter(self, *, district: str | None = None, kind: str | None = None,
               since: str | None = None, until: str | None = None,
               gazetteer: Gazetteer | None = None) -> Catalogue:
        """Records matching every given filter (district by any spelling, dates inclusive)."""
        code = (gazetteer or default_gazetteer()).resolve(district).iso_code if district else None
        lo = parse_partial_date(since)[0] if since else None
        hi = parse_partial_date(until)[0] if until else None
        keep = [
            r for r in self.records
            if (code is None or code in r.districts)
            and (kind is None or r.kind == kind)
            and (lo is None or r.date >= lo[: len(r.date)])
            and (hi is None or r.date[: len(hi)] <= hi)
        ]
        return Catalogue(keep, {r.id: self.origin[r.id] for r in keep})


def yaml_files(paths: Sequence[str | Path]) -> list[Path]:
    """The catalogue files named by ``paths``: files as given, directories searched for *.yaml/*.yml."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.suffix in SUFFIXES and q.is_file()))
        else:
            out.append(p)
    return out


def _pydantic_problems(doc: _Doc, exc: PydanticError) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = [p for p in err["loc"] if p not in ("function-after", "function-before")]
        field_name = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in loc).replace(".[", "[") or "record"
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
            owner = {"sources": Source, "conflicts": Conflict}.get(loc[0]) if len(loc) > 2 else None
            allowed = [f.name for f in dataclasses.fields(owner)] if owner else FIELDS
            msg = f"unknown field; allowed fields: {', '.join(allowed)}"
        elif err["type"] in ("missing", "missing_keyword_argument"):
            msg = "required field is missing"
        elif "input" in err and err["type"] not in ("value_error",):
            msg = f"{msg} (got {err['input']!r})"
        out.append(Problem(doc.file, doc.line_of(loc), doc.rid, field_name, msg))
    return out


def _unknown_district(gaz: Gazetteer, name: str) -> str:
    hint = gaz.suggest(name)
    return f"unknown district {name!r}" + (f"; did you mean: {', '.join(hint)}?" if hint else "")


def _raw_district_problems(doc: _Doc, gaz: Gazetteer) -> list[Problem]:
    """District names of a record that failed model validation, checked all the same."""
    names = doc.data.get("districts") if isinstance(doc.data, dict) else None
    if not isinstance(names, list):
        return []
    out = []
    for i, name in enumerate(names):
        if isinstance(name, str) and name.strip() and gaz.lookup(name) is None:
            out.append(Problem(doc.file, doc.line_of(["districts", i]), doc.rid, f"districts[{i}]",
                               _unknown_district(gaz, name)))
    return out


def _rules(doc: _Doc, rec: Record, gaz: Gazetteer, docs: _Documents, path: Path,
           check_quotes: bool) -> tuple[list[Problem], list[str]]:
    """Checks beyond one field: precisions, districts, documents and quotes."""
    probs: list[Problem] = []

    def add(loc, message):
        loc = list(loc)
        name = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in loc).replace(".[", "[")
        probs.append(Problem(doc.file, doc.line_of(loc), rec.id, name, message))

    _, written = parse_partial_date(doc.data.get("date")) if isinstance(doc.data, dict) else (None, "day")
    if PRECISIONS.index(rec.date_precision) < PRECISIONS.index(written):
        add(["date_precision"], f"date {rec.date!r} is written to the {written} but date_precision says {rec.date_precision!r}")
    codes = []
    for i, name in enumerate(rec.districts):
        code = gaz.lookup(name)
        if code is None:
            add(["districts", i], _unknown_district(gaz, name))
        elif code not in codes:
            codes.append(code)
    n = len(rec.districts)
    if rec.geo_precision == "district" and n != 1:
        add(["geo_precision"], f"'district' needs exactly one district, the record has {n}")
    elif rec.geo_precision == "districts" and n < 2:
        add(["geo_precision"], f"'districts' needs two or more districts, the record has {n}")
    elif rec.geo_precision in ("region", "unknown") and n:
        add(["geo_precision"], f"{rec.geo_precision!r} is for records without districts, the record has {n}")
    source_docs = {s.document for s in rec.sources} if rec.conflicts else set()
    for i, c in enumerate(rec.conflicts):
        if c.source not in source_docs:
            add(["conflicts", i, "source"], f"{c.source!r} is not one of the record's sources")
    if check_quotes:
        for i, s in enumerate(rec.sources):
            if s.kind == "reference" and _URL.match(s.document):
                continue
            found = docs.find(s.document, path)
            if found is None:
                if s.kind == "seed":
                    add(["sources", i, "document"], f"source document not found: {s.document}")
                continue
            if s.quote:
                text = docs.text(found)
                if text is None:
                    add(["sources", i, "document"], f"source document is not UTF-8 text: {s.document}")
                elif normalise_quote(s.quote) not in text:
                    add(["sources", i, "quote"], f"quote not found in {s.document}: {short_quote(s.quote, 70)!r}")
    return probs, codes


def _check(paths: Sequence[str | Path] | None, gazetteer: Gazetteer | None, roots: Iterable[Path],
           check_quotes: bool) -> tuple[list[Record], dict[str, tuple[str, int]], list[Problem]]:
    with gc_paused():  # the collector doubled the time for 10^5 records
        out = _check_all(paths, gazetteer, roots, check_quotes)
        if len(out[0]) >= _FREEZE_AT:
            # the records live as long as the catalogue: keep later collections from rescanning them
            gc.freeze()
    return out


def _check_all(paths: Sequence[str | Path] | None, gazetteer: Gazetteer | None, roots: Iterable[Path],
               check_quotes: bool) -> tuple[list[Record], dict[str, tuple[str, int]], list[Problem]]:
    paths = list(paths) if paths else [default_path()]
    gaz = gazetteer or default_gazetteer()
    documents = _Documents([*roots, repo_root(), Path.cwd()])
    problems: list[Problem] = []
    for p in paths:
        if not Path(p).exists():
            problems.append(Problem(str(p), 0, "-", "path", "no such file or directory"))
    files = yaml_files([p for p in paths if Path(p).exists()])
    if not files and not problems:
        problems.append(Problem(", ".join(map(str, paths)), 0, "-", "path", f"no catalogue files ({'/'.join(SUFFIXES)}) found"))
    records: list[Record] = []
    origin: dict[str, tuple[str, int]] = {}
    for path in files:
        label = str(path)
        for doc in _read(path, label, problems):
            if not isinstance(doc.data, dict):
                problems.append(Problem(label, doc.line, "?", "record", f"expected a mapping of fields, got {type(doc.data).__name__}"))
                continue
            try:
                rec = Record.model_validate(doc.data)
            except PydanticError as exc:
                problems.extend(_pydantic_problems(doc, exc))
                problems.extend(_raw_district_problems(doc, gaz))  # still report every problem at once
                continue
            rule_problems, codes = _rules(doc, rec, gaz, documents, path, check_quotes)
            problems.extend(rule_problems)
            if rec.id in origin:
                f, ln = origin[rec.id]
                problems.append(Problem(label, doc.line_of(["id"]), rec.id, "id", f"duplicate id (first defined at {f}:{ln})"))
                continue
            origin[rec.id] = (label, doc.line)
            if not rule_problems and codes != rec.districts:
                rec.districts = codes
            records.append(rec)
    ids = set(origin)
    for rec in records:
        for i, target in enumerate(rec.about):
            if target not in ids:
                hint = difflib.get_close_matches(target, list(ids), n=2)
                f, ln = origin[rec.id]
                problems.append(Problem(f, ln, rec.id, f"about[{i}]", f"{target!r} is not a record id in the catalogue"
                                        + (f"; did you mean: {', '.join(hint)}?" if hint else "")))
    records.sort(key=operator.attrgetter("id"))  # by date, then id: two stable sorts on one key
    records.sort(key=operator.attrgetter("date"))  # each beat one sort on (date, id) tuples
    return records, origin, problems


def validate(paths: Sequence[str | Path] | None = None, *, gazetteer: Gazetteer | None = None,
             roots: Iterable[Path] = (), check_quotes: bool = True) -> list[Problem]:
    """Every problem in the catalogue files or directories ``paths`` (empty list when clean)."""
    return sorted(_check(paths, gazetteer, roots, check_quotes)[2])


def load(paths: str | Path | Sequence[str | Path] | None = None, *, gazetteer: Gazetteer | None = None,
         roots: Iterable[Path] = (), check_quotes: bool = True) -> Catalogue:
    """Load and validate; raises :class:`~geo.errors.ValidationError` listing every problem."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    records, origin, problems = _check(paths, gazetteer, roots, check_quotes)
    if problems:
        raise ValidationError(problems)
    return Catalogue(records, origin)
