"""Where the shipped data and front-end assets live.

In a source checkout (editable install) they are the repository's ``data/`` and
``node_modules/``; in a wheel they are copied into ``geo/_data`` and ``geo/_static``.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

__all__ = ["data_dir", "file_sha256", "repo_root", "static_dir"]


def file_sha256(path: Path) -> str:
    """The hex sha256 of a file's bytes."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


def _first_existing(*candidates: Path) -> Path:
    for c in candidates:
        if c.exists():
            return c
    return candidates[-1]


def data_dir() -> Path:
    """The directory holding ``boundaries/``, ``gazetteer.csv`` and ``catalogue/``."""
    packaged = Path(str(resources.files("geo"))) / "_data"
    return _first_existing(packaged, repo_root() / "data")


def static_dir() -> Path:
    """The directory holding front-end packages (``leaflet/dist/...``)."""
    packaged = Path(str(resources.files("geo"))) / "_static"
    return _first_existing(packaged, repo_root() / "node_modules")
