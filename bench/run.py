"""`make bench`: where build time goes, measured against WeasyPrint's own cost.

For each synthetic size (about 60, 150 and 300 pages, bench/synth.py), in the same run:
  - a cold `build` in a fresh process (empty caches) of 2025, the years before it read from
    the commission's database where 2024's final edition recorded them (set up once per
    size, not timed): seconds per stage, peak RSS, pages;
  - WeasyPrint alone, in a fresh process, on the exact HTML that build wrote (same fetcher,
    fonts and options): the ratio build / engine;
then, at the smallest size, the same cold build with no database (every year read from its
workbooks, as before the database) for comparison; a cached rebuild (the same inputs built
again into the warm output folder: every workbook and chart from the caches), whose own work
is measured against the engine; a draft rebuild after one member's workbook changes (one
figure, one activity) with warm caches, as a ratio to the cold build; and `check` on the 22
sample workbooks as a ratio to a bare openpyxl read (bench/check_bench.py). Prints a table
and writes out/bench/results.json. Timings are wall-clock on a shared machine: compare the
ratios, which are measured back to back within one run.

    python bench/run.py [--sizes 60p 150p 300p] [--profile]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import synth  # noqa: E402

OUT = ROOT / "out" / "bench"
PY = sys.executable
CHILD = ROOT / "bench" / "child.py"
# The measured processes run as an installed tool does, Python keeping the compiled modules
# (__pycache__) from one run to the next; PYTHONDONTWRITEBYTECODE, set on some shared
# machines, would add compiling the tool's own modules (~0.1 s) to every run.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def child(*args: str) -> dict:
    """Run bench/child.py in a fresh interpreter; return the JSON line it prints."""
    proc = subprocess.run([PY, str(CHILD), *args], capture_output=True, text=True, cwd=ROOT,
                          env=ENV)
    if proc.returncode != 0:
        sys.exit(f"bench child failed: {' '.join(args)}\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def inputs_for(size: synth.Size) -> Path:
    """Synthetic inputs for ``size``, regenerated only when the generator changed."""
    folder = OUT / f"inputs-{size.name}"
    sources = [ROOT / "bench" / "synth.py", ROOT / "inputs" / "make_sample.py",
               ROOT / "inputs" / "sample_activities.toml", *sorted((ROOT / "inputs" /
                                                                   "catalogue").glob("*.toml")),
               ROOT / "report" / "intake" / "workbooks.py",
               ROOT / "report" / "intake" / "layout.py"]
    h = hashlib.sha256(repr(size).encode())
    for p in sources:
        h.update(p.read_bytes())
    stamp = folder / ".stamp"
    if not (stamp.exists() and stamp.read_text() == h.hexdigest()):
        synth.make_inputs(folder, size)
        stamp.write_text(h.hexdigest())
    return folder


def published(inputs: Path, size: synth.Size) -> Path:
    """The database of ``inputs`` after 2024's final edition (2023 and 2024 recorded); built
    once per version of the inputs (setup, not measured)."""
    folder = OUT / f"db-{size.name}"
    db = folder / "cnclt.sqlite3"
    stamp = folder / ".stamp"
    inputs_stamp = (inputs / ".stamp").read_text()
    if not (db.exists() and stamp.exists() and stamp.read_text() == inputs_stamp):
        if folder.exists():
            shutil.rmtree(folder)
        proc = subprocess.run([PY, "build_report.py", "build", "--year", "2024", "--edition",
                               "final", "--inputs", str(inputs), "--out", str(folder / "out"),
                               "--database", str(db), "--force", "--reason",
                               "bench: synthetic activities, drawn without the editor's rules"],
                              capture_output=True, text=True, cwd=ROOT)
        if proc.returncode != 0:
            sys.exit(f"bench: publishing 2024 failed\n{proc.stderr[-3000:]}")
        stamp.write_text(inputs_stamp)
    return db


def cold_build(inputs: Path, out: Path, db: Path | None, profile: Path | None = None) -> dict:
    if out.exists():
        shutil.rmtree(out)
    extra = ["--profile", str(profile)] if profile else []
    return child("build", str(inputs), str(out), str(db) if db else "-", *extra)


def engine(build: dict, profile: Path | None = None) -> dict:
    extra = ["--profile", str(profile)] if profile else []
    return child("engine", build["html"], build["base"], *extra)


def own_work(build: dict) -> float:
    """A build's own work: everything but the engine's stages (layout, PDF writing) and what
    the engine alone imports too (WeasyPrint, pikepdf: timed in the same process)."""
    return (build["seconds"] - build["stages"].get("layout", 0)
            - build["stages"].get("pdf_write", 0) - build["engine_imports"])


def own_parts(build: dict) -> dict:
    """``own_work`` by part: imports beyond the engine's, each stage of ours, the rest."""
    ours = {k: v for k, v in build["stages"].items() if k not in ("layout", "pdf_write")}
    return {"imports": round(build["imports"] - build["engine_imports"], 3), **ours,
            "other": round(build["seconds"] - build["imports"]
                           - sum(build["stages"].values()), 3)}


