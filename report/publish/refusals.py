"""A build's settings and findings -> the refusal of a final or print edition (or of the
public site, published as the final is), when one of them must not be published: errors
left in the workbooks (this year's, or a corrected workbook of a published year), a
catalogue entry still a placeholder or to be confirmed, the year's recommendations
missing, the sample's fictitious plan in a real edition, a withheld figure the disclosure
audit finds a reader could narrow below the protection level, a member's text without its
translation into a published edition's language. A draft (and a draft site) is never
refused: it shows these as editorial marks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from report.errors import BuildError
from report.figures.audit import Audit
from report.figures.records import YearData
from report.intake.texts import MemberText, distinct, member_texts, untranslated
from report.publish.variants import Spec
from report.publish.web.edition import WebSpec
from report.settings.catalogue import Catalogue
from report.settings.edition import Edition
from report.settings.languages import languages
from report.settings.recommendations import FILE as RECOMMENDATIONS


def publishes(variants: Sequence[Spec], web: WebSpec | None = None) -> bool:
    """Whether a final or print edition, or the public site, is among those asked for."""
    return any(not s.draft for s in variants) or (web is not None and not web.draft)


def refuse_unconfirmed(cat: Catalogue, variants: Sequence[Spec],
                       no_recommendations: bool = False, web: WebSpec | None = None) -> None:
    """A final or print edition never prints a placeholder, an entry to be confirmed or a
    chapter still to be written: BuildError listing every such entry (a draft shows them as
    editorial marks)."""
    found = [str(u) for u in cat.unconfirmed()]
    if no_recommendations:
        found.append(f"{RECOMMENDATIONS}: missing (the year's recommendations)")
    if found and publishes(variants, web):
        raise BuildError(
            f"refused: {len(found)} entries are placeholders or to be confirmed; a final or "
            "print edition cannot print them (confirm or replace them in inputs/, or build a "
            "draft) / entrées à confirmer: " + "; ".join(found))


def refuse_errors(year: int, errors: int, past: Mapping[int, YearData]) -> None:
    """A final or print edition is refused while errors remain, in this year's workbooks or
    in a corrected workbook of a published year."""
    if errors:
        raise BuildError(f"refused: {errors} errors remain in the {year} workbooks; run "
                         "`check` and fix them, or build a draft")
    for y, data in past.items():
        bad = sorted({f.file for f in data.findings if f.is_error})
        if bad:
            raise BuildError(f"refused: the corrected {y} workbooks {', '.join(bad)} have "
                             f"errors (`check --year {y}`); fix them or take them out")


def refuse_fictitious_plan(cat: Catalogue, edition: Edition) -> None:
    """A real edition never publishes the sample's fictitious national plan."""
    if cat.plan.fictitious and not edition.fictitious:
        raise BuildError("refused: inputs/catalogue/plan.toml is the sample's fictitious plan "
                         "(fictitious = true); enter the official plan, or build a draft")


def refuse_leaks(audit: Audit) -> None:
    """A final or print edition never publishes a withheld figure that everything public
    narrows below the protection level (report/figures/audit.py): BuildError naming each."""
    if audit.failures:
        raise BuildError(
            f"refused: disclosure audit: {len(audit.failures)} withheld figures could be "
            f"worked out to within less than the protection level ({audit.protection}) from "
            "what is published / secret statistique insuffisant: " + "; ".join(audit.lines()))


LISTED = 20  # untranslated texts named in a refusal; `translate` writes them all


def _listed(texts: Sequence[MemberText]) -> str:
    shown = [f"{t.id} ({t.member}, {t.source.file} {t.source.sheet}!{t.source.cell})"
             for t in texts[:LISTED]]
    more = f"; … {len(texts) - LISTED} more" if len(texts) > LISTED else ""
    return "; ".join(shown) + more


def published_langs(variants: Sequence[Spec], langs: Sequence[str],
                    web: WebSpec | None = None) -> tuple[str, ...]:
    """The languages a build publishes in: those of its final or print editions, and every
    language when it builds the public site (which is in every language)."""
    out = list(langs) if any(not s.draft for s in variants) else []
    if web is not None and not web.draft:
        out += list(languages())
    return tuple(dict.fromkeys(out))


def refuse_untranslated(cat: Catalogue, year: YearData, langs: Sequence[str]) -> None:
    """A final or print edition (or the public site) in a language is refused while a
    member's text lacks its translation into it: BuildError naming each (id, member,
    cell). A draft prints such a text as written, marked as awaiting its translation."""
    measures = {m.code: m.label for m in cat.plan.measures}
    data = [year.members[m.code] for m in cat.members if m.code in year.members]
    texts = member_texts([a for d in data for a in d.activities],
                         [r for d in data for r in d.plan.values()], measures)
    missing = {lang: distinct(untranslated(texts, year.translations, lang)) for lang in langs}
    found = {lang: m for lang, m in missing.items() if m}
    if not found:
        return
    what = " / ".join(f"{len(m)} texts lack their translation into {lang}: {_listed(m)}"
                      for lang, m in found.items())
    raise BuildError(f"refused: {what}. Run `translate --year {year.year}` (the translator's "
                     f"workbook), then `translate --year {year.year} --collect`, or build a "
                     "draft, which prints them marked as awaiting translation / textes sans "
                     "traduction")
