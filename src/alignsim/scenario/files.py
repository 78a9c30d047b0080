"""Read a scenario file into a mapping: text encoding, safe YAML, no silent surprises.

A scenario file is UTF-8 text (a UTF-8, UTF-16 or UTF-32 byte-order mark is
honoured, as editors on Windows write one); any other encoding is refused in
one line naming the byte, rather than guessed. YAML is read with the safe
loader only, and the parsed document is checked before anything else sees it:

* a key given twice in one mapping is refused (YAML would let the later value
  silently win);
* nesting deeper than :data:`MAX_DEPTH` levels, or a document that anchors and
  aliases expand beyond :data:`MAX_NODES` values, is refused before it can
  exhaust the stack or the memory of whatever reads it next.

This module imports nothing else of alignsim.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from alignsim.scenario.errors import ScenarioError

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "decode", "parse_yaml", "read_yaml"]

MAX_BYTES = 10_000_000
"""Largest scenario file read (10 MB); the built-in ones are about 2 kB."""
MAX_DEPTH = 32
"""Deepest nesting of lists and mappings; a scenario needs 4."""
MAX_NODES = 1_000_000
"""Most values a document may expand to, aliases counted each time they are used."""

# UTF-32 marks first: the UTF-16 little-endian mark is a prefix of UTF-32's
BYTE_ORDER_MARKS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
SAVE_AS = "save the file as UTF-8"


def decode(raw: bytes, source: str) -> str:
    """The text of a scenario file: UTF-8, or UTF-16/32 announced by a byte-order mark.

    Raises:
        ScenarioError: for any other encoding (cp1252, UTF-16 without its
            mark, ...), naming the first byte that is not UTF-8 and its line.

    """
    for mark, codec in BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            try:
                return raw[len(mark) :].decode(codec)
            except UnicodeDecodeError:
                raise ScenarioError(
                    source,
                    None,
                    f"starts with a {codec} byte-order mark but is not {codec} text; {SAVE_AS}",
                ) from None
    if b"\x00" in raw:
        raise ScenarioError(
            source, None, f"holds NUL bytes: UTF-16 or another wide encoding, not UTF-8; {SAVE_AS}"
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ScenarioError(
            source,
            None,
            f"line {line}: byte 0x{raw[err.start]:02x} is not UTF-8 (a cp1252 or Latin-1 "
            f"file?); expected UTF-8 text: {SAVE_AS}",
        ) from None


def _scalar_key(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """The value of a mapping key, or the node itself when the key is not a scalar."""
    if isinstance(node, yaml.ScalarNode):
        try:
            return loader.construct_object(node, deep=True)
        except yaml.YAMLError:
            return node.value
    return id(node)


def _check_tree(loader: yaml.SafeLoader, root: yaml.Node, source: str) -> None:
    """Refuse duplicate keys, deep nesting and alias bombs, walking the node tree without recursion.

    Each node is walked once (an alias is the node it names); its expanded
    size is counted as often as it is used, so a small file whose aliases
    unfold into billions of values is refused too.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, int, str, bool]] = [(root, 1, "", False)]
    while stack:
        node, depth, path, children_done = stack.pop()
        if children_done or isinstance(node, yaml.ScalarNode):
            children = _children(node)
            size = 1 + sum(sizes.get(id(child), 1) for _, child in children)
            sizes[id(node)] = size
            if size > MAX_NODES:
                raise ScenarioError(
                    source,
                    path or None,
                    f"expands to more than {MAX_NODES:,} values "
                    "(anchors and aliases counted each time they are used)",
                )
            continue
        if id(node) in sizes:
            continue
        if depth > MAX_DEPTH:
            line = node.start_mark.line + 1
            raise ScenarioError(
                source,
                path or None,
                f"line {line}: nested more than {MAX_DEPTH} levels deep; a scenario needs a few",
            )
        if isinstance(node, yaml.MappingNode):
            _check_duplicates(loader, node, path, source)
        stack.append((node, depth, path, True))
        for label, child in _children(node):
            if id(child) not in sizes:
                stack.append((child, depth + 1, f"{path}.{label}" if path else label, False))


def _children(node: yaml.Node) -> list[tuple[str, yaml.Node]]:
    if isinstance(node, yaml.SequenceNode):
        return [(str(i), child) for i, child in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        pairs = []
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                pairs.append((str(key.value), value))
            else:  # a list or mapping used as a key: walked too, the schema refuses it later
                pairs += [("?", key), ("?", value)]
        return pairs
    return []


def _check_duplicates(
    loader: yaml.SafeLoader, node: yaml.MappingNode, path: str, source: str
) -> None:
    first_line: dict[Any, int] = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue  # "<<: *base" merges a mapping; its keys may be overridden on purpose
        key = _scalar_key(loader, key_node)
        try:
            seen = first_line.get(key)
        except TypeError:  # an unhashable key: left for the schema to refuse
            continue
        line = key_node.start_mark.line + 1
        if seen is not None:
            dotted = f"{path}.{key}" if path else str(key)
            raise ScenarioError(
                source,
                dotted,
                f"given twice (lines {seen} and {line}); YAML would keep the later value "
                "silently: keep one",
            )
        first_line[key] = line


def parse_yaml(text: str, source: str) -> Any:
    """Parse YAML text safely after :func:`_check_tree`, turning every failure into one line."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_tree(loader, node, source)
        return loader.construct_document(node)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(err, "problem", None) or "invalid YAML"
        raise ScenarioError(source, None, f"{where}YAML does not parse ({problem})") from None
    except RecursionError:
        raise ScenarioError(
            source, None, f"nested too deeply to read; a scenario nests at most {MAX_DEPTH} levels"
        ) from None
    finally:
        loader.dispose()


def read_yaml(path: Path) -> dict[str, Any]:
    """Read a scenario file into a mapping, every problem a one-line :class:`ScenarioError`."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ScenarioError(
                source, None, f"is {size:,} bytes; a scenario file is at most {MAX_BYTES:,}"
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as err:
        raise ScenarioError(source, None, f"cannot read file ({err.strerror})") from None
    if len(raw) > MAX_BYTES:
        raise ScenarioError(source, None, f"a scenario file is at most {MAX_BYTES:,} bytes")
    data = parse_yaml(decode(raw, source), source)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ScenarioError(source, None, "expected a mapping of keys at the top level")
    return data
