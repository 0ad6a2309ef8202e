"""recommendations: the year's file (owners, deadline, indicator) is read with every fault
listed at once; the chapter prints each recommendation with them; without the file a draft
says so and a final is refused (tests/commands/test_build_guard.py)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from report.paths import INPUTS
from report.settings.recommendations import RecommendationsError, load_recommendations
from tests.conftest import replace_once
from tests.logged import logged
from tests.publish.test_context import YEAR, chapter, dataset, filled

SAMPLE = INPUTS / "2025" / "recommendations.toml"


@pytest.fixture
def recs(tmp_path: Path) -> Path:
    path = tmp_path / "recommendations.toml"
    shutil.copy(SAMPLE, path)
    return path


def test_the_sample_file_reads(catalogue) -> None:
    recs = load_recommendations(SAMPLE, 2025, catalogue)
    assert recs is not None and len(recs) == 6
    assert all(r.owners and r.indicator.ar and r.indicator.fr and r.text.fr for r in recs)
    assert recs[2].deadline == dt.date(2027, 12, 31)  # "deadline = 2027": its 31 December
    assert load_recommendations(SAMPLE.with_name("none.toml"), 2025, catalogue) is None


def test_every_fault_is_listed_and_an_unknown_key_warned(recs: Path, catalogue) -> None:
    replace_once(recs, 'owners = ["MJ", "PMP", "DGSN", "GR"]', 'owners = ["MJ", "XX", "MJ"]')
    replace_once(recs, "deadline = 2026-09-30", "deadline = 2025-06-30")
    replace_once(recs, 'owners = ["INT", "SOL", "MJ"]', 'owner = ["INT"]')
    replace_once(recs, "deadline = 2026-12-31\nindicator = { ar = \"عدد الجهات المقدمة",
                 "deadline = \"soon\"\nindicator = { ar = \"عدد الجهات المقدمة")
    with pytest.raises(RecommendationsError) as caught, \
            logged("recommendation 3: owner: unknown key"):
        load_recommendations(recs, 2025, catalogue)
    message = str(caught.value)
    for fault in ("recommendation 1: owners: unknown member XX",
                  "recommendation 1: owners: a member listed twice",
                  "recommendation 2: deadline 2025-06-30 is not after the report's year 2025",
                  "recommendation 3: owners: missing",
                  "recommendation 4: deadline must be a date like 2026-12-31 or a year"):
        assert fault in message


def test_the_chapter_prints_owners_deadline_and_indicator(catalogue) -> None:
    recs = load_recommendations(SAMPLE, 2025, catalogue)
    datasets = {YEAR: dataset(catalogue, YEAR, filled(catalogue, 10))}
    text = chapter(catalogue, datasets, "11_recommendations", (), recommendations=recs)
    assert "ويعهد بتنفيذ هذه التوصية إلى وزارة الداخلية، ووزارة التضامن والإدماج الاجتماعي " \
        "والأسرة، ووزارة العدل، في أجل أقصاه 31 دجنبر 2027، ويقاس تقدم تنفيذها بمؤشر «عدد " \
        "الجهات التي تتوفر على لجنة جهوية للإحالة تعقد اجتماعاتها بانتظام»." in text
    assert "إلى اللجنة الوطنية، والمديرية العامة للأمن الوطني" in text  # the commission itself
    assert text.count("ويعهد بتنفيذ هذه التوصية") == 6
    # constitutionally independent bodies are invited within their remit, never entrusted
    assert "وتدعى رئاسة النيابة العامة والمجلس الأعلى للسلطة القضائية إلى الإسهام فيها في " \
        "نطاق اختصاصاتها" in text


def test_without_recommendations_a_draft_says_so_and_a_final_prints_none(catalogue) -> None:
    datasets = {YEAR: dataset(catalogue, YEAR, filled(catalogue, 10))}
    draft = chapter(catalogue, datasets, "11_recommendations", (), draft=True)
    assert "ملاحظة تحريرية: لم تحدد التوصيات برسم سنة 2025 بعد." in draft
    final = chapter(catalogue, datasets, "11_recommendations", (), draft=False)
    assert "ملاحظة" not in final and "ويعهد" not in final
