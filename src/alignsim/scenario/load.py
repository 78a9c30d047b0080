"""Load, override and validate scenario files, with one-line errors.

Every problem a user can make in a scenario file or a ``--set`` override ends
here as a :class:`ScenarioError` whose message names the file, the key and what
was expected. YAML is read with the safe loader only.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from alignsim.scenario.bar_schema import BarScenario
from alignsim.scenario.schema import Scenario

BUILTIN_DIR_NAMES = ("builtin_scenarios",)


class ScenarioError(ValueError):
    """A scenario that cannot be used; ``str()`` is one line for the user."""

    def __init__(self, source: str, key: str | None, problem: str) -> None:
        self.source, self.key, self.problem = source, key, problem
        where = f"{source}: {key}: " if key else f"{source}: "
        super().__init__(where + problem)


def builtin_dir() -> Path:
    """Folder of the built-in scenarios, installed with the package or beside the source."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "builtin_scenarios"
    if installed.is_dir():
        return installed
    return here.parent.parent / "scenarios"


def builtin_scenarios() -> dict[str, Path]:
    """Built-in scenario names and their files, sorted by name."""
    folder = builtin_dir()
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))} if folder.is_dir() else {}


def resolve_path(name_or_path: str | Path) -> Path:
    """A scenario file path, or the file of a built-in scenario named without ``.yaml``."""
    path = Path(name_or_path)
    if path.is_file():
        return path
    builtins = builtin_scenarios()
    if str(name_or_path) in builtins:
        return builtins[str(name_or_path)]
    if path.name in {p.name for p in builtins.values()} and not path.parent.exists():
        return builtins[path.stem]
    hint = difflib.get_close_matches(path.stem, list(builtins), n=1)
    suggestion = f" (did you mean the built-in '{hint[0]}'?)" if hint else ""
    raise ScenarioError(str(name_or_path), None, f"no such file{suggestion}")


