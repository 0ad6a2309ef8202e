"""The Arabic narrative chapters render with the report's Jinja environment and say the
institutional facts right: legal references isolated left-to-right, key dates, the
commission's composition, and member text escaped."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from report.figures.consolidate import Dataset
from report.label import Label
from report.language.formatting import Formatter
from report.paths import CATALOGUE
from report.publish.context import (
    Assets,
    GroupView,
    IndicatorView,
    TemplateContext,
    editorial_notes,
    fact_views,
    plan_follow_up,
    sign_notes,
)
from report.publish.environment import environment
from report.settings.catalogue import Member, OfficialName, load_catalogue
from report.settings.edition import Edition

CHAPTERS = {
    "00_foreword": "foreword",
    "01_introduction": "introduction",
    "02_commission": "commission",
    "03_legal": "legal",
    "10_obstacles": "obstacles",
    "11_recommendations": "recommendations",
}
ANNEXES = {"annex_methodology": "methodology", "annex_glossary": "glossary"}
LTR = '<span dir="ltr" class="ltr">'
EVIL = "<script>alert(1)</script>"
VOID = {"br", "hr", "img", "meta", "link", "input", "col", "wbr"}

FIGURES = {  # code: (total, previous)
    "CASES": (96, 81), "PROSECUTED": (143, 120), "CONVICTED": (88, 90),
    "VICTIMS": (212, 187), "ASSISTED": (154, 131), "CALLS": (1342, 1107),
    "TRAININGS": (47, 39), "TRAINED": (1730, 1405), "CAMPAIGNS": (23, 19),
}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(CATALOGUE)


@pytest.fixture(scope="module")
def env(catalogue):
    return environment(Formatter("ar", catalogue.nouns))


def make_context(catalogue, year=2025, figures=FIGURES, received=18,
                 fictitious=True, draft=False) -> TemplateContext:
    members = tuple(catalogue.in_year(year).members)
    evil = Member("EVIL", "association", (OfficialName(dt.date(2019, 1, 1), Label(EVIL, EVIL)),))
    groups = tuple(GroupView(catalogue.groups[g]("ar"),
                             tuple(m for m in members if m.group == g)
                             + ((evil,) if g == "association" else ()))
                   for g in catalogue.groups)
    ind = {code: IndicatorView(code, catalogue.indicator(code).label("ar"),
                               catalogue.indicator(code).noun, total, previous, (), (), ())
           for code, (total, previous) in figures.items()}
    edition = Edition(year=year, number=catalogue.commission.report_number(year), draft=1,
                      draft_date=dt.date(year + 1, 3, 16),
                      publication_date=dt.date(year + 1, 6, 30),
                      title=Label("التقرير الوطني السنوي", "Rapport national annuel"),
                      signatory=Label("رئيس اللجنة", "Le Président"),
                      fictitious=fictitious, digits="latn")
    return TemplateContext(
        lang="ar", year=year, prev_year=year - 1, edition=edition, draft=draft,
        has_previous=True, years=(year - 1, year), commission=catalogue.commission, ind=ind,
        charts={}, axes=(), plan=catalogue.plan,
        follow_up=plan_follow_up(catalogue, Dataset(year, {}, {}, (), ()), None, "ar"),
        groups=groups, members=members,
        editorial=editorial_notes(catalogue.in_year(year), "ar"),
        received=received, received_codes=frozenset(m.code for m in members[:received]),
        member_count=len(members), all_received=received == len(members), recommendations=(),
        sources_compared=(),
        dimensions=catalogue.dimensions, assets=Assets((), "print.css", "2026-06-30T00:00:00Z"),
        ref=catalogue.commission.refs("ar"), facts=fact_views(catalogue, "ar"),
        signs=sign_notes("ar"))


def render(env, name, ctx: TemplateContext) -> str:
    return env.get_template(f"chapters/{name}.html.j2").render(ctx.variables())


class TagBalance(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.errors = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
        else:
            self.stack.pop()


def check_html(html):
    parser = TagBalance()
    parser.feed(html)
    parser.close()
    assert not parser.errors, parser.errors
    assert not parser.stack, f"unclosed {parser.stack}"


@pytest.mark.parametrize("year", [2023, 2024, 2025, 2027])
@pytest.mark.parametrize("name", [*CHAPTERS, *ANNEXES])
def test_renders_well_formed(env, catalogue, name, year):
    html = render(env, name, make_context(catalogue, year=year))
    check_html(html)
    assert "{{" not in html and "{%" not in html
    assert "lorem" not in html.lower()
    section_id = {**CHAPTERS, **ANNEXES}[name]
    assert re.search(rf'<section (class="chapter( unnumbered)?" )?id="{section_id}">', html)
    if name in CHAPTERS:
        assert html.count("<h1>") == 1
    else:
        assert "<h1>" not in html and html.count("<h2>") == 1


@pytest.mark.parametrize("name", [*CHAPTERS, *ANNEXES])
def test_missing_figures_do_not_break(env, catalogue, name):
    empty = {code: (None, None) for code in FIGURES}
    html = render(env, name, make_context(catalogue, figures=empty, received=0))
    check_html(html)


def test_ltr_references_are_isolated(env, catalogue):
    ctx = make_context(catalogue)
    for name in [*CHAPTERS, *ANNEXES]:
        html = render(env, name, ctx)
        for ref in ("27.14", "1.16.127", "2.17.740", "080000 4747", "1-448", "9-448",
                    "cnclt.justice.gov.ma", "E-MNR"):
            for match in re.finditer(re.escape(ref), html):
                assert html[:match.start()].endswith(LTR), f"{name}: bare {ref!r}"


def test_key_facts(env, catalogue):
    ctx = make_context(catalogue)
    legal = render(env, "03_legal", ctx)
    commission = render(env, "02_commission", ctx)
    assert LTR + "27.14</span>" in legal
    # the Penal Code's articles in the Arabic official order, read from the right
    assert "الفصل " + LTR + "1-448</span>" in legal and "448-1" not in legal
    assert LTR + "2.17.740</span>" in legal and LTR + "2.17.740</span>" in commission
    assert LTR + "080000 4747</span>" in legal
    assert LTR + "1.16.127</span>" in commission
    assert "25 غشت 2016" in commission and "6 يوليوز 2018" in commission
    assert "23 ماي 2019" in commission
    assert "17 مارس 2023" in legal and "17 مارس 2023" in commission
    assert "أبريل 2023" in legal and "مجلس أوروبا" in legal
    # composition under the decree: 22 members = 14 sectors + 6 institutions + 2 associations
    assert LTR + "22</span> عضوا" in commission
    assert LTR + "14</span> ممثلا عن القطاعات الوزارية" in commission
    assert LTR + "6</span> ممثلين عن المؤسسات الأمنية والقضائية والاجتماعية" in commission
    assert LTR + "3</span> ممثلين عن جمعيات المجتمع المدني" in commission  # with EVIL
    assert "وزارة العدل رئاسة اللجنة بتفويض من رئيس الحكومة" in commission
    # every member of the catalogue is listed, under its group heading, with the decree's
    # designation beside the name in force
    for g in ctx.groups:
        assert f'<th colspan="2" scope="rowgroup">{g.label}</th>' in commission
    for m in catalogue.in_year(2025).members:
        row = f"<td>{m.designation.ar}</td><td>{m.name.ar}</td>" if m.designation \
            else f'<td colspan="2">{m.name.ar}</td>'
        assert row in commission
    # plan axes come from the catalogue; the note shows while they are to be confirmed
    for axis in catalogue.plan.axes:
        assert axis.label.ar in legal
    assert 'class="editorial"' not in legal  # not a draft


def test_member_text_is_escaped(env, catalogue):
    html = render(env, "02_commission", make_context(catalogue))
    assert EVIL not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_foreword_is_signed_by_the_chair(env, catalogue):
    ctx = make_context(catalogue, year=2025)
    html = render(env, "00_foreword", ctx)
    assert "تقريرها الوطني السادس،" in " ".join(html.split())  # first report: 2020
    assert '<p class="signature-capacity">رئيس اللجنة</p>' in html
    assert "منهجية" not in html  # the notes on method are the introduction's
    named = dataclasses.replace(ctx, edition=dataclasses.replace(
        ctx.edition, signatory_name=Label("الاسم", "Nom")))
    assert '<p class="signature-name">الاسم</p>' in render(env, "00_foreword", named)


def test_introduction_counts_and_structure(env, catalogue):
    html = render(env, "01_introduction", make_context(catalogue, year=2025, received=18))
    assert "بمساهمات " + LTR + "18</span> عضوا من أصل " + LTR + "22</span>،" in html
    assert "%" not in html  # no machine phrasing ("22 of 22 members, i.e. 100,0 %")
    assert "بالعلامة «…»" in html  # not every member answered: the reader is told how gaps look
    chapters = ["اللجنة الوطنية لتنسيق إجراءات مكافحة الاتجار بالبشر والوقاية منه",
                "الإطار القانوني والمؤسساتي", "الظاهرة بالأرقام", "الوقاية",
                "الحماية", "الزجر والمتابعة", "الشراكة والتعاون", "تنفيذ الخطة الوطنية",
                "العوائق والإكراهات", "التوصيات", "الملاحق"]
    items = re.findall(r"<li><strong>(.*?)</strong>", html)
    assert items == chapters
    full = render(env, "01_introduction", make_context(catalogue, received=22))
    assert "غير متوفر" not in full and "من أصل" not in full
    assert "بمساهمات جميع أعضاء اللجنة" in full


def test_obstacles_use_figures(env, catalogue):
    html = render(env, "10_obstacles", make_context(catalogue))
    assert "وهو " + LTR + "212</span> ضحية" in html
    none = {code: (None, None) for code in FIGURES}
    html = render(env, "10_obstacles", make_context(catalogue, figures=none))
    assert "212" not in html and "غير متوفر" not in html


def test_methodology_fictitious_note(env, catalogue):
    html = render(env, "annex_methodology", make_context(catalogue, fictitious=True))
    assert "أرقام افتراضية" in html
    html = render(env, "annex_methodology", make_context(catalogue, fictitious=False))
    assert "أرقام افتراضية" not in html


def test_glossary_has_no_latin_letters(env, catalogue):
    """The Arabic edition prints no Latin letters outside names, addresses and units: the
    French terms are in the French edition's glossary."""
    html = render(env, "annex_glossary", make_context(catalogue))
    text = re.sub(r"<[^>]+>", "", html)
    assert not re.search(r"[A-Za-z]", text)


