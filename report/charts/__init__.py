"""Figures + chart specifications (charts/*.toml) -> SVG charts, drawn by matplotlib.
"""
