"""minemaps: a source-traced catalogue of the minefield maps handed over after the 2020 Karabakh war.

Public API (modules load lazily, so ``import geo`` stays fast)::

    from geo import catalogue, boundaries, attach, maps, tables
    cat = catalogue.load()                      # validated records (ValidationError lists all problems)
    att = attach.attach(cat, boundaries.load()) # claims, per-district roll-up, region-level records
    maps.build_map(cat, att)                    # folium map, offline (renders inline in Jupyter)

    from geo import extract
    extract.extract_file("article.txt", published="2024-01-26").records   # draft records, with quotes
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "attach",
    "boundaries",
    "build",
    "catalogue",
    "dashboard",
    "errors",
    "export",
    "extract",
    "gazetteer",
    "maps",
    "model",
    "synthetic",
    "tables",
]


def __getattr__(name: str):
    if name in __all__ and name != "__version__":
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
