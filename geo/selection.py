"""One selection of the catalogue, and the one pipeline every command runs over it.

A :class:`Selection` names the catalogue and the boundary layer (each defaulting to the copy
shipped with minemaps) and the filters (district, kind, since, until). :func:`load` validates,
filters and attaches, and computes the data version from what it loaded, filters included:
``minemaps records``, ``summary``, ``map``, ``build``, ``export`` and ``publish`` all start here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from pathlib import Path

from . import __version__
from ._resources import file_sha256
from .errors import UsageError
from .model import KINDS, parse_partial_date

__all__ = ["Loaded", "Selection", "load"]


@dataclass(frozen=True)
class Selection:
    """What to load and which records to keep (all filters optional, dates inclusive; a record
    dated to a month or a year is kept when its span overlaps the range)."""

    catalogue: Path | None = None
    boundaries: Path | None = None
    district: str | None = None
    kind: str | None = None
    since: str | None = None
    until: str | None = None

    def __post_init__(self):
        for name in ("catalogue", "boundaries"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, Path):
                object.__setattr__(self, name, Path(value))
        if self.kind is not None and self.kind not in KINDS:
            raise UsageError(f"kind must be one of {', '.join(KINDS)}, got {self.kind!r}")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                try:
                    object.__setattr__(self, name, parse_partial_date(value)[0])
                except ValueError as exc:
                    raise UsageError(f"{name}: {exc}") from None

    @property
    def filters(self) -> dict[str, str]:
        """The filters given, by name (empty when the whole catalogue is selected)."""
        return {f: getattr(self, f) for f in ("district", "kind", "since", "until") if getattr(self, f) is not None}

    def describe(self) -> str:
        """'district=Agdam, until=2021' or 'all records'."""
        return ", ".join(f"{k}={v}" for k, v in self.filters.items()) or "all records"

    def to_dict(self) -> dict:
        return {f.name: (str(v) if isinstance(v := getattr(self, f.name), Path) else v) for f in fields(self)}


@dataclass
class Loaded:
    """A selection validated, filtered and attached to the district layer."""

    selection: Selection
    catalogue: object            # geo.catalogue.Catalogue (the selected records)
    attached: object             # geo.attach.Attached
    boundary_meta: dict = field(default_factory=dict)
    data_version: str = ""

    @property
    def boundary_source(self) -> str:
        """How maps and pages credit the boundary layer."""
        src = self.boundary_meta.get("source", {})
        return src.get("credit") or src.get("name") or "user-supplied boundary layer"


def _boundary_meta(path: Path | None, districts) -> dict:
    from . import boundaries

    default = boundaries.default_path()
    if path is None or Path(path).resolve() == default.resolve():
        meta = boundaries.metadata()
        meta["source"] = {**meta.get("source", {}), "credit": "Natural Earth admin-1 (public domain), corrected"}
        return meta
    return {
        "source": {"name": f"user-supplied layer {Path(path).name}", "credit": f"{Path(path).name} (user-supplied)"},
        "feature_count": int(len(districts)),
        "licence": "as given by the layer's own source",
        "point_of_view": "The point of view of the user-supplied boundary layer.",
        "sha256": _file_sha256(Path(path)),
    }


def _file_sha256(path: Path) -> str:
    try:
        return file_sha256(path)
    except OSError:
        return ""


def data_version(files, boundary_meta: dict, selection: Selection) -> str:
    """``<minemaps version>+<10 hex>``: a hash of the catalogue files read, the boundary layer and
    the filters, so two outputs with the same version hold the same records."""
    h = hashlib.sha256()
    for p in files:
        h.update(Path(p).name.encode())
        h.update(bytes.fromhex(file_sha256(p)))
    h.update(str(boundary_meta.get("sha256", "")).encode())
    h.update(repr(sorted(selection.filters.items())).encode())
    return f"{__version__}+{h.hexdigest()[:10]}"


def load(selection: Selection | None = None) -> Loaded:
    """Validate the catalogue, keep the selected records, attach them to the districts."""
    from . import attach, boundaries, catalogue

    selection = selection or Selection()
    cat = catalogue.load(selection.catalogue)
    if selection.filters:
        cat = cat.filter(**selection.filters)
    districts = boundaries.load(selection.boundaries)
    meta = _boundary_meta(selection.boundaries, districts)
    files = catalogue.yaml_files([selection.catalogue or catalogue.default_path()])
    version = data_version(files, meta, selection)
    return Loaded(selection, cat, attach.attach(cat, districts), meta, version)
