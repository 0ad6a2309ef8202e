"""Body face comparison: the report's own paragraphs set in each candidate face, as PDF
pages to read at 100 % and as text copied back by poppler (what Evince, Okular and
pdftotext give a reader who copies or searches).

usage: python bench/body_face.py REPORT.html [OUT_DIR]
REPORT.html is a rendered report (out/<year>/report-<year>.html). For each face it writes
OUT_DIR/<face>.pdf and OUT_DIR/<face>-100.png (the first page at 96 dpi, a screen's 100 %),
and prints the page count and the distinct words that poppler copies back wrongly (after
its lam-alef swap, which every font shows; see tests/pdftext.py).
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

from weasyprint import HTML

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from report import fonts  # noqa: E402
from tests.pdftext import pdf_text, poppler_form  # noqa: E402

# face, size (pt), line height: sizes chosen so both faces show the same x-height
CANDIDATES = (("Tajawal", 10.5, 1.7), ("Amiri", 12.0, 1.65))
WORD = re.compile("[\u0621-\u064a]+")


def paragraphs(report: Path, n: int = 12) -> list[str]:
    found = re.findall(r"<p>(.*?)</p>", report.read_text("utf-8"), re.S)
    return [p for p in found if len(p) > 300][:n]


def document(paras: list[str], family: str, size: float, leading: float) -> str:
    faces = "".join(f'@font-face {{ font-family: "{f.family}"; font-weight: {f.weight}; '
                    f'src: url("{f.path.as_uri()}"); }}' for f in fonts.faces())
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (f'<html lang="ar" dir="rtl"><head><meta charset="utf-8"><style>{faces}'
            f"@page {{ size: A4; margin: 30mm 22mm 24mm }}"
            f'body {{ font-family: "{family}", "Amiri"; font-size: {size}pt; '
            f"line-height: {leading}; text-align: justify; color: #1a1a1a }}"
            f"p {{ margin: 0 0 2.5mm }}</style></head><body>{body}</body></html>")


def main() -> int:
    report = Path(sys.argv[1])
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "out/body-face")
    out.mkdir(parents=True, exist_ok=True)
    paras = paragraphs(report)
    source = set()
    for p in paras:
        text = html.unescape(re.sub(r"<[^>]+>", "", p))
        source |= set(WORD.findall(text)) | set(WORD.findall(poppler_form(text)))
    for family, size, leading in CANDIDATES:
        pdf = out / f"{family.lower()}.pdf"
        doc = HTML(string=document(paras, family, size, leading), base_url=str(ROOT)).render()
        doc.write_pdf(pdf)
        subprocess.run(["pdftoppm", "-r", "96", "-png", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(out / f"{family.lower()}-100")], check=True)
        wrong = sorted(set(WORD.findall(pdf_text(pdf))) - source)
        print(f"{family} {size}pt/{leading}: {len(doc.pages)} pages for {len(paras)} paragraphs; "
              f"{len(wrong)} of {len(source)} distinct words copied back wrongly by poppler"
              + (f", e.g. {' '.join(wrong[:8])}" if wrong else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