def test_draft_shows_them_as_editorial_marks(unconfirmed_inputs: Path) -> None:
    cat = load_catalogue(unconfirmed_inputs / "catalogue")
    env = environment(Formatter("ar", cat.nouns))
    draft = make_context(cat, draft=True)
    box = render(env, "00_editorial", draft)
    assert '<aside class="editorial"' in box
    for name in ("جمعية آفاق للمواكبة والإدماج الاجتماعي", "المغاربة المقيمون بالخارج",
                 "الخطة الوطنية لمكافحة الاتجار بالبشر والوقاية منه"):
        assert name in box
    assert "seat 2 not named yet" in box and "ask the ministry how it signs" in box
    commission = render(env, "02_commission", draft)
    assert commission.count('<span class="editorial-mark">') == 2  # AFAQ and MRE, in place
    legal = render(env, "03_legal", draft)
    assert '<p class="editorial">' in legal  # the plan's axes, set apart
    # the same chapters of a final (never printed while these remain) carry no mark
    final = make_context(cat, draft=False)
    for name in ("02_commission", "03_legal"):
        assert "editorial" not in render(env, name, final)


def test_the_sample_has_no_placeholder_and_its_draft_no_editorial_mark(sample_build: Path,
                                                                       catalogue) -> None:
    assert catalogue.unconfirmed() == ()
    html = next((sample_build / "2025").glob("report-*-draft*.html")).read_text("utf-8")
    assert "editorial" not in html.split("<body", 1)[1]


