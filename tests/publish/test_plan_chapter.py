"""The plan chapter and the introduction's plan summary: every count the text states agrees
with the tables that list the measures, for made-up years (zeros, one, two, a step back, a
year before the plan) and for the sample's shared build."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from pathlib import Path

import pytest

from report.charts.compose import chart_file
from report.charts.model import Chart
from report.figures.consolidate import Dataset
from report.figures.records import PlanReport, Source
from report.language.formatting import Formatter
from report.publish.context import plan_follow_up
from report.publish.environment import environment
from tests.publish.test_narrative_templates import make_context, render
from tests.publish.test_render_golden import chapters
from tests.sample import FINAL, YEAR

TAGS = re.compile(r"<[^>]+>")
STATUS = re.compile(r'class="status status-([a-z_]+)"')


def text(html: str) -> str:
    """The words a reader sees, on one line."""
    return re.sub(r"\s+", " ", unescape(TAGS.sub("", html))).strip()


def dataset(catalogue, year: int, statuses: dict[str, str],
            comments: dict[str, str] | None = None) -> Dataset:
    """A year whose leads reported ``statuses`` (measure -> status; any other measure due
    that year: in progress, unless its status is "missing")."""
    plan = {}
    for m in catalogue.plan.measures:
        status = statuses.get(m.code, "in_progress")
        if not m.due(year) or status == "missing":
            continue
        src = Source(m.lead, f"{m.lead}-{year}.xlsx", "الخطة الوطنية", "F6")
        plan[m.code] = PlanReport(m.code, status, m.indicator.baseline,
                                  (comments or {}).get(m.code, ""), src)
    return Dataset(year, {}, {}, (), (), plan)


@pytest.fixture(scope="module")
def env(catalogue):
    return environment(Formatter("ar", catalogue.nouns))


def chapter(env, catalogue, ds: Dataset, prev: Dataset | None = None,
            lang: str = "ar") -> tuple[str, str]:
    """(plan chapter HTML, introduction HTML) of the ``lang`` edition for the year of ``ds``
    (French typography applied to the French one, as the render does)."""
    from dataclasses import replace

    from report.publish.context import axis_views
    from report.publish.html import french_typography

    title, alt, source = ("عنوان", "نص بديل", "المصدر") if lang == "ar" else (
        "titre", "texte", "source")
    chart = Chart("plan_status", "plan", title, alt, chart_file("plan_status", lang),
                  "2023-2025", source)
    ctx = replace(make_context(catalogue, year=ds.year), lang=lang,
                  follow_up=plan_follow_up(catalogue, ds, prev, lang),
                  axes=axis_views(catalogue, ds, lang), charts={"plan_status": chart})
    html = render(env, "09_plan", ctx), render(env, "01_introduction", ctx)
    return tuple(map(french_typography, html)) if lang == "fr" else html  # type: ignore


def marks(html: str) -> Counter:
    """The status marks of the measure tables (one per measure)."""
    tables = re.findall(r'<table class="data plan-measures".*?</table>', html, re.S)
    return Counter(s for t in tables for s in STATUS.findall(t.split("<tbody>")[1]))


def test_counts_in_the_text_are_the_tables_counts(env, catalogue) -> None:
    ds = dataset(catalogue, 2024, {"PREV.1.1": "done", "PREV.1.2": "delayed",
                                   "PREV.1.3": "delayed", "PREV.2.1": "dropped",
                                   "PREV.2.2": "missing"},
                 {"PREV.1.2": "تأخر بسبب مراجعة دفتر التحملات", "PREV.2.1": "أدمج في تدبير آخر"})
    html, intro = chapter(env, catalogue, ds)
    assert marks(html) == Counter({"in_progress": 28, "delayed": 2, "done": 1, "dropped": 1,
                                   "not_reported": 1, "not_due": 1})
    words = text(html)
    for phrase in ("يبلغ عدد تدابير الخطة 34، وقد بدأت فترة تنفيذ 33 تدبيرا منها في متم سنة "
                   "2024، فيما لم تبدأ بعد فترة تنفيذ تدبير واحد.",
                   "بإنجاز تدبير واحد، وبمواصلة تنفيذ 28 تدبيرا، وبتأخر تنفيذ تدبيرين، "
                   "وبإلغاء تدبير واحد.",
                   "ولم تتوصل الكتابة الدائمة بوضعية تدبير واحد",
                   "صرحت الجهات المسؤولة بتأخر تنفيذ تدبيرين خلال سنة 2024",
                   "تأخر بسبب مراجعة دفتر التحملات", "أدمج في تدبير آخر"):
        assert phrase in words, phrase
    assert "عدم الشروع" not in words and "لم يسجل أي تأخر" not in words
    # the summary table's total row: one cell per status shown, then every measure
    total = re.search(r'<table class="data plan-summary".*?<tr class="total">(.*?)</tr>', html,
                      re.S).group(1)
    assert [int(n) for n in re.findall(r">(\d+)<", total)] == [1, 28, 2, 1, 1, 1, 34]
    assert "بإنجاز تدبير واحد، وبمواصلة تنفيذ 28 تدبيرا" in text(intro)


def test_a_year_without_delay_says_so(env, catalogue) -> None:
    html, intro = chapter(env, catalogue, dataset(catalogue, 2024, {}))
    words = text(html)
    assert "وصرحت الجهات المسؤولة عن قيادة التدابير بمواصلة تنفيذ 33 تدبيرا." in words
    assert "ولم يسجل أي تأخر في تنفيذ التدابير خلال هذه السنة" in words
    assert "لم تصرح أي جهة مسؤولة بتأخر في تنفيذ التدابير التي تقودها" in words
    assert "بتأخر تنفيذ" not in words and "الملغاة" not in words
    assert marks(html) == Counter({"in_progress": 33, "not_due": 1})


def test_every_measure_due_and_none_reported(env, catalogue) -> None:
    ds = dataset(catalogue, 2027, {m.code: "missing" for m in catalogue.plan.measures})
    words = text(chapter(env, catalogue, ds)[0])
    assert "وقد بدأت فترة تنفيذها جميعا في متم سنة 2027" in words
    assert "ولم تتوصل الكتابة الدائمة بوضعية 34 تدبيرا" in words
    assert "وصرحت الجهات" not in words


def test_a_year_before_the_plan(env, catalogue) -> None:
    html, intro = chapter(env, catalogue, dataset(catalogue, 2022, {}))
    assert "ولم تبدأ بعد فترة تنفيذ أي منها في متم سنة 2022" in text(html)
    assert "0 تدبير" not in text(html)
    assert "تتبع تنفيذ الخطة الوطنية" not in text(intro)  # no summary before the plan


def test_a_status_going_back_is_shown_with_last_years(env, catalogue) -> None:
    prev = dataset(catalogue, 2024, {"PREV.1.1": "done"})
    ds = dataset(catalogue, 2025, {"PREV.1.1": "in_progress"},
                 {"PREV.1.1": "أعيد فتح التدبير"})
    words = text(chapter(env, catalogue, ds, prev)[0])
    assert "كان «منجز» سنة 2024" in words
    assert "وتراجعت وضعية تدبير واحد مقارنة بسنة 2024" in words
    assert "أعيد فتح التدبير" in words


def test_the_sample_chapter_agrees_with_its_data(sample_build: Path, catalogue, rules) -> None:
    from report.figures.consolidate import consolidate
    from report.figures.texts import printed
    from report.intake.gather import gather_years
    from report.paths import INPUTS
    from report.translation.memory import with_translations

    years = gather_years(INPUTS, [YEAR - 1, YEAR], catalogue, rules)
    ds = consolidate(catalogue.in_year(YEAR), with_translations(years[YEAR], {}))
    expected = Counter(ds.plan_status(m) for m in catalogue.plan.measures)
    assert expected == Counter({"in_progress": 25, "done": 4, "delayed": 3, "not_started": 1,
                                "dropped": 1})
    html = chapters((sample_build / str(YEAR) / FINAL).with_suffix(".html").read_text("utf-8"))
    plan, intro = html["plan"], html["introduction"]
    assert marks(plan) == expected
    words = text(plan)
    for phrase in ("بإنجاز 4 تدابير", "وبمواصلة تنفيذ 25 تدبيرا", "وبتأخر تنفيذ 3 تدابير",
                   "وبعدم الشروع بعد في تنفيذ تدبير واحد", "وبإلغاء تدبير واحد"):
        assert phrase in words and phrase in text(intro), phrase
    # every delayed measure is listed with its lead's comment, in Arabic (EMP's, written in
    # French, as EMP gives it in Arabic)
    for code, report in ds.plan.items():
        if report.status == "delayed":
            comment = printed(report.comment, "ar", ds.translations)
            assert comment.text in words and not comment.awaiting
            assert catalogue.plan.number(code) in words
    assert "التدابير والمؤشرات والقيم الواردة في هذه النسخة خيالية" in words


def test_a_comment_in_the_other_language_is_a_paragraph_of_its_own(env, catalogue) -> None:
    """In the Arabic edition a lead's comment written in French is a left-to-right paragraph
    (lang fr), an Arabic one takes the edition's direction."""
    ds = dataset(catalogue, 2025, {"PREV.1.2": "delayed", "PREV.2.1": "dropped"},
                 {"PREV.1.2": "Retard dû à la révision du cahier des charges.",
                  "PREV.2.1": "أدمج في تدبير آخر"})
    html = chapter(env, catalogue, ds)[0]
    assert re.search(r'<p lang="fr" dir="ltr">(<span[^>]*>)?Retard dû à la révision', html)
    assert "<p>أدمج في تدبير آخر</p>" in html


