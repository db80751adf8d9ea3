"""Source texts: the seed articles (``seeds/``) and the pages captured from the public record
(``sources/``), where every quote of the catalogue must be found verbatim.

A captured source is a UTF-8 text file: a header of ``key: value`` lines (:data:`HEADER`:
the page's address, publisher, publication date as precise as the page gives, the day it was
retrieved, the language; optionally ``title`` and ``note``), a line ``---``, then short verbatim
passages of the page. ``sources/index.csv`` lists every file with its sha256 and header.

Documents resolve only inside a ``seeds/`` or ``sources/`` folder (:class:`DocumentStore`):
absolute paths, ``..`` escapes and symlinks out of those folders are refused, and a document
larger than :data:`MAX_DOCUMENT_BYTES` is not read.
"""

from __future__ import annotations

import csv
import functools
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ._resources import data_dir, file_sha256, repo_root
from ._textfile import read_text
from .errors import DocumentError, UnreadableText

__all__ = [
    "FOLDERS", "HEADER", "INDEX_COLUMNS", "MAX_DOCUMENT_BYTES", "DocumentStore", "SourceText",
    "check_index", "index_rows", "normalise", "parse_source", "project_document", "short_quote", "write_index",
]

FOLDERS = ("seeds", "sources")
HEADER = ("url", "publisher", "published", "retrieved", "language")
OPTIONAL = ("title", "note")
INDEX_COLUMNS = ("file", *HEADER, "title", "sha256")
MAX_DOCUMENT_BYTES = 2 * 1024 * 1024
#: Languages whose quotes are checked for digits only (no number words).
ENGLISH = "en"


def normalise(text: str) -> str:
    """NFC and collapsed whitespace: the only leniency allowed when matching quotes."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def short_quote(text: str, limit: int = 90) -> str:
    """A quote normalised as above and cut to ``limit`` characters ("..." marks the cut), for messages."""
    q = normalise(text)
    return q if len(q) <= limit else q[: limit - 3] + "..."


def project_document(path: Path) -> str | None:
    """``seeds/NAME`` or ``sources/NAME`` for a file inside such a folder (how records name it),
    else None."""
    path = Path(path).resolve()
    for parent in path.parents:
        if parent.name in FOLDERS:
            return f"{parent.name}/{path.relative_to(parent).as_posix()}"
    return None


@dataclass(frozen=True)
class SourceText:
    """A source document: its header (empty for a plain seed text) and body."""

    path: Path
    meta: dict[str, str] = field(default_factory=dict)
    body: str = ""

    @property
    def language(self) -> str:
        return self.meta.get("language") or ENGLISH

    @functools.cached_property
    def normalised(self) -> str:
        """The body as quotes are matched against it (computed once: every quote of every record
        citing the document is looked up in it)."""
        return normalise(self.body)


def _looks_like_header(text: str) -> bool:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return first.startswith("url:") and "\n---\n" in text


def parse_source(text: str, *, name: str = "source") -> tuple[dict[str, str], str]:
    """(header, body) of a captured source's text; :class:`~geo.errors.DocumentError` naming the
    line when the header is malformed. A text without a header (a seed) is all body."""
    if not _looks_like_header(text):
        return {}, text
    head, _, body = text.partition("\n---\n")
    meta: dict[str, str] = {}
    for n, line in enumerate(head.split("\n"), start=1):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or key not in HEADER + OPTIONAL:
            raise DocumentError(f"{name}:{n}: header line {line[:60]!r} is not one of "
                             f"{', '.join(HEADER + OPTIONAL)} followed by ':'")
        if key in meta:
            raise DocumentError(f"{name}:{n}: header field {key!r} repeated")
        meta[key] = value.strip()
    missing = [k for k in HEADER if k not in meta]
    if missing:
        raise DocumentError(f"{name}:1: header lacks {', '.join(missing)}")
    return meta, body


class DocumentStore:
    """Source documents found inside the ``seeds/`` and ``sources/`` folders of ``bases``
    (tried in order), each read once."""

    def __init__(self, bases):
        seen, self.bases = set(), []
        for b in bases:
            b = Path(b).resolve()
            if b not in seen:
                seen.add(b)
                self.bases.append(b)
        self._cache: dict[Path, SourceText | DocumentError] = {}
        self._paths: dict[str, Path | DocumentError] = {}

    @classmethod
    def for_catalogue(cls, paths) -> DocumentStore:
        """The store a catalogue at ``paths`` uses: the ``seeds/``/``sources/`` folders beside its
        ``data/`` folder, beside the catalogue folder, or inside it; then the project's own."""
        bases = []
        for p in paths or []:
            p = Path(p)
            d = p if p.is_dir() else p.parent
            d = d.resolve()
            bases += [d.parent.parent] if d.parent.name == "data" else []
            bases += [d.parent, d]
        return cls([*bases, repo_root(), data_dir()])

    def resolve(self, document: str) -> Path:
        """The file ``document`` names; :class:`DocumentError` says why when it cannot be used
        (each name is resolved once)."""
        hit = self._paths.get(document)
        if hit is None:
            try:
                hit = self._resolve(document)
            except DocumentError as exc:
                hit = exc
            self._paths[document] = hit
        if isinstance(hit, DocumentError):
            raise hit
        return hit

    def _resolve(self, document: str) -> Path:
        pure = PurePosixPath(document.replace("\\", "/"))
        if pure.is_absolute() or document.startswith("~"):
            raise DocumentError(f"source documents are given relative to the project, as seeds/NAME or "
                                f"sources/NAME, not as an absolute path: {document}")
        if ".." in pure.parts:
            raise DocumentError(f"'..' is not allowed in a source document's name: {document}")
        if len(pure.parts) < 2 or pure.parts[0] not in FOLDERS:
            raise DocumentError(f"source documents must lie in seeds/ or sources/ (capture the page into "
                                f"sources/ first): {document}")
        for base in self.bases:
            folder = self._folder(base, pure.parts[0])
            candidate = base.joinpath(*pure.parts)
            if not candidate.exists() and not candidate.is_symlink():
                continue
            real = candidate.resolve()
            if not real.is_relative_to(folder):
                raise DocumentError(f"source document leads outside {pure.parts[0]}/ (a symlink): {document}")
            if not real.is_file():
                raise DocumentError(f"source document is not a file: {document}")
            return real
        raise DocumentError(f"source document not found: {document}")

    @functools.lru_cache(maxsize=64)  # noqa: B019 - a few folders per store, for the store's life
    def _folder(self, base: Path, name: str) -> Path:
        return (base / name).resolve()

    def read(self, document: str) -> SourceText:
        """The document's header and body (cached); :class:`DocumentError` when it cannot be read."""
        path = self.resolve(document)
        hit = self._cache.get(path)
        if hit is None:
            try:
                text = read_text(path, max_bytes=MAX_DOCUMENT_BYTES, expected="a UTF-8 source text")
                meta, body = parse_source(text, name=document)
                hit = SourceText(path, meta, body)
            except UnreadableText as exc:
                hit = DocumentError(f"source document {document}: {exc.reason}")
            except DocumentError as exc:  # a malformed header
                hit = exc
            self._cache[path] = hit
        if isinstance(hit, DocumentError):
            raise hit
        return hit


