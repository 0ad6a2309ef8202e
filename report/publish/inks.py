"""A print PDF painted in RGB (WeasyPrint's CSS colours, matplotlib's SVG charts) -> the same
PDF painted in the printing condition's CMYK, rewritten in place with pikepdf; colours
converted by littleCMS (Pillow's ImageCms) through the output intent's profile.

- Every RGB colour (``rg``/``RG``; ``sc``/``scn`` in DeviceRGB, an RGB ICC space or CalRGB;
  the colours of gradients' shadings; RGB images) goes through the profile (relative
  colorimetric, black point compensation), its total ink held under the limit.
- A neutral colour (red, green and blue equal: black, the greys of text, rules, grids and
  chart labels) becomes a tint of black ink alone, K = 1 - grey: no grey prints on four
  plates. DeviceGray (``g``/``G``) becomes black ink the same way.
- Transparency groups blend in DeviceCMYK.

Content streams of pages, form XObjects, tiling patterns and appearance streams are each
rewritten once; text, fonts, structure and metadata are left as they are. Deterministic.
Without a profile (none named, none on this machine) a plain formula converts: labelled as
such by the build, never the printing condition.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import pikepdf
from PIL import Image, ImageCms

RGB = "rgb"
GRAY = "gray"
CMYK = "cmyk"
OTHER = "other"  # Pattern, Lab, Separation...: no colour of its own to convert here
DEFAULT_LIMIT = 300.0  # % of total ink when neither the shop nor its profile sets one


@dataclass
class Inks:
    """RGB -> CMYK through one output profile (or the plain formula), ink held to ``limit``
    (% of total ink, 100 to 400)."""

    profile: bytes | None
    limit: float = DEFAULT_LIMIT
    _cache: dict[tuple[float, ...], tuple[float, ...]] = field(default_factory=dict)
    _transform: ImageCms.ImageCmsTransform | None = None

    def __post_init__(self) -> None:
        if self.profile is not None:
            self._transform = ImageCms.buildTransform(
                ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(io.BytesIO(self.profile)),
                "RGB", "CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)

    def cmyk(self, r: float, g: float, b: float) -> tuple[float, float, float, float]:
        """An sRGB colour (0..1) -> C, M, Y, K (0..1): black ink alone for a neutral."""
        if max(r, g, b) - min(r, g, b) < 0.5 / 255:
            return 0.0, 0.0, 0.0, round(1 - min(max((r + g + b) / 3, 0.0), 1.0), 4)
        key = tuple(round(min(max(v, 0.0), 1.0) * 255) for v in (r, g, b))
        if key not in self._cache:
            self._cache[key] = self._convert(key)
        c, m, y, k = self._cache[key]
        return c, m, y, k

    def _convert(self, rgb: tuple[int, ...]) -> tuple[float, ...]:
        if rgb[0] == rgb[1] == rgb[2]:  # within half a step of 8 bits: a neutral all the same
            return 0.0, 0.0, 0.0, round(1 - rgb[0] / 255, 4)
        r, g, b = (v / 255 for v in rgb)
        cmyk = plain_cmyk(r, g, b) if self._transform is None else self._through(rgb)
        return tuple(round(v, 4) for v in held(cmyk, self.limit))

    def _through(self, rgb: tuple[int, ...]) -> tuple[float, float, float, float]:
        """One colour through the profile's transform."""
        assert self._transform is not None
        image = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), self._transform)
        assert image is not None
        c, m, y, k = (v / 255 for v in image.tobytes())
        return c, m, y, k

    def image(self, image: Image.Image) -> Image.Image:
        """An RGB image -> the same in CMYK through the profile (each pixel held to the
        limit only through the profile's own)."""
        if self._transform is None:
            return image.convert("CMYK")
        converted = ImageCms.applyTransform(image.convert("RGB"), self._transform)
        assert converted is not None
        return converted


