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
import json
import operator
import re
import reprlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError as PydanticError

from . import figures
from ._gc import gc_paused
from ._resources import data_dir
from ._textfile import UnreadableText, read_text
from .errors import Problem, ValidationError
from .gazetteer import Gazetteer, default_gazetteer, economic_regions
from .model import (CASUALTY_ONLY, DATE_LENGTH, FIELDS, FIGURE_FIELDS, FIGURES_OF_KIND, Conflict, Record, Source,
                    date_bounds, parse_partial_date)
from .sources import ENGLISH, DocumentError, DocumentStore, SourceText, normalise, short_quote

__all__ = ["Catalogue", "default_path", "load", "normalise_quote", "short_quote", "validate", "yaml_files"]

MAX_FILE_BYTES = 5 * 1024 * 1024
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
SUFFIXES = (".yaml", ".yml", ".jsonl")  # .jsonl: one JSON record per line, for machine-written catalogues


def default_path() -> Path:
    return data_dir() / "catalogue"


# ----------------------------------------------------------------------------- YAML

#: Nesting deeper than this (lists in lists in mappings ...) is refused before it is parsed:
#: a record is three levels deep at most.
MAX_DEPTH = 20
#: At most this many problems are kept per run; the rest are counted in one last problem.
MAX_PROBLEMS = 1000


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when available
    """SafeLoader reading the YAML 1.2 core schema: dates stay strings (so impossible dates get
    our own message), numbers are plain digits only (YAML 1.1's ``0x10``, ``1_000``, ``1:30``
    and ``yes``/``no`` stay text and are reported), and no merge keys."""


_Loader.yaml_implicit_resolvers = {}
for _tag, _rx, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789"),
    ("tag:yaml.org,2002:float", r"^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?$", "-+.0123456789"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    _Loader.add_implicit_resolver(_tag, re.compile(_rx), list(_first))
_YAML11_NUMBER = re.compile(r"^[-+]?(?:0[xob][0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|"
                            r"[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?|\.(?:inf|nan|Inf|NaN|INF|NAN))$")


class _Refused(Exception):
    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message, self.line = message, line


def _prescan(text: str) -> None:
    """Refuse aliases and deep nesting from the token stream, before anything is built: an alias
    bomb of a kilobyte expands to gigabytes, and thousands of nested lists exhaust the stack."""
    scanner = _Loader(text)
    depth = 0
    opening = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken, yaml.FlowMappingStartToken,
               yaml.FlowSequenceStartToken)
    closing = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)
    try:
        while True:
            tok = scanner.get_token()
            if tok is None or isinstance(tok, yaml.StreamEndToken):
                return
            if isinstance(tok, (yaml.AliasToken, yaml.AnchorToken)):
                raise _Refused("YAML anchors and aliases (&name, *name) are not allowed in the catalogue: "
                               "write each value out", tok.start_mark.line + 1)
            if isinstance(tok, opening):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _Refused(f"nested more than {MAX_DEPTH} levels deep", tok.start_mark.line + 1)
            elif isinstance(tok, closing):
                depth -= 1
    finally:
        scanner.dispose()


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_JSON_CONTROL = re.compile(r"(?<!\\)(?:\\\\)*\\u00(?:0[0-8bcef]|1[0-9a-f]|7f)", re.IGNORECASE)


def _control_message(ch: str) -> str:
    return (f"control character U+{ord(ch):04X} in text (it would be written into every page and export): "
            "remove it")


def _control_problems(doc: "_Doc") -> list[Problem]:
    """Control characters (NUL, ESC, ...) in any text of a record read from YAML."""
    out = []
    stack = [(doc.data, [])]
    while stack:
        value, loc = stack.pop()
        if isinstance(value, str):
            m = _CONTROL_CHARS.search(value)
            if m:
                out.append(Problem(doc.file, doc.line_of(loc), doc.rid, _loc_name(loc) or "record",
                                   _control_message(m.group(0))))
        elif isinstance(value, dict):
            stack.extend((v, [*loc, k]) for k, v in value.items() if isinstance(k, str))
        elif isinstance(value, list):
            stack.extend((v, [*loc, i]) for i, v in enumerate(value))
    return out


