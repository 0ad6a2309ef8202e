"""Sign-off: a final (or print) edition is refused while an item of a review log is open;
with --force and a reason (words) it is built, and the reason, the operator's account name,
the date and the open items are recorded with the publication in the database and in the
manifest, where later builds keep showing them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from report.cli import main
from report.commands import build as build_command
from report.database import store
from report.manifest import Stages
from report.outputs.annex import write_annex
from report.review.answers import Answer, Returned
from report.review.log import (
    FIRST_ROW,
    LOG_NAME,
    SHEET_ENTRIES,
    STATUS_COL,
    entries_of,
    log_workbook,
    merge,
    status_label,
    write_log,
)
from report.signature import account_name
from tests.review.test_review_workbook import ITEMS
from tests.sample import YEAR, copy_inputs, out_with_cache


@pytest.fixture()
def world(tmp_path: Path, sample_cache: Path, catalogue) -> tuple[Path, Path]:
    """The sample's inputs and an out folder whose draft 1 has a log with one open entry."""
    inputs = copy_inputs(tmp_path / "inputs")
    out = out_with_cache(tmp_path / "out", sample_cache)
    answers = (Answer("F-CASES.total", "correct", 180, "180", "", 5),)
    entries = merge([], entries_of([Returned("PMP", "PMP-review.xlsx", 1, answers)], ITEMS, 1),
                    None)
    log = out / str(YEAR) / "review" / "draft1" / LOG_NAME
    write_log(log, log_workbook(entries, [], [], catalogue, YEAR, 1, "ar"), dt.date(2026, 3, 16))
    return inputs, out


@pytest.mark.parametrize("extra", [["--edition", "final"], ["--edition", "print"],
                                   ["--edition", "all"], ["--edition", "final", "--force"],
                                   ["--edition", "final", "--reason", "قرار اللجنة"]])
def test_refused_while_an_item_is_open(world, capsys, extra: list[str]) -> None:
    inputs, out = world
    assert main(["build", "--inputs", str(inputs), "--out", str(out), *extra]) == 1
    err = capsys.readouterr().err
    assert "1 review items are open" in err and "draft1 PMP:F-CASES.total" in err
    assert "--force --reason" in err
    assert not list(out.rglob("*.pdf"))


def _render(ctx, spec, m, stages, status, force):  # the engine's part is tested elsewhere
    pdf = ctx.folder / f"report-{ctx.year}.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%%EOF\n")
    pdf.with_suffix(".html").write_text("<html></html>", "utf-8")
    write_annex(m.annex, ctx.folder)
    return build_command.Rendered(ctx.lang.code, spec, pdf, pdf.with_suffix(".html"), 1,
                                  Stages(), None)


def _manifest(out: Path) -> dict:
    return json.loads((out / str(YEAR) / "manifest.json").read_text("utf-8"))


def test_forced_with_a_reason_it_is_recorded_and_three_later_builds_keep_it(
        world, monkeypatch, tmp_path: Path, rules) -> None:
    inputs, out = world
    db = tmp_path / "db.sqlite3"
    monkeypatch.setattr(build_command, "render_edition", _render)
    common = ["--inputs", str(inputs), "--out", str(out), "--database", str(db)]
    reason = "قرار اللجنة في اجتماعها: الرقم المطلوب يصحح في الطبعة المقبلة"
    assert main(["build", *common, "--edition", "final", "--force", "--reason", reason]) == 0
    signed = _manifest(out)["sign_off"]
    assert {k: signed[k] for k in ("open_review_items", "forced", "reason", "open")} == {
        "open_review_items": 1, "forced": True, "reason": reason,
        "open": ["draft1 PMP:F-CASES.total"]}
    assert signed["operator"] == account_name() and signed["at"]
    # three later builds: a draft, the final once the item is settled, another draft
    log = out / str(YEAR) / "review" / "draft1" / LOG_NAME
    assert main(["build", *common]) == 0
    wb = load_workbook(log)
    wb[SHEET_ENTRIES].cell(FIRST_ROW, STATUS_COL).value = status_label("accepted")
    wb.save(log)
    assert main(["build", *common, "--edition", "final"]) == 0
    assert _manifest(out)["sign_off"]["open_review_items"] == 0
    assert main(["build", *common]) == 0
    kept = store.sign_offs(db, YEAR)
    assert len(kept) == 1
    pid, record = kept[0]
    assert (record.reason, record.operator) == (reason, account_name())
    assert record.at == signed["at"]
    assert [(i.draft, i.entry, i.decision, i.requested) for i in record.items] == [
        (1, "PMP:F-CASES.total", "correct", "180")]
    assert pid == store.publications(db)[0][0]
    assert _manifest(out)["sign_offs"] == [{
        "publication": pid, "reason": reason, "operator": record.operator, "at": record.at,
        "pdf_sha256": record.pdf_sha256, "open": ["draft1 PMP:F-CASES.total"]}]


@pytest.mark.parametrize("bad", ["   ", "ok\x07", "2025", "قرار\u202eاللجنة"])
def test_a_reason_must_be_words(world, capsys, bad: str) -> None:
    inputs, out = world
    assert main(["build", "--inputs", str(inputs), "--out", str(out), "--edition", "final",
                 "--force", "--reason", bad]) == 1
    assert "--reason" in capsys.readouterr().err
    assert not list(out.rglob("*.pdf"))
