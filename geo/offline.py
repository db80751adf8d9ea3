"""Inline front-end assets so that generated HTML works from a single file with no network.

Leaflet comes from npm (``package.json`` + lockfile, installed by ``npm ci``); its CSS image
references are turned into data URIs so the layer control icon loads offline too.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path

from ._resources import static_dir
from .errors import AssetError

__all__ = ["leaflet_css", "leaflet_js", "licence_notice"]


def _dist() -> Path:
    dist = static_dir() / "leaflet" / "dist"
    if not (dist / "leaflet.js").is_file():
        raise AssetError(
            f"Leaflet is not installed ({dist / 'leaflet.js'} missing): run `npm ci` in the project "
            "directory (or `make install`)"
        )
    return dist


@lru_cache(maxsize=1)
def leaflet_js() -> str:
    return (_dist() / "leaflet.js").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def leaflet_css() -> str:
    dist = _dist()
    css = (dist / "leaflet.css").read_text(encoding="utf-8")

    def data_uri(m: re.Match) -> str:
        path = dist / m.group(1)
        if not path.is_file():
            return m.group(0)
        b64 = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{b64})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", data_uri, css)


@lru_cache(maxsize=1)
def licence_notice() -> str:
    """Leaflet's licence text, shipped inside the generated HTML as a comment."""
    lic = static_dir() / "leaflet" / "LICENSE"
    text = lic.read_text(encoding="utf-8") if lic.is_file() else "BSD-2-Clause"
    return text.replace("--", "- -")
