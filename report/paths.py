"""Where the project's assets live: one place resolves every path the tool reads."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
CHARTS = ROOT / "charts"
INPUTS = ROOT / "inputs"
CATALOGUE = INPUTS / "catalogue"
OUT = ROOT / "out"
# Ghostscript's generic CMYK profile (Debian package libgs-common): the print edition's
# labelled output intent when edition.toml names no print shop profile.
GHOSTSCRIPT_CMYK = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")
DATABASE = ROOT / "database" / "cnclt.sqlite3"  # outside out/: cleaning outputs keeps it


def default_database() -> Path:
    """The commission's database file: $CNCLT_DATABASE when set, else database/cnclt.sqlite3."""
    return Path(os.environ.get("CNCLT_DATABASE") or DATABASE)


def year_dirs(inputs: Path) -> list[int]:
    """Years that have a folder of workbooks under ``inputs``, oldest first."""
    return sorted(int(p.name) for p in inputs.iterdir() if p.is_dir() and p.name.isdigit())
