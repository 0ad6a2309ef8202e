"""templates/text/<name>.toml -> Texts: the words the code itself writes, in each language.

Prose lives in data: the chapter templates hold the report's text, and these files hold
the rest (phrases the formatting filters build, workbook help and prompts, feedback labels,
annex headers). Every entry is a table with an ``ar`` and a ``fr`` text; a few plain
values (numbers) sit beside them. A file missing a language fails at once, naming the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from report.errors import SettingsError
from report.label import LABEL_LANGS, Label
from report.paths import TEMPLATES
from report.settings.toml import Problems, read_toml


class TextsError(SettingsError):
    """A texts file lacks a language or a key the code asks for."""


@dataclass(frozen=True)
class Texts:
    """One texts file: dotted key -> Label, plus its plain values."""

    name: str
    labels: Mapping[str, Label]
    values: Mapping[str, object]

    def label(self, key: str) -> Label:
        try:
            return self.labels[key]
        except KeyError:
            raise TextsError(f"templates/text/{self.name}.toml: no text {key!r}") from None

    def __call__(self, key: str, lang: str) -> str:
        return self.label(key)(lang)

    def value(self, key: str) -> object:
        try:
            return self.values[key]
        except KeyError:
            raise TextsError(f"templates/text/{self.name}.toml: no value {key!r}") from None


def _walk(data: Mapping, prefix: str, labels: dict[str, Label], values: dict[str, object],
          problems: Problems) -> None:
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if not isinstance(value, Mapping):
            values[dotted] = value
        elif set(value) & set(LABEL_LANGS):
            problems.unknown_keys(value, LABEL_LANGS, f"{dotted}: ")
            for lang in LABEL_LANGS:
                if not isinstance(value.get(lang), str):
                    problems.error(f"{dotted}: {lang}: a text is needed")
            labels[dotted] = Label(str(value.get("ar", "")), str(value.get("fr", "")))
        else:
            _walk(value, f"{dotted}.", labels, values, problems)


@cache
def load_texts(name: str) -> Texts:
    """templates/text/<name>.toml, read once per process."""
    path = TEMPLATES / "text" / f"{name}.toml"
    problems = Problems(str(path))
    labels: dict[str, Label] = {}
    values: dict[str, object] = {}
    _walk(read_toml(path, TextsError), "", labels, values, problems)
    problems.done(TextsError)
    return Texts(name, labels, values)
