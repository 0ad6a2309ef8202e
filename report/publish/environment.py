"""A language and its formatter -> the Jinja environment the report's templates (and the
review documents) are rendered in: autoescape on (member text is untrusted), undefined
names fail the build, the formatting filters and the shared macros' words; with a cache
folder, the compiled templates kept there for the next build.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
)
from jinja2.bccache import Bucket
from jinja2.runtime import Context
from markupsafe import Markup, escape

from report.atomic import atomic_write_bytes
from report.language.formatting import Formatter
from report.paths import TEMPLATES


class CompiledTemplates(FileSystemBytecodeCache):
    """Compiled templates in ``folder``, each under its name, its file, the options the
    environment compiles with and the Jinja version; Jinja itself checks that the source is
    the same (sha1). Compiling the report's templates is most of what rendering them costs.
    Written as every output is (report/atomic.py); a damaged entry is compiled again."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder), "%s.jinja")

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # marshal's and pickle's many errors on a damaged file
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        data = io.BytesIO()
        bucket.write_bytecode(data)
        atomic_write_bytes(Path(self._get_cache_filename(bucket)), data.getvalue())

    def get_bucket(self, environment: Environment, name: str, filename: str | None,
                   source: str) -> Bucket:
        options = (jinja2.__version__, environment.autoescape, environment.undefined,
                   environment.optimized, environment.trim_blocks, environment.lstrip_blocks,
                   environment.keep_trailing_newline, environment.newline_sequence)
        return super().get_bucket(environment, f"{name}|{options!r}", filename, source)


def environment(fmt: Formatter, cache: Path | None = None) -> Environment:
    """The Jinja environment of the formatter's language: its templates, then the shared
    ones; their compiled code kept in ``cache`` (a folder) when one is given."""
    env = Environment(loader=FileSystemLoader([TEMPLATES / fmt.language.templates, TEMPLATES]),
                      autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      bytecode_cache=CompiledTemplates(cache) if cache else None)
    env.filters.update({name: at_render(f) for name, f in fmt.filters().items()})
    # the shared macros' words in the edition's language, as markup: phrase(key).format()
    # escapes the values it is given unless they are markup already
    env.globals["phrase"] = lambda key: Markup(escape(fmt.phrase(key)))
    env.globals["words_before_number"] = fmt.words_before_number()
    return env


def at_render(f: Callable[..., object]) -> Callable[..., object]:
    """The filter ``f``, called when a template renders, never while it compiles: Jinja
    computes a filter of a constant (``{{ 2025|num }}``) into the compiled code unless the
    filter takes the render's context, and the compiled code is kept in the cache, while
    the filters are the edition's formatter's (its language, its digits)."""

    @pass_context
    def filter_(context: Context, *args: object, **kwargs: object) -> object:
        return f(*args, **kwargs)

    return filter_