@pytest.mark.parametrize("year,present,absent", [
    (2020, ["وزارة الصحة</td>", "وزارة الشغل والإدماج المهني",
            "وزارة الثقافة والشباب والرياضة — قطاع الاتصال"],
     ["وزارة الصحة والحماية الاجتماعية", "قطاع التواصل"]),
    (2025, ["وزارة الصحة والحماية الاجتماعية", "وزارة الإدماج الاقتصادي والمقاولة الصغرى "
            "والتشغيل والكفاءات", "وزارة الشباب والثقافة والتواصل — قطاع التواصل",
            "المندوبية الوزارية المكلفة بحقوق الإنسان"],
     ["وزارة الصحة</td>", "وزارة الشغل والإدماج المهني"]),
])
def test_composition_table_names_by_year(catalogue, year, present, absent) -> None:
    env = environment(Formatter("ar", catalogue.nouns))
    html = render(env, "02_commission", make_context(catalogue, year=year))
    assert f"برسم سنة {year}" in html and f"31 دجنبر {year}" in html
    # the decree's designation stays, whatever the government
    assert "<td>السلطة الحكومية المكلفة بالشغل والإدماج المهني</td>" in html
    for text in present:
        assert text in html, text
    for text in absent:
        assert text not in html, text


def _sample_html(sample_build: Path) -> str:
    return (sample_build / "2025" / "report-2025.html").read_text("utf-8")


