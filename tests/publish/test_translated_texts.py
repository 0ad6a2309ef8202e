"""A member's texts in each edition: translated where the translation is known, and in a
draft, while it is awaited, as written (in its own direction) and marked; a final edition is
refused while one is awaited, naming each text and its cell."""

from __future__ import annotations

import datetime as dt

import pytest

from report.errors import BuildError
from report.figures.consolidate import consolidate
from report.figures.records import Activity, MemberData, PlanReport, Source, Translation, YearData
from report.figures.texts import text_id, text_key
from report.language.formatting import Formatter
from report.publish.context import activity_view, plan_follow_up
from report.publish.environment import environment
from report.publish.refusals import published_langs, refuse_untranslated
from report.publish.variants import SPECS
from report.publish.web.edition import WEB
from report.translation.memory import with_translations

SRC = Source("MJ", "MJ-2025.xlsx", "الأنشطة", "A5")
ACT = Activity("MJ", "PROT", "PROT.3.3", "الرقم الأخضر للتبليغ عن حالات الاتجار بالبشر",
               "استقبال المكالمات عبر الرقم الأخضر 080000 4747.", "رئاسة النيابة العامة",
               "المبلغون والضحايا المحتملون", dt.date(2025, 4, 8), SRC)
FR = {ACT.title: "Numéro vert de signalement des cas de traite des êtres humains",
      ACT.description: "Réception des appels au numéro vert 080000 4747.",
      ACT.partners: "Présidence du ministère public",
      ACT.beneficiaries: "auteurs de signalements et victimes potentielles"}
COMMENT = PlanReport("PROT.2.1", "delayed", 4.0,
                     "لم يفتتح المركز الخامس المبرمج خلال السنة بسبب تأخر أشغال البناء.",
                     Source("SOL", "SOL-2025.xlsx", "الخطة الوطنية", "F6"))


def _translations(texts: dict[str, str]) -> dict[str, Translation]:
    return {text_key(a): Translation(a, f, "fr", "translator") for a, f in texts.items()}


def _sentence(view: object, lang: str = "fr") -> str:
    env = environment(Formatter(lang, {}))
    template = env.from_string('{% import "sentences.html.j2" as say %}{{ say.activity(a) }}')
    return template.render(a=view)


def test_the_french_edition_prints_the_translation_unmarked(catalogue) -> None:
    mj = catalogue.member("MJ")
    view = activity_view(ACT, mj, "Ministère de la Justice", "fr", _translations(FR))
    assert (view.title, view.partners, view.awaiting) == (
        FR[ACT.title], ("Présidence du ministère public",), False)
    html = _sentence(view)
    assert FR[ACT.description] in html and "traduction en attente" not in html
    assert not any("\u0600" <= ch <= "\u06ff" for ch in html)
    arabic = activity_view(ACT, mj, "وزارة العدل", "ar", _translations(FR))
    assert arabic.title == ACT.title and not arabic.awaiting  # its own language, as written


def test_a_draft_prints_an_awaited_text_as_written_and_marked(catalogue) -> None:
    partial = {k: v for k, v in FR.items() if k != ACT.description}
    view = activity_view(ACT, catalogue.member("MJ"), "Ministère de la Justice", "fr",
                         _translations(partial))
    assert view.awaiting and view.title == FR[ACT.title]
    html = _sentence(view)
    assert '<span class="editorial-mark">[traduction en attente]</span>' in html
    assert '<p lang="ar" dir="rtl">' in html and "استقبال المكالمات" in html


def test_a_comment_awaiting_its_translation_is_marked(catalogue) -> None:
    year = YearData(2025, (), {"SOL": MemberData("SOL", "SOL-2025.xlsx", {}, (),
                                                 {"PROT.2.1": COMMENT})}, ())
    ds = consolidate(catalogue, year)
    row = next(r for r in plan_follow_up(catalogue, ds, None, "fr").delayed
               if r.code == "PROT.2.1")
    assert (row.comment, row.comment_awaiting) == (COMMENT.comment, True)
    known = _translations({COMMENT.comment: "Le cinquième centre n'a pas ouvert."})
    ds = consolidate(catalogue, with_translations(year, known))
    row = next(r for r in plan_follow_up(catalogue, ds, None, "fr").delayed
               if r.code == "PROT.2.1")
    assert (row.comment, row.comment_awaiting) == ("Le cinquième centre n'a pas ouvert.", False)


def test_a_final_is_refused_while_a_text_lacks_its_translation(catalogue) -> None:
    year = YearData(2025, (), {"MJ": MemberData("MJ", "MJ-2025.xlsx", {}, (ACT,)),
                               "SOL": MemberData("SOL", "SOL-2025.xlsx", {}, (),
                                                 {"PROT.2.1": COMMENT})}, ())
    refuse_untranslated(catalogue, year, ("ar",))  # every text is Arabic: nothing lacks
    with pytest.raises(BuildError) as refused:
        refuse_untranslated(catalogue, with_translations(year, _translations(FR)), ("fr",))
    message = str(refused.value)
    assert "1 texts lack their translation into fr" in message
    assert f"{text_id(COMMENT.comment)} (SOL, SOL-2025.xlsx الخطة الوطنية!H6)" in message
    refuse_untranslated(catalogue, with_translations(year, _translations(
        {**FR, COMMENT.comment: "Le cinquième centre n'a pas ouvert."})), ("fr", "ar"))


def test_the_languages_a_build_publishes_in() -> None:
    """A final or print edition in the languages asked; the public site in every language
    (its pages are in both, whatever --lang says); drafts and a draft site in none."""
    draft, final, print_ = SPECS["draft"], SPECS["final"], SPECS["print"]
    assert published_langs([draft], ("ar", "fr")) == ()
    assert published_langs([final, print_, draft], ("ar",)) == ("ar",)
    assert published_langs([draft], ("ar",), WEB["web-draft"]) == ()
    assert published_langs([draft], ("ar",), WEB["web"]) == ("ar", "fr")
    assert published_langs([final], ("fr",), WEB["web"]) == ("fr", "ar")
