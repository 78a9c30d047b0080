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

from alignsim.scenario import BarScenario, Scenario
from alignsim.scenario.schema import LeaderGroup

__all__ = ["differences", "flatten", "key_description", "schema_for"]

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


def schema_for(scenario: dict[str, Any]) -> type[Scenario] | type[BarScenario]:
    """The schema of a resolved scenario: a bar scenario or a leader scenario."""
    game = scenario.get("game") or {}
    return BarScenario if game.get("type") == "bar" else Scenario


def _defaults(schema: type[BaseModel]) -> dict[str, Any]:
    minimal = {"game": {"type": "bar"}} if schema is BarScenario else {}
    return schema.model_validate(minimal).model_dump(mode="json")


def differences(scenario: dict[str, Any], skip: tuple[str, ...] = ()) -> list[tuple[str, Any, Any]]:
    """``(key.path, value, default)`` for every setting that differs from its default.

    Args:
        scenario: a resolved scenario (``summary.json``'s ``scenario``).
        skip: key paths left out (a sweep's swept keys, shown with the grid).

    """
    schema = schema_for(scenario)
    defaults = dict(flatten(_defaults(schema)))
    group = LeaderGroup.model_validate({}).model_dump(mode="json")
    out = []
    for key, value in flatten(scenario):
        top, *rest = key.split(".")
        if top in NOT_SETTINGS or key in skip:
            continue
        if top == "leaders" and rest and rest[0].isdigit():
            default = group.get(".".join(rest[1:]), None)
        else:
            default = defaults.get(key)
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