def _section(html: str, ident: str) -> str:
    start = re.search(f'<section class="chapter[^"]*" id="{ident}">', html).start()
    return html[start:html.index("</section>", start)]


@pytest.mark.parametrize("ident", ["prevention", "protection", "prosecution", "partnership"])
def test_activity_counts_agree_with_the_activities_listed(sample_build: Path, ident: str):
    section = _section(_sample_html(sample_build), ident)
    text = " ".join(re.sub(r"<[^>]+>", "", section).split())
    stated = re.search(r"حسب تدابير الخطة، (\d+) (?:نشاطا|أنشطة|نشاط)", text)
    # with its id (the review's anchor); "activity break-before" where a page break was placed
    listed = len(re.findall(r'<p class="activity[" ]', section))
    assert stated and int(stated.group(1)) == listed > 0, (stated, listed)


def test_introduction_announces_exactly_the_chapters(sample_build: Path):
    html = _sample_html(sample_build)
    intro = _section(html, "introduction")
    # an item may carry the class of a page break placed before it (publish/chapter_ends.py)
    announced = re.findall(r"<li[^>]*><strong>(.*?)</strong>", intro)
    body = html[html.index("</section>", html.index('id="introduction"')):]
    titles = [re.sub(r"<[^>]+>", "", t) for t in
              re.findall(r'<h1 id="[^"]+"><span class="secno">[^<]*</span>\s*(.*?)</h1>', body)]
    # a title balanced for the page keeps its words with no-break spaces (publish/balance.py)
    assert announced == [t.replace("\xa0", " ") for t in titles]


def test_members_are_never_ranked_against_each_other(sample_build: Path):
    html = _sample_html(sample_build)
    body = html[html.index("<main>"):html.index('id="annexes"')]
    # no table of figures by member, and no chart of one bar per member
    assert "<th>العضو</th>" not in body
    assert "by_member" not in body and "حسب العضو" not in body


