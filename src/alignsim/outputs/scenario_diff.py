"""A scenario as what it changes: the keys whose values differ from the schema's defaults.

A report shows these few rows instead of every resolved key (76 for a leader
scenario); the full resolved scenario stays in the run's ``summary.json`` (key
``scenario``) or the sweep's ``scenario.yaml``. A leader group is compared
with a default leader group, so ``leaders.1.hype = 0.8`` shows and an
unchanged ``leaders.1.r`` does not. Each row carries the key's description
from the schema, in words.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from alignsim.scenario import Scenario

__all__ = ["defaults_of", "differences", "flatten", "key_description"]

NOT_SETTINGS = ("name", "description", "teaching", "sweep", "seed", "output")
"""Top-level keys that are not parameters of the model (the seed is in the title)."""


def flatten(data: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Nested scenario values as ``(key.path, value)`` pairs, list items by index."""
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list) and data and isinstance(data[0], dict):
        items = ((str(i), v) for i, v in enumerate(data))
    else:
        return [(prefix, data)]
    pairs = []
    for key, value in items:
        pairs += flatten(value, f"{prefix}.{key}" if prefix else str(key))
    return pairs


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return getattr(value, "value", value)  # an enum member as its value


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model a field holds (``Game``, ``list[LeaderGroup]``, ``Foo | None``)."""
    candidates = [annotation, *getattr(annotation, "__args__", ())]
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


ITEM = "[]"
"""Where :func:`defaults_of` keeps the defaults of one item of a list of sections."""


def defaults_of(schema: type[BaseModel]) -> dict[str, Any]:
    """Every default a schema declares, nested sections too; a required section by its own.

    A list of sections (the leader groups) keeps its default list under its
    name and the defaults of one item under ``<name>[]``.
    """
    out: dict[str, Any] = {}
    for name, field in schema.model_fields.items():
        inner = _model_in(field.annotation)
        if inner is not None and getattr(field.annotation, "__origin__", None) is list:
            out[name + ITEM] = defaults_of(inner)
        if not field.is_required():
            out[name] = _plain(field.get_default(call_default_factory=True))
        elif inner is not None:
            out[name] = defaults_of(inner)
    return out


def _default(defaults: dict[str, Any], key: str) -> Any:
    """The default at a key path; a list item (``leaders.1.hype``) reads the item's defaults."""
    node: Any = defaults
    parts = key.split(".")
    while parts:
        part = parts.pop(0)
        if isinstance(node, dict) and parts and parts[0].isdigit() and part + ITEM in node:
            node, parts = node[part + ITEM], parts[1:]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return NO_DEFAULT
    return node


NO_DEFAULT = "(no default)"
"""The default shown for a key its schema requires."""


def differences(
    scenario: dict[str, Any], schema: type[BaseModel] = Scenario, skip: tuple[str, ...] = ()
) -> list[tuple[str, Any, Any]]:
    """``(key.path, value, default)`` for every setting that differs from its default.

    Args:
        scenario: a resolved scenario (``summary.json``'s ``scenario``).
        schema: the schema that validated it (the run's kind's).
        skip: key paths left out (a sweep's swept keys, shown with the grid).

    """
    defaults = defaults_of(schema)
    out = []
    for key, value in flatten(scenario):
        if key.split(".")[0] in NOT_SETTINGS or key in skip:
            continue
        default = _default(defaults, key)
        if value != default:
            out.append((key, value, default))
    return out


def key_description(key: str, schema: type[BaseModel] = Scenario) -> str:
    """The schema's description of a key path (``population.group_weight``), or ``""``."""
    model: type[BaseModel] = schema
    description = ""
    for part in key.split("."):
        if part.isdigit():
            continue
        field = model.model_fields.get(part)
        if field is None:
            return ""
        description = field.description or ""
        inner = getattr(field.annotation, "__args__", None)
        candidate = inner[0] if inner else field.annotation
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            model = candidate
    return description