# ----------------------------------------------------------------------------- the index


def index_rows(folder: Path) -> list[dict[str, str]]:
    """One row per captured file of ``folder`` (``*.txt``), as ``index.csv`` lists them."""
    rows = []
    for path in sorted(Path(folder).glob("*.txt")):
        meta, _ = parse_source(path.read_text(encoding="utf-8"), name=path.name)
        rows.append({"file": path.name, **{k: meta.get(k, "") for k in HEADER}, "title": meta.get("title", ""),
                     "sha256": file_sha256(path)})
    return rows


def write_index(folder: Path) -> Path:
    """(Re)write ``folder/index.csv`` from the files."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=INDEX_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(index_rows(folder))
    target = Path(folder) / "index.csv"
    target.write_text(buf.getvalue(), encoding="utf-8")
    return target


def check_index(folder: Path) -> list[str]:
    """Differences between ``folder/index.csv`` and the files (empty when they agree)."""
    folder = Path(folder)
    try:
        with open(folder / "index.csv", newline="", encoding="utf-8") as fh:
            listed = {r["file"]: r for r in csv.DictReader(fh)}
    except OSError as exc:
        return [f"{folder / 'index.csv'}: {exc.strerror}"]
    problems = []
    actual = {r["file"]: r for r in index_rows(folder)}
    for name in sorted(set(listed) | set(actual)):
        if name not in actual:
            problems.append(f"{name}: listed in index.csv but not in {folder}")
        elif name not in listed:
            problems.append(f"{name}: not listed in index.csv")
        else:
            for col in INDEX_COLUMNS:
                if (listed[name].get(col) or "") != actual[name][col]:
                    problems.append(f"{name}: index.csv {col} {listed[name].get(col)!r} != {actual[name][col]!r}")
    return problems


if __name__ == "__main__":  # python -m geo.sources [FOLDER]: rewrite the index of captured sources
    import sys

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else repo_root() / "sources"
    print(write_index(target))
    sys.exit(1 if check_index(target) else 0)
