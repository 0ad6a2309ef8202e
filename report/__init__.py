"""CNCLT annual report generator: member workbooks -> Arabic annual report PDF."""

__version__ = "0.1.0"
