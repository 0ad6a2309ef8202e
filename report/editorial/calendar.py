"""A date -> whether it is a working day in Morocco: not a Saturday or a Sunday, nor a
public holiday (the ``holidays`` package: the fixed national holidays and the Islamic ones,
whose dates it estimates from the calendar: an estimate may be a day off, so a finding on
it is a warning, never a verdict).
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays

from report.label import Label

COUNTRY = "MA"
WEEKEND = (5, 6)  # Saturday, Sunday: the Moroccan administration's weekend
WEEKEND_NAMES = (Label("السبت", "samedi"), Label("الأحد", "dimanche"))


@cache
def _holidays(year: int, lang: str) -> holidays.HolidayBase:
    return holidays.country_holidays(COUNTRY, years=year, language=lang)


def day_off(day: dt.date) -> Label | None:
    """The reason ``day`` is not a working day (the holiday's name, or the weekday's), in
    Arabic and French; None for a working day."""
    names = [_holidays(day.year, lang).get(day) for lang in ("ar", "fr")]
    if names[0] and names[1]:
        return Label(names[0], names[1])
    if day.weekday() in WEEKEND:
        return WEEKEND_NAMES[WEEKEND.index(day.weekday())]
    return None


def working_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a working day, else the next one."""
    while day_off(day) is not None:
        day += dt.timedelta(days=1)
    return day
