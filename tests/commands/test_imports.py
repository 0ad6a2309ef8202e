"""Each command imports only what it needs, measured in a fresh process on the sample:
``init`` and ``check`` never load WeasyPrint or matplotlib; a draft build whose workbooks
and charts all come from the caches loads no matplotlib, and openpyxl only for the one
workbook every build writes, the editor's report (report/editorial/ledger.py). The heavy
packages are imported inside the functions that need them (``python -X importtime
build_report.py ...`` shows the rest). Serial ($CNCLT_JOBS=1): a workbook read or a chart
drawn in a worker process would not show here."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from report.paths import INPUTS, ROOT
from tests.sample import YEAR, copy_inputs, out_with_cache

# The command line as build_report.py runs it, then the top-level packages it loaded.
WRAPPER = """\
import sys
from report.cli import main
code = main(sys.argv[1:])
print("modules:", *sorted({m.split(".")[0] for m in sys.modules}), file=sys.stderr)
sys.exit(code)
"""
HEAVY = {"weasyprint", "matplotlib", "openpyxl", "numpy", "pikepdf", "jinja2"}


def loaded(*args: str) -> set[str]:
    """The heavy packages ``build_report.py <args>`` loads."""
    proc = subprocess.run([sys.executable, "-c", WRAPPER, *args], cwd=ROOT, text=True,
                          capture_output=True, env={**os.environ, "CNCLT_JOBS": "1"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    line = next(x for x in proc.stderr.splitlines() if x.startswith("modules: "))
    return set(line.split()[1:]) & HEAVY


def test_init_loads_no_pdf_engine_and_no_charts(tmp_path: Path) -> None:
    inputs = copy_inputs(tmp_path / "inputs")
    assert loaded("init", "--year", str(YEAR + 1), "--inputs", str(inputs)) == \
        {"openpyxl", "numpy"}  # the workbooks it writes (openpyxl imports numpy)


def test_check_loads_no_pdf_engine_and_no_charts(tmp_path: Path, sample_cache: Path) -> None:
    out = out_with_cache(tmp_path / "out", sample_cache)
    assert loaded("check", "--inputs", str(INPUTS), "--out", str(out)) == \
        {"openpyxl", "numpy"}  # the feedback workbooks it writes


def test_a_build_from_the_caches_loads_no_charts(sample_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(sample_build / "cache", out / "cache")  # every workbook and chart read
    assert loaded("build", "--inputs", str(INPUTS), "--out", str(out)) == \
        {"weasyprint", "pikepdf", "jinja2", "openpyxl", "numpy"}  # openpyxl: editorial.xlsx
