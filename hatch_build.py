"""Hatch build hook: put Leaflet's dist files and licence (installed by `npm ci`, never committed)
into the wheel as ``geo/_static/leaflet/``, so an installed minemaps works offline without npm."""

from __future__ import annotations

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

FILES = ("dist/leaflet.js", "dist/leaflet.css", "LICENSE")


class LeafletHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install reads node_modules/ directly
        leaflet = Path(self.root) / "node_modules" / "leaflet"
        missing = [f for f in FILES if not (leaflet / f).is_file()]
        if missing:
            raise RuntimeError(f"Leaflet is not installed ({', '.join(missing)} missing in {leaflet}): "
                               "run `npm ci` in the project folder before building the wheel")
        files = [leaflet / f for f in FILES] + sorted((leaflet / "dist" / "images").glob("*.png"))
        for path in files:
            build_data["force_include"][str(path)] = f"geo/_static/leaflet/{path.relative_to(leaflet).as_posix()}"
