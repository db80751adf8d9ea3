"""Rendering: the map (folium elements with their templates), the dashboard, the source viewer,
record cards and charts. Templates live beside the code in ``templates/``."""
