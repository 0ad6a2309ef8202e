"""Desk -> editor's findings, one small function per rule: what a careful reader of the
report would find contradictory, doubtful or out of place. The rules' wording is data
(inputs/catalogue/editorial.toml); each finding is a warning for the editor to judge.

Activities (the report year's): filed under a measure not started or dropped; under a
delayed measure while reporting the action its delay note says did not happen; under a
measure done in an earlier year; under a measure whose indicator reached "all" earlier
(every member designated its focal point) while the member does it now; dated on a weekend
or a public holiday; with the member itself as partner or beneficiary; outside the member's
remit. The plan: a measure's period starting after the date the report states for the
same act. Members' text: forward-looking words whose time has come by the publication
date. Recommendations: one that entrusts a task to a constitutionally independent body, or
that names one of the commission's member associations to receive resources.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator

from report.editorial.calendar import day_off
from report.editorial.desk import Desk, activity_location, measure_location
from report.editorial.findings import RECOMMENDATION, EditorialFinding, Location
from report.figures.records import Activity
from report.label import LABEL_LANGS, Label
from report.language.texts import load_texts
from report.language.words import shared
from report.settings.catalogue import Measure, Member
from report.settings.recommendations import FILE as RECOMMENDATIONS

Rule = Callable[[Desk], Iterator[EditorialFinding]]
STOPPED = ("not_started", "dropped")
SHARED_WORDS = 2  # content words an activity shares with a delay note: the same action
SEPARATORS = re.compile(r"\s*[،,؛;]\s*")


def _status_words(status: str) -> Label:
    return load_texts("plan").label(f"status.{status}")


def _title(a: Activity) -> str:
    return a.title or a.description[:60]


def stopped_measure(desk: Desk) -> Iterator[EditorialFinding]:
    """An activity filed under a measure its lead reports not started, or dropped."""
    for a in desk.activities():
        status = desk.status(a.measure, desk.year)
        if status in STOPPED:
            yield desk.finding("activity-stopped-measure", activity_location(a), _title(a),
                               value=_title(a), measure=desk.measure_words(a.measure),
                               status=_status_words(status), year=desk.year)


def delayed_action(desk: Desk) -> Iterator[EditorialFinding]:
    """An activity under a delayed measure that reports the very action the delay note says
    did not happen (they share the content words of that action)."""
    stop = desk.settings.stop_words
    for a in desk.activities():
        report = desk.report(a.measure, desk.year)
        if report is None or report.status != "delayed" or not report.comment:
            continue
        words = shared(report.comment, f"{a.title} {a.description}", stop)
        if len(words) >= SHARED_WORDS:
            yield desk.finding("activity-delayed-action", activity_location(a), _title(a),
                               value=_title(a), measure=desk.measure_words(a.measure),
                               other=report.comment, year=desk.year)


def _at_most(desk: Desk, code: str, year: int) -> bool:
    """Whether the measure's indicator, a count of a known number (every member, every
    region), was reported at that number ("all") in ``year``."""
    report, m = desk.report(code, year), desk.measure(code)
    upper = m.indicator.maximum if m else None
    return bool(report and upper is not None and report.value is not None
                and report.value >= upper)


def done_earlier(desk: Desk) -> Iterator[EditorialFinding]:
    """An activity of the year under a measure done in an earlier year and still done: the
    activity prepares what was reported achieved (short of "all": see done_by_all)."""
    for a in desk.activities():
        if desk.status(a.measure, desk.year) not in ("done", None):
            continue
        before = [y for y in sorted(desk.years) if y < desk.year
                  and desk.status(a.measure, y) == "done" and not _at_most(desk, a.measure, y)]
        if before and not _reached_all(desk, a.measure):
            yield desk.finding("measure-done-earlier", activity_location(a), _title(a),
                               value=_title(a), measure=desk.measure_words(a.measure),
                               year=before[0])


def _reached_all(desk: Desk, code: str) -> int | None:
    """The first earlier year the measure's indicator was reported at its upper bound."""
    return next((y for y in sorted(desk.years) if y < desk.year and _at_most(desk, code, y)),
                None)


def done_by_all(desk: Desk) -> Iterator[EditorialFinding]:
    """"Designated by all" reported earlier (the indicator at its upper bound: every member,
    every region) while a member does it this year (its activity under that measure)."""
    for a in desk.activities():
        year = _reached_all(desk, a.measure)
        if year is not None:
            yield desk.finding("done-by-all-later", activity_location(a), _title(a),
                               value=_title(a), measure=desk.measure_words(a.measure), year=year)


def on_day_off(desk: Desk) -> Iterator[EditorialFinding]:
    """An activity dated on a Saturday, a Sunday or a Moroccan public holiday."""
    for a in desk.activities():
        off = day_off(a.date) if a.date else None
        if off is not None and a.date is not None:
            yield desk.finding("activity-day-off", activity_location(a), _title(a),
                               value=_title(a), date=a.date.isoformat(), day=off)


def names_self(text: str, member: Member) -> str | None:
    """The name of ``member`` that ``text`` (a partner, the beneficiaries) contains."""
    folded = text.casefold()
    return next((n for n in member.names_written() if n.casefold() in folded), None)


def self_part(partners: str, beneficiaries: str, member: Member) -> str | None:
    """The partner (or the beneficiaries) that names the member itself."""
    parts = [p for p in SEPARATORS.split(partners) if p] + [beneficiaries]
    return next((p for p in parts if p and names_self(p, member)), None)


