"""Templates beside the code, and the one rule for putting rendered output into a page.

HTML templates (``*.html.j2``) are autoescaped; script templates put data in with ``tojson``.
branca's :class:`~branca.element.MacroElement` compiles what a template renders as a template
again: ``{{ ... }}`` in a source text would then run at build time. :class:`RawMacro` renders
each macro once and adds the result as data (:func:`raw_element`), never compiled.
"""

from __future__ import annotations

from functools import lru_cache

from branca.element import Element, Figure, MacroElement
from jinja2 import Environment, PackageLoader, select_autoescape

__all__ = ["RawMacro", "env", "raw_element", "template"]


def _bytecode_cache():
    """Compiled templates kept in the user's cache folder (Jinja checks each against its source):
    a build then skips compiling them. None when there is no writable cache folder."""
    import os
    from pathlib import Path

    from jinja2 import FileSystemBytecodeCache

    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "minemaps" / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return FileSystemBytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None
    except OSError:
        return None


@lru_cache(maxsize=1)
def env() -> Environment:
    e = Environment(loader=PackageLoader("geo.render", "templates"),
                    autoescape=select_autoescape(enabled_extensions=("html.j2", "html")),
                    trim_blocks=False, lstrip_blocks=False, bytecode_cache=_bytecode_cache())
    e.globals["zip"] = zip
    return e


def template(name: str):
    return env().get_template(name)


def raw_element(markup: str) -> Element:
    """A branca Element that outputs ``markup`` as it is (never compiled as a template)."""
    el = Element("{{ this.markup }}")
    el.markup = str(markup)
    return el


class RawMacro(MacroElement):
    """A folium/branca element whose ``_template`` macros (header, html, script) render once."""

    template_name: str = ""

    def __init__(self):
        super().__init__()
        self._template = template(self.template_name)

    def render(self, **kwargs):
        figure = self.get_root()
        assert isinstance(figure, Figure), "render this element inside a Figure"
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = macros.get(part)
            if macro is not None:
                getattr(figure, part).add_child(raw_element(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)
