"""Values -> text as an Arabic (or French) reader expects it; the Jinja filters.

Arabic numbers follow Babel's ar_MA locale (1.234.567,5 and 25,3%), or, for an edition set to
Arabic-Indic digits, the CLDR "arab" symbols (١٬٢٣٤٬٥٦٧٫٥ and ٢٥٫٣٪: U+066C thousands
separator, U+066B decimal separator, U+066A percent sign). Dates use the Moroccan month
names (يناير ... ماي ... يوليوز غشت شتنبر ... نونبر دجنبر). Counted nouns agree with their
number by the CLDR plural rules, and every left-to-right unit (numbers, legal references,
phone numbers, acronyms, Latin names, URLs) is wrapped once, here, in a bidi isolate so the
bidi algorithm keeps it whole and in order (measured: inside Arabic "1 234" shows as
"234 1" unless isolated).

Bidi of the two digit styles:
- Latin digits are weak European numbers: a group of them with separators or spaces can
  be split or reordered by the surrounding Arabic, so they go in ``<span dir="ltr">``.
- Arabic-Indic digits and U+066B/U+066C are Arabic Numbers (AN): they always stay in
  order, and the percent sign belongs on their left (the reading end), as CLDR writes it.
  They go in an RTL isolate, which keeps the number and its sign together.

French follows Babel's fr_MA locale: the French of Moroccan institutions. With the pinned
Babel (CLDR 47) it gives exactly what fr_FR gives for everything the report prints (measured:
1 234 567,5 grouped with a narrow no-break space U+202F, the same month names, the same
plural rules); it is chosen so that a Moroccan convention CLDR records (the dirham, say)
applies where it differs, and the specimen test catches any change a Babel upgrade brings.
On top of Babel, French typography (``french_spacing``): a narrow no-break space before
; : ! ? and %, inside « guillemets », "1er" for the first day of a month.

Text in the other script (an Arabic activity in the French edition, a French one in the
Arabic edition) is isolated in the direction of its own script (``bidi``), and a block of
it gets its own language and direction (``dirattrs``): the mirror of the Arabic rule.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from functools import cache

from babel import Locale
from babel.dates import format_date, get_month_names
from babel.numbers import format_decimal, format_percent
from markupsafe import Markup, escape

from report.language.texts import Texts, load_texts
from report.paths import TEMPLATES
from report.scripts import script
from report.settings.languages import Language, language

NNBSP, NBSP = "\u202f", "\u00a0"
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
ARAB_SYMBOLS = str.maketrans({"%": "٪", ",": "٬", ".": "٫"})
# Bidi controls and marks Babel puts around signs (LRM, ALM, ...): the isolate does their job.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# A left-to-right run inside Arabic text: Latin words, numbers, references, URLs, e-mails,
# possibly several separated by single spaces ("080000 4747", "Organisation Internationale").
_LATIN = r"0-9A-Za-z\u00c0-\u024f"
_LTR_TOKEN = rf"[{_LATIN}](?:[{_LATIN}.,:/@_+%&'’#=?~\-]*[{_LATIN}/%])?"
LTR_RUN = re.compile(rf"{_LTR_TOKEN}(?:[ \u00a0\u202f]{_LTR_TOKEN})*")
_ARABIC = ("\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff"
           "\ufb50-\ufdff\ufe70-\ufeff")  # Arabic letters (no digits, no punctuation)
# A right-to-left run inside French text: from an Arabic letter to an Arabic letter, with
# whatever is not a Latin letter between them (spaces, digits, Arabic punctuation).
RTL_RUN = re.compile(rf"[{_ARABIC}](?:[^A-Za-z\u00c0-\u024f<>]*[{_ARABIC}\u064b-\u065f])?")

# French spacing: punctuation that takes a narrow no-break space before it, when it ends a
# clause (followed by a space, a closing sign or the end: not "https://", "10:30", "?id=").
_SPACED_PUNCT = re.compile(
    r"(?<=[^\s(\[«\u202f\u00a0])[ \u00a0\u202f]?([;:!?])(?=[\s»)\].,;:!?]|$)")
# the same at the start of a text that follows markup ("<strong>Note</strong> : ...")
_LEADING_PUNCT = re.compile(r"^[ \u00a0\u202f]?([;:!?])(?=[\s»)\].,;:!?]|$)")
_PERCENT = re.compile(r"(?<=\d)[ \u00a0\u202f]?%")
_OPEN_QUOTE = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE_QUOTE = re.compile(r"[ \u00a0\u202f]*»")
_STRAIGHT_QUOTES = re.compile(r'"([^"\n]+)"')
_NUMERO = re.compile(r"\b([nN]°) ")
_APOSTROPHE = re.compile(r"(?<=[A-Za-z\u00c0-\u024f])'(?=[A-Za-z\u00c0-\u024f])")

# The CLDR plural category Babel computes for a number, per language.
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")
# Status symbols in square brackets after a figure (defined in the report's notes and the
# annex): "c" confidential, "r" revised, "p" provisional, each written in the edition's
# script (templates/text/phrases.toml mark.*: [س] in Arabic, [c] in French). A value withheld
# under "c" is shown as the symbol alone.
CONFIDENTIAL = "c"
MARKS = ("c", "r", "p")
SYMBOLS = re.compile(r"^(.*?)((?:\s*\[[^\]\s]+\])+)$")


class Formatter:
    """Formatting for one language and one digit style, shared by templates and charts."""

    def __init__(self, lang: str | Language,
                 nouns: Mapping[str, Mapping[str, Mapping[str, str]]],
                 digits: str = "latn", phrases: Texts | None = None) -> None:
        """``digits``: the edition's digit style, for a language that offers it (an edition
        set to Arabic-Indic digits writes its French edition in Latin digits)."""
        if digits not in ("latn", "arab"):
            raise ValueError(f"digits must be 'latn' or 'arab', not {digits!r}")
        self.language = lang if isinstance(lang, Language) else language(lang)
        self.lang, self.nouns = self.language.code, nouns
        self.digits = digits if digits in self.language.digits else self.language.digits[0]
        self.french = self.language.typography == "french"
        self.phrases = phrases or load_texts("phrases")
        self.missing = self.phrase("sign.not_received")
        self.not_collected = self.phrase("sign.not_collected")
        self.not_applicable = self.phrase("sign.not_applicable")
        self._marks = {m: self.phrase(f"mark.{m}") for m in MARKS}
        self.locale = Locale.parse(self.language.babel_locale)
        self.plural_locale = Locale.parse(self.language.plural_locale)

    def phrase(self, key: str) -> str:
        """A phrase of templates/text/phrases.toml in the report's language."""
        return self.phrases(key, self.lang)

    # plain text (charts, workbooks, CSV) ------------------------------------------
    def number_text(self, value: float | int | None) -> str:
        """1234567.5 -> '1.234.567,5' (latn) or '١٬٢٣٤٬٥٦٧٫٥' (arab)."""
        if value is None:
            return self.missing
        text = format_decimal(value, locale=self.locale, group_separator=True)
        return self._style(text)

    def symbols_text(self, marks: Sequence[str]) -> str:
        """("r", "c") -> '[r] [c]' in French, '[ر] [س]' in Arabic."""
        return " ".join(f"[{self._marks.get(m, m)}]" for m in marks)

    def mark_codes(self, written: Sequence[str]) -> tuple[str, ...]:
        """The codes of marks as written ('س' -> 'c'), the reverse of ``symbols_text``."""
        back = {v: k for k, v in self._marks.items()}
        return tuple(back.get(w, w) for w in written)

    def value_text(self, value: int | None, marks: Sequence[str] = ()) -> str:
        """A figure with its status symbols: '1.234', '1.234 [r]', '[c]' (withheld), or
        'not received'."""
        if value is None:
            return self.symbols_text(marks) if CONFIDENTIAL in marks else self.missing
        text = self.number_text(value)
        return f"{text} {self.symbols_text(marks)}" if marks else text

    def percent_text(self, ratio: float) -> str:
        """0.253 -> '25,3%' (latn) or '٢٥٫٣٪' (arab)."""
        text = format_percent(ratio, format=self.language.percent, locale=self.locale)
        return self._style(text)

    def year_text(self, value: int) -> str:
        """A year or any label number, never grouped: 2025 -> '2025' or '٢٠٢٥'."""
        return self.digits_text(str(value))

    def date_text(self, value: dt.date) -> str:
        """2018-07-06 -> '6 يوليوز 2018' (Moroccan month names, from Babel's ar_MA); the
        first of a month as the language writes it: 'فاتح أبريل 2025'; French: '6 juillet
        2018', '1er juillet 2018', no-break spaces between the parts."""
        if self.french:
            day = f"{value.day}er" if value.day == 1 else str(value.day)
            return NBSP.join((day, format_date(value, "MMMM y", locale=self.locale)
                              .replace(" ", NBSP)))
        if value.day == 1:
            month = format_date(value, "MMMM y", locale=self.locale)
            return self.digits_text(self.phrase("first_of_month").format(month=month))
        return self.digits_text(format_date(value, "d MMMM y", locale=self.locale))

    def digits_text(self, text: str) -> str:
        """Latin digits of ``text`` in the edition's digit style."""
        return text.translate(ARABIC_INDIC) if self.digits == "arab" else text

    def _style(self, latn: str) -> str:
        """Babel's ar_MA (latn) output -> the edition's style, without bidi marks."""
        latn = BIDI_CONTROLS.sub("", latn)
        if self.digits == "latn":
            return latn
        # ar_MA writes '.' for groups and ',' for decimals; swap to the arab symbols.
        swapped = latn.translate(str.maketrans(".,", ",."))
        return swapped.translate(ARAB_SYMBOLS).translate(ARABIC_INDIC)

    # markup (templates) -------------------------------------------------------------
    def ltr(self, text: object) -> Markup:
        """A left-to-right unit kept whole inside Arabic text (law 27.14, 080000 4747, CNDH)."""
        return Markup('<span dir="ltr" class="ltr">{}</span>').format(text)

    def _number(self, text: str) -> Markup:
        if not self.language.rtl:  # a number in a left-to-right line needs no isolate
            return Markup('<span class="num">{}</span>').format(text)
        if self.digits == "arab":
            return Markup('<span dir="rtl" class="num">{}</span>').format(text)
        return self.ltr(text)

    def bidi(self, text: object) -> Markup:
        """Free text (member titles, partners, descriptions), escaped, its runs of the other
        direction isolated. In Arabic: every left-to-right run (Latin names, acronyms,
        numbers, URLs); in French: every Arabic run, right to left. A text written in the
        other language (an activity in French in the Arabic edition, or in Arabic in the
        French one) is isolated whole, in its own direction, its inner runs as that language
        would isolate them."""
        if isinstance(text, Markup):
            return text
        text = "" if text is None else str(text)
        written = script(text)
        if written is None:
            return Markup(escape(text))
        inner = self._isolate_ltr_runs(text) if written == "ar" else self._isolate_rtl_runs(text)
        if written == self._script:
            return inner
        return Markup('<span{}>{}</span>').format(_lang_attrs(written), inner)

    def dirattrs(self, text: object) -> Markup:
        """' lang="ar" dir="rtl"' for a block whose text is written in the other language
        (its own alignment and direction), nothing for text in the edition's language."""
        written = script("" if text is None else str(text))
        if written is None or written == self._script:
            return Markup("")
        return _lang_attrs(written)

    @property
    def _script(self) -> str:
        """The script of the edition's language, as ``script`` names it."""
        return "ar" if self.language.rtl else "fr"

    def _isolate_rtl_runs(self, text: str) -> Markup:
        out, last = [], 0
        for m in RTL_RUN.finditer(text):
            out.append(escape(text[last:m.start()]))
            out.append(Markup('<span dir="rtl" lang="ar">{}</span>').format(m.group(0)))
            last = m.end()
        out.append(escape(text[last:]))
        return Markup("").join(out)

    def _isolate_ltr_runs(self, text: str) -> Markup:
        out, last = [], 0
        for m in LTR_RUN.finditer(text):
            out.append(escape(text[last:m.start()]))
            run = m.group(0)
            plain = run.isdigit() and len(run) <= 4  # a bare year or count: no reordering risk
            out.append(escape(run) if plain else self.ltr(run))
            last = m.end()
        out.append(escape(text[last:]))
        return Markup("").join(out)

    def num(self, value: float | int | None, marks: Sequence[str] = ()) -> Markup:
        """A number isolated, with its status symbols; a withheld value as its symbol."""
        if value is None:
            if CONFIDENTIAL in marks:
                return self.symbols(marks)
            return Markup('<span class="missing">{}</span>').format(self.missing)
        out = self._number(self.number_text(value))
        return out + Markup(" ") + self.symbols(marks) if marks else out

    def symbols(self, marks: Sequence[str]) -> Markup:
        """'[r] [c]' (or '[ر] [س]') as one unit, in the direction of the edition's script."""
        if not marks:
            return Markup("")
        direction = "rtl" if self.language.rtl else "ltr"
        return Markup('<span dir="{}" class="symbol">{}</span>').format(
            direction, self.symbols_text(marks))

    def numtext(self, text: str) -> Markup:
        """A number already formatted (value_text, number_text, percent_text), isolated as
        ``num`` does, its symbols apart."""
        if text == self.missing:
            return self.num(None)
        m = SYMBOLS.match(text)
        if m:
            marks = self.mark_codes(re.findall(r"\[([^\]\s]+)\]", m.group(2)))
            number = m.group(1).strip()
            return self._number(number) + Markup(" ") + self.symbols(marks) if number \
                else self.symbols(marks)
        return self._number(text)

    def level_text(self, value: float, unit: str) -> str:
        """A plan indicator's level: 1.250 (a count) or 62,5% (a percentage)."""
        text = self.number_text(value)
        if unit != "percent":
            return text
        return text + ("\u066a" if self.digits == "arab" else "%")

    def level(self, value: float | None, unit: str) -> Markup:
        """A plan indicator's level, isolated as ``num`` does; the sign "not applicable"
        when there is none (a measure not begun, not started or dropped)."""
        if value is None:
            return Markup(escape(self.not_applicable))
        return self._number(self.level_text(value, unit))

    def pct(self, ratio: float | None, marks: Sequence[str] = ()) -> Markup:
        """A share; the share of a withheld value is withheld too."""
        if ratio is None and CONFIDENTIAL in marks:
            return self.symbols((CONFIDENTIAL,))
        return self._number(self.percent_text(ratio)) if ratio is not None else self.num(None)

    def year(self, value: int | None) -> Markup:
        return self.num(None) if value is None else Markup(escape(self.year_text(value)))

    def date(self, value: dt.date) -> Markup:
        text = self.date_text(value)
        if self.french and value.day == 1:  # "1er", the ordinal letters superior
            rest = format_date(value, "MMMM y", locale=self.locale).replace(" ", NBSP)
            return Markup('<span class="date">1<sup class="ord">er</sup>{}{}</span>').format(
                NBSP, rest)
        return Markup('<span class="date">{}</span>').format(text)

    def ordinal_figures(self, value: int, gender: str = "m") -> Markup:
        """French ordinal numbers as figures: 1er, 1re (gender "f"), 2e, 15e (letters
        superior). In Arabic, ordinals are words: the number is returned as ``num`` does."""
        if not self.french:
            return self.num(value)
        suffix = ("er" if gender == "m" else "re") if value == 1 else "e"
        return Markup('{}<sup class="ord">{}</sup>').format(self.number_text(value), suffix)

    def prose(self, text: str) -> str:
        """Plain text as the edition's typography writes it (French spacing in French)."""
        return french_spacing(text) if self.french else text

    def plural_form(self, value: int) -> str:
        return self.plural_locale.plural_form(value)

    def count_text(self, value: int, noun: str, case: str = "nom") -> str:
        """'12 ضحية', 'ضحيتان', '3 ضحايا', '103 ضحايا', '111 شخصا' as plain text.

        ``case``: "nom" (subject), "acc" or "gen" (object, after a preposition): only the
        dual changes in writing (ضحيتان / ضحيتين); a catalogue may give "two_acc" itself.
        """
        forms = self.nouns[noun][self.lang]
        form = self.plural_form(value)
        pattern = forms.get(form) or forms["other"]  # French "many" (1 000 000) is "other"
        if form == "two" and case in ("acc", "gen") and self.lang == "ar":
            pattern = forms.get("two_acc") or _oblique_dual(pattern)
        return pattern.replace("{n}", self.number_text(value))

    def agree(self, value: int | None, one: str, other: str) -> str:
        """A word agreeing with a number the way a noun does (CLDR "one" or not): French
        verbs and participles, '1 victime a été identifiée' / '12 victimes ont été ...'."""
        return one if value is not None and self.plural_form(value) == "one" else other

    def count(self, value: int | None, noun: str, case: str = "nom") -> Markup:
        """The noun agreeing with its number, the number isolated: '12 ضحية', 'ضحيتان'."""
        if value is None:
            return self.num(None)
        if noun not in self.nouns:
            raise KeyError(f"noun {noun!r} is not in the catalogue (inputs/catalogue/nouns.toml)")
        text = self.count_text(value, noun, case)
        number = self.number_text(value)
        before, found, after = text.partition(number)
        if not found:
            return Markup(escape(text))
        return escape(before) + self._number(number) + escape(after)

    def change(self, current: int | None, previous: int | None,
               since: int | None = None) -> Markup:
        """Year-on-year phrase, grammatical for any value.

        Without ``since``: 'بارتفاع نسبته 25,3%', 'بانخفاض نسبته 4,0%', 'دون تغيير'. With
        ``since`` (the year compared with) the whole clause: '... مقارنة بسنة 2024', and for
        a figure that was 0 or missing that year a phrase that says so instead.
        """
        year = self.year_text(since) if since is not None else None
        if current is None or previous is None:
            key = "na"
        elif current == previous:
            key = "stable"
        elif previous == 0:
            key = "new"
        else:
            ratio = (current - previous) / previous
            key = "up" if ratio > 0 else "down"
        if key in ("na", "stable", "new"):
            phrase = self._change(key + "_since").format(year=year) if year else \
                self._change(key)
            return Markup(escape(phrase))
        ratio = abs(ratio)
        if ratio < 0.0005:  # would print as 0,0 %
            out = escape(self._change(key + "_slight")) + self.pct(0.001)
        else:
            out = escape(self._change(key)) + self.pct(ratio)
        if year:
            out += escape(self._change("since").format(year=year))
        return out

    def _change(self, key: str) -> str:
        return self.phrase(f"change.{key}")

    def sources_text(self, names: Sequence[str]) -> str:
        """The members a figure comes from: named up to ``sources_named_max``, else
        "contributions of N members, annex table X"."""
        if len(names) > self._sources_named_max():
            return self.phrase("sources_counted").format(
                n=self.count_text(len(names), "member"), table=self.year_text(_sources_table()))
        return self.phrase("list_separator").join(names)

    def sources(self, names: Sequence[str]) -> Markup:
        """``sources_text`` as markup: the names isolated (bidi), or counted, with the data
        annex's table that names them all."""
        if len(names) > self._sources_named_max():
            before, _, after = self.phrase("sources_counted").partition("{n}")
            table = self.year(_sources_table())
            return escape(before) + self.count(len(names), "member") + \
                Markup(escape(after)).replace("{table}", table)
        return self.bidi(self.phrase("list_separator").join(names))

    def ordinal(self, n: int) -> Markup:
        """6 -> 'السادس' (masculine ordinal adjective), or 'رقم 21' beyond the list."""
        words = self.phrases.value(f"ordinal_{self.lang}")
        if isinstance(words, list) and 1 <= n <= len(words):
            return Markup(escape(words[n - 1]))
        before, _, after = self.phrase("ordinal_beyond").partition("{n}")
        return escape(before) + self.num(n) + escape(after)

    def andlist(self, items: Sequence[object]) -> Markup:
        """("A", "B") -> 'A وB'; ("A", "B", "C") -> 'A، وB، وC' ('A, B et C'), each item
        isolated as ``bidi`` does (phrases list_and, list_many, list_many_last)."""
        parts = [self.bidi(i) for i in items]
        if len(parts) < 2:
            return parts[0] if parts else Markup("")
        if len(parts) == 2:
            return parts[0] + escape(self.phrase("list_and")) + parts[1]
        head = Markup(escape(self.phrase("list_many"))).join(parts[:-1])
        return head + escape(self.phrase("list_many_last")) + parts[-1]

    def _sources_named_max(self) -> int:
        value = self.phrases.value("sources_named_max")
        return value if isinstance(value, int) else 0

    def words_before_number(self) -> tuple[str, ...]:
        """Words a number follows that must not end a line without it: the phrase list
        ("رقم", "سنة", "الفصل" ...) and the month names of dates ("غشت 2016")."""
        listed = self.phrase("words_before_number").split()
        months = get_month_names("wide", locale=self.locale).values()
        return tuple(dict.fromkeys((*listed, *months)))

    def filters(self) -> dict[str, Callable[..., object]]:
        return {"num": self.num, "pct": self.pct, "date": self.date, "count": self.count,
                "ltr": self.ltr, "bidi": self.bidi, "numtext": self.numtext,
                "change": self.change, "yr": self.year, "digits": self.digits_text,
                "sources": self.sources, "ordinal": self.ordinal, "dirattrs": self.dirattrs,
                "ord": self.ordinal_figures,
                "agree": self.agree, "andlist": self.andlist, "level": self.level,
                "symbols": self.symbols}


