"""Sign-off: a final (or print) edition is refused while an item of a review log is open;
with --force and a reason it is built, and the reason and the open items are recorded in
the manifest."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from report.cli import main
from report.commands import build as build_command
from report.manifest import Stages
from report.outputs.annex import write_annex
from report.review.answers import Answer, Returned
from report.review.log import LOG_NAME, entries_of, log_workbook, merge, write_log
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


def test_forced_with_a_reason_the_manifest_records_it(world, monkeypatch) -> None:
    inputs, out = world

    def render(ctx, spec, m, stages, status, force):  # the engine's part is tested elsewhere
        pdf = ctx.folder / f"report-{ctx.year}.pdf"
        pdf.write_bytes(b"%PDF-1.7\n%%EOF\n")
        pdf.with_suffix(".html").write_text("<html></html>", "utf-8")
        write_annex(m.annex, ctx.folder)
        return build_command.Rendered(ctx.lang.code, spec, pdf, pdf.with_suffix(".html"), 1,
                                      Stages(), None)

    monkeypatch.setattr(build_command, "render_edition", render)
    reason = "قرار اللجنة في اجتماعها: الرقم المطلوب يصحح في الطبعة المقبلة"
    assert main(["build", "--inputs", str(inputs), "--out", str(out), "--edition", "final",
                 "--force", "--reason", reason]) == 0
    manifest = json.loads((out / str(YEAR) / "manifest.json").read_text("utf-8"))
    assert manifest["sign_off"] == {"open_review_items": 1, "unreadable_logs": [],
                                    "forced": True, "reason": reason,
                                    "open": ["draft1 PMP:F-CASES.total"]}
