"""inks: RGB into the printing condition's CMYK, in a PDF made here with every kind of colour
WeasyPrint and matplotlib write (fill and stroke operators, a colour space set by cs, a
gradient's shading, an image, a transparency group), and the rules of the conversion:
neutral greys in black ink alone, total ink held to the limit."""

from __future__ import annotations

import io
import zlib

import pikepdf
import pytest
from PIL import Image

from report.paths import GHOSTSCRIPT_CMYK
from report.publish.inks import Inks, held, plain_cmyk, profile_limit, to_cmyk
from report.publish.preflight import colours


@pytest.fixture(scope="module")
def profile() -> bytes:
    assert GHOSTSCRIPT_CMYK.is_file(), "`make test` installs libgs-common"
    return GHOSTSCRIPT_CMYK.read_bytes()


def test_neutral_greys_are_black_ink_alone(profile: bytes) -> None:
    inks = Inks(profile)
    assert inks.cmyk(0, 0, 0) == (0, 0, 0, 1.0)
    assert inks.cmyk(1, 1, 1) == (0, 0, 0, 0)
    assert inks.cmyk(0x1A / 255, 0x1A / 255, 0x1A / 255) == (0, 0, 0, round(1 - 0x1A / 255, 4))
    c, m, y, k = inks.cmyk(0x1F / 255, 0x4E / 255, 0x79 / 255)  # the report's navy
    assert c > 0.8 and m > 0.5 and y > 0.1 and 100 * (c + m + y + k) <= 300


def test_ink_held_to_the_limit(profile: bytes) -> None:
    assert sum(held((1.0, 1.0, 1.0, 0.5), 250)) == pytest.approx(2.5)
    assert held((0.5, 0.4, 0.3, 0.2), 300) == (0.5, 0.4, 0.3, 0.2)
    inks = Inks(profile, limit=180)
    for rgb in [(0.1, 0.0, 0.2), (0.75, 0.3, 0.3), (0.0, 0.3, 0.1)]:
        assert 100 * sum(inks.cmyk(*rgb)) <= 180.01
    assert 280 < profile_limit(profile) <= 400  # the SWOP profile's own black


def test_plain_formula_without_a_profile() -> None:
    assert plain_cmyk(1, 0, 0) == (0, 1, 1, 0)
    assert Inks(None).cmyk(0.5, 0.5, 0.5) == (0, 0, 0, 0.5)
    assert Inks(None).cmyk(0.2, 0.4, 0.4) == pytest.approx((0.5, 0, 0, 0.6))


def sample_pdf() -> bytes:
    """One page painting in every way: rg/RG text and rules, g, DeviceRGB set by cs then
    scn, a form XObject in a transparency group, an axial gradient's shading pattern and
    an RGB image."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(200, 200))
    def ramp(c0: list[float], c1: list[float]) -> pikepdf.Dictionary:
        return pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], N=1, C0=c0, C1=c1)

    shading = pdf.make_indirect(pikepdf.Dictionary(
        ShadingType=2, ColorSpace=pikepdf.Name.DeviceRGB, Coords=[0, 0, 100, 0],
        Function=pikepdf.Dictionary(
            FunctionType=3, Domain=[0, 1], Bounds=[0.5], Encode=[0, 1, 0, 1],
            Functions=[ramp([0.1, 0.3, 0.5], [1, 1, 1]), ramp([1, 1, 1], [0.2, 0.2, 0.2])])))
    form = pdf.make_stream(b"0.8 0.2 0.1 rg 0 0 10 10 re f", BBox=[0, 0, 10, 10],
                           Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                           Group=pikepdf.Dictionary(S=pikepdf.Name.Transparency,
                                                    CS=pikepdf.Name.DeviceRGB))
    pixels = Image.new("RGB", (2, 2), (200, 30, 30))
    image = pdf.make_stream(zlib.compress(pixels.tobytes()), Type=pikepdf.Name.XObject,
                            Subtype=pikepdf.Name.Image, Width=2, Height=2,
                            ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8,
                            Filter=pikepdf.Name.FlateDecode)
    page.Resources = pikepdf.Dictionary(
        XObject=pikepdf.Dictionary(F=form, I=image),
        Pattern=pikepdf.Dictionary(P=pikepdf.Dictionary(PatternType=2, Shading=shading)))
    page.Contents = pdf.make_stream(
        b"0.2 0.2 0.2 rg 0 0 50 50 re f 0.1 0.3 0.5 RG 0 0 m 100 0 l S 0.5 g 0 0 5 5 re f "
        b"q /DeviceRGB cs 0.9 0.6 0.1 scn 10 10 5 5 re f Q 0 0 5 5 re f "
        b"/Pattern cs /P scn 20 20 40 40 re f /F Do q 10 0 0 10 50 50 cm /I Do Q")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_every_colour_converted(profile: bytes) -> None:
    data = sample_pdf()
    before = colours(data)
    assert set(before.outside_cmyk) == {"rg", "RG", "g", "cs", "shading", "image", "group"}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        to_cmyk(pdf, Inks(profile))
        out = io.BytesIO()
        pdf.save(out)
        content = pdf.pages[0].Contents.read_bytes().decode()
        image = pdf.pages[0].Resources.XObject.I
        assert image.ColorSpace == pikepdf.Name.DeviceCMYK
        assert pikepdf.PdfImage(image).as_pil_image().mode == "CMYK"
        shading = pdf.pages[0].Resources.Pattern.P.Shading
        assert shading.ColorSpace == pikepdf.Name.DeviceCMYK
        assert [float(v) for v in shading.Function.Functions[1].C1] == [0, 0, 0, 0.8]
    after = colours(out.getvalue())
    assert after.ok and 0 < after.max_ink <= 300
    assert "0 0 0 0.8 k" in content  # the grey text: black ink alone
    assert "0 0 0 0.5 k" in content  # DeviceGray: black ink
    # after q ... Q the fill space is DeviceGray again: "0 0 5 5 re f" keeps the grey
    assert content.count("/DeviceCMYK cs") == 1


def test_converting_twice_changes_nothing(profile: bytes) -> None:
    once = io.BytesIO()
    with pikepdf.open(io.BytesIO(sample_pdf())) as pdf:
        to_cmyk(pdf, Inks(profile))
        pdf.save(once)
    twice = io.BytesIO()
    with pikepdf.open(io.BytesIO(once.getvalue())) as pdf:
        to_cmyk(pdf, Inks(profile))
        pdf.save(twice)
    assert colours(twice.getvalue()) == colours(once.getvalue())
