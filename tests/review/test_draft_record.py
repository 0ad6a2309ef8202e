"""draft_record: a draft's record written beside it and read back the same, whatever the
file names; the drafts of a year found by their three files."""

from __future__ import annotations

from pathlib import Path

import pytest

from report.findings import Finding
from report.label import Label
from report.review.record import (
    RecordError,
    drafts,
    load_record,
    previous_draft,
    record_path,
    write_record,
)
from tests.review.test_changes import _act, _fig, _record


def test_written_and_read_back(tmp_path: Path) -> None:
    odd = "PMP-2025\udcff.xlsx"  # a byte of the name that was not UTF-8
    finding = Finding("yoy-change", "warning", "PMP", odd, "البيانات", "C7", "172",
                      Label("تغير", "Var"))
    rec = _record(1, (_fig("CASES.total", 172, PMP=172, DGSN=None),),
                  (_act("PMP", "A3", "دورية"),))
    rec = type(rec)(**{**rec.__dict__, "findings": (finding,)})
    path = write_record(tmp_path, rec)
    assert path == record_path(tmp_path, 2025, 1)
    text = path.read_bytes().decode("utf-8")  # valid UTF-8, Arabic readable
    assert "القضايا" in text and "\\udcff" in text
    back = load_record(path)
    assert back == rec
    assert back.figure("CASES.total").of("DGSN").value is None
    assert back.member_activities("PMP")[0].title == "دورية"


def test_drafts_need_record_html_and_pdf(tmp_path: Path) -> None:
    for n in (1, 2, 4):
        write_record(tmp_path, _record(n, (), ()))
        for suffix in (".html", ".pdf"):
            if not (n == 4 and suffix == ".pdf"):
                record_path(tmp_path, 2025, n).with_suffix(suffix).write_text("x")
    assert drafts(tmp_path, 2025) == [1, 2]
    assert previous_draft(tmp_path, 2025, 4) == 2 and previous_draft(tmp_path, 2025, 1) is None
    assert drafts(tmp_path / "none", 2025) == []


def test_a_damaged_record_is_an_error_naming_it(tmp_path: Path) -> None:
    path = record_path(tmp_path, 2025, 1)
    path.write_text('{"version": 1, "year": 2025}')
    with pytest.raises(RecordError, match="report-2025-draft1.json"):
        load_record(path)
    with pytest.raises(RecordError, match="build it again"):
        load_record(record_path(tmp_path, 2025, 9))
