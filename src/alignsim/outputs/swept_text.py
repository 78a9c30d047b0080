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

import itertools
import math
import re
import shlex
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from alignsim.scenario import ScenarioError, load_scenario
from alignsim.scenario.load import parse_override

__all__ = [
    "base_value",
    "description_paragraphs",
    "kept_sentences",
    "key_name",
    "key_words",
    "run_description",
    "sentences",
    "set_keys",
    "value_patterns",
    "value_text",
    "varied_settings",
    "varied_words",
]

KEY_NAMES = {
    "n_followers": "number of followers",
    "r": "return r",
    "share_nash": "share of Nash-style followers",
    "count": "number of leaders",
}
"""Keys whose last part alone does not read as words."""


def key_name(key: str) -> str:
    """A key's last part in words: ``population.n_followers`` -> ``number of followers``."""
    last = key.split(".")[-1]
    return KEY_NAMES.get(last, last.replace("_", " "))


def key_words(key: str, base: dict[str, Any]) -> str:
    """A key in words, naming a leader group: ``leaders.1.hype`` -> ``hype of 'overseller'``."""
    parts = key.split(".")
    name = key_name(key)
    if parts[0] == "leaders" and len(parts) > 2 and parts[1].isdigit():
        groups = base.get("leaders") or []
        index = int(parts[1])
        label = groups[index]["label"] if index < len(groups) else parts[1]
        return f"{name} of '{label}'"
    return name


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


def value_text(value: Any) -> str:
    """A setting's value as reports write it: ``0.5``, ``100``, ``best_response``."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _value_words(value: Any) -> str:
    """:func:`value_text`, with a switch as on or off and no value as none."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "on" if value else "off"
    return value_text(value)


def varied_words(moved: list[tuple[str, Any, list[Any]]], base: dict[str, Any]) -> str:
    """``number of followers (100 in the base scenario)``, for each setting moved.

    A setting moved to one value says it: ``number of followers to 20 (100 in ...)``.
    """
    return ", ".join(
        f"{key_words(key, base)}"
        + (f" to {_value_words(values[0])}" if len(values) == 1 else "")
        + f" ({_value_words(here)} in the base scenario)"
        for key, here, values in moved
    )


def description_paragraphs(
    base: dict[str, Any], moved: list[tuple[str, Any, list[Any]]], opening: str
) -> list[str]:
    """What a report says before its findings: the settings moved, then the description left.

    ``opening`` starts the first paragraph (``The sweep varies``, ``This run
    changes``); nothing moved, the description as it is.
    """
    description = " ".join((base.get("description") or "").split())
    if not moved:
        return [description] if description else []
    out = [
        f"{opening} {varied_words(moved, base)}; every other setting is that of the "
        f"base scenario, {base['name']}."
    ]
    kept, left_out = kept_sentences(description, [here for _, here, _ in moved])
    if kept:
        note = ", leaving out what it says of the settings changed here" if left_out else ""
        out.append(
            f"The base scenario's description, written for its own settings{note}: "
            + " ".join(kept)
        )
    return out


def set_keys(command: str | None) -> tuple[str | None, list[str]]:
    """The scenario and the keys ``--set`` changed, from a recorded ``alignsim run`` command.

    Each ``--set`` is read as ``alignsim run`` reads it
    (:func:`alignsim.scenario.load.parse_override`); one that does not read
    (a command edited by hand) is left out.
    """
    if not command:
        return None, []
    try:
        words = shlex.split(command)
    except ValueError:
        return None, []
    if words[:2] != ["alignsim", "run"] or len(words) < 3:
        return None, []
    keys = []
    for option, setting in itertools.pairwise(words):
        if option == "--set":
            try:
                keys.append(".".join(parse_override(setting)[0]))
            except ScenarioError:
                continue
    return words[2], keys


def run_description(
    scenario: dict[str, Any], command: str | None, schema: Callable[[], type[BaseModel]]
) -> list[str]:
    """A run's description, without what it says of the settings ``--set`` changed.

    The command the run recorded names its scenario and overrides; the
    scenario file (a built-in by its name) gives the values the description
    was written for. Where that file cannot be read any more, the report
    says which settings changed and that the description is the scenario's.
    """
    source, keys = set_keys(command)
    return changed_description(scenario, source, keys, schema)


def changed_description(
    scenario: dict[str, Any],
    source: str | None,
    keys: list[str],
    schema: Callable[[], type[BaseModel]],
) -> list[str]:
    """:func:`run_description` from the run's scenario source and the keys ``--set`` changed."""
    if not keys:
        description = " ".join((scenario.get("description") or "").split())
        return [description] if description else []
    try:
        chosen = schema()
        base = load_scenario(source, schema=lambda data: chosen).model_dump(mode="json")
    except (ScenarioError, OSError, KeyError):  # the file gone, or a kind this alignsim lacks
        base = None
    if base is None:
        changed = ", ".join(key_words(key, scenario) for key in keys)
        description = " ".join((scenario.get("description") or "").split())
        return [f"This run changes {changed} (--set)."] + (
            [f"The scenario's description, written for its own settings: {description}"]
            if description
            else []
        )
    moved = [(key, base_value(base, key), [base_value(scenario, key)]) for key in keys]
    moved = [row for row in moved if row[2][0] != row[1]]
    return description_paragraphs(base, moved, "This run changes")
