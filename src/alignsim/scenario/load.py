"""Load, override and validate scenario files, with one-line errors.

Every problem a user can make in a scenario file or a ``--set`` override ends
here as a :class:`ScenarioError` whose message names the file, the key and what
was expected. YAML is read with the safe loader only.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from alignsim.scenario.errors import ScenarioError, describe_error
from alignsim.scenario.files import parse_yaml, read_yaml
from alignsim.scenario.resources import check_memory
from alignsim.scenario.schema import MAX_NAME, Scenario

BUILTIN_FOLDER = "scenarios"
"""The built-ins' folder in the source tree, as the README names their files."""
SWEEPS_FOLDER = "sweeps"
"""The built-in sweeps' folder in the source tree."""


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


def builtin_sweeps_dir() -> Path:
    """Folder of the built-in sweeps, installed with the package or beside the source."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "builtin_sweeps"
    return installed if installed.is_dir() else here.parent.parent / "sweeps"


def builtin_sweeps() -> dict[str, Path]:
    """Built-in sweep names (scenario files with a ``sweep:`` section) and their files."""
    folder = builtin_sweeps_dir()
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))} if folder.is_dir() else {}


def resolve_path(name_or_path: str | Path) -> Path:
    """A scenario file path, or the file of a built-in scenario (or sweep) named without ``.yaml``.

    ``scenarios/<name>.yaml`` (and ``sweeps/<name>.yaml``), the spelling the
    README uses, finds the built-in of that name from any working folder where
    that folder does not exist. Any other path in a folder
    that does not exist is refused: running a built-in in its place would be
    a silent surprise.
    """
    path = Path(name_or_path)
    if path.is_file():
        return path
    builtins = builtin_scenarios()
    if str(name_or_path) in builtins:
        return builtins[str(name_or_path)]
    sweeps = builtin_sweeps()  # a built-in sweep's base scenario runs alone by its name too
    if str(name_or_path) in sweeps:
        return sweeps[str(name_or_path)]
    folders = {Path(BUILTIN_FOLDER): builtins, Path(SWEEPS_FOLDER): sweeps}
    documented = folders.get(path.parent, {}) if path.suffix == ".yaml" else {}
    if path.stem in documented and not path.parent.exists():
        return documented[path.stem]
    if path.is_dir():
        raise ScenarioError(str(name_or_path), None, "is a folder, not a scenario file")
    hint = difflib.get_close_matches(path.stem, list(builtins), n=1)
    suggestion = f" (did you mean the built-in '{hint[0]}'?)" if hint else ""
    if str(path.parent) not in ("", ".") and not path.parent.is_dir():
        problem = f"no such file: the folder {path.parent} does not exist{suggestion}"
    else:
        problem = f"no such file{suggestion}"
    raise ScenarioError(str(name_or_path), None, problem)


def default_name(path: Path) -> str:
    """The name of a scenario file that gives none: its stem, made a safe folder name.

    Characters a name may not hold become ``_`` and the result is cut to
    :data:`MAX_NAME` characters, so a long or oddly named file still runs
    (a ``name:`` written in the file is checked as given, never shortened).
    """
    safe = re.sub(r"[^A-Za-z0-9_\-]+", "_", path.stem).strip("_")[:MAX_NAME]
    return safe or "scenario"


def parse_override(text: str) -> tuple[list[str], Any]:
    """Split ``key.path=value`` into the path and a YAML-typed value."""
    if not isinstance(text, str):
        raise TypeError(f"an override is a 'key.path=value' string, got {text!r}")
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise ScenarioError("--set", text, "expected key.path=value")
    try:
        value = parse_yaml(raw, "--set") if raw.strip() else None
    except ScenarioError as err:
        raise ScenarioError("--set", key, f"value {raw!r}: {err.problem}") from None
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


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The section a field holds (``Population``, ``list[LeaderGroup]``), or None for a value."""
    inner = getattr(annotation, "__args__", None)
    candidate = inner[0] if inner else annotation
    return candidate if isinstance(candidate, type) and issubclass(candidate, BaseModel) else None


def _nearest_key(path: list[str], root: type[BaseModel]) -> tuple[str | None, list[str]]:
    """The valid key path nearest to ``path``, and the keys where it could not find one.

    Each part that its section does not hold is replaced by its closest key
    there (difflib), so ``populaton.n_followers`` gives ``population.n_followers``
    and ``leaders.0.rr`` gives ``leaders.0.r``. Where a part has no close key,
    the answer is None and the keys of that section come back instead.
    """
    model: type[BaseModel] | None = root
    fixed: list[str] = []
    for part in path:
        if part.isdigit() and fixed:  # an item of a list of sections: same section
            fixed.append(part)
            continue
        if model is None:  # a value has no keys under it
            return None, []
        options = _valid_keys(model)
        if part not in options:
            close = difflib.get_close_matches(part, options, n=1, cutoff=0.5)
            if not close:
                return None, options
            part = close[0]
        fixed.append(part)
        model = _inner_model(model.model_fields[part].annotation)
    return ".".join(fixed), []


