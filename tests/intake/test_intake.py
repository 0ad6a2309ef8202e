"""intake: file names, sniffing, zip guards before openpyxl, formulas and merges from XML."""

from __future__ import annotations

from pathlib import Path

import pytest

from report.intake.layout import TEMPLATE_VERSION
from report.intake.read import _scan_sheet, _sniff, member_from_name, read_submission
from report.paths import CATALOGUE
from report.settings.rules import load_rules
from tests.bad_workbooks import rezip, to_bytes, workbook

RULES = load_rules(CATALOGUE / "rules.toml")


@pytest.mark.parametrize("name, expected", [
    ("PMP-2025.xlsx", ("PMP", 2025)),
    ("pmp-2025.xlsx", ("PMP", 2025)),
    ("PMP-2025 (1).xlsx", ("PMP", 2025)),
    ("PMP_2025-final.xlsx", ("PMP", 2025)),
    ("ASSOC2-2025.xlsx", ("ASSOC2", 2025)),
    ("PMP-20251.xlsx", ("PMP-20251", None)),
    ("chiffres.xlsx", ("CHIFFRES", None)),
])
def test_member_from_name(name: str, expected: tuple) -> None:
    assert member_from_name(Path(name)) == expected


@pytest.mark.parametrize("head, why", [
    (b"PK\x03\x04rest", None),
    (b"", "empty file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls (Excel 97-2003) or password-protected"),
    (b"%PDF-1.7", "PDF"),
    (b"PK\x05\x06", "zip"),
    (b"  <html>", "HTML/XML"),
    (b"\x00\x01\x02", "unknown format"),
])
def test_sniff(head: bytes, why: str | None) -> None:
    assert _sniff(head) == why


def test_scan_sheet_formulas_and_merges() -> None:
    xml = (b'<worksheet><sheetData><row r="7">'
           b'<c r="C7" s="1"><f>1+1</f><v></v></c>'
           b'<c r="C8"><f>2+2</f><v>4</v></c>'
           b'<c r="C9"/><c r="C10" t="n"><v>5</v></c>'
           b'<x:c r="C11"><x:f>A1</x:f><x:v/></x:c>'
           b'<c r="C12" t="str"><f>A1&amp;"x"</f><v>ab</v></c>'
           b'</row></sheetData><mergeCells count="1"><mergeCell ref="B7:C7"/></mergeCells>'
           b'</worksheet>')
    formulas, merged = _scan_sheet(xml)
    assert formulas == {"C7": False, "C8": True, "C11": False, "C12": True}
    assert merged == ("B7:C7",)


def test_zip_bomb_is_refused_before_openpyxl_loads(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "PMP-2025.xlsx"
    path.write_bytes(rezip(to_bytes(workbook()), extra={"xl/media/pad.bin": bytes(60_000_000)}))

    def boom(*a, **k):
        raise AssertionError("openpyxl must not see a zip bomb")
    monkeypatch.setattr("openpyxl.load_workbook", boom)  # intake imports it when it reads
    sub, findings = read_submission(path, RULES)
    assert sub is None
    assert [f.code for f in findings] == ["too-large"]
    assert findings[0].value.startswith("60,")  # 60 MB and the workbook's own ~0.1 MB


def test_too_large_file_is_not_read(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "PMP-2025.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(2000))
    small = RULES.limits.__class__(**{**RULES.limits.__dict__, "max_file_bytes": 1000})
    rules = RULES.__class__(RULES.table, small)
    monkeypatch.setattr(Path, "open", lambda *a, **k: pytest.fail("read despite its size"))
    sub, findings = read_submission(path, rules)
    assert sub is None and [f.code for f in findings] == ["too-large"]


def test_submission_reads_stamp_data_activities_and_plan(tmp_path: Path) -> None:
    path = tmp_path / "PMP-2025.xlsx"
    path.write_bytes(to_bytes(workbook({"CASES.total": 41})))
    sub, findings = read_submission(path, RULES)
    assert findings == []
    assert sub.stamp == {"template_version": TEMPLATE_VERSION, "year": 2025, "member": "PMP"}
    assert sub.member == sub.file_member == "PMP"
    assert sub.data[7] == ("CASES.total", 41)
    assert sub.activities[0][2] == "حملة تحسيسية"
    assert {s.name: s.state for s in sub.sheets}["_stamp"] == "veryHidden"
    assert sub.formulas == {} and sub.merged == {"البيانات": (), "الأنشطة": (),
                                                 "الخطة الوطنية": ()}
    # the plan sheet from its first row: the measure's code ... the comment
    assert [r[0] for r in sub.plan] == ["PROS.1.2", "PROS.2.2", "GOV.2.2"]
    assert sub.plan[0][5:8] == ("في طور الإنجاز / En cours", 20, None)


def test_sample_workbooks_read_clean() -> None:
    from report.paths import INPUTS
    for path in sorted((INPUTS / "2025").glob("*.xlsx"))[:5]:
        sub, findings = read_submission(path, RULES)
        assert sub is not None and findings == []
