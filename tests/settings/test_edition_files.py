"""The files edition.toml names (report/settings/files.py): an emblem or print profile that
is a link or lies outside the inputs folder, too large, or not what it claims to be is
refused with a message; nothing but the inputs' own files reaches out/."""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

import pytest

from report.paths import CATALOGUE, INPUTS
from report.settings.edition import EditionError, load_edition
from report.settings.files import MAX_EMBLEM_BYTES
from tests.settings.test_settings import YEAR, _edit


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    root = tmp_path / "inputs"
    shutil.copytree(CATALOGUE, root / "catalogue")
    shutil.copytree(INPUTS / str(YEAR), root / str(YEAR),
                    ignore=shutil.ignore_patterns("*.xlsx"))
    return root


SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{}</svg>'


def _png(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk
            + struct.pack(">I", zlib.crc32(chunk)))


def _emblem(inputs: Path, name: str, data: bytes | None = None) -> Path:
    """edition.toml naming ``name`` (written with ``data`` when given)."""
    folder = inputs / str(YEAR)
    if data is not None:
        (folder / name).write_bytes(data)
    _edit(folder / "edition.toml", 'emblem = "emblem.svg"', f'emblem = "{name}"')
    return folder / "edition.toml"


def _refused(path: Path, match: str) -> None:
    with pytest.raises(EditionError, match=match):
        load_edition(path, YEAR, 2021)


def test_the_samples_emblem_is_accepted(inputs: Path) -> None:
    assert load_edition(inputs / str(YEAR) / "edition.toml", YEAR, 2021).emblem is not None


def test_a_symbolic_link_is_refused(inputs: Path) -> None:
    link = inputs / str(YEAR) / "link.svg"
    link.symlink_to(inputs / str(YEAR) / "emblem.svg")
    _refused(_emblem(inputs, "link.svg"), "symbolic link")


def test_a_file_outside_the_inputs_is_refused(inputs: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere.svg").write_bytes((inputs / str(YEAR) / "emblem.svg").read_bytes())
    _refused(_emblem(inputs, "../../elsewhere.svg"), "outside the inputs folder")


@pytest.mark.parametrize(("body", "match"), [
    ('<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
     '<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>', "DOCTYPE or entities"),
    (SVG.format('<image href="file:///etc/passwd" width="10" height="10"/>'),
     "reference outside the file"),
    (SVG.format('<use xmlns:x="http://www.w3.org/1999/xlink" x:href="https://x.test/a.svg#s"/>'),
     "reference outside the file"),
    (SVG.format('<script>alert(1)</script>'), "<script> is refused"),
    (SVG.format('<rect width="1" height="1" style="fill:url(https://x.test/p)"/>'),
     "url\\(\\) outside the file"),
    (SVG.format('<rect width="1" height="1" onload="x()"/>'), "event attribute"),
    ('<html><body>not an svg</body></html>', "not an SVG file"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><unclosed></svg>', "not a readable SVG"),
])
def test_an_svg_is_parsed_safely(inputs: Path, body: str, match: str) -> None:
    _refused(_emblem(inputs, "bad.svg", body.encode()), match)


def test_a_local_reference_and_gradient_stay_allowed(inputs: Path) -> None:
    body = SVG.format('<defs><linearGradient id="g"/></defs>'
                      '<rect width="1" height="1" fill="url(#g)"/><use href="#g"/>')
    path = _emblem(inputs, "fine.svg", body.encode())
    assert load_edition(path, YEAR, 2021).emblem == (path.parent / "fine.svg").resolve()


@pytest.mark.parametrize(("data", "match"), [
    (b"GIF89a not a png at all", "not a PNG file"),
    (_png(0, 10), "each side must be 1 to"),
    (_png(50_000, 50_000), "each side must be 1 to"),
])
def test_a_png_is_checked_by_its_header_and_dimensions(inputs: Path, data: bytes,
                                                       match: str) -> None:
    _refused(_emblem(inputs, "bad.png", data), match)


def test_a_png_that_is_one_is_accepted(inputs: Path) -> None:
    assert load_edition(_emblem(inputs, "ok.png", _png(300, 300)), YEAR, 2021).emblem


def test_a_jpeg_is_checked_by_its_header(inputs: Path) -> None:
    _refused(_emblem(inputs, "bad.jpg", b"\x89PNG\r\n\x1a\n"), "not a JPEG file")


def test_an_emblem_larger_than_allowed_is_refused(inputs: Path) -> None:
    big = SVG.format("<!--" + "x" * MAX_EMBLEM_BYTES + "-->").encode()
    _refused(_emblem(inputs, "big.svg", big), "MB allowed")


def test_a_print_profile_is_the_inputs_own_icc_file(inputs: Path, tmp_path: Path) -> None:
    folder = inputs / str(YEAR)
    edition = folder / "edition.toml"
    text = edition.read_text("utf-8")
    (folder / "shop.icc").write_bytes(b"\0" * 36 + b"acsp" + b"\0" * 100)
    edition.write_text(text + '\nprint_profile = "shop.icc"\n', "utf-8")
    assert load_edition(edition, YEAR, 2021).print_profile == folder / "shop.icc"
    (folder / "fake.icc").write_bytes(b"not a profile" * 10)
    edition.write_text(text + '\nprint_profile = "fake.icc"\n', "utf-8")
    _refused(edition, "not an ICC colour profile")
    (tmp_path / "outside.icc").write_bytes(b"\0" * 36 + b"acsp" + b"\0" * 100)
    (folder / "linked.icc").symlink_to(tmp_path / "outside.icc")
    edition.write_text(text + '\nprint_profile = "linked.icc"\n', "utf-8")
    _refused(edition, "symbolic link")