def _unknown_key_message(path: list[str], root: type[BaseModel] = Scenario) -> str:
    """``unknown key (did you mean 'population.n_followers'?)``, or the keys that exist there."""
    nearest, options = _nearest_key(path, root)
    if nearest and nearest != ".".join(path):
        return f"unknown key (did you mean '{nearest}'?)"
    if options:
        return "unknown key; expected one of: " + ", ".join(options)
    return "unknown key"


def apply_overrides(
    data: dict[str, Any],
    overrides: Iterable[str] | str,
    root: type[BaseModel] = Scenario,
    source: str = "the scenario",
) -> dict[str, Any]:
    """Set ``key.path=value`` overrides on a scenario mapping, checking each path exists.

    A single string is one override (not a sequence of one-character ones).
    ``source`` names the file in an error about what the file holds.
    """
    if isinstance(overrides, str):
        overrides = [overrides]
    for text in overrides:
        path, value = parse_override(text)
        dotted = ".".join(path)
        node: Any = data
        model = _section_model(path, root)
        if model is None or (not path[-1].isdigit() and path[-1] not in model.model_fields):
            raise ScenarioError("--set", dotted, _unknown_key_message(path, root))
        for i, part in enumerate(path[:-1]):
            node = _descend(node, part, dotted, path[: i + 1], source)
        last = path[-1]
        if isinstance(node, list):
            node[_list_index(node, last, dotted, path[:-1], source)] = value
        else:
            node[last] = value
    return data


def _descend(node: Any, part: str, dotted: str, prefix: list[str], source: str) -> Any:
    """One step down an override path, creating sections that the file left to defaults.

    Where the path needs a section of keys and the file holds a single value
    there (a number, a string), the file is what is wrong: the error names it.
    """
    if isinstance(node, list):
        return node[_list_index(node, part, dotted, prefix[:-1], source)]
    if part not in node or node[part] is None:
        node[part] = [{}] if part == "leaders" else {}
    child = node[part]
    if not isinstance(child, dict | list):
        wanted = "a list of leader groups" if part == "leaders" else "a section of keys"
        raise ScenarioError(
            source,
            ".".join(prefix),
            f"expected {wanted}, got {child!r} (so --set {dotted} cannot apply)",
        )
    return child


def _list_index(node: list, part: str, dotted: str, prefix: list[str], source: str) -> int:
    where = ".".join(prefix)
    if not part.isdigit():
        if where != "leaders":  # the file holds a list where a section of keys goes
            raise ScenarioError(
                source,
                where,
                f"expected a section of keys, got a list (so --set {dotted} cannot apply)",
            )
        raise ScenarioError(
            "--set", dotted, f"{where} is a list: expected an index, e.g. {where}.0.{part}"
        )
    if int(part) >= len(node):
        raise ScenarioError("--set", dotted, f"expected a list index below {len(node)}")
    return int(part)


def _format_error(err: Mapping[str, Any], root: type[BaseModel] = Scenario) -> tuple[str, str]:
    loc = [str(p) for p in err["loc"]]
    if err["type"] == "extra_forbidden":
        return ".".join(loc), _unknown_key_message(loc, root)
    return describe_error(err)


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


def load_scenario[SchemaT: BaseModel](
    name_or_path: str | Path,
    overrides: Iterable[str] = (),
    *,
    schema: Callable[[Mapping[str, Any]], type[SchemaT]] = lambda data: Scenario,
    **updates: Any,
) -> SchemaT:
    """Read a scenario file, apply ``--set`` overrides and validate it.

    Args:
        name_or_path: a YAML file, or the name of a built-in scenario.
        overrides: ``key.path=value`` strings, applied in order and checked
            against the file's schema.
        schema: picks the pydantic model that validates the parsed file (by
            default the leader scenario's; :func:`alignsim.kinds.load` passes
            the registry's choice, so a bar file gets the bar schema).
        **updates: top-level keys to replace (``seed=``, ``steps=``).

    Returns:
        The validated scenario, its ``name`` defaulting to the file's stem.

    Raises:
        ScenarioError: for any problem with the file or the overrides, or a
            run that would need more memory than the budget
            (:func:`alignsim.scenario.resources.check_memory`).

    """
    path = resolve_path(name_or_path)
    data = read_yaml(path)
    chosen = schema(data)
    data.setdefault("name", default_name(path))
    apply_overrides(data, overrides, chosen, str(path))
    data.update({k: v for k, v in updates.items() if v is not None})
    scenario = validate(data, str(path), chosen)
    check_memory(scenario, str(path))
    return scenario
