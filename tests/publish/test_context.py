"""context: every comparison and superlative is computed in Python, and the chapters write it
true to the data: a zero year, ties, a single case, a missing year or category, a figure not
received; complementary services are not compared with the national figure."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re

import pytest

from report.charts.model import Chart
from report.charts.specs import load_specs
from report.figures.consolidate import Dataset, NationalFigure
from report.figures.records import Source
from report.label import Label
from report.language.formatting import Formatter
from report.paths import CHARTS
from report.publish.context import Assets, Row, build_context, leading
from report.publish.environment import environment
from report.publish.html import french_typography
from report.settings.edition import Edition

YEAR = 2025
FORMS = ("SEX", "FL", "SERV", "BEG", "SLAV", "ORG", "MED", "CRIM", "ARMED", "OTHER")


def row(value, previous=None, total=None):
    return Row("x", value, previous, value / total if value is not None and total else None)


@pytest.mark.parametrize("values,previous,labels,only,as_before", [
    ((5, 3, 1), (4, 1, 0), ("a",), False, True),  # one leader, the same as last year
    ((5, 5, 1), (4, 1, 0), ("a", "b"), False, False),  # a tie
    ((2, 2, 2), (0, 0, 0), ("a", "b", "c"), False, False),  # all tied; nothing last year
    ((0, 4, 0), (4, 1, 0), ("b",), True, False),  # the only category with any figure
    ((1, 0, 0), None, ("a",), True, False),  # one case; no previous year
])
def test_leading_is_computed_with_ties_and_zeros(values, previous, labels, only, as_before):
    previous = previous or (None,) * len(values)
    rows = [Row(n, v, p, None) for n, v, p in zip("abc", values, previous, strict=True)]
    lead = leading(rows, sum(values))
    assert lead is not None
    assert (lead.labels, lead.only, lead.as_before) == (labels, only, as_before)
    assert lead.value == max(values) and lead.share == max(values) / sum(values)


@pytest.mark.parametrize("values", [(0, 0, 0), (3, None, 1), ()])
def test_no_superlative_over_zeros_or_a_missing_figure(values):
    assert leading([row(v) for v in values], 4) is None


def dataset(cat, year: int, values: dict[str, int | None], per_member=None,
            received=None) -> Dataset:
    """A consolidated year from national values by key; absent keys are not received."""
    figures = {}
    for ind in cat.indicators:
        keys = [(f"{ind.code}.total", None, None)] + [
            (f"{ind.code}.{b.dimension.code}.{c.code}", b.dimension.code, c.code)
            for b in ind.breakdowns for c in b.dimension.categories]
        for key, dim, code in keys:
            value = values.get(key)
            first = ind.national_reporters[0]
            sources = (Source(first, f"{first}-{year}.xlsx", "data", "C5"),) \
                if value is not None else ()
            figures[key] = NationalFigure(key, ind.code, dim, code, value, sources,
                                          () if value is not None else (first,))
    codes = tuple(m.code for m in cat.members) if received is None else received
    return Dataset(year, figures, per_member or {}, (), codes)


def filled(cat, total: int, forms: dict[str, int] | None = None, **totals) -> dict:
    """Every figure of the catalogue at ``total`` (breakdowns split evenly, forms as given)."""
    values: dict[str, int | None] = {}
    for ind in cat.indicators:
        t = totals.get(ind.code, total)
        values[f"{ind.code}.total"] = t
        for b in ind.breakdowns:
            cats = b.dimension.categories
            for i, c in enumerate(cats):
                values[f"{ind.code}.{b.dimension.code}.{c.code}"] = t if i == 0 else 0
    for code in FORMS:
        values[f"VICTIMS.form.{code}"] = (forms or {}).get(code, 0)
    return values


@pytest.fixture(scope="module")
def charts() -> tuple[Chart, ...]:
    return tuple(Chart(s.id, s.chapter, s.title["ar"], "alt", f"charts/{s.id}.svg",
                       f"{YEAR - 2}-{YEAR}", "—") for s in load_specs(CHARTS / "charts.toml"))


def chapter(cat, datasets, name: str, charts, draft=False, recommendations=None,
            lang="ar") -> str:
    """A chapter rendered from consolidated years, as plain text (tags out, spaces one), in
    the Arabic edition or (``lang="fr"``) the French one, French typography applied."""
    cat = cat.in_year(YEAR)
    edition = Edition(year=YEAR, number=6, draft=1, draft_date=dt.date(2026, 3, 16),
                      publication_date=dt.date(2026, 6, 30), title=Label("ت", "R"),
                      signatory=Label("ر", "P"), fictitious=True, digits="latn")
    ctx = build_context(cat, datasets, YEAR, charts, edition, lang, draft,
                        Assets((), "print.css", "2026-06-30T00:00:00Z"), recommendations)
    env = environment(Formatter(lang, cat.nouns))
    html = env.get_template(f"chapters/{name}.html.j2").render(ctx.variables())
    if lang == "fr":
        html = french_typography(html)
    html = re.sub(r"</t[dh]>", " ", html)  # table cells apart
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", "", html)).split())


def test_a_zero_year_is_written_as_a_writer_would(catalogue, charts):
    datasets = {YEAR - 1: dataset(catalogue, YEAR - 1, filled(catalogue, 12, {"SEX": 7})),
                YEAR: dataset(catalogue, YEAR, filled(catalogue, 0))}
    text = chapter(catalogue, datasets, "04_figures", charts)
    assert "لم تسجل خلال سنة 2025، حسب معطيات رئاسة النيابة العامة، أي قضية تتعلق بالاتجار " \
        "بالبشر، مقابل 12 قضية سنة 2024." in text
    assert "ولم يتم خلال السنة نفسها، حسب المصدر نفسه، تحديد أي ضحية" in text
    assert "ولم يتابع" in text and "فيما لم يصدر أي حكم بالإدانة" in text
    assert not re.search(r"(?<![0-9.,])0 (قضية|ضحية|شخص)", text)
    assert "الأكثر تسجيلا" not in text and "تساوى" not in text  # nothing to rank
    # the share of a zero total is a dash, never "not received"
    assert "غير متوفر" not in text
    assert "نساء 12 0 ×" in text and "رجال 0 0 ×" in text  # no share of a zero total
    prevention = chapter(catalogue, datasets, "05_prevention", charts)
    assert "لم يصرح الأعضاء بتنظيم أي حملة للتحسيس والتوعية خلال سنة 2025، مقابل 12 حملة " \
        "سنة 2024." in prevention
    assert "ولم يستقبل الرقم الأخضر 080000 4747 أي مكالمة" in prevention
    assert not re.search(r"(?<![0-9.,])0 (حملة|دورة|مكالمة)", prevention)


@pytest.mark.parametrize("forms,expected", [
    ({"SEX": 10, "FL": 10, "BEG": 3}, "فقد تساوى في صدارة الأشكال المسجلة كل من الاستغلال "
     "الجنسي والعمل القسري، بما عدده 10 ضحايا لكل منهما."),
    ({"SEX": 4, "FL": 4, "BEG": 4}, "كل من الاستغلال الجنسي، والعمل القسري، والتسول، بما عدده "
     "4 ضحايا لكل منها."),
])
def test_ties_are_written_as_ties(catalogue, charts, forms, expected):
    datasets = {YEAR: dataset(catalogue, YEAR, filled(catalogue, 20, forms))}
    text = chapter(catalogue, datasets, "04_figures", charts)
    assert expected in text
    assert "الشكل الأكثر تسجيلا" not in text


def test_one_leader_said_to_remain_only_when_it_led_last_year(catalogue, charts):
    before = {YEAR - 1: dataset(catalogue, YEAR - 1, filled(catalogue, 20, {"SEX": 9, "FL": 4}))}
    same = {**before, YEAR: dataset(catalogue, YEAR, filled(catalogue, 20, {"SEX": 12, "FL": 5}))}
    text = chapter(catalogue, same, "04_figures", charts)
    assert "فقد ظل الشكل الأكثر تسجيلا، كما في سنة 2024، هو الاستغلال الجنسي، إذ همّ 12 ضحية، " \
        "أي 60,0% من مجموع الضحايا المحددين." in text
    other = {**before, YEAR: dataset(catalogue, YEAR, filled(catalogue, 20, {"SEX": 2, "FL": 5}))}
    text = chapter(catalogue, other, "04_figures", charts)
    assert "فقد كان الشكل الأكثر تسجيلا هو العمل القسري، إذ همّ 5 ضحايا" in text
    assert "ظل" not in text


def test_a_single_case_and_a_single_form(catalogue, charts):
    one = {YEAR: dataset(catalogue, YEAR, filled(catalogue, 1, {"BEG": 1}))}
    text = chapter(catalogue, one, "04_figures", charts)
    assert "سجلت خلال سنة 2025، حسب معطيات رئاسة النيابة العامة، قضية واحدة تتعلق" in text
    assert "فتتعلق الحالة المسجلة بالتسول." in text
    several = {YEAR: dataset(catalogue, YEAR, filled(catalogue, 6, {"BEG": 6}))}
    text = chapter(catalogue, several, "04_figures", charts)
    assert "فقد تعلقت جميع الحالات المسجلة بشكل واحد من أشكال الاستغلال هو التسول." in text


def test_a_missing_year_or_category_gives_no_comparison_and_no_superlative(catalogue, charts):
    values = filled(catalogue, 20, {"SEX": 9, "FL": 4})
    values["VICTIMS.form.BEG"] = None  # one category not received
    alone = {YEAR: dataset(catalogue, YEAR, values)}  # no year before
    text = chapter(catalogue, alone, "04_figures", charts)
    assert "دون مقارنة ممكنة مع سنة 2024" in text
    assert "مقابل" not in text
    assert "الأكثر تسجيلا" not in text and "تساوى" not in text
    assert "ويبين الشكل توزيع الضحايا حسب شكل الاستغلال" in text


def test_a_figure_not_received_is_said_with_the_member_awaited(catalogue, charts):
    values = filled(catalogue, 20, {"SEX": 9})
    values["CASES.total"] = None
    text = chapter(catalogue, {YEAR: dataset(catalogue, YEAR, values)}, "04_figures", charts)
    assert "لم تتوصل الكتابة الدائمة، عند إعداد هذه الصيغة، برقم «قضايا الاتجار بالبشر " \
        "المسجلة» برسم سنة 2025 من رئاسة النيابة العامة." in text


def test_partial_services_are_not_compared_and_sources_are_stated_neutrally(catalogue, charts):
    per = {"CASES.total": {"PMP": 172, "DGSN": 178, "GR": 168},
           "CONVICTED.total": {"CSPJ": 166, "MJ": 175},
           "VICTIMS.total": {"PMP": 278, "DGSN": 275}}
    values = filled(catalogue, 20, {"SEX": 9}, CASES=172, CONVICTED=166, VICTIMS=278)
    datasets = {YEAR: dataset(catalogue, YEAR, values, per)}
    text = chapter(catalogue, datasets, "12_annexes", charts)
    start = text.index("تصدر بعض أرقام الظاهرة عن أكثر من مؤسسة")
    sources = text[start:text.index("قراءة التطور السنوي")]
    assert "يعتمد التقرير رقم المجلس الأعلى للسلطة القضائية، وهو 166 شخصا. وبلغ رقم وزارة " \
        "العدل 175 شخصا. وقد يرجع الفرق بين الرقمين" in sources
    # the police and the gendarmerie cover different territories: printed as complements of
    # the national figure, as the rule stated once says, never compared with it
    assert "وبلغ رقم المديرية العامة للأمن الوطني، الذي يخص مجالها الترابي ويكمل الرقم " \
        "الوطني، 178 قضية." in sources
    assert "168 قضية" in sources and "275 ضحية" in sources
    assert sources.count("الفرق") == 1  # the one comparison: the two national figures
    figures = chapter(catalogue, datasets, "04_figures", charts)
    assert "178" not in figures and "المديرية العامة للأمن الوطني" not in figures



def _not_available(ds: Dataset, key: str, members: tuple[str, ...], value=None) -> Dataset:
    """``ds`` with the figure ``key`` not collected by ``members`` (report/figures/status.py)."""
    from dataclasses import replace

    from report.figures.status import Status

    fig = ds.figures[key]
    status = Status.NOT_AVAILABLE if value is None else Status.REPORTED
    figures = {**ds.figures, key: replace(fig, value=value, status=status,
                                          not_available=members)}
    return replace(ds, figures=figures)


def test_a_figure_not_collected_is_said_so_never_as_zero_nor_as_not_received(catalogue, charts):
    before = dataset(catalogue, YEAR - 1, filled(catalogue, 12, {"SEX": 7}))
    now = _not_available(dataset(catalogue, YEAR, filled(catalogue, 20, {"SEX": 9})),
                         "CASES.total", ("PMP",))
    text = chapter(catalogue, {YEAR - 1: before, YEAR: now}, "04_figures", charts)
    assert "لا يتوفر رقم «قضايا الاتجار بالبشر المسجلة» برسم سنة 2025 لدى رئاسة النيابة " \
        "العامة، إذ لا يُجمع هذا المعطى." in text
    assert "لم تتوصل" not in text and "أي قضية" not in text


def test_a_sum_that_leaves_out_members_is_not_compared_with_last_year(catalogue, charts):
    before = dataset(catalogue, YEAR - 1, filled(catalogue, 12, {"SEX": 7}))
    now = _not_available(dataset(catalogue, YEAR, filled(catalogue, 20, {"SEX": 9})),
                         "CAMPAIGNS.total", ("EN",), value=30)
    text = chapter(catalogue, {YEAR - 1: before, YEAR: now}, "05_prevention", charts)
    assert "للتحسيس والتوعية، دون مقارنة مع سنة 2024، لأن هذا الرقم لا يشمل معطيات التعاون " \
        "الوطني." in text
    assert "بارتفاع" not in text.split("واستقبل")[0]
    assert "ما مجموعه 30 حملةلا يشمل هذا الرقم معطيات التعاون الوطني، لعدم توفرها." in text
    assert "نظم الأعضاء خلال سنة 2025" in text  # no "0 members organised"


# the French edition: the same facts, in French (a dash with its note, never 0); chapter()
# joins words with plain spaces (French typography's narrow no-break spaces included)
def test_a_figure_not_collected_in_the_french_edition(catalogue, charts):
    """A figure its member does not collect: said so in the text, a dash in the table with a
    note naming the member, never 0 nor « non reçu »."""
    before = dataset(catalogue, YEAR - 1, filled(catalogue, 12, {"SEX": 7}))
    now = _not_available(dataset(catalogue, YEAR, filled(catalogue, 20, {"SEX": 9})),
                         "PROSECUTED.total", ("PMP",))
    text = chapter(catalogue, {YEAR - 1: before, YEAR: now}, "04_figures", charts, lang="fr")
    pmp = catalogue.member("PMP").name("fr")
    assert ("Le chiffre « Personnes poursuivies » n’est pas disponible pour 2025 : cette "
            f"donnée n’est pas collectée (membres concernés : {pmp}).") in text
    # the table's total: last year's figure, then a dash whose note names the member
    assert (f"Total 12 —Personnes poursuivies : donnée non collectée par : {pmp} ; elle "
            "n’est pas comptée comme un zéro. 12 20 Source") in text
    assert "Aucune personne n’a été poursuivie" not in text and "non reçu" not in text


def test_a_partial_sum_in_the_french_edition_is_not_compared(catalogue, charts):
    before = dataset(catalogue, YEAR - 1, filled(catalogue, 12, {"SEX": 7}))
    now = _not_available(dataset(catalogue, YEAR, filled(catalogue, 20, {"SEX": 9})),
                         "CAMPAIGNS.total", ("EN",), value=30)
    text = chapter(catalogue, {YEAR - 1: before, YEAR: now}, "05_prevention", charts,
                   lang="fr")
    en = catalogue.member("EN").name("fr")
    # the sum's footnote (floated to the page foot), then no comparison, and why
    assert ("En 2025, les membres ont organisé au total 30 campagnes de sensibilisation"
            f"Ce chiffre ne comprend pas les données non collectées par : {en}., sans "
            f"comparaison avec 2024, ce chiffre ne comprenant pas les données non collectées "
            f"par : {en}.") in text
    assert "hausse" not in text.split("numéro vert")[0]
