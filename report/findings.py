"""A finding: what a check found wrong or doubtful in a member's file, as data (code,
severity, member, file, sheet, cell, the value seen, and its message in Arabic and French).

The CLI, the feedback workbooks, the draft report and the review round render the same
findings; report/settings/rules.py words them from rules.toml.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from report.label import Label

ERROR, WARNING = "error", "warning"
CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    member: str
    file: str
    sheet: str
    cell: str
    value: str
    message: Label  # in Arabic and French

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def sort_key(self) -> tuple:
        """Reading order inside one member: file, sheet, row, column, code."""
        m = CELL_REF.match(self.cell)
        row, col = (int(m.group(2)), (len(m.group(1)), m.group(1))) if m else (0, (0, ""))
        return (self.file, self.sheet, row, col, self.code)


def count(findings: Sequence[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(f.is_error for f in findings)
    return errors, len(findings) - errors