# the French edition: the same facts, from the same rows, in French sentences
@pytest.fixture(scope="module")
def env_fr(catalogue):
    return environment(Formatter("fr", catalogue.nouns))


def chapter_fr(env, catalogue, ds: Dataset, prev: Dataset | None = None) -> tuple[str, str]:
    return chapter(env, catalogue, ds, prev, "fr")


def plain(html: str) -> str:
    """``text`` with French typography's narrow no-break spaces as plain spaces."""
    return text(html).replace("\u202f", " ").replace("\u00a0", " ")


def test_french_counts_in_the_text_are_the_tables_counts(env_fr, catalogue) -> None:
    ds = dataset(catalogue, 2024, {"PREV.1.1": "done", "PREV.1.2": "delayed",
                                   "PREV.1.3": "delayed", "PREV.2.1": "dropped",
                                   "PREV.2.2": "missing"},
                 {"PREV.1.2": "Retard dû à la révision du cahier des charges.",
                  "PREV.2.1": "أدمج في تدبير آخر"})
    html, intro = chapter_fr(env_fr, catalogue, ds)
    assert marks(html) == Counter({"in_progress": 28, "delayed": 2, "done": 1, "dropped": 1,
                                   "not_reported": 1, "not_due": 1})
    words = plain(html)
    for phrase in ("Le plan national compte 34 mesures ; au 31 décembre 2024, la période "
                   "d’exécution avait commencé pour 33 d’entre elles et n’avait pas encore "
                   "commencé pour une mesure.",
                   "Selon les organismes chargés de leur pilotage, 1 mesure est réalisée, 28 en "
                   "cours d’exécution, 2 en retard et 1 abandonnée.",
                   "Le Secrétariat permanent n’a pas reçu l’état d’avancement d’une mesure.",
                   "ont signalé un retard dans l’exécution de 2 mesures en 2024",
                   "l’abandon d’une mesure",
                   "Retard dû à la révision du cahier des charges."):
        assert phrase in words, phrase
    assert "Aucun retard" not in words and "démarrée" not in words.split("Tableau")[0]
    total = re.search(r'<table class="data plan-summary".*?<tr class="total">(.*?)</tr>', html,
                      re.S).group(1)
    assert [int(n) for n in re.findall(r">(\d+)<", total)] == [1, 28, 2, 1, 1, 1, 34]
    assert "1 mesure est réalisée, 28 en cours d’exécution" in plain(intro)
    # a comment written in Arabic is a right-to-left paragraph of its own
    assert '<p lang="ar" dir="rtl">' in html and "أدمج في تدبير آخر" in html
    assert '<p lang="ar" dir="rtl">Retard' not in html