def read_yaml(path: Path) -> dict[str, Any]:
    """Parse a YAML mapping safely, turning parse errors into one line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ScenarioError(str(path), None, f"cannot read file ({err.strerror})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(err, "problem", None) or "invalid YAML"
        raise ScenarioError(str(path), None, f"{where}YAML does not parse ({problem})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ScenarioError(str(path), None, "expected a mapping of keys at the top level")
    return data


def parse_override(text: str) -> tuple[list[str], Any]:
    """Split ``key.path=value`` into the path and a YAML-typed value."""
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise ScenarioError("--set", text, "expected key.path=value")
    try:
        value = yaml.safe_load(raw) if raw.strip() else None
    except yaml.YAMLError:
        raise ScenarioError("--set", key, f"value {raw!r} does not parse") from None
    return key.strip().split("."), value


def _valid_keys(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


def _section_model(path: list[str], root: type[BaseModel] = Scenario) -> type[BaseModel] | None:
    """The pydantic model that holds the last key of ``path``, if any."""
    model: type[BaseModel] = root
    for part in path[:-1]:
        if part.isdigit():
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        annotation = field.annotation
        inner = getattr(annotation, "__args__", None)
        candidate = inner[0] if inner else annotation
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            model = candidate
        else:
            return None
    return model


def _unknown_key_message(path: list[str], root: type[BaseModel] = Scenario) -> str:
    model = _section_model(path, root)
    if model is None:
        return "unknown key"
    options = _valid_keys(model)
    close = difflib.get_close_matches(path[-1], options, n=1, cutoff=0.5)
    if close:
        return f"unknown key (did you mean '{close[0]}'?)"
    return "unknown key; expected one of: " + ", ".join(options)


def apply_overrides(
    data: dict[str, Any], overrides: Iterable[str], root: type[BaseModel] = Scenario
) -> dict[str, Any]:
    """Set ``key.path=value`` overrides on a scenario mapping, checking each path exists."""
    for text in overrides:
        path, value = parse_override(text)
        dotted = ".".join(path)
        node: Any = data
        model = _section_model(path, root)
        if model is None or (not path[-1].isdigit() and path[-1] not in model.model_fields):
            raise ScenarioError("--set", dotted, _unknown_key_message(path, root))
        for i, part in enumerate(path[:-1]):
            node = _descend(node, part, dotted, path[: i + 1])
        last = path[-1]
        if isinstance(node, list):
            node[_list_index(node, last, dotted)] = value
        else:
            node[last] = value
    return data


def _descend(node: Any, part: str, dotted: str, prefix: list[str]) -> Any:
    """One step down an override path, creating sections that the file left to defaults."""
    if isinstance(node, list):
        return node[_list_index(node, part, dotted)]
    if part not in node or node[part] is None:
        node[part] = [{}] if part == "leaders" else {}
    return node[part]


def _list_index(node: list, part: str, dotted: str) -> int:
    if not part.isdigit() or int(part) >= len(node):
        raise ScenarioError("--set", dotted, f"expected a list index below {len(node)}")
    return int(part)


def _format_error(err: Mapping[str, Any], root: type[BaseModel] = Scenario) -> tuple[str, str]:
    loc = [str(p) for p in err["loc"]]
    key = ".".join(loc) if loc else None
    if err["type"] == "extra_forbidden":
        return key or "", _unknown_key_message(loc, root)
    got = err.get("input")
    shown = f" (got {got!r})" if not isinstance(got, dict | list) else ""
    message = err["msg"].replace("Input should", "expected").replace("Value error, ", "")
    return key or "", message + shown


def validate[SchemaT: BaseModel](
    data: Mapping[str, Any], source: str, schema: type[SchemaT] = Scenario
) -> SchemaT:
    """Build a scenario (by default a :class:`Scenario`), reporting the first problem in one line.

    Args:
        data: the parsed YAML mapping.
        source: the file (or ``--set``) named in the error.
        schema: the pydantic model to validate against, e.g. :class:`BarScenario`.

    """
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        key, message = _format_error(exc.errors()[0], schema)
        extra = len(exc.errors()) - 1
        if extra:
            message += f" (and {extra} more problem{'s' if extra > 1 else ''})"
        raise ScenarioError(source, key or None, message) from None


def load_scenario(
    name_or_path: str | Path, overrides: Iterable[str] = (), **updates: Any
) -> Scenario:
    """Read a scenario file, apply ``--set`` overrides and validate it.

    Args:
        name_or_path: a YAML file, or the name of a built-in scenario.
        overrides: ``key.path=value`` strings, applied in order.
        **updates: top-level keys to replace (``seed=``, ``steps=``).

    Returns:
        The validated scenario, its ``name`` defaulting to the file's stem.

    """
    path = resolve_path(name_or_path)
    data = read_yaml(path)
    data.setdefault("name", path.stem)
    apply_overrides(data, overrides)
    data.update({k: v for k, v in updates.items() if v is not None})
    return validate(data, str(path))


def is_bar_scenario(data: Mapping[str, Any]) -> bool:
    """Whether a parsed scenario file is a bar scenario (its ``game.type`` is ``bar``)."""
    game = data.get("game")
    return isinstance(game, Mapping) and game.get("type") == "bar"


def load_any(
    name_or_path: str | Path, overrides: Iterable[str] = (), **updates: Any
) -> Scenario | BarScenario:
    """Load a leader scenario or, if its ``game.type`` is ``bar``, a bar scenario.

    Args:
        name_or_path: a YAML file, or the name of a built-in scenario.
        overrides: ``key.path=value`` strings, checked against the file's schema.
        **updates: top-level keys to replace (``seed=``, ``steps=``).

    Returns:
        A :class:`Scenario` or a :class:`BarScenario`, as :func:`load_scenario`.

    """
    path = resolve_path(name_or_path)
    data = read_yaml(path)
    schema: type[Scenario] | type[BarScenario] = BarScenario if is_bar_scenario(data) else Scenario
    data.setdefault("name", path.stem)
    apply_overrides(data, overrides, schema)
    data.update({k: v for k, v in updates.items() if v is not None})
    return validate(data, str(path), schema)
