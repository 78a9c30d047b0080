"""What a sweep's report may say of its base scenario: no value that the grid varied.

A scenario's description is written for its own settings ("One hundred
followers ... a project that multiplies contributions by 1.6"). A sweep that
varies one of them makes such a sentence false at the grid's other points, so
the report says what the sweep varies and leaves out each sentence of the
description that states a varied setting's base value. A value is found in
free text by its usual spellings: ``1.6``, ``100``, ``one hundred``,
``50%``, ``half``, ``a tenth``, ``best responses`` for ``best_response``.
What cannot be spotted that way (0 and 1, which formulas use everywhere; a
yes/no switch; "fully") is covered by presenting what is left as the base
scenario's description, written for its own settings.
"""

from __future__ import annotations

import math
import re
from typing import Any

__all__ = ["base_value", "kept_sentences", "sentences", "value_patterns", "varied_settings"]

ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
FRACTIONS = {
    0.5: ("half",),
    1 / 3: ("a third", "one third"),
    2 / 3: ("two thirds",),
    0.25: ("a quarter", "one quarter"),
    0.75: ("three quarters",),
    0.2: ("a fifth", "one fifth"),
    0.1: ("a tenth", "one tenth"),
}
"""Fractions a description may spell out, by value."""


def _words(number: int) -> str:
    """A whole number from 0 to 999,999 in English words: 142 -> ``one hundred forty-two``."""
    if number < 20:
        return ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return TENS[tens] + (f"-{ONES[ones]}" if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return f"{ONES[hundreds]} hundred" + (f" {_words(rest)}" if rest else "")
    thousands, rest = divmod(number, 1000)
    return f"{_words(thousands)} thousand" + (f" {_words(rest)}" if rest else "")


def _number_forms(value: float) -> list[str]:
    """The spellings of a number worth looking for (none for 0 and 1: too common to tell)."""
    if value in (0, 1):
        return []
    forms = [re.escape(f"{value:g}")]
    whole = float(value).is_integer()
    if whole and abs(value) < 1_000_000:
        number = int(abs(value))
        forms += [re.escape(f"{number:,}"), re.escape(_words(number)).replace(r"\-", "[- ]")]
        if number >= 100 and str(number)[0] == "1":  # "a hundred", "a thousand"
            forms.append("a " + re.escape(_words(number).removeprefix("one ")))
    if 0 < value < 1:
        forms.append(re.escape(f"{100 * value:g}") + r"\s?(?:%|percent|per cent)")
        forms += [
            re.escape(words)
            for fraction, spellings in FRACTIONS.items()
            if math.isclose(value, fraction, rel_tol=1e-9)
            for words in spellings
        ]
    return forms


def value_patterns(value: Any) -> list[re.Pattern[str]]:
    """Patterns that find a setting's value written in a sentence (whole words only)."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int | float):
        forms = _number_forms(float(value))
        return [
            re.compile(rf"(?<![\w.]){form}(?![\w]|\.\d)", re.IGNORECASE)
            for form in dict.fromkeys(forms)
        ]
    text = str(value)
    spellings = {text, text.replace("_", " "), text.replace("_", "-")}
    return [
        re.compile(rf"(?<![\w]){re.escape(spelling)}", re.IGNORECASE)
        for spelling in sorted(spellings)
        if len(spelling) > 2
    ]


def base_value(base: dict[str, Any], key: str) -> Any:
    """The base scenario's value at a key path (``leaders.0.r``); None where it has none."""
    node: Any = base
    for part in key.split("."):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None
    return node


def varied_settings(
    grid: dict[str, list[Any]], base: dict[str, Any]
) -> list[tuple[str, Any, list[Any]]]:
    """``(key, base value, grid values)`` for each swept key the grid moves off its base value."""
    out = []
    for key, values in grid.items():
        here = base_value(base, key)
        if any(value != here for value in values):
            out.append((key, here, list(values)))
    return out


def sentences(text: str) -> list[str]:
    """A paragraph cut into sentences: after ``.``, ``!`` or ``?`` and before a capital."""
    text = " ".join(text.split())
    return [part for part in re.split(r"(?<=[.!?])\s+(?=[A-Z(\"'])", text) if part]


def kept_sentences(description: str, values: list[Any]) -> tuple[list[str], int]:
    """The description's sentences that state none of ``values``, and how many were left out."""
    patterns = [pattern for value in values for pattern in value_patterns(value)]
    parts = sentences(description)
    kept = [part for part in parts if not any(p.search(part) for p in patterns)]
    return kept, len(parts) - len(kept)
