"""openpyxl Workbook -> xlsx bytes that depend on the content only, and atomic saving.

openpyxl stamps every zip entry and the document properties with the current time; here
they carry a date the caller chooses (the edition's date, the first day of the report
year), so the same content always gives the same bytes. The one place the tool writes
deterministic zips: member workbooks (init, the sample), the data annex.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from report.atomic import atomic_write_bytes

if TYPE_CHECKING:
    from openpyxl import Workbook

CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def fixed_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """Rewrite a zip (xlsx) with every entry dated ``stamp`` and docProps dates = ``stamp``."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info)
            if info.filename == "docProps/core.xml":
                body = CORE_DATES.sub(lambda m: m.group(1) + iso + m.group(3), body)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            zout.writestr(entry, body)
    return out.getvalue()


def workbook_bytes(wb: Workbook, stamp: dt.datetime | None = None) -> bytes:
    """The workbook as xlsx bytes; with ``stamp``, byte-reproducible (see fixed_zip)."""
    buf = io.BytesIO()
    wb.save(buf)
    return fixed_zip(buf.getvalue(), stamp) if stamp is not None else buf.getvalue()


def save_workbook(wb: Workbook, path: Path, stamp: dt.datetime | None = None) -> None:
    """Write atomically (a temp file, then rename); reproducible when ``stamp`` is given."""
    atomic_write_bytes(path, workbook_bytes(wb, stamp))