def rebuild(inputs: Path, out: Path, db: Path, member: str = "SOL") -> dict:
    """Copy the inputs, change one member's workbook, build again into the warm ``out``."""
    edited = OUT / f"{inputs.name}-edited"
    if edited.exists():
        shutil.rmtree(edited)
    shutil.copytree(inputs, edited)
    synth.change_one_member(edited, member=member)
    return child("build", str(edited), str(out), str(db))


def check_ratio() -> dict:
    try:
        from check_bench import measure  # another engineer's bench/check_bench.py
        return measure(repeat=3) | {"source": "bench/check_bench.py"}
    except ImportError:
        return _check_fallback() | {"source": "FALLBACK in bench/run.py (check_bench missing)"}


def _check_fallback() -> dict:
    """FALLBACK until bench/check_bench.py exists: `check` vs a bare openpyxl read, in-process."""
    from openpyxl import load_workbook

    files = sorted((ROOT / "inputs" / "2025").glob("*.xlsx"))
    t = time.perf_counter()
    for f in files:
        wb = load_workbook(f, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for _ in ws.iter_rows(values_only=True):
                pass
        wb.close()
    bare = time.perf_counter() - t
    out = OUT / "check-out"
    t = time.perf_counter()
    subprocess.run([PY, "build_report.py", "check", "--year", "2025", "--out", str(out)],
                   cwd=ROOT, capture_output=True)
    check = time.perf_counter() - t
    return {"check_s": check, "openpyxl_s": bare, "check_over_openpyxl": check / bare}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{cpu}, {os.cpu_count()} cores, load {load:.1f} at start, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def stage_row(b: dict) -> dict:
    s = dict(b["stages"])
    s["imports"] = round(b["imports"], 3)
    s["other"] = round(b["seconds"] - b["imports"] - sum(b["stages"].values()), 3)
    return s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="+", default=[s.name for s in synth.SIZES],
                    choices=[s.name for s in synth.SIZES])
    ap.add_argument("--repeat", type=int, default=2,
                    help="build+engine pairs per size (the largest: once); the fastest of "
                         "each is kept, which filters out the other users of a shared machine")
    ap.add_argument("--profile", action="store_true",
                    help="also write cProfile tops of the smallest size to out/bench/")
    ap.add_argument("--no-check", action="store_true")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    env_line = machine()
    print(f"machine: {env_line}\n")
    sizes = [s for s in synth.SIZES if s.name in args.sizes]
    rows = []
    for size in sizes:
        inputs = inputs_for(size)
        db = published(inputs, size)
        out = OUT / f"build-{size.name}"
        best_b = best_e = None
        for _ in range(args.repeat if size is not sizes[-1] or len(sizes) == 1 else 1):
            b = cold_build(inputs, out, db)
            e = engine(b)
            best_b = b if best_b is None or b["seconds"] < best_b["seconds"] else best_b
            best_e = e if best_e is None or e["seconds"] < best_e["seconds"] else best_e
        row = {"size": size.name, "pages": best_b["pages"], "build_s": best_b["seconds"],
               "engine_s": best_e["seconds"], "engine_layout_s": best_e["layout"],
               "engine_write_s": best_e["pdf_write"], "engine_imports_s": best_e["imports"],
               "build_over_engine": best_b["seconds"] / best_e["seconds"],
               "rss_mb": best_b["rss_mb"], "engine_rss_mb": best_e["rss_mb"],
               "stages": stage_row(best_b)}
        own = own_work(best_b)
        row["own_s"] = own
        row["engine_plus_own_over_engine"] = (best_e["seconds"] + own) / best_e["seconds"]
        if size is sizes[0]:
            # the same inputs again into the warm out/ (every workbook and chart cached)
            warm = min((child("build", str(inputs), str(out), str(db))
                        for _ in range(args.repeat)), key=own_work)
            row["cached_build_s"] = warm["seconds"]
            row["cached_stages"] = stage_row(warm)
            row["cached_own_s"] = own_work(warm)
            row["cached_own_parts"] = own_parts(warm)
            row["cached_own_over_engine"] = row["cached_own_s"] / best_e["seconds"]
            # and against the engine's stages in the same process (steadier under load)
            row["cached_own_over_its_engine"] = row["cached_own_s"] / (
                warm["stages"]["layout"] + warm["stages"]["pdf_write"])
            no_db = min((cold_build(inputs, out, None) for _ in range(args.repeat)),
                        key=lambda r: r["seconds"])
            row["no_database_build_s"] = no_db["seconds"]
            row["no_database_stages"] = stage_row(no_db)
            row["no_database_own_s"] = own_work(no_db)
            rb = min((rebuild(inputs, out, db, m) for m in ("SOL", "EN")[:max(1, args.repeat)]),
                     key=lambda r: r["seconds"])
            row["rebuild_s"] = rb["seconds"]
            row["rebuild_stages"] = stage_row(rb)
            row["rebuild_over_full"] = rb["seconds"] / best_b["seconds"]
            row["rebuild_over_engine"] = rb["seconds"] / best_e["seconds"]
            if args.profile:
                cold_build(inputs, out, db, OUT / f"profile-build-{size.name}.txt")
                engine(best_b, OUT / f"profile-engine-{size.name}.txt")
        rows.append(row)
        print_row(row)
    small, large = rows[0], rows[-1]
    for r in rows:
        r["per_page_s"] = r["build_s"] / r["pages"]
        r["time_over_smallest"] = r["build_s"] / small["build_s"]
        r["pages_over_smallest"] = r["pages"] / small["pages"]
    check = {} if args.no_check else check_ratio()
    results = {
        "build_over_engine": max(r["build_over_engine"] for r in rows),  # worst size
        "build_over_engine_largest": large["build_over_engine"],
        "rebuild_over_full": small.get("rebuild_over_full"),
        "cached_own_over_engine": small.get("cached_own_over_engine"),
        "cached_own_over_its_engine": small.get("cached_own_over_its_engine"),
        "per_page_growth": large["per_page_s"] / small["per_page_s"],
        "peak_rss_mb_largest": large["rss_mb"],
        "pages_largest": large["pages"],
        "check_over_openpyxl": check.get("check_over_openpyxl"),
        "machine": env_line,
        "measured": time.strftime("%Y-%m-%d %H:%M"),
        "sizes": rows, "check": check,
    }
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print_table(results)


