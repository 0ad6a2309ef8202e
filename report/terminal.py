"""Untrusted names and values -> text safe to print on a terminal or to write into a file.

File names come from whoever filled the year's folder, and values from what members typed:
a newline, an escape sequence or a bidi override in one of them must not forge a line,
colour the terminal or reorder what the secretariat reads. Every line ``check`` and
``build`` print, and every output that names a member's file, shows it through
``shown_name``: each such character becomes a visible <U+XXXX>, and a byte of a name that
is not UTF-8 becomes <0xNN>.
"""

from __future__ import annotations

import re
import unicodedata

UNSAFE = ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")
MARKS = "\u200e\u200f"  # left-to-right and right-to-left marks: kept in Arabic messages
# a lone surrogate (a cell read from a damaged file): no file format can hold it as it is
SURROGATE = re.compile("[\ud800-\udfff]")


def shown_name(text: str) -> str:
    """A file name as it may be printed: controls, format characters (bidi overrides,
    marks included), line separators and undecodable bytes made visible."""
    return _shown(text, "")


def shown_text(text: str) -> str:
    """A message or value as it may be printed: like ``shown_name``, but the
    left-to-right and right-to-left marks of Arabic messages stay."""
    return _shown(text, MARKS)


def _shown(text: str, keep: str) -> str:
    if text.isprintable() and not any(c in keep for c in text):
        return text  # the common case, at C speed
    return "".join(_one(c) if c not in keep and unicodedata.category(c) in UNSAFE else c
                   for c in text)


def _one(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (os.fsdecode's surrogateescape)
        return f"<0x{code - 0xDC00:02X}>"
    return f"<U+{code:04X}>"
