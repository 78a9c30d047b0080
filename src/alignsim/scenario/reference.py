"""The scenario key reference, generated from the schema.

``python -m alignsim.scenario.reference`` prints a Markdown table per section;
docs/scenarios.md holds these tables between its prose, and
``python -m alignsim.scenario.reference --update docs/scenarios.md`` rewrites
them in place (leader and bar scenarios alike). A test fails when a table
there differs from the schema (a key, a default or a bound), so the reference
cannot drift from the code.
"""

from __future__ import annotations

import re
import sys
import types
import typing
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from alignsim.scenario.bar_schema import BarScenario
from alignsim.scenario.schema import Scenario


def type_name(annotation: object) -> str:
    """A short, readable name for a field's type."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return type_name(typing.get_args(annotation)[0])
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


def _inner_metadata(annotation: object) -> list[object]:
    """Bounds set inside a type, as ``list[list[Annotated[float, Field(ge=..)]]]`` does."""
    if typing.get_origin(annotation) is typing.Annotated:
        return list(getattr(annotation, "__metadata__", ()))
    for arg in typing.get_args(annotation):
        found = _inner_metadata(arg)
        if found:
            return found
    return []


def value_range(field: FieldInfo) -> str:
    """The bounds a field's metadata sets, e.g. ``0 to 1`` or ``> 0``.

    For a list of numbers, the bounds of each number.
    """
    low = high = None
    low_text = high_text = ""
    metadata = field.metadata or _inner_metadata(field.annotation)
    longest = [getattr(m, "max_length", None) for m in metadata if hasattr(m, "max_length")]
    if longest and longest[0] is not None:
        unit = "characters" if type_name(field.annotation) == "str" else "items"
        return f"at most {_number(longest[0])} {unit}"
    for item in metadata:
        item = getattr(item, "metadata", None) or [item]  # a Field() inside Annotated
        for bound in item:
            for attr, symbol in (("ge", ">="), ("gt", ">")):
                if getattr(bound, attr, None) is not None:
                    low, low_text = getattr(bound, attr), symbol
            for attr, symbol in (("le", "<="), ("lt", "<")):
                if getattr(bound, attr, None) is not None:
                    high, high_text = getattr(bound, attr), symbol
    return _range_text(low, low_text, high, high_text)


def _range_text(low: float | None, low_text: str, high: float | None, high_text: str) -> str:
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
    """The default as it would be written in YAML; ``required`` for a key without one."""
    if field.is_required():
        return "required"
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


def sections(root: type[BaseModel] = Scenario) -> Iterator[tuple[str, type[BaseModel]]]:
    """Each section's name and model, the top level first."""
    yield "top level", root
    for name, field in root.model_fields.items():
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


def table(model: type[BaseModel]) -> list[str]:
    """One section's Markdown table, a line per row."""
    out = ["| key | type | default | range | meaning |", "|---|---|---|---|---|"]
    for key, kind, default, bounds, meaning in rows(model):
        out.append(f"| `{key}` | {kind} | `{default}` | {bounds} | {meaning} |")
    return out


def markdown() -> str:
    """The whole reference as Markdown tables, one per section."""
    out = []
    for name, model in sections():
        out += [f"### {name}\n", *table(model), ""]
    return "\n".join(out)


def headed_tables() -> dict[str, list[str]]:
    """Each table of docs/scenarios.md by its heading: leader sections, then ``bar: ...``."""
    found = {f"### {name}": table(model) for name, model in sections()}
    found.update({f"### bar: {name}": table(model) for name, model in sections(BarScenario)})
    return found


def update_tables(text: str) -> str:
    """``text`` (docs/scenarios.md) with the table under each known heading regenerated.

    The prose around the tables is kept as it is; a heading without a table
    right below it is left alone.
    """
    for heading, lines in headed_tables().items():
        pattern = re.compile(rf"^{re.escape(heading)}\n\n(\|.*\n)+", re.M)
        replacement = heading + "\n\n" + "\n".join(lines) + "\n"
        text = pattern.sub(lambda _, new=replacement: new, text, count=1)
    return text


if __name__ == "__main__":
    if sys.argv[1:2] == ["--update"] and len(sys.argv) == 3:
        target = Path(sys.argv[2])
        target.write_text(update_tables(target.read_text()))
    else:
        print(markdown())