def test_french_year_without_delay_and_before_the_plan(env_fr, catalogue) -> None:
    words = plain(chapter_fr(env_fr, catalogue, dataset(catalogue, 2024, {}))[0])
    assert "Selon les organismes chargés de leur pilotage, 33 mesures sont en cours " \
        "d’exécution." in words
    assert "Aucun retard n’a été signalé dans l’exécution des mesures au cours de l’année." \
        in words
    assert "Aucun organisme pilote n’a signalé de retard" in words
    html, intro = chapter_fr(env_fr, catalogue, dataset(catalogue, 2022, {}))
    assert "Le plan national compte 34 mesures, dont aucune n’était entrée dans sa période " \
        "d’exécution au 31 décembre 2022." in plain(html)
    assert "Le plan national compte" not in plain(intro)  # no summary before the plan


def test_french_status_going_back(env_fr, catalogue) -> None:
    prev = dataset(catalogue, 2024, {"PREV.1.1": "done"})
    ds = dataset(catalogue, 2025, {"PREV.1.1": "in_progress"}, {"PREV.1.1": "Mesure rouverte."})
    words = plain(chapter_fr(env_fr, catalogue, ds, prev)[0])
    assert "« Réalisée » en 2024" in words
    assert "L’état d’avancement d’une mesure a régressé par rapport à 2024." in words
    assert "Mesure rouverte." in words


