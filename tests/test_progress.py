"""progress: the build's status line follows the stages and WeasyPrint's pages on a terminal."""

from __future__ import annotations

import io
import logging

from report.progress import Status


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_status_line_names_stages_and_pages() -> None:
    out = Terminal()
    status = Status("build 2025", out)
    status.stage("intake_validate")
    with status.engine("draft"):
        logging.getLogger("weasyprint.progress").info("Step 5 - Creating layout - Page 12")
    status.close()
    text = out.getvalue()
    assert "build 2025: reading workbooks / lecture des classeurs" in text
    assert "build 2025: draft: Creating layout - Page 12" in text
    assert text.endswith("\r")


def test_silent_when_not_a_terminal() -> None:
    out = io.StringIO()
    status = Status("build 2025", out)
    status.stage("charts")
    with status.engine("final"):
        logging.getLogger("weasyprint.progress").info("Step 6 - Creating PDF")
    status.close()
    assert out.getvalue() == ""
    assert not logging.getLogger("weasyprint.progress").handlers
