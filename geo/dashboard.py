"""The dashboard page (the API; the template and its pieces are in :mod:`geo.render.dashboard`)."""

from .render.dashboard import dashboard_html, known_lines

__all__ = ["dashboard_html", "known_lines"]