def plain_cmyk(r: float, g: float, b: float) -> tuple[float, float, float, float]:
    """The formula used without any profile: full grey replacement by black."""
    k = 1 - max(r, g, b)
    if k >= 1:
        return 0.0, 0.0, 0.0, 1.0
    return (1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k


def held(cmyk: tuple[float, float, float, float], limit: float) -> tuple[float, ...]:
    """C, M, Y scaled down (black kept) so that C+M+Y+K stays within ``limit`` %."""
    c, m, y, k = cmyk
    room, cmy = limit / 100 - k, c + m + y
    if cmy <= room or cmy == 0:
        return cmyk
    f = max(room, 0.0) / cmy
    return c * f, m * f, y * f, k


def profile_limit(profile: bytes) -> float:
    """The total ink of the profile's darkest colour (its own limit), in %."""
    transform = ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(io.BytesIO(profile)),
        "RGB", "CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), (0, 0, 0)), transform)
    assert pixel is not None
    return round(sum(pixel.tobytes()) / 2.55, 1)


# the PDF's colour spaces ---------------------------------------------------------------

def space_kind(space: pikepdf.Object | None, resources: pikepdf.Object | None) -> str:
    """A colour space operand or object -> RGB, GRAY, CMYK or OTHER (None: DeviceGray, the
    initial colour space)."""
    if space is None:
        return GRAY
    if isinstance(space, pikepdf.Name):
        name = str(space)
        direct = {"/DeviceRGB": RGB, "/DeviceGray": GRAY, "/DeviceCMYK": CMYK, "/Pattern": OTHER}
        if name in direct:
            return direct[name]
        named = entry(entry(resources, "/ColorSpace"), name)
        return space_kind(named, None) if named is not None else OTHER
    if isinstance(space, pikepdf.Array) and len(space):
        family = str(space[0])
        if family == "/ICCBased":
            return {3: RGB, 1: GRAY, 4: CMYK}.get(int(space[1].get("/N", 0)), OTHER)
        return {"/CalRGB": RGB, "/CalGray": GRAY}.get(family, OTHER)
    return OTHER


def entry(dictionary: pikepdf.Object | None, key: str) -> pikepdf.Object | None:
    """``dictionary[key]``, or None when either is missing."""
    return dictionary.get(key) if dictionary is not None else None


def values(dictionary: pikepdf.Object | None) -> list[pikepdf.Object]:
    """The values of a dictionary that may be missing."""
    return list(dictionary.values()) if dictionary is not None else []


# walking every content stream once -----------------------------------------------------

@dataclass(frozen=True)
class Stream:
    """A content stream (a page's, a form's, a pattern's) and the resources it paints with."""

    owner: pikepdf.Object  # the page dictionary or the stream object
    resources: pikepdf.Object | None


def streams(pdf: pikepdf.Pdf) -> Iterator[Stream]:
    """Every content stream of the PDF once: pages, the forms, tiling patterns and
    annotation appearances they use, nested."""
    seen: set[tuple[int, int]] = set()
    todo: list[Stream] = []
    for page in pdf.pages:
        page.contents_coalesce()
        todo.append(Stream(page.obj, page.obj.get("/Resources")))
        for annot in page.obj.get("/Annots", []):
            for appearance in (annot.get("/AP") or {}).values():
                if isinstance(appearance, pikepdf.Stream):
                    todo.append(Stream(appearance, appearance.get("/Resources")))
    while todo:
        stream = todo.pop(0)
        key = stream.owner.objgen
        if key != (0, 0) and key in seen:
            continue
        seen.add(key)
        yield stream
        todo.extend(_inner(stream.resources))


def _inner(resources: pikepdf.Object | None) -> Iterator[Stream]:
    for xobject in values(entry(resources, "/XObject")):
        if xobject.get("/Subtype") == "/Form":
            yield Stream(xobject, xobject.get("/Resources"))
    for pattern in values(entry(resources, "/Pattern")):
        if int(pattern.get("/PatternType", 0)) == 1:
            yield Stream(pattern, pattern.get("/Resources"))


def content_of(stream: Stream) -> pikepdf.Object:
    """The stream object holding the instructions (a page's /Contents, or the stream)."""
    return stream.owner.Contents if "/Type" in stream.owner and \
        stream.owner.Type == pikepdf.Name.Page else stream.owner


def shadings(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Object]:
    """Every shading dictionary reachable from a stream's resources (and its patterns)."""
    seen: set[tuple[int, int]] = set()
    for stream in streams(pdf):
        found = values(entry(stream.resources, "/Shading"))
        found += [p.Shading for p in values(entry(stream.resources, "/Pattern"))
                  if "/Shading" in p]
        for shading in found:
            if shading.is_indirect and shading.objgen in seen:
                continue
            seen.add(shading.objgen)
            yield shading


def images(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Object]:
    seen: set[tuple[int, int]] = set()
    for stream in streams(pdf):
        for xobject in values(entry(stream.resources, "/XObject")):
            if xobject.get("/Subtype") == "/Image" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                yield xobject


def groups(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Object]:
    """The transparency group dictionaries of pages and forms."""
    for stream in streams(pdf):
        group = stream.owner.get("/Group")
        if group is not None:
            yield group


# the conversion ------------------------------------------------------------------------

def to_cmyk(pdf: pikepdf.Pdf, inks: Inks) -> None:
    """Every colour of ``pdf`` into CMYK (see the module docstring), in place."""
    for stream in streams(pdf):
        target = content_of(stream)
        instructions = pikepdf.parse_content_stream(target)
        target.write(pikepdf.unparse_content_stream(
            list(_painted(instructions, stream.resources, inks))))
    for shading in shadings(pdf):
        _shading(shading, inks)
    for image in images(pdf):
        _image(image, inks)
    for group in groups(pdf):
        if space_kind(group.get("/CS", pikepdf.Name.DeviceCMYK), None) in (RGB, GRAY):
            group.CS = pikepdf.Name.DeviceCMYK


OPS = {"rg": "k", "RG": "K", "g": "k", "G": "K"}
SPACE_OPS = {"cs": "fill", "CS": "stroke"}
COLOUR_OPS = {"sc": "fill", "scn": "fill", "SC": "stroke", "SCN": "stroke"}


Instruction = pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage


def _painted(instructions: list[Instruction], resources: pikepdf.Object | None,
             inks: Inks) -> Iterator[Instruction]:
    """The instructions with their colours in CMYK; the colour spaces set by cs/CS follow
    q/Q as the graphics state does."""
    spaces = {"fill": GRAY, "stroke": GRAY}
    saved: list[dict[str, str]] = []
    for item in instructions:
        if isinstance(item, pikepdf.ContentStreamInlineImage):
            yield item
            continue
        operands, op = list(item.operands), str(item.operator)
        if op == "q":
            saved.append(dict(spaces))
        elif op == "Q" and saved:
            spaces = saved.pop()
        if op in OPS:
            yield _instruction(_ink(operands, inks), OPS[op])
        elif op in SPACE_OPS:
            kind = space_kind(operands[0], resources)
            spaces[SPACE_OPS[op]] = kind
            yield _instruction([pikepdf.Name.DeviceCMYK], op) if kind in (RGB, GRAY) else item
        elif op in COLOUR_OPS and spaces[COLOUR_OPS[op]] in (RGB, GRAY) \
                and all(not isinstance(v, pikepdf.Name) for v in operands):
            yield _instruction(_ink(operands, inks), op)
        else:
            yield item


def _ink(operands: list, inks: Inks) -> list[Decimal]:
    """The operands of an RGB or gray colour -> those of its CMYK colour."""
    values = [float(v) for v in operands]
    rgb = values * 3 if len(values) == 1 else values
    return [number(v) for v in inks.cmyk(*rgb[:3])]


def number(value: float) -> Decimal:
    """A colour component as the PDF writes it: 0, 1, 0.8, 0.9647."""
    return Decimal(repr(round(value, 4))).normalize()


def _instruction(operands: list, op: str) -> pikepdf.ContentStreamInstruction:
    return pikepdf.ContentStreamInstruction(operands, pikepdf.Operator(op))


def _shading(shading: pikepdf.Object, inks: Inks) -> None:
    """An axial or radial gradient's colours (its exponential functions' C0 and C1, also
    under a stitching function) into CMYK."""
    if space_kind(shading.get("/ColorSpace"), None) not in (RGB, GRAY):
        return
    if int(shading.ShadingType) not in (2, 3):
        raise ValueError(f"shading type {int(shading.ShadingType)} in RGB: not converted")
    _function(shading.Function, inks)
    shading.ColorSpace = pikepdf.Name.DeviceCMYK


def _function(function: pikepdf.Object, inks: Inks) -> None:
    kind = int(function.FunctionType)
    if kind == 3:
        for part in function.Functions:
            _function(part, inks)
    elif kind == 2:
        for end in ("/C0", "/C1"):
            given = [float(v) for v in function.get(end, [0.0] if end == "/C0" else [1.0])]
            function[end] = pikepdf.Array(_ink(given, inks))
    else:
        raise ValueError(f"a gradient's function of type {kind} in RGB: not converted")


def _image(image: pikepdf.Object, inks: Inks) -> None:
    """An RGB (or gray) image's pixels into CMYK, written back with Flate."""
    kind = space_kind(image.get("/ColorSpace", pikepdf.Name.DeviceGray), None)
    if kind not in (RGB, GRAY) or image.get("/ImageMask", False):
        return
    assert isinstance(image, pikepdf.Stream)
    pil = pikepdf.PdfImage(image).as_pil_image()
    cmyk = inks.image(pil) if kind == RGB else _gray_to_k(pil)
    image.write(zlib.compress(cmyk.tobytes()), filter=pikepdf.Name.FlateDecode)
    image.ColorSpace = pikepdf.Name.DeviceCMYK
    image.BitsPerComponent = 8
    for key in ("/DecodeParms", "/Decode"):
        if key in image:
            del image[key]


def _gray_to_k(image: Image.Image) -> Image.Image:
    """A gray image as black ink: K = 1 - gray."""
    k = image.convert("L").point(lambda v: 255 - v)
    blank = Image.new("L", k.size, 0)
    return Image.merge("CMYK", (blank, blank, blank, k))
