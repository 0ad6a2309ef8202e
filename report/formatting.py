"""Values -> text as an Arabic (or French) reader expects it; the Jinja filters.

Numbers follow Babel's ar_MA locale (1.234.567,5), dates use the Moroccan month names,
counted nouns agree with their number by the CLDR plural rules, and every left-to-right
unit (numbers, legal references, phone numbers, acronyms, URLs) is wrapped once, here, in
an isolate so the bidi algorithm keeps it whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from markupsafe import Markup, escape

LOCALES = {"ar": "ar_MA", "fr": "fr_FR"}
MISSING = {"ar": "غير متوفر", "fr": "non reçu"}


class Formatter:
    """Formatting for one language and one digit style, shared by templates and charts."""

    def __init__(self, lang: str, nouns: Mapping[str, Mapping[str, Mapping[str, str]]],
                 digits: str = "latn") -> None:
        self.lang, self.nouns, self.digits = lang, nouns, digits
        self.locale = Locale.parse(LOCALES[lang])
        self.plural_locale = Locale.parse(lang)

    # plain text (charts, workbooks, CSV) ------------------------------------------
    def number_text(self, value: float | int | None) -> str:
        if value is None:
            return MISSING[self.lang]
        return format_decimal(value, locale=self.locale, numbering_system=self.digits,
                              group_separator=True)

    def percent_text(self, ratio: float) -> str:
        return format_percent(ratio, format="#,##0.0%", locale=self.locale,
                              numbering_system=self.digits)

    def date_text(self, value: dt.date) -> str:
        text = format_date(value, "d MMMM y", locale=self.locale)
        return text if self.digits == "latn" else self._digits(text)

    def _digits(self, text: str) -> str:
        return text.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))

    # markup (templates) -------------------------------------------------------------
    def ltr(self, text: object) -> Markup:
        """A left-to-right unit kept whole inside Arabic text."""
        return Markup('<span dir="ltr" class="ltr">{}</span>').format(text)

    def num(self, value: float | int | None) -> Markup:
        if value is None:
            return Markup('<span class="missing">{}</span>').format(MISSING[self.lang])
        return self.ltr(self.number_text(value))

    def pct(self, ratio: float | None) -> Markup:
        return self.ltr(self.percent_text(ratio)) if ratio is not None else self.num(None)

    def date(self, value: dt.date) -> Markup:
        return Markup('<span class="date">{}</span>').format(self.date_text(value))

    def count(self, value: int | None, noun: str) -> Markup:
        """'12 ضحية', 'ضحيتان', '3 ضحايا': the noun agrees with the number."""
        if value is None:
            return self.num(None)
        form = self.plural_locale.plural_form(value)
        forms = self.nouns[noun][self.lang]
        pattern = forms.get(form) or forms["other"]
        before, _, after = pattern.partition("{n}")
        if not _:
            return Markup(escape(pattern))
        return escape(before) + self.num(value) + escape(after)

    def change(self, current: int | None, previous: int | None) -> Markup:
        """Year-on-year phrase: increase / decrease by x %, or stable."""
        words = CHANGE[self.lang]
        if current is None or previous is None:
            return Markup(escape(words["na"]))
        if current == previous:
            return Markup(escape(words["stable"]))
        if previous == 0:
            return Markup(escape(words["new"]))
        ratio = (current - previous) / previous
        word = words["up"] if ratio > 0 else words["down"]
        return escape(word) + self.pct(abs(ratio))

    def filters(self) -> dict[str, object]:
        return {"num": self.num, "pct": self.pct, "date": self.date, "count": self.count,
                "ltr": self.ltr, "change": self.change}


CHANGE = {
    "ar": {"up": "بارتفاع نسبته ", "down": "بانخفاض نسبته ", "stable": "دون تغيير",
           "new": "بعد أن لم يسجل أي رقم في السنة السابقة", "na": "دون مقارنة ممكنة"},
    "fr": {"up": "en hausse de ", "down": "en baisse de ", "stable": "stable",
           "new": "alors qu'aucun chiffre n'était enregistré l'année précédente",
           "na": "sans comparaison possible"},
}