def test_the_french_sample_chapter_agrees_with_the_arabic(sample_build: Path,
                                                          french_build: Path) -> None:
    """The same measures, with the same status marks, in both editions of the sample."""
    ar = chapters((sample_build / str(YEAR) / FINAL).with_suffix(".html").read_text("utf-8"))
    fr = chapters((french_build / str(YEAR) / FINAL.replace(".pdf", "-fr.html")
                   ).read_text("utf-8"))
    assert marks(fr["plan"]) == marks(ar["plan"])
    for part in ("plan-status", "plan-measures", "plan-delayed", "fig-plan_status"):
        assert f'id="{part}"' in fr["plan"], part
    counts = ("4 mesures sont réalisées, 25 en cours d’exécution, 3 en retard, 1 non encore "
              "démarrée et 1 abandonnée")
    assert counts in plain(fr["plan"]) and counts in plain(fr["introduction"])
    assert "les valeurs qui y figurent sont fictifs" in plain(fr["plan"])


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_year_before_the_plan_says_it_came_later_and_points_to_no_chapter(
        catalogue, lang: str) -> None:
    """A report on 2022 (the plan begins in 2023): the introduction says the plan was
    adopted later and lists no plan chapter; the legal chapter sends the reader to no
    missing chapter. The plan's first year keeps both."""
    from dataclasses import replace

    from report.publish.html import french_typography

    env = environment(Formatter(lang, catalogue.nouns))
    later = {"ar": "صادقت عليها اللجنة سنة 2023", "fr": "la Commission l’a adopté en 2023"}
    listed = {"ar": "<strong>تنفيذ الخطة الوطنية</strong>",
              "fr": "<strong>La mise en œuvre du plan national</strong>"}
    pointer = {"ar": "يتتبع فصل «تنفيذ الخطة الوطنية»", "fr": "le chapitre « La mise en"}
    for year, before in ((2022, True), (2023, False)):
        ctx = replace(make_context(catalogue, year=year), lang=lang,
                      follow_up=plan_follow_up(catalogue, dataset(catalogue, year, {}), None,
                                               lang))
        assert ("plan" in ctx.present) is not before
        intro, legal = (french_typography(h) if lang == "fr" else h for h in
                        (render(env, "01_introduction", ctx), render(env, "03_legal", ctx)))
        intro, legal = (unescape(h).replace("\u00a0", " ").replace("\u202f", " ")
                        for h in (intro, legal))
        assert (later[lang] in intro) is before, (year, lang)
        assert (listed[lang] in intro) is not before
        assert (pointer[lang] in legal) is not before
