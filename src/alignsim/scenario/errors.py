"""The one-line error every scenario problem becomes, and pydantic's messages in plain words.

This module imports nothing else of alignsim.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any


class ScenarioError(ValueError):
    """A scenario that cannot be used; ``str()`` is one line for the user."""

    def __init__(self, source: str, key: str | None, problem: str) -> None:
        self.source, self.key, self.problem = source, key, problem
        where = f"{source}: {key}: " if key else f"{source}: "
        super().__init__(one_line(where + problem))


SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_char(char: str) -> str:
    r"""A character as Python writes it in a string literal: ``\n``, ``\x1b``, ``\u202e``."""
    if char in SHORT_ESCAPES:
        return SHORT_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    r"""``text`` on one line: a newline, an escape or another control character shown escaped.

    A key or value copied from a file may hold a newline (which would forge a
    second message line) or a terminal escape sequence; they are shown as
    Python writes them (``\n``, ``\x1b``), as :func:`alignsim.outputs.safe_text.printable`
    shows them on screen.
    """
    return "".join(c if c.isprintable() or c == " " else escape_char(c) for c in str(text))


# pydantic's "Input should be ..." phrases, reworded to follow "expected"
_PLAIN = (
    ("a valid integer, unable to parse string as an integer", "an integer"),
    ("a valid integer, got a number with a fractional part", "a whole number"),
    ("a valid integer", "an integer"),
    ("a valid number, unable to parse string as a number", "a number"),
    ("a valid number", "a number"),
    ("a valid boolean, unable to interpret input", "true or false"),
    ("a valid boolean", "true or false"),
    ("a valid string", "text"),
    ("a valid list", "a list"),
    ("a finite number", "a finite number (not inf or nan)"),
)
_SUBJECT = re.compile(r"^(Input|String|List|Dictionary|Value|Tuple|Set) should (be |have |match )?")


def plain_message(message: str) -> str:
    """A pydantic error message as alignsim says it: ``expected ...``, one line.

    ``Input should be a valid integer`` becomes ``expected an integer``;
    ``String should have at most 100 characters`` becomes ``expected at most
    100 characters``; a validator's ``Value error, ...`` keeps its own words.
    """
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            return one_line(message[len(prefix) :])
    match = _SUBJECT.match(message)
    if match is None:
        return one_line(message)
    verb = (match.group(2) or "").strip()
    rest = message[match.end() :]
    if rest.startswith("a valid dictionary or instance of"):
        rest = "a section of keys (key: value lines)"
    for wordy, plain in _PLAIN:
        if rest.startswith(wordy):
            rest = plain + rest[len(wordy) :]
            break
    if verb == "match":
        rest = f"text matching {rest}"
    elif match.group(1) == "String":
        rest = f"text of {rest}"
    elif verb not in ("be", "have"):
        rest = f"to {rest}" if rest else "something else"
    return one_line(f"expected {rest}")


def describe_error(err: Mapping[str, Any]) -> tuple[str, str]:
    """``(dotted key, message)`` of one pydantic error, with the input (cut short) it got.

    A validator's own message (``value_error``) already says what it got.
    """
    key = ".".join(str(p) for p in err.get("loc", ()))
    if err["type"] == "missing":
        return key, "required key missing"
    message = plain_message(err["msg"])
    got = err.get("input")
    if not isinstance(got, dict | list) and err["type"] != "value_error":
        shown = repr(got)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        message += f" (got {shown})"
    return key, message