@cache
def _sources_table() -> int:
    """The number of the data annex's table that lists every figure's sources (its place
    among the tables of templates/annex/schema.toml, phrases.toml ``sources_table``)."""
    wanted = load_texts("phrases").value("sources_table")
    tables = tomllib.loads((TEMPLATES / "annex" / "schema.toml").read_text("utf-8"))["table"]
    return next(i for i, t in enumerate(tables, start=1) if t["name"] == wanted)


def _lang_attrs(written: str) -> Markup:
    direction = "rtl" if written == "ar" else "ltr"
    return Markup(' lang="{}" dir="{}"').format(written, direction)


def french_spacing(text: str) -> str:
    """French typography on plain text: a narrow no-break space (U+202F) before ; : ! ?
    and % and inside « guillemets »; straight quotes paired into guillemets; the
    typographic apostrophe; "n° 27-14" kept on one line. Idempotent; leaves URLs, times
    (10:30) and "?id=" alone."""
    text = _APOSTROPHE.sub("\u2019", text)
    text = _NUMERO.sub("\\1" + NBSP, text)
    text = _STRAIGHT_QUOTES.sub(lambda m: f"«{m.group(1).strip()}»", text)
    text = _OPEN_QUOTE.sub("«" + NNBSP, text)
    text = _CLOSE_QUOTE.sub(NNBSP + "»", text)
    text = _SPACED_PUNCT.sub(lambda m: NNBSP + m.group(1), text)
    text = _LEADING_PUNCT.sub(lambda m: NNBSP + m.group(1), text)
    return _PERCENT.sub(NNBSP + "%", text)


def _oblique_dual(nominative: str) -> str:
    """ضحيتان -> ضحيتين, شخصان -> شخصين (the dual in the accusative and genitive)."""
    words = nominative.split(" ")
    for i, word in enumerate(words):
        if word.endswith("ان") and len(word) > 3:
            words[i] = word[:-2] + "ين"
            break
    return " ".join(words)