def _strings(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return []


def test_no_deprecated_term_in_any_rendered_text(sample_build: Path, catalogue):
    """The sample's report (every edition's HTML, charts' text, data annex) and every text
    the tool renders from the catalogue, templates/text and the chapter templates."""
    import tomllib

    from report.paths import ROOT, TEMPLATES
    from report.publish.html import body_text

    texts: dict[str, tuple[str, str]] = {}  # where -> (text, lang)
    for path in sorted((sample_build / "2025").glob("*")):
        if path.suffix == ".html":
            texts[path.name] = (body_text(path.read_text("utf-8")), "ar")
        elif path.suffix in (".csv", ".json"):
            for lang in ("ar", "fr"):
                texts[f"{path.name} ({lang})"] = (path.read_text("utf-8"), lang)
    settings = [*sorted((ROOT / "inputs" / "catalogue").glob("*.toml")),
                *sorted((TEMPLATES / "text").glob("*.toml"))]
    for path in settings:
        if path.name == "terms.toml":
            continue
        joined = "\n".join(_strings(tomllib.loads(path.read_text("utf-8"))))
        for lang in ("ar", "fr"):
            texts[f"{path.name} ({lang})"] = (joined, lang)
    for path in sorted((TEMPLATES / "ar").rglob("*.j2")):  # every branch, taken or not
        source = re.sub(r"\{[{%#].*?[}%#]\}", " ", path.read_text("utf-8"), flags=re.S)
        texts[path.name] = (body_text(source), "ar")
    found = [f"{where}: «{h.found}» ({h.context})" for where, (text, lang) in texts.items()
             for h in catalogue.deprecated_terms(text, lang)]
    assert len(texts) > 30
    assert not found, "\n".join(found)


def test_the_build_warns_of_a_deprecated_term_in_members_text(catalogue, capsys):
    from report.commands.build import warn_deprecated_terms
    from report.logs import warning_lines

    html = '<html><body><p>تقديم المساعدة القنصلية <b>وترحيل</b> 19 منهم يوم 1 أبريل</p>'
    with warning_lines():  # the command line's handler
        warn_deprecated_terms(catalogue, html, "ar")
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and all(line.startswith("warning: terminology: ") for line in lines)
    assert "«ترحيل» -> «العودة الطوعية / تيسير العودة»" in lines[0]
    assert "«1 أبريل» -> «فاتح" in lines[1]


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_year_of_zeros_is_not_compared_zero_with_zero(catalogue, lang):
    """Issue 21: the methodology's comparison of sources in a year where every figure is 0
    writes no "0 قضية" and never says that 0 is the same figure as 0; a 0 beside a
    figure is said in words."""
    import dataclasses

    from report.figures.consolidate import NationalFigure
    from report.publish.context import source_comparisons

    def dataset(per: dict[str, dict[str, int]]) -> Dataset:
        figures = {k: NationalFigure(k, k.split(".")[0], None, None, 0, (), ()) for k in per}
        return Dataset(2025, figures, per, (), ())

    zeros = dataset({"CASES.total": {"PMP": 0, "DGSN": 0, "GR": 0},
                     "VICTIMS.total": {"PMP": 0, "DGSN": 0},
                     "CONVICTED.total": {"CSPJ": 0, "MJ": 0}})
    ctx = dataclasses.replace(make_context(catalogue), lang=lang,
                              sources_compared=source_comparisons(catalogue, zeros, lang))
    env = environment(Formatter(lang, catalogue.nouns))
    html = render(env, "annex_methodology", ctx)
    section = re.sub(r"<[^>]+>", "", html.split('id="methodology-sources"')[1]).split("</ul>")[0]
    assert not re.search(r"\b0\s", section), section
    if lang == "ar":
        assert "الرقم نفسه" not in section and "أي قضية" in section and "أي شخص" in section
    else:
        assert "même chiffre" not in section and "néant" in section
    mixed = dataset({"CONVICTED.total": {"CSPJ": 0, "MJ": 12}})
    ctx = dataclasses.replace(ctx, sources_compared=source_comparisons(catalogue, mixed, lang))
    html = render(env, "annex_methodology", ctx)
    section = re.sub(r"<[^>]+>", "", html.split('id="methodology-sources"')[1]).split("</ul>")[0]
    assert not re.search(r"\b0\s", section) and "12" in section


@pytest.mark.parametrize(("lang", "said"), [("ar", "وهذا حال الضحايا المحددون لسنة 2024"),
                                            ("fr", "du total « Victimes identifiées » de 2024")])
def test_a_revised_year_not_shown_in_full_is_named(catalogue, lang, said):
    """Issue 21: a revised total withheld by disclosure control is named in the methodology,
    with the reason (a revised year that cannot be shown in full)."""
    import dataclasses

    ctx = dataclasses.replace(make_context(catalogue), lang=lang, withheld_totals=(
        (catalogue.indicator("VICTIMS").label(lang), 2024),))
    html = render(environment(Formatter(lang, catalogue.nouns)), "annex_methodology", ctx)
    text = re.sub(r"<[^>]+>", "", html).replace("\u202f", " ").replace("\u00a0", " ")
    assert said in text
    plain = render(environment(Formatter(lang, catalogue.nouns)), "annex_methodology",
                   dataclasses.replace(ctx, withheld_totals=()))
    assert said not in re.sub(r"<[^>]+>", "", plain)
