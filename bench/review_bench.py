"""The review round's cost against a draft build, on the sample year (22 members).

Each measure runs the command line in a fresh process (the way the secretariat runs it),
into out/bench/review/, the fastest of ``--repeat`` runs:
  - build, cold (no caches) and warm (caches from the run before): a draft of the report;
  - review: the 22 review packs (PDF) and review workbooks, with the default workers and
    serially (CNCLT_JOBS=1);
  - a second draft (edition.toml's draft number raised in a copy of the inputs): the build
    that also writes the change report, and its "changes" stage from the manifest.
Prints a table and writes out/bench/review/results.json. Timings are wall-clock on a shared
machine: compare the ratios, measured back to back within one run.

    python bench/review_bench.py [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out" / "bench" / "review"
YEAR = 2025


def run(*args: str, jobs: str | None = None) -> float:
    env = dict(os.environ)
    if jobs is not None:
        env["CNCLT_JOBS"] = jobs
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, str(ROOT / "build_report.py"), *args], cwd=ROOT,
                          env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{proc.stderr[-3000:]}")
    return seconds


def pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    found = re.search(r"Pages:\s+(\d+)", out)
    return int(found.group(1)) if found else 0


def second_inputs(inputs: Path) -> Path:
    """A copy of the sample's inputs whose edition.toml asks for draft 2."""
    copy = OUT / "inputs"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(inputs / "catalogue", copy / "catalogue")
    for y in (YEAR - 1, YEAR):
        shutil.copytree(inputs / str(y), copy / str(y))
    edition = copy / str(YEAR) / "edition.toml"
    text = re.sub(r"(?m)^draft = \d+", "draft = 99", edition.read_text("utf-8"))
    edition.write_text(text, "utf-8")
    return copy


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    inputs = ROOT / "inputs"
    out = OUT / "out"
    common = ["--year", str(YEAR), "--inputs", str(inputs), "--out", str(out)]
    cold, warm, review, serial, second = [], [], [], [], []
    for _ in range(args.repeat):
        shutil.rmtree(out, ignore_errors=True)
        cold.append(run("build", *common))
        warm.append(run("build", *common))
        review.append(run("review", *common))
        serial.append(run("review", *common, jobs="1"))
    folder = out / str(YEAR)
    draft = max(int(m.group(1)) for p in folder.glob("report-*-draft*.pdf")
                if (m := re.search(r"draft(\d+)\.pdf$", p.name)))
    report_pages = pages(folder / f"report-{YEAR}-draft{draft}.pdf")
    packs = sorted((folder / "review" / f"draft{draft}").glob("*-review.pdf"))
    pack_pages = sum(pages(p) for p in packs)
    copy = second_inputs(inputs)
    changes = []
    for _ in range(args.repeat):
        second.append(run("build", "--year", str(YEAR), "--inputs", str(copy), "--out", str(out)))
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
        changes.append(manifest["seconds"].get("changes", 0.0))
    best = {"build_cold": min(cold), "build_warm": min(warm), "review": min(review),
            "review_serial": min(serial), "build_second_draft": min(second),
            "changes_stage": min(changes)}
    results = {**{k: round(v, 2) for k, v in best.items()}, "report_pages": report_pages,
               "packs": len(packs), "pack_pages": pack_pages,
               "review_over_warm_build": round(best["review"] / best["build_warm"], 2),
               "review_serial_per_pack_over_warm_build":
                   round(best["review_serial"] / len(packs) / best["build_warm"], 3),
               "cpus": os.cpu_count(), "load": round(os.getloadavg()[0], 1),
               "repeat": args.repeat}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    print(f"{'measure':<44} {'seconds':>8}")
    for key, label in (("build_cold", "draft build, cold"), ("build_warm", "draft build, warm"),
                       ("review", f"review: {len(packs)} packs + workbooks"),
                       ("review_serial", "review, serial (CNCLT_JOBS=1)"),
                       ("build_second_draft", "second draft build (with change report)"),
                       ("changes_stage", "  of which the change report")):
        print(f"{label:<44} {best[key]:>8.2f}")
    print(f"\nreport: {report_pages} pages; packs: {len(packs)} packs, {pack_pages} pages")
    print(f"review / warm draft build: {results['review_over_warm_build']} "
          f"(22 draft builds would be 22.0)")
    print(f"one pack (serial) / warm draft build: "
          f"{results['review_serial_per_pack_over_warm_build']}")
    print(f"load average {results['load']} on {results['cpus']} cpus; "
          f"fastest of {args.repeat}; results in {OUT / 'results.json'}")


if __name__ == "__main__":
    main()
