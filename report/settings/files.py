"""A file edition.toml names (the covers' emblem, the print shop's colour profile) -> what is
wrong with it, before the build reads a byte of it for an output:

- it must be a regular file of the inputs folder itself: not a symbolic link, nothing that
  resolves outside the inputs (only the inputs' own files are ever copied into out/ or
  embedded in a PDF);
- no larger than a size set here;
- what it claims to be: an SVG that parses as SVG with no DOCTYPE (so no entity to
  expand), no script and no reference outside itself; a PNG or JPEG whose header says so,
  with dimensions within bounds; an ICC profile with its signature.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from xml.etree import ElementTree

MAX_EMBLEM_BYTES = 4 * 1024 * 1024  # a cover's emblem: a few hundred KB at most in practice
MAX_PROFILE_BYTES = 16 * 1024 * 1024  # print shops' CMYK profiles weigh 0.5 to 5 MB
MAX_SIDE = 10_000  # pixels: a raster emblem larger than this is not a cover's emblem
SVG = "{http://www.w3.org/2000/svg}"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
LOCAL = re.compile(r"^\s*#")  # a reference inside the file itself
URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"]*)", re.I)


def inside_faults(name: str, path: Path, inputs: Path) -> list[str]:
    """A link, or a path outside ``inputs``: refused."""
    if path.is_symlink():
        return [f"{name} {path.name!r}: a symbolic link; put the file itself in the inputs "
                "folder"]
    try:
        path.resolve(strict=True).relative_to(inputs.resolve())
    except (OSError, ValueError):
        return [f"{name} {str(path)!r}: outside the inputs folder ({inputs}); put the file "
                "itself beside edition.toml"]
    if not path.is_file():
        return [f"{name} {path.name!r}: not a file"]
    return []


def size_fault(name: str, path: Path, limit: int) -> list[str]:
    size = path.stat().st_size
    if size > limit:
        return [f"{name} {path.name!r}: {size // 1024} KB, more than the "
                f"{limit // (1024 * 1024)} MB allowed"]
    return []


def emblem_faults(path: Path, inputs: Path) -> list[str]:
    """Everything wrong with an emblem file, or []."""
    found = inside_faults("emblem", path, inputs)
    if found:
        return found
    found = size_fault("emblem", path, MAX_EMBLEM_BYTES)
    if found:
        return found
    data = path.read_bytes()
    kind = path.suffix.lower()
    check = {".svg": _svg_faults, ".png": _png_faults, ".jpg": _jpeg_faults,
             ".jpeg": _jpeg_faults}.get(kind)
    faults = check(data) if check else [f"an image file is needed, not {kind or 'no suffix'}"]
    return [f"emblem {path.name!r}: {f}" for f in faults]


def profile_faults(path: Path, inputs: Path) -> list[str]:
    """Everything wrong with a print profile file, or []."""
    found = inside_faults("print_profile", path, inputs) or \
        size_fault("print_profile", path, MAX_PROFILE_BYTES)
    if found:
        return found
    with path.open("rb") as fh:
        head = fh.read(40)
    if len(head) < 40 or head[36:40] != b"acsp":
        return [f"print_profile {path.name!r}: not an ICC colour profile (no 'acsp' signature)"]
    return []


def _svg_faults(data: bytes) -> list[str]:
    if re.search(rb"<!DOCTYPE|<!ENTITY", data, re.I):
        return ["an SVG with a DOCTYPE or entities is refused (entities can expand or read "
                "other files); save it as plain SVG"]
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        return [f"not a readable SVG file ({exc})"]
    if root.tag != f"{SVG}svg":
        return ["not an SVG file (its root element is not <svg>)"]
    faults = []
    for el in root.iter():
        tag = el.tag.rpartition("}")[2] if isinstance(el.tag, str) else ""
        if tag in ("script", "foreignObject"):
            faults.append(f"<{tag}> is refused in an emblem")
        for attr, value in el.attrib.items():
            local = attr.rpartition("}")[2]
            if local.lower().startswith("on"):
                faults.append(f"the event attribute {local!r} is refused")
            elif local == "href" and not LOCAL.match(value):
                faults.append(f"a reference outside the file ({value[:60]!r}) is refused")
            elif any(not LOCAL.match(u) for u in URL.findall(value)):
                faults.append(f"a url() outside the file in {local!r} is refused")
        if tag == "style" and (el.text or "") and (
                "@import" in (el.text or "") or any(not LOCAL.match(u)
                                                   for u in URL.findall(el.text or ""))):
            faults.append("a stylesheet reading another file is refused")
    return list(dict.fromkeys(faults))


def _png_faults(data: bytes) -> list[str]:
    if not data.startswith(PNG_MAGIC) or data[12:16] != b"IHDR" or len(data) < 24:
        return ["not a PNG file (its header says otherwise)"]
    width, height = struct.unpack(">II", data[16:24])
    return _side_faults(width, height)


def _jpeg_faults(data: bytes) -> list[str]:
    if not data.startswith(b"\xff\xd8\xff"):
        return ["not a JPEG file (its header says otherwise)"]
    size = _jpeg_size(data)
    if size is None:
        return ["a JPEG file without readable dimensions"]
    return _side_faults(*size)


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from the first start-of-frame segment."""
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        i += 2 + length
    return None


def _side_faults(width: int, height: int) -> list[str]:
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        return [f"{width} x {height} pixels: each side must be 1 to {MAX_SIDE}"]
    return []
