"""A language and its formatter -> the Jinja environment the report's templates (and the
review documents) are rendered in: autoescape on (member text is untrusted), undefined
names fail the build, the formatting filters and the shared macros' words.
"""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from report.language.formatting import Formatter
from report.paths import TEMPLATES


def environment(fmt: Formatter) -> Environment:
    """The Jinja environment of the formatter's language: its templates, then the shared
    ones."""
    env = Environment(loader=FileSystemLoader([TEMPLATES / fmt.language.templates, TEMPLATES]),
                      autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(fmt.filters())
    # the shared macros' words in the edition's language, as markup: phrase(key).format()
    # escapes the values it is given unless they are markup already
    env.globals["phrase"] = lambda key: Markup(escape(fmt.phrase(key)))
    env.globals["words_before_number"] = fmt.words_before_number()
    return env