def self_named(desk: Desk) -> Iterator[EditorialFinding]:
    """An activity whose partner or beneficiary is the member itself."""
    for a in desk.activities():
        member = desk.member(a.member)
        found = self_part(a.partners, a.beneficiaries, member)
        if found:
            yield desk.finding("activity-self", activity_location(a), _title(a),
                               value=_title(a), words=found, other=member.name)


def in_remit(member: Member, m: Measure | None) -> bool:
    """Whether a measure is in the member's field of action: it leads it, is a partner of
    it, or its remit names the measure, its objective or its axis."""
    if m is None or member.code == m.lead or member.code in m.partners:
        return True
    return any(m.code == r or m.code.startswith(f"{r}.") for r in member.remit)


def outside_remit(desk: Desk) -> Iterator[EditorialFinding]:
    """An activity filed under a measure outside the member's remit (catalogue data)."""
    for a in desk.activities():
        member = desk.member(a.member)
        if not in_remit(member, desk.measure(a.measure)):
            yield desk.finding("activity-outside-remit", activity_location(a), _title(a),
                               value=_title(a), measure=desk.measure_words(a.measure),
                               other=member.name)


def period_after_fact(desk: Desk) -> Iterator[EditorialFinding]:
    """A measure whose period starts after the date the report states for the same act."""
    for m in desk.cat.plan.measures:
        fact = desk.cat.commission.fact(m.act) if m.act else None
        if fact is not None and m.start > fact.date.year:
            yield desk.finding("period-after-fact", measure_location(m), m.number,
                               value=m.number, measure=desk.measure_words(m.code), year=m.start,
                               date=fact.date.isoformat() if fact.exact else fact.date.year,
                               other=Label(*(desk.cat.commission.with_refs(fact.text(lang), lang)
                                             for lang in LABEL_LANGS)))


def _forward_words(desk: Desk, text: str) -> str | None:
    """The forward-looking words of ``text`` whose time has begun by the publication date
    (the longest found)."""
    folded = text.casefold().replace("’", "'")
    end = dt.date(desk.year, 12, 31)
    found = []
    for f in desk.settings.forward:
        month = end.month + f.starts
        begins = dt.date(end.year + (month - 1) // 12, (month - 1) % 12 + 1, 1) \
            if f.starts else end + dt.timedelta(days=1)
        if begins <= desk.edition.publication_date:
            found += [w for w in f.words if w.casefold().replace("’", "'") in folded]
    return max(found, key=len) if found else None


def forward_looking(desk: Desk) -> Iterator[EditorialFinding]:
    """Members' text (activities, plan comments) speaking of a time that has come by the
    publication date: ask for the year named and the situation at that date."""
    date = desk.edition.publication_date.isoformat()
    for a in desk.activities():
        words = _forward_words(desk, f"{a.title} {a.description}")
        if words:
            yield desk.finding("forward-looking", activity_location(a), _title(a),
                               value=_title(a), words=words, date=date, year=desk.year)
    for m in desk.cat.plan.measures:
        report = desk.report(m.code, desk.year)
        words = _forward_words(desk, report.comment) if report else None
        if report and words:
            yield desk.finding("forward-looking", measure_location(m, report), m.number,
                               value=report.comment, words=words, date=date, year=desk.year)


def _recommendation(desk: Desk, n: int) -> Location:
    return Location(RECOMMENDATION, "", str(n), f"rec-{n}", RECOMMENDATIONS)


def _named(text: Label, members: list[Member]) -> Member | None:
    return next((m for m in members if any(names_self(text(lang), m) for lang in LABEL_LANGS)),
                None)


def _has(text: Label, words: tuple[str, ...]) -> str | None:
    return next((w for w in words for lang in LABEL_LANGS if w.casefold() in text(lang).casefold()),
                None)


def entrusts_independent(desk: Desk) -> Iterator[EditorialFinding]:
    """A recommendation whose text entrusts a task to a constitutionally independent body
    (catalogue: independent) instead of inviting it within its remit."""
    independent = [m for m in desk.cat.members if m.independent]
    for n, r in enumerate(desk.recommendations, start=1):
        body, word = _named(r.text, independent), _has(r.text, desk.settings.entrust_words)
        if body and word:
            yield desk.finding("recommendation-entrusts-independent", _recommendation(desk, n),
                               r.text.ar[:80], value=n, words=word, other=body.name)


def association_resources(desk: Desk) -> Iterator[EditorialFinding]:
    """A recommendation that gives resources and names one of the commission's member
    associations (in its text or among its owners) as the one to receive them."""
    associations = [m for m in desk.cat.members if m.group == "association"]
    for n, r in enumerate(desk.recommendations, start=1):
        word = _has(r.text, desk.settings.resource_words)
        named = _named(r.text, associations) or next(
            (m for m in associations if m.code in r.owners), None)
        if word and named:
            yield desk.finding("recommendation-association-resources",
                               _recommendation(desk, n), r.text.ar[:80], value=n, words=word,
                               other=named.name)


RULES: dict[str, Rule] = {
    "activity-stopped-measure": stopped_measure,
    "activity-delayed-action": delayed_action,
    "measure-done-earlier": done_earlier,
    "done-by-all-later": done_by_all,
    "period-after-fact": period_after_fact,
    "forward-looking": forward_looking,
    "activity-day-off": on_day_off,
    "activity-self": self_named,
    "activity-outside-remit": outside_remit,
    "recommendation-entrusts-independent": entrusts_independent,
    "recommendation-association-resources": association_resources,
}


def review(desk: Desk) -> tuple[EditorialFinding, ...]:
    """Every rule's findings, in the order of RULES."""
    return tuple(f for rule in RULES.values() for f in rule(desk))
