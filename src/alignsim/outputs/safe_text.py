r"""User text made safe to show: on a terminal, through Rich, and in Markdown.

A scenario's description, keys and values and the paths a user types reach
the screen and the reports. Control characters (an escape sequence can
clear or recolour a terminal, a newline can forge a second message line) and
the bidirectional overrides of "Trojan Source" (Boucher and Anderson, 2021)
are shown escaped, as Python writes them (``\x1b``, ``\n``); Rich markup
and raw HTML are shown as the literal text the user wrote.
"""

from __future__ import annotations

import html
import re
import unicodedata

from alignsim.scenario.errors import escape_char

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
UNSAFE = {
    code: escape_char(chr(code))
    for code in [*range(0x20), *range(0x7F, 0xA0), *map(ord, BIDI_CONTROLS)]
    if unicodedata.category(chr(code)) in ("Cc", "Cf")
}


def printable(text: str) -> str:
    r"""``text`` with every control character shown as its escape (``\x1b``, ``\n``)."""
    return str(text).translate(UNSAFE)


def rich_literal(text: str) -> str:
    """``text`` printed literally by Rich: no markup (``[/b]``, ``[r, s]``), no control codes."""
    from rich.markup import escape  # Rich only where Rich prints

    return escape(printable(text))


def markdown_literal(text: str) -> str:
    """``text`` shown literally in Markdown: no raw HTML, no table-breaking ``|``, one line."""
    one_line = printable(" ".join(str(text).split()))
    return html.escape(one_line, quote=False).replace("|", "\\|")


def code_fence(text: str) -> str:
    """A backtick fence longer than any backtick run in ``text``: it cannot close early."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)
