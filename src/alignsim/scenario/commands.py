"""The commands that repeat a run: built-ins by name, files by path relative to the working folder.

A report or a sweep's table prints an ``alignsim run`` command for a reader to
type in the project folder, on another machine. So a built-in scenario or
built-in sweep is named as such (``nash``, ``group_weight``: found from any
folder), a file given by a relative path keeps it, and an absolute path is
made relative to the working folder: never the absolute path of the machine
that ran it.
"""

from __future__ import annotations

import json
import os
import shlex
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from alignsim.scenario.bar_schema import BarScenario
from alignsim.scenario.errors import ScenarioError
from alignsim.scenario.load import builtin_scenarios, builtin_sweeps, load_scenario, resolve_path
from alignsim.scenario.schema import Scenario

__all__ = [
    "builtin_command",
    "command_for",
    "format_value",
    "portable_source",
    "read_back",
    "run_command",
]


def format_value(value: Any) -> str:
    """A value as ``--set`` text that YAML reads back as the same value."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, float):
        text = repr(value)
        return text.replace("e", ".0e") if "e" in text and "." not in text else text
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return text if read_back(text) == value else json.dumps(value)


def read_back(text: str) -> Any:
    """What ``--set key=text`` would set (YAML-typed)."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None


def _builtin_name(path: Path) -> str | None:
    """The name of the built-in scenario or sweep whose file ``path`` is, if it is one."""
    for name, file in (*builtin_scenarios().items(), *builtin_sweeps().items()):
        try:
            if path.samefile(file):
                return name
        except OSError:
            continue
    return None


def portable_source(given: str | Path, cwd: Path | None = None) -> str:
    """How a command should name the scenario the user gave as ``given``.

    A built-in (by name or by its file) is its name; an absolute path is made
    relative to ``cwd`` (default: the working folder); a relative path stays
    as given.
    """
    try:
        path = resolve_path(given)
    except ScenarioError:
        return str(given)
    name = _builtin_name(path)
    if name is not None:
        return name
    if Path(given).is_absolute():
        try:
            return os.path.relpath(Path(given), cwd or Path.cwd())
        except ValueError:  # another drive (Windows): no relative path exists
            return str(given)
    return str(given)


def run_command(source: str, seed: int, steps: int, overrides: Iterable[str] = ()) -> str:
    """The ``alignsim run`` command that repeats one run alone, quoted for a POSIX shell."""
    words = ["alignsim", "run", source, "--seed", str(seed), "--steps", str(steps)]
    for text in overrides:
        words += ["--set", text]
    return " ".join(shlex.quote(word) for word in words)


def command_for(given: str | Path, seed: int, steps: int, overrides: Iterable[str] = ()) -> str:
    """The ``alignsim run`` command that repeats a run asked for as ``given`` with overrides."""
    return run_command(portable_source(given), seed, steps, overrides)


def _flat(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            out |= _flat(value, f"{prefix}.{key}" if prefix else str(key))
        return out
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        out = {}
        for index, value in enumerate(data):
            out |= _flat(value, f"{prefix}.{index}")
        return out
    return {prefix: data}


def _schema_of(scenario: dict[str, Any]) -> type[BaseModel] | None:
    """The schema that reads a resolved scenario back as itself (its files' schema)."""
    for schema in (BarScenario, Scenario):
        try:
            if schema.model_validate(scenario).model_dump(mode="json") == scenario:
                return schema
        except ValidationError:
            continue
    return None


def builtin_command(scenario: dict[str, Any]) -> str | None:
    """The command that repeats a run of a built-in from its resolved scenario alone.

    For a run folder that did not record its command (written from Python, or
    by a class session): the built-in of the same name with ``--set`` for each
    value that differs. None when the scenario is not a built-in's, or when
    ``--set`` cannot express the difference (the command is checked by
    resolving it again).
    """
    name = scenario.get("name")
    schema = _schema_of(scenario)
    if name not in builtin_scenarios() or schema is None:
        return None
    seed, steps = scenario["seed"], scenario["steps"]

    def load_any(*overrides: Any, **updates: Any) -> BaseModel:
        return load_scenario(name, *overrides, schema=lambda data: schema, **updates)

    base = _flat(load_any(seed=seed, steps=steps).model_dump(mode="json"))
    mine = _flat(scenario)
    if set(mine) != set(base):
        return None
    overrides = [
        f"{key}={format_value(value)}"
        for key, value in mine.items()
        if value != base[key] and not key.startswith(("description", "teaching"))
    ]
    try:
        again = load_any(overrides, seed=seed, steps=steps).model_dump(mode="json")
    except ScenarioError:
        return None
    return run_command(name, seed, steps, overrides) if _flat(again) == mine else None