def _json_depth_ok(line: str) -> bool:
    """True when a JSON line nests at most :data:`MAX_DEPTH` levels (cheap unless it has many brackets)."""
    if line.count("[") + line.count("{") <= MAX_DEPTH:
        return True
    depth, in_str, esc = 0, False, False
    for ch in line:
        if in_str:
            esc, in_str = (False, in_str) if esc else (ch == "\\", ch != '"')
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return False
        elif ch in "]}":
            depth -= 1
    return True


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
            return _printable(self.data["id"], 80)
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


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 120
_REPR.maxlist = _REPR.maxdict = 6
_REPR.maxlevel = 3


def _printable(value, limit: int = 80) -> str:
    """A value as it may be echoed in a message: control characters (ANSI escapes, direction
    overrides) shown as escapes, and cut to ``limit`` characters."""
    text = value if isinstance(value, str) else _REPR.repr(value)
    text = _CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _duplicate_keys(node: yaml.Node, label: str, rid: str, problems: list[Problem]) -> dict[str, int]:
    """Report keys repeated in any mapping of ``node`` (at any depth); return the lines of
    ``node``'s own keys."""
    lines: dict[str, int] = {}
    stack = [(node, "")]
    while stack:
        n, where = stack.pop()
        if isinstance(n, yaml.MappingNode):
            keys: dict[str, int] = {}
            for k, v in n.value:
                kline = k.start_mark.line + 1
                name = f"{where}.{k.value}" if where else str(k.value)
                if k.value in keys:
                    problems.append(Problem(label, kline, rid, _printable(name),
                                            f"key repeated (first on line {keys[k.value]}); one value would be lost"))
                keys.setdefault(k.value, kline)
                stack.append((v, name))
            if n is node:
                lines = keys
        elif isinstance(n, yaml.SequenceNode):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(n.value))
    return lines


def _no_records(text: str) -> bool:
    """True when every line of ``text`` is blank or a ``#`` comment. The first lines settle it for
    a file with records, without splitting all of it (a line cut short at the end of those first
    lines starts as the whole line does)."""
    if any(ln.strip() and not ln.lstrip().startswith("#") for ln in text[:4096].splitlines()):
        return False
    return all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines())


def _read(path: Path, label: str, problems: list[Problem]) -> list[_Doc]:
    def bad(message: str, line: int = 1) -> list[_Doc]:
        problems.append(Problem(label, line, "-", "file", message))
        return []

    try:
        text = read_text(path, max_bytes=MAX_FILE_BYTES, expected="YAML text")
    except UnreadableText as exc:
        return bad(exc.reason, exc.line)
    if _no_records(text):
        return bad("empty file: no records")
    if path.suffix == ".jsonl":
        return _read_jsonl(text, label, problems)
    try:
        _prescan(text)
    except _Refused as exc:
        return bad(exc.message, exc.line)
    except yaml.YAMLError:
        pass  # reported with its line by the parse below
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
        doc.lines = _duplicate_keys(node, label, doc.rid, problems)
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
        if not line or line.isspace():
            continue
        repeated.clear()
        if not _json_depth_ok(line):
            problems.append(Problem(label, n, "-", "file", f"nested more than {MAX_DEPTH} levels deep"))
            continue
        try:
            data = decode(line)
        except (ValueError, RecursionError) as exc:
            problems.append(Problem(label, n, "-", "file", f"malformed JSON line: {_printable(str(exc), 120)}"))
            continue
        doc = _Doc(label, n, data)
        m = _JSON_CONTROL.search(line) if "\\u00" in line else None
        if m:
            problems.append(Problem(label, n, doc.rid, "text", _control_message(chr(int(m.group(0)[-2:], 16)))))
            continue
        for k in repeated:
            problems.append(Problem(label, n, doc.rid, _printable(k), "key repeated; one value would be lost"))
        docs.append(doc)
    return docs


# ----------------------------------------------------------------------------- quotes


def normalise_quote(text: str) -> str:
    """NFC and collapsed whitespace: the only leniency allowed when matching quotes."""
    return normalise(text)


# ----------------------------------------------------------------------------- catalogue


@dataclass
class Catalogue:
    """Validated records, districts resolved to ISO codes, each with its file and line.

    ``fields``: the record fields that may hold a value other than their default (None, an empty
    list or mapping) in some record; every other field keeps its default in every record, so
    :func:`geo.attach.records_frame` need not read it. :func:`load` works it out from the input;
    a catalogue built by hand names every field unless told otherwise.
    """

    records: list[Record]
    origin: dict[str, tuple[str, int]]
    fields: tuple[str, ...] = field(default=FIELDS, compare=False, repr=False)

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
        return Catalogue(keep, {r.id: self.origin[r.id] for r in keep}, self.fields)


