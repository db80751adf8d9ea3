"""minemaps: a source-traced catalogue of the minefield maps handed over after the 2020 Karabakh war.

Public API (modules load lazily, so ``import geo`` stays fast)::

    from geo import selection, maps, tables
    loaded = selection.load(selection.Selection(until="2021"))   # validate, filter, attach: the one pipeline
    loaded.catalogue, loaded.attached                             # records; claims, per-district roll-up, totals
    maps.build_map(loaded.catalogue, loaded.attached)             # the offline map page (inline in Jupyter)

    from geo import catalogue, boundaries, attach                 # the steps one by one
    cat = catalogue.load()                      # validated records (ValidationError lists all problems)
    att = attach.attach(cat, boundaries.load()) # flat frames: Arrow lists, sources as JSON, MultiPolygons

    from geo import extract
    extract.extract_file("article.txt", published="2024-01-26").records   # draft records, with quotes
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "atomic",
    "attach",
    "boundaries",
    "build",
    "catalogue",
    "choices",
    "dashboard",
    "errors",
    "export",
    "extract",
    "figures",
    "gazetteer",
    "maps",
    "model",
    "render",
    "selection",
    "sources",
    "synthetic",
    "tables",
]


def __getattr__(name: str):
    if name in __all__ and name != "__version__":
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
