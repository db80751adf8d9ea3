"""One hierarchy of errors for minemaps (pyogrio style).

Every error a user can cause by bad input derives from :class:`MinemapsError`;
the CLI turns those into a message and exit code 1, never a traceback.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

__all__ = [
    "MinemapsError",
    "DataError",
    "Problem",
    "ValidationError",
    "UnknownPlaceError",
    "BoundaryError",
    "AssetError",
    "BuildError",
    "DocumentError",
    "OutputError",
    "PublishError",
    "UnreadableText",
    "UsageError",
]


class MinemapsError(Exception):
    """Base class of every error minemaps raises on purpose."""


class DataError(MinemapsError):
    """Input data cannot be used."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in a catalogue file: where it is and what is wrong."""

    file: str
    line: int
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.record}: {self.field}: {self.message}"

    def to_dict(self) -> dict:
        return asdict(self)


class ValidationError(DataError):
    """The catalogue has problems; ``problems`` lists all of them at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the catalogue:\n{lines}")


class UnknownPlaceError(DataError, LookupError):
    """A place name the gazetteer cannot resolve."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown place {name!r}{hint}")


class UnreadableText(DataError):
    """A file that cannot be read as UTF-8 text; ``reason`` and ``line`` say why and where."""

    def __init__(self, reason: str, line: int = 1):
        super().__init__(reason)
        self.reason, self.line = reason, line


class DocumentError(DataError, ValueError):
    """A source document that cannot be used: outside ``seeds/``/``sources/``, missing, unreadable."""


class UsageError(MinemapsError, ValueError):
    """An option or argument with a value that cannot be used (the CLI exits 2)."""


class BoundaryError(DataError):
    """A boundary file is missing, unreadable, or not a polygon layer with ISO codes."""


class AssetError(MinemapsError):
    """A front-end asset (Leaflet) is not installed; run `npm ci`."""


class BuildError(MinemapsError):
    """A build step failed; the previous output is left untouched."""


class OutputError(MinemapsError):
    """An output path that cannot or must not be written (a folder minemaps did not make, a file
    where a folder is needed, an unwritable parent); nothing was changed."""


class PublishError(MinemapsError):
    """Publishing to a database failed (unreachable, refused, no PostGIS); the previous publication
    is left as it was. Messages never include a password."""