def yaml_files(paths: Sequence[str | Path]) -> list[Path]:
    """The catalogue files named by ``paths``: files as given, directories searched for
    *.yaml/*.yml/*.jsonl (symlinks included, to be checked); each file once."""
    return _catalogue_files(paths)[0]


def _catalogue_files(paths: Sequence[str | Path]) -> tuple[list[Path], list[Problem]]:
    out: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for p in map(Path, paths):
        if p.is_dir():
            root = p.resolve()
            found = sorted(q for q in p.rglob("*") if q.suffix in SUFFIXES and (q.is_file() or q.is_symlink()))
        else:
            root, found = None, [p]
        for q in found:
            if q.is_symlink():
                if not q.exists():
                    problems.append(Problem(str(q), 0, "-", "file", "broken symbolic link"))
                    continue
                if root is not None and not q.resolve().is_relative_to(root):
                    problems.append(Problem(str(q), 0, "-", "file", "symbolic link to a file outside the catalogue "
                                                                    f"folder ({_printable(str(q.resolve()), 120)})"))
                    continue
            key = q.resolve()
            if key not in seen:  # the same file named twice is read once
                seen.add(key)
                out.append(q)
    return out, problems


def _loc_name(loc: Sequence) -> str:
    return ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in loc).replace(".[", "[")


#: Each figure's keys: the figure, its qualifier and its range (min, max).
_KEYS_OF = {f: (f, f"{f}_qualifier", f"{f}_min", f"{f}_max") for f in FIGURE_FIELDS}
#: Every figure key (the figure, its qualifier and range) → its figure.
_FIGURE_KEYS = {k: f for f, keys in _KEYS_OF.items() for k in keys}
_ALL_FIGURE_KEYS = frozenset(_FIGURE_KEYS)
#: The keys ``derived`` may explain: figures and range ends.
_DERIVABLE = frozenset(k for k in _FIGURE_KEYS if not k.endswith("_qualifier"))
#: A record's four values of each figure (in the order of :data:`_KEYS_OF`), read in one call.
_VALUES_OF = {f: operator.attrgetter(*keys) for f, keys in _KEYS_OF.items()}
_NO_VALUES = (None, None, None, None)
_CASUALTY_ONLY_VALUES = operator.attrgetter(*CASUALTY_ONLY)
_NO_CASUALTY_ONLY = (None,) * len(CASUALTY_ONLY)


@lru_cache(maxsize=4096)
def _figures_of_keys(keys: frozenset[str]) -> tuple[str, ...]:
    """The figures the figure keys ``keys`` belong to, in the order of :data:`FIGURE_FIELDS`."""
    return tuple(f for f in FIGURE_FIELDS if not keys.isdisjoint(_KEYS_OF[f]))


_RANGE_OR_QUALIFIER = re.compile(r"^(?P<base>\w+?)_(?:qualifier|min|max)$")


def _pydantic_problems(doc: _Doc, exc: PydanticError) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = [p for p in err["loc"] if p not in ("function-after", "function-before")]
        field_name = _printable(_loc_name(loc) or "record")
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
            owner = {"sources": Source, "conflicts": Conflict}.get(loc[0]) if len(loc) > 2 else None
            allowed = [f.name for f in dataclasses.fields(owner)] if owner else list(FIELDS)
            m = _RANGE_OR_QUALIFIER.match(str(loc[-1])) if owner is None else None
            if m and m.group("base") not in FIGURE_FIELDS:
                msg = (f"qualifiers and ranges go with figures only; {m.group('base')!r} is not a figure "
                       f"(figures: {', '.join(FIGURE_FIELDS)})")
            else:
                msg = f"unknown field; allowed fields: {', '.join(allowed)}"
        elif err["type"] in ("missing", "missing_keyword_argument"):
            msg = "required field is missing"
        elif isinstance(err.get("input"), str) and _YAML11_NUMBER.match(err["input"]):
            msg = (f"{_printable(err['input'])!r} is not a plain number: write it with the digits 0-9 only "
                   "(YAML 1.1 forms such as 0x10, 1_000 or 1:30 are not read as numbers)")
        elif err["type"] in ("less_than_equal", "greater_than_equal") and "input" in err:
            msg = f"{msg} (got {_printable(err['input'])})"
        elif "input" in err and err["type"] not in ("value_error",):
            msg = f"{msg} (got {_printable(err['input'])!r})" if isinstance(err["input"], str) else \
                f"{msg} (got {_printable(err['input'])})"
        out.append(Problem(doc.file, doc.line_of(loc), doc.rid, field_name, _printable(msg, 400)))
    return out


