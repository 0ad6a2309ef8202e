"""Figures, charts and edition settings -> the report: template context, HTML, PDF
(WeasyPrint), the editions' finishing and the print preflight.
"""
