"""Result storage: a run's files appear all at once, or not at all.

A run writes into a hidden temporary folder beside its destination and renames
it into place at the end (a rename within one file system is atomic), so an
interrupted or failed run never leaves a half-written result. Single files are
written the same way.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def atomic_directory(destination: Path) -> Iterator[Path]:
    """Yield a temporary folder that replaces ``destination`` when the block succeeds."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", dir=destination.parent))
    try:
        yield staging
        if destination.exists():
            retired = Path(
                tempfile.mkdtemp(prefix=f".{destination.name}.old.", dir=destination.parent)
            )
            os.replace(destination, retired / destination.name)
            os.replace(staging, destination)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(staging, destination)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def write_text_atomic(path: Path, text: str) -> None:
    """Write a text file through a temporary file and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_partial_files(folder: Path) -> None:
    """Delete the temporary files an interrupted :func:`write_text_atomic` may leave.

    An interrupt that lands between creating the temporary file and entering
    the clean-up can leave one behind; its name starts with a dot.
    """
    for leftover in Path(folder).glob(".*"):
        if leftover.is_file():
            leftover.unlink(missing_ok=True)


def write_json(path: Path, data: Any) -> None:
    """Write strict JSON (sorted keys, a trailing newline) atomically.

    Infinite and NaN floats, which JSON cannot hold, are written as ``null``.
    """
    text = json.dumps(_strict(data), indent=2, sort_keys=True, default=_jsonable, allow_nan=False)
    write_text_atomic(path, text + "\n")


def plain_json(data: Any) -> Any:
    """``data`` as :func:`write_json` stores it: plain Python values, non-finite floats as None."""
    return json.loads(json.dumps(_strict(data), default=_jsonable, allow_nan=False))


def _strict(value: Any) -> Any:
    """A copy with every non-finite float replaced by None."""
    if isinstance(value, dict):
        return {key: _strict(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_strict(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item") and not hasattr(value, "__len__"):
        return _strict(value.item())
    return value


def _jsonable(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