def _unknown_district(gaz: Gazetteer, name: str) -> str:
    hint = gaz.suggest(name)
    return f"unknown district {_printable(name)!r}" + (f"; did you mean: {', '.join(hint)}?" if hint else "")


def _raw_district_problems(doc: _Doc, gaz: Gazetteer) -> list[Problem]:
    """District names of a record that failed model validation, checked all the same."""
    names = doc.data.get("districts") if isinstance(doc.data, dict) else None
    if not isinstance(names, list):
        return []
    out = []
    for i, name in enumerate(names[:100]):
        if isinstance(name, str) and name.strip() and gaz.lookup(name) is None:
            out.append(Problem(doc.file, doc.line_of(["districts", i]), doc.rid, f"districts[{i}]",
                               _unknown_district(gaz, name)))
    return out


def _looks_like_path(document: str) -> bool:
    return bool(re.search(r"[/\\]|\.(?:txt|html?|pdf|md|csv|ya?ml|json)$", document, re.IGNORECASE))


class _Checker:
    """Checks beyond one field: precisions, districts, kinds' figures and fields, casualty
    periods and areas, documents and quotes, figures standing in their quotes, conflicts."""

    def __init__(self, gaz: Gazetteer, store: DocumentStore, check_quotes: bool):
        self.gaz, self.store, self.check_quotes = gaz, store, check_quotes
        self.areas = ("country", *economic_regions())

    def __call__(self, doc: _Doc, rec: Record) -> tuple[list[Problem], list[str]]:
        probs: list[Problem] = []
        # the figure fields this record gives (a record has a few of the 64 figure keys)
        given = _ALL_FIGURE_KEYS.intersection(doc.data) if isinstance(doc.data, dict) else _ALL_FIGURE_KEYS
        figs = _figures_of_keys(given) if given else ()

        def add(loc, message):
            loc = list(loc)
            probs.append(Problem(doc.file, doc.line_of(loc), rec.id, _loc_name(loc), message))

        self._date(doc, rec, add)
        codes = self._places(rec, add)
        self._figures_of_kind(rec, add, figs)
        self._casualty_total(rec, add)
        if rec.confidence == "low" and not rec.confidence_reason:
            add(["confidence_reason"], "confidence: low needs a confidence_reason (why the sources do not support more)")
        for key in rec.derived:
            if key not in _DERIVABLE:  # a figure or a range end
                add(["derived", key], f"{_printable(key)!r} is not a figure; derived says how a figure was obtained "
                                      f"(figures: {', '.join(FIGURE_FIELDS)})")
            elif getattr(rec, key) is None:
                add(["derived", key], f"derived explains {key}, but the record gives no {key}")
        quotes = self._sources(rec, add)
        if self.check_quotes:
            self._figures_in_quotes(rec, quotes, add, figs)
        self._conflicts(rec, quotes, add)
        return probs, codes

    # -- the parts
    def _date(self, doc: _Doc, rec: Record, add) -> None:
        if isinstance(doc.data, dict) and doc.data.get("date_precision") is None:
            return  # the model inferred the precision from this same date (Record._defaults)
        raw = doc.data.get("date") if isinstance(doc.data, dict) else None
        if raw is None and rec.kind == "casualty_total":
            raw = doc.data.get("period_end")
        _, written = parse_partial_date(raw)
        if rec.date_precision != written:
            example = rec.date[: DATE_LENGTH[rec.date_precision]] if DATE_LENGTH[rec.date_precision] <= len(rec.date) else None
            add(["date_precision"], f"date {rec.date!r} is written to the {written} but date_precision says "
                                    f"{rec.date_precision!r}" + (f": write the date as {example!r}" if example else ""))

    def _places(self, rec: Record, add) -> list[str]:
        codes = []
        for i, name in enumerate(rec.districts):
            code = self.gaz.lookup(name)
            if code is None:
                add(["districts", i], _unknown_district(self.gaz, name))
            elif code not in codes:
                codes.append(code)
        n = len(rec.districts)
        if rec.geo_precision == "district" and n != 1:
            add(["geo_precision"], f"'district' needs exactly one district, the record has {n}")
        elif rec.geo_precision == "districts" and n < 2:
            add(["geo_precision"], f"'districts' needs two or more districts, the record has {n}")
        elif rec.geo_precision in ("region", "unknown") and n:
            add(["geo_precision"], f"{rec.geo_precision!r} is for records without districts, the record has {n}")
        return codes

    def _figures_of_kind(self, rec: Record, add, figs) -> None:
        allowed = FIGURES_OF_KIND[rec.kind]
        for f in figs:
            values = _VALUES_OF[f](rec)
            if values == _NO_VALUES:
                continue
            value, qual, lo, hi = values
            if f not in allowed:
                first = next(k for k, v in zip(_KEYS_OF[f], values) if v is not None)
                add([first], f"{'an' if rec.kind[0] in 'aeiou' else 'a'} {rec.kind} carries no {f}; "
                             f"its figures are: {', '.join(allowed)}")
                continue
            if qual is not None and value is None:
                add([f"{f}_qualifier"], f"a qualifier needs its figure: {f} is empty"
                                        + (" (a range has no qualifier)" if lo is not None else ""))
            if value is not None and (lo is not None or hi is not None):
                add([f"{f}_min" if lo is not None else f"{f}_max"],
                    f"give either {f} or the range {f}_min/{f}_max, not both")
            elif (lo is None) != (hi is None):
                add([f"{f}_min" if lo is None else f"{f}_max"], f"a range needs both {f}_min and {f}_max")
            elif lo is not None and lo > hi:
                add([f"{f}_min"], f"{f}_min {lo} is greater than {f}_max {hi}")

    def _casualty_total(self, rec: Record, add) -> None:
        if rec.kind != "casualty_total":
            values = _CASUALTY_ONLY_VALUES(rec)
            if values != _NO_CASUALTY_ONLY:
                for k, v in zip(CASUALTY_ONLY, values):
                    if v is not None:
                        add([k], f"{k} is for casualty totals (kind: casualty_total), not a {rec.kind}")
            return
        if rec.period_end is None:
            add(["period_end"], "a casualty total needs period_end: the 'as of' date of its figures")
        else:
            if rec.date != rec.period_end:
                add(["date"], f"a casualty total's date is its period_end ({rec.period_end}), not {rec.date}")
            if rec.period_start is not None and date_bounds(rec.period_start)[0] > date_bounds(rec.period_end)[1]:
                add(["period_start"], f"the period starts {rec.period_start}, after it ends ({rec.period_end})")
        if rec.area is None and not rec.districts:
            add(["area"], f"say which area the total covers: one of {', '.join(self.areas)}, or districts")
        elif rec.area is not None and rec.area not in self.areas and rec.area != "districts":
            add(["area"], f"unknown area {_printable(rec.area)!r}; allowed: {', '.join(self.areas)}, "
                          "or 'districts' with the districts listed")
        elif rec.area == "districts" and not rec.districts:
            add(["area"], "area 'districts' needs the districts listed")

    def _read(self, document: str, loc, add) -> SourceText | None:
        try:
            return self.store.read(document)
        except DocumentError as exc:
            add(loc, _printable(str(exc), 300))
            return None

    def _sources(self, rec: Record, add) -> dict[str, list[tuple[str, bool]]]:
        """Check documents and quotes; return the quotes that could be read, by document, as
        (text, is English) pairs."""
        quotes: dict[str, list[tuple[str, bool]]] = {}
        for i, s in enumerate(rec.sources):
            if s.kind == "reference":
                if not _URL.match(s.document) and _looks_like_path(s.document):
                    add(["sources", i, "document"], f"a reference is a URL or a named published document, "
                                                    f"not a local path: {_printable(s.document)}")
                continue
            if not self.check_quotes:
                quotes.setdefault(s.document, []).append((s.quote, True))
                continue
            text = self._read(s.document, ["sources", i, "document"], add)
            if text is None:
                continue
            if s.kind == "captured":
                if not text.meta:
                    add(["sources", i, "document"], f"{s.document} has no header (url, publisher, published, "
                                                    "retrieved, language, then ---)")
                elif s.url is None:
                    add(["sources", i, "url"], f"keep the page's address: url: {text.meta['url']}")
                elif s.url != text.meta["url"]:
                    add(["sources", i, "url"], f"{_printable(s.url)!r} is not the address in {s.document} "
                                               f"({text.meta['url']})")
                if text.meta:  # the header is the authority: fill what the record leaves out
                    s.publisher = s.publisher or text.meta.get("publisher") or None
                    s.published = s.published or (text.meta.get("published") or None)
            if normalise_quote(s.quote) not in text.normalised:
                add(["sources", i, "quote"], f"quote not found in {s.document}: {_printable(short_quote(s.quote, 70))!r}")
            english = text.language == ENGLISH
            if not english and not s.quote_en:
                add(["sources", i, "quote_en"], f"a quote in {text.language!r} needs quote_en: our translation")
            quotes.setdefault(s.document, []).append((s.quote, english))
        return quotes

    def _figures_in_quotes(self, rec: Record, quotes, add, figs) -> None:
        quotes = [q for qs in quotes.values() for q in qs]
        derived = rec.derived
        for f in figs:
            if f in derived:
                continue
            value, _, lo, hi = _VALUES_OF[f](rec)
            _, _, lo_key, hi_key = _KEYS_OF[f]
            for key, v in ((f, value), (lo_key, lo), (hi_key, hi)):
                if v is None or key in derived:
                    continue
                if not figures.states(quotes, v):
                    add([key], f"{v} is not stated in any quote of the record: quote the passage that gives it, "
                               f"or say how it was obtained under derived: {{{key}: ...}}")

    def _conflicts(self, rec: Record, quotes, add) -> None:
        if not rec.conflicts:
            return
        docs = {s.document for s in rec.sources}
        for i, c in enumerate(rec.conflicts):
            own = None
            if c.quote:
                text = self._read(c.source, ["conflicts", i, "source"], add) if self.check_quotes else None
                if text is not None:
                    if normalise_quote(c.quote) not in text.normalised:
                        add(["conflicts", i, "quote"], f"quote not found in {c.source}: "
                                                       f"{_printable(short_quote(c.quote, 70))!r}")
                    elif text.language != ENGLISH and not c.quote_en:
                        add(["conflicts", i, "quote_en"], f"a quote in {text.language!r} needs quote_en: our translation")
                    own = [(c.quote, text.language == ENGLISH)]
                elif not self.check_quotes:
                    own = [(c.quote, True)]
            elif c.source in docs:
                own = quotes.get(c.source, [])
            else:
                add(["conflicts", i, "source"], f"{_printable(c.source)!r} is not one of the record's sources: "
                                                "give the conflict its own quote")
            if c.field in FIGURE_FIELDS:
                if isinstance(c.value, bool) or not isinstance(c.value, (int, float)):
                    add(["conflicts", i, "value"], f"{c.field} is a figure: the value must be a number")
                elif self.check_quotes and own is not None and not c.derived and not figures.states(own, c.value):
                    add(["conflicts", i, "value"], f"{c.value} is not stated in the conflict's quote "
                                                   "(say how it is read under the conflict's derived)")
            else:
                if c.qualifier is not None:
                    add(["conflicts", i, "qualifier"], f"a qualifier goes with a figure; {c.field} is not one")
                if c.field == "date":
                    try:
                        parse_partial_date(c.value)
                    except ValueError as exc:
                        add(["conflicts", i, "value"], str(exc))
                elif c.field in ("districts", "mine_types", "mediators"):
                    if not isinstance(c.value, list):
                        add(["conflicts", i, "value"], f"{c.field} conflicts give a list")
                    elif c.field == "districts":
                        for name in c.value:
                            if self.gaz.lookup(name) is None:
                                add(["conflicts", i, "value"], _unknown_district(self.gaz, name))


