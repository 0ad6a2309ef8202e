"""One measured run in a fresh process; prints one JSON line (the benchmark reads it).

    child.py build  INPUTS OUT DATABASE [--profile FILE]
                                                  the full `build` (draft edition, year 2025),
                                                  past years from DATABASE ("-": none, every
                                                  year from its workbooks)
    child.py engine HTML BASE [--profile FILE]    WeasyPrint alone on the exact HTML the build
                                                  wrote, same fetcher and fonts, same options

Both time from the start of the process's own work (imports included), so the two figures
compare like with like; the interpreter's start-up is the same for both and left out.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def run_build(inputs: Path, out: Path, database: Path | None = None) -> dict:
    import io
    from contextlib import redirect_stdout

    # first what the engine alone imports too (WeasyPrint, pikepdf, the fetcher), timed apart:
    # the build's own work is measured without it, in the same process
    import report.publish.pdf  # noqa: F401
    import report.publish.variants  # noqa: F401

    t_engine_imports = time.perf_counter() - T0
    from report.commands.build import BuildConfig, build

    t_imports = time.perf_counter() - T0
    # no database: one that does not exist (the build then reads every year's workbooks)
    db = database or out / "no-database" / "none.sqlite3"
    cfg = BuildConfig(2025, inputs, out, "draft", "ar", database=db)
    with redirect_stdout(io.StringIO()):
        rc = build(cfg)
    total = time.perf_counter() - T0
    manifest = json.loads((cfg.folder / "manifest.json").read_text("utf-8"))
    html = next(o["path"] for o in manifest["outputs"] if o["kind"] == "html")
    return {"rc": rc, "seconds": total, "imports": t_imports,
            "engine_imports": t_engine_imports, "stages": manifest["seconds"],
            "pages": manifest["pages"], "html": str(ROOT / html) if not Path(html).is_absolute()
            else html, "base": str(cfg.folder), "rss_mb": _rss_mb()}


def draft_options() -> dict:
    """The write_pdf options the build gives the draft edition."""
    from report.publish.variants import SPECS

    variant = SPECS["draft"].variant
    return {"pdf_variant": variant} if variant else {}


def run_engine(html_file: Path, base: Path) -> dict:
    from weasyprint import HTML

    from report import fonts
    from report.paths import TEMPLATES
    from report.publish.pdf import AssetFetcher

    html = html_file.read_text("utf-8")
    fetcher = AssetFetcher((TEMPLATES, base, *fonts.font_dirs()))
    options = draft_options()
    t_imports = time.perf_counter() - T0
    t = time.perf_counter()
    doc = HTML(string=html, base_url=str(base) + "/", url_fetcher=fetcher).render()
    t_layout = time.perf_counter() - t
    t = time.perf_counter()
    data = doc.write_pdf(**options)
    t_write = time.perf_counter() - t
    return {"seconds": time.perf_counter() - T0, "imports": t_imports, "layout": t_layout,
            "pdf_write": t_write, "pages": len(doc.pages), "bytes": len(data),
            "rss_mb": _rss_mb()}


def main() -> None:
    import os

    args = sys.argv[1:]
    profile = None
    if "--profile" in args:
        i = args.index("--profile")
        profile = Path(args[i + 1])
        del args[i:i + 2]
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1773619200")
    mode, a, b = args[0], Path(args[1]), Path(args[2])
    extra = [] if mode != "build" or args[3] == "-" else [Path(args[3])]
    fn = run_build if mode == "build" else run_engine
    if profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        result = prof.runcall(fn, a, b, *extra)
        with profile.open("w") as fh:
            st = pstats.Stats(prof, stream=fh).strip_dirs()
            fh.write(f"# cProfile of `{mode}` ({' '.join(args[1:])})\n\n## by cumulative time\n")
            st.sort_stats("cumulative").print_stats(45)
            fh.write("\n## by own time\n")
            st.sort_stats("tottime").print_stats(30)
    else:
        result = fn(a, b, *extra)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
