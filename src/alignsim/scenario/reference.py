"""The scenario key reference, generated from the schema.

``python -m alignsim.scenario.reference`` prints a Markdown table per section;
docs/scenarios.md holds these tables, and a test checks every key and default
there against the schema, so the reference cannot drift from the code.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from alignsim.scenario.schema import Scenario


def type_name(annotation: object) -> str:
    """A short, readable name for a field's type."""
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return " \\| ".join(f"`{value}`" for value in typing.get_args(annotation))
    if origin in (typing.Union, types.UnionType):
        return " or ".join(type_name(arg) for arg in typing.get_args(annotation))
    if origin is list:
        (inner,) = typing.get_args(annotation)
        return f"list of {type_name(inner)}"
    if annotation is type(None):
        return "null"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "section"
    return getattr(annotation, "__name__", str(annotation))


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


def value_range(field: FieldInfo) -> str:
    """The bounds a field's metadata sets, e.g. ``0 to 1`` or ``> 0``."""
    low = high = None
    low_text = high_text = ""
    for item in field.metadata:
        for attr, symbol in (("ge", ">="), ("gt", ">")):
            if getattr(item, attr, None) is not None:
                low, low_text = getattr(item, attr), symbol
        for attr, symbol in (("le", "<="), ("lt", "<")):
            if getattr(item, attr, None) is not None:
                high, high_text = getattr(item, attr), symbol
    if low is not None and high is not None:
        if (low_text, high_text) == (">=", "<="):
            return f"{_number(low)} to {_number(high)}"
        return f"{low_text} {_number(low)}, {high_text} {_number(high)}"
    if low is not None:
        return f"{low_text} {_number(low)}"
    if high is not None:
        return f"{high_text} {_number(high)}"
    return ""


def default_text(field: FieldInfo) -> str:
    """The default as it would be written in YAML."""
    if field.default is PydanticUndefined:
        value = field.default_factory() if field.default_factory else None
        if isinstance(value, BaseModel):
            return "(section)"
        if isinstance(value, list):
            return f"{len(value)} item" + ("s" if len(value) != 1 else "")
    else:
        value = field.default
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return f"{value:g}" if isinstance(value, float) else str(value)


def sections() -> Iterator[tuple[str, type[BaseModel]]]:
    """Each section's name and model, the top level first."""
    yield "top level", Scenario
    for name, field in Scenario.model_fields.items():
        annotation = field.annotation
        inner = typing.get_args(annotation)
        candidate = inner[0] if inner else annotation
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            yield name, candidate


def rows(model: type[BaseModel]) -> Iterator[tuple[str, str, str, str, str]]:
    """``(key, type, default, range, meaning)`` for each key of a section."""
    for key, field in model.model_fields.items():
        yield (
            key,
            type_name(field.annotation),
            default_text(field),
            value_range(field),
            field.description or "",
        )


def markdown() -> str:
    """The whole reference as Markdown tables, one per section."""
    out = []
    for name, model in sections():
        out.append(f"### {name}\n")
        out.append("| key | type | default | range | meaning |")
        out.append("|---|---|---|---|---|")
        for key, kind, default, bounds, meaning in rows(model):
            out.append(f"| `{key}` | {kind} | `{default}` | {bounds} | {meaning} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown())