#: Fields a record may hold without its input giving them: required ones, and those the model or
#: the loader fill in (a casualty total's date, the precisions, districts as ISO codes).
_FILLED_FIELDS = frozenset(("id", "kind", "date", "date_precision", "districts", "geo_precision", "sources"))


def _check(paths: Sequence[str | Path] | None, gazetteer: Gazetteer | None, roots: Iterable[Path],
           check_quotes: bool) -> tuple[list[Record], dict[str, tuple[str, int]], list[Problem], tuple[str, ...]]:
    with gc_paused():  # the collector doubled the time for 10^5 records
        # unpacked here, the records list is held by this frame when the collector runs on leaving
        # the block: it then finds the records reachable in one pass, not (when only the young
        # result tuple holds the list) first unreachable and then reachable again, at twice the cost
        records, origin, problems, fields = _check_all(paths, gazetteer, roots, check_quotes)
    return records, origin, problems, fields


def _check_all(paths: Sequence[str | Path] | None, gazetteer: Gazetteer | None, roots: Iterable[Path],
               check_quotes: bool) -> tuple[list[Record], dict[str, tuple[str, int]], list[Problem], tuple[str, ...]]:
    """Records, their origins, every problem, and the fields the records may set (see
    :attr:`Catalogue.fields`)."""
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths) if paths else [default_path()]
    gaz = gazetteer or default_gazetteer()
    store = DocumentStore([*roots, *DocumentStore.for_catalogue(paths).bases])
    checker = _Checker(gaz, store, check_quotes)
    problems: list[Problem] = []
    for p in paths:
        if not Path(p).exists():
            problems.append(Problem(str(p), 0, "-", "path", "no such file or directory"))
    files, link_problems = _catalogue_files([p for p in paths if Path(p).exists()])
    problems.extend(link_problems)
    if not files and not problems:
        problems.append(Problem(", ".join(map(str, paths)), 0, "-", "path", f"no catalogue files ({'/'.join(SUFFIXES)}) found"))
    records: list[Record] = []
    origin: dict[str, tuple[str, int]] = {}
    keys_read = set(_FILLED_FIELDS)  # with the keys of every record read: the fields records may set
    for path in files:
        label = str(path)
        for doc in _read(path, label, problems):
            if not isinstance(doc.data, dict):
                problems.append(Problem(label, doc.line, "?", "record", f"expected a mapping of fields, got {type(doc.data).__name__}"))
                continue
            if doc.node is not None:  # YAML (JSON Lines are checked line by line when read)
                control = _control_problems(doc)
                if control:
                    problems.extend(control)
                    continue
            try:
                rec = Record.model_validate(doc.data)
            except PydanticError as exc:
                problems.extend(_pydantic_problems(doc, exc))
                problems.extend(_raw_district_problems(doc, gaz))  # still report every problem at once
                continue
            rule_problems, codes = checker(doc, rec)
            problems.extend(rule_problems)
            if rec.id in origin:
                f, ln = origin[rec.id]
                problems.append(Problem(label, doc.line_of(["id"]), rec.id, "id", f"duplicate id (first defined at {f}:{ln})"))
                continue
            origin[rec.id] = (label, doc.line)
            if not rule_problems and codes != rec.districts:
                rec.districts = codes
            keys_read.update(doc.data)
            records.append(rec)
    ids = set(origin)
    for rec in records:
        for i, target in enumerate(rec.about):
            if target not in ids:
                hint = difflib.get_close_matches(target, list(ids), n=2)
                f, ln = origin[rec.id]
                problems.append(Problem(f, ln, rec.id, f"about[{i}]", f"{_printable(target)!r} is not a record id in the catalogue"
                                        + (f"; did you mean: {', '.join(hint)}?" if hint else "")))
    records.sort(key=operator.attrgetter("id"))  # by date, then id: two stable sorts on one key
    records.sort(key=operator.attrgetter("date"))  # each beat one sort on (date, id) tuples
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems = sorted(problems)[:MAX_PROBLEMS]
        problems.append(Problem(problems[-1].file, problems[-1].line, "-", "-",
                                f"... and {more} more problem(s) not listed (the first {MAX_PROBLEMS} are)"))
    return records, origin, problems, tuple(f for f in FIELDS if f in keys_read)


def validate(paths: str | Path | Sequence[str | Path] | None = None, *, gazetteer: Gazetteer | None = None,
             roots: Iterable[Path] = (), check_quotes: bool = True) -> list[Problem]:
    """Every problem in the catalogue files or directories ``paths`` (empty list when clean)."""
    return sorted(_check(paths, gazetteer, roots, check_quotes)[2])


def load(paths: str | Path | Sequence[str | Path] | None = None, *, gazetteer: Gazetteer | None = None,
         roots: Iterable[Path] = (), check_quotes: bool = True) -> Catalogue:
    """Load and validate; raises :class:`~geo.errors.ValidationError` listing every problem."""
    records, origin, problems, fields = _check(paths, gazetteer, roots, check_quotes)
    if problems:
        raise ValidationError(problems)
    return Catalogue(records, origin, fields)
