"""Benchmark (not a test): `check` time for the 22 sample workbooks of the latest year,
as a ratio to a bare openpyxl read of the same files.

Run: .venv/bin/python bench/check_bench.py [--repeat 5]
``measure()`` returns the figures as a dict for the performance benchmark.

- openpyxl: load_workbook(read_only=True, data_only=True) + every cell value of every sheet
- check (cold): intake + validation of the year's files, no cache (what `check` does per file)
- check command, cold: the whole command without cache (last year too, summary + feedback)
- check command, warm: the same with the out/cache content-hash cache already filled
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import load_workbook  # noqa: E402

from report.commands import check  # noqa: E402
from report.intake.gather import gather_year, member_values, submission_files  # noqa: E402
from report.paths import INPUTS, year_dirs  # noqa: E402
from report.settings.catalogue import load_catalogue  # noqa: E402
from report.settings.rules import load_rules  # noqa: E402


def _median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def bare_openpyxl(files: list[Path]) -> int:
    """Read every cell value of every sheet; return the number of cells seen."""
    n = 0
    for path in files:
        wb = load_workbook(path, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                n += len(row)
        wb.close()
    return n


def measure(inputs: Path = INPUTS, year: int | None = None, repeat: int = 5) -> dict:
    """Median seconds of each way of reading the year's workbooks, and the ratios."""
    year = year or year_dirs(inputs)[-1]
    folder = inputs / str(year)
    files = submission_files(folder)
    cat = load_catalogue(inputs / "catalogue")
    rules = load_rules(inputs / "catalogue" / "rules.toml")
    last = inputs / str(year - 1)
    previous = member_values(gather_year(last, year - 1, cat, rules)) if last.is_dir() else {}

    def command(out: Path, cache: bool) -> None:
        result = check.check_year(inputs, year, cache=out / "cache" if cache else None)
        check.write_reports(result, inputs, out)

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        bare = _median(lambda: bare_openpyxl(files), repeat)
        cold = _median(lambda: gather_year(folder, year, cat, rules, previous=previous), repeat)
        full_cold = _median(lambda: command(out, False), repeat)
        command(out, True)
        full_warm = _median(lambda: command(out, True), repeat)
    return {"year": year, "files": len(files), "repeat": repeat,
            "openpyxl_s": bare, "check_s": cold, "check_over_openpyxl": cold / bare,
            "command_cold_s": full_cold, "command_warm_s": full_warm,
            "command_cold_over_openpyxl": full_cold / bare,
            "command_warm_over_openpyxl": full_warm / bare}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--inputs", type=Path, default=INPUTS)
    args = ap.parse_args()
    m = measure(args.inputs, repeat=args.repeat)
    print(f"check benchmark: {m['files']} workbooks of {m['year']}, median of {m['repeat']} runs")
    print(f"{'what':<44} {'seconds':>8} {'x openpyxl':>10}")
    rows = (("bare openpyxl read (read_only, all cells)", m["openpyxl_s"], 1.0),
            ("check: intake + validate, no cache", m["check_s"], m["check_over_openpyxl"]),
            ("check command, cold (2 years + reports)", m["command_cold_s"],
             m["command_cold_over_openpyxl"]),
            ("check command, warm cache (+ reports)", m["command_warm_s"],
             m["command_warm_over_openpyxl"]))
    for name, secs, ratio in rows:
        print(f"{name:<44} {secs:>8.3f} {ratio:>10.2f}")


if __name__ == "__main__":
    main()