def print_row(r: dict) -> None:
    print(f"  {r['size']}: {r['pages']} pages, build {r['build_s']:.1f}s, engine "
          f"{r['engine_s']:.1f}s", flush=True)


def print_table(res: dict) -> None:
    rows = res["sizes"]
    stages = list(dict.fromkeys(k for r in rows for k in r["stages"]))
    head = f"{'':<18}" + "".join(f"{r['size']:>10}" for r in rows)
    print("\n" + head + "\n" + "-" * len(head))

    def line(label: str, values, fmt: str = "{:>10.2f}") -> None:
        print(f"{label:<18}" + "".join(fmt.format(v) if v is not None else f"{'-':>10}"
                                       for v in values))

    line("pages", [r["pages"] for r in rows], "{:>10d}")
    for s in stages:
        line(f"  {s} s", [r["stages"].get(s) for r in rows])
    line("build s", [r["build_s"] for r in rows])
    line("engine alone s", [r["engine_s"] for r in rows])
    line("  engine layout s", [r["engine_layout_s"] for r in rows])
    line("  engine write s", [r["engine_write_s"] for r in rows])
    line("build / engine", [r["build_over_engine"] for r in rows])
    line("own work s", [r["own_s"] for r in rows])
    line("own / engine", [r["own_s"] / r["engine_s"] for r in rows])
    line("(eng+own) / eng", [r["engine_plus_own_over_engine"] for r in rows])
    line("s per page", [r["per_page_s"] for r in rows], "{:>10.3f}")
    line("time / smallest", [r["time_over_smallest"] for r in rows])
    line("pages / smallest", [r["pages_over_smallest"] for r in rows])
    line("peak RSS MB", [r["rss_mb"] for r in rows], "{:>10.0f}")
    line("engine RSS MB", [r["engine_rss_mb"] for r in rows], "{:>10.0f}")
    r0 = rows[0]
    if "no_database_own_s" in r0:
        print(f"\nsame cold build without the database ({r0['size']}: 2023-2025 read from their "
              f"workbooks): build {r0['no_database_build_s']:.2f}s, own work "
              f"{r0['no_database_own_s']:.2f}s = {r0['no_database_own_s'] / r0['engine_s']:.2f} "
              f"x the engine\n  stages {r0['no_database_stages']}")
    if "cached_own_s" in r0:
        print(f"\ncached rebuild ({r0['size']}: the same inputs again, warm out/): build "
              f"{r0['cached_build_s']:.2f}s, own work {r0['cached_own_s']:.2f}s = "
              f"{r0['cached_own_over_engine']:.2f} x the engine alone ({r0['engine_s']:.2f}s), "
              f"{r0['cached_own_over_its_engine']:.2f} x its own layout + pdf_write"
              f"\n  own work by part (s): "
              + ", ".join(f"{k} {v:.2f}" for k, v in r0["cached_own_parts"].items() if v >= 0.005))
    if "rebuild_s" in r0:
        print(f"\nrebuild after one member changed ({r0['size']}): {r0['rebuild_s']:.2f}s = "
              f"{r0['rebuild_over_full']:.2f} x the cold build, {r0['rebuild_over_engine']:.2f} x "
              f"the engine alone\n  stages {r0['rebuild_stages']}")
    c = res["check"]
    if c:
        print(f"check: {c['check_s']:.2f}s vs bare openpyxl {c['openpyxl_s']:.2f}s = "
              f"{c['check_over_openpyxl']:.2f} x  ({c['source']})")
    print("\nresults.json:", {k: (round(v, 3) if isinstance(v, float) else v)
                              for k, v in res.items() if k not in ("sizes", "check")})
    print(f"written: {OUT / 'results.json'}")


if __name__ == "__main__":
    main()
