"""Where the shipped data and front-end assets live.

In a source checkout (editable install) they are the repository's ``data/`` and
``node_modules/``; in a wheel they are copied into ``geo/_data`` and ``geo/_static``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["data_dir", "repo_root", "static_dir"]


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
