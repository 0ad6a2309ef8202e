"""The sample's outputs -> one sha256 per file, to show that a change of structure changes no
byte the tool writes.

    .venv/bin/python bench/fingerprint.py [--work DIR] > before.txt
    ... change the code ...
    .venv/bin/python bench/fingerprint.py [--work DIR] > after.txt
    diff before.txt after.txt

In a scratch folder (a copy of inputs/ and a database of its own, never the project's):
``init`` of the year after the sample's latest, ``check`` and ``build --edition all --lang
all`` of the latest year, then ``review`` of its draft. Every file written is hashed, except
manifest.json (seconds per stage); xlsx files that openpyxl stamps with the clock
(feedback, summary, review workbooks) are hashed over their zip entries without
docProps/core.xml ("(content)").
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {"manifest.json"}


def digest(path: Path, root: Path = ROOT) -> tuple[str, str]:
    """(sha256, note): whole bytes, or an xlsx's entries without its clock stamp; an HTML
    file with the checkout's path (in its stylesheet and font links) written as ROOT, so
    that two checkouts of the same code give the same sha256."""
    data = path.read_bytes()
    if path.suffix == ".html":
        data = data.replace(root.as_uri().encode(), b"file://ROOT")
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            names = sorted(z.namelist())
            if "docProps/core.xml" in names and b"<dcterms:modified" in z.read("docProps/core.xml"):
                h = hashlib.sha256()
                for n in names:
                    if n != "docProps/core.xml":
                        h.update(n.encode() + b"\0" + z.read(n))
                return h.hexdigest(), " (content)"
    return hashlib.sha256(data).hexdigest(), ""


def run(args: list[str], env: dict[str, str]) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "build_report.py"), *args], env=env,
                          cwd=ROOT, capture_output=True, text=True)
    if proc.returncode not in (0, 1):  # check exits 1 on a year with errors
        sys.exit(f"{' '.join(args)}: exit {proc.returncode}\n{proc.stderr}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temp)")
    ap.add_argument("--rehash", type=Path, default=None, metavar="ROOT",
                    help="only hash the files a run left in --work, made by the checkout ROOT")
    opts = ap.parse_args()
    if opts.rehash:
        return _print(opts.work, sorted((opts.work / "inputs").glob("[0-9]*")), opts.rehash)
    work = opts.work or Path(tempfile.mkdtemp(prefix="cnclt-fingerprint-"))
    shutil.rmtree(work, ignore_errors=True)
    inputs, out = work / "inputs", work / "out"
    shutil.copytree(ROOT / "inputs", inputs)
    years = sorted(int(p.name) for p in inputs.iterdir() if p.name.isdigit())
    year = years[-1]
    env = {**os.environ, "CNCLT_DATABASE": str(work / "db.sqlite3"), "CNCLT_JOBS": "2"}
    common = ["--inputs", str(inputs)]
    (inputs / str(year + 1)).mkdir()
    shutil.copy(inputs / str(year) / "edition.toml", inputs / str(year + 1))
    run(["init", "--year", str(year + 1), *common], env)
    run(["check", "--year", str(year), *common, "--out", str(out)], env)
    run(["build", "--year", str(year), "--edition", "all", "--lang", "all", *common,
         "--out", str(out)], env)
    run(["review", "--year", str(year), *common, "--out", str(out)], env)
    _print(work, [inputs / str(year + 1)], ROOT)


def _print(work: Path, new_years: list[Path], root: Path) -> None:
    """One line per file: sha256 and path under ``work``: init's workbooks of the year
    folders ``new_years``, then every output of the latest year under out/."""
    out = work / "out"
    year = max(int(p.name) for p in out.iterdir() if p.name.isdigit())
    files = sorted(p for y in new_years if int(y.name) > year for p in y.glob("*.xlsx"))
    files += sorted(p for p in (out / str(year)).rglob("*")
                    if p.is_file() and p.name not in SKIP)
    for p in files:
        h, note = digest(p, root)
        print(f"{h}  {p.relative_to(work)}{note}")


if __name__ == "__main__":
    main()
