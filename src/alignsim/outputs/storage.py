"""Writing one file safely: whole or not at all, with the umask's permissions.

Every file alignsim writes goes through :func:`write_bytes_atomic`: the bytes
go to a temporary file in the same folder (its name starts with
:data:`TEMP_PREFIX`), which then replaces the destination with one rename, so a
reader sees the old file or the new one, never half of either. A temporary
file is created 0600 by the OS; it is set to ``0666 & ~umask`` before the
rename, as a file made by ``open()`` would be. Operating-system failures (a
read-only folder, a full disk, a file-size limit) become one
:class:`OutputError` line. Which files alignsim may replace is decided by
:mod:`alignsim.outputs.ownership`, not here.
"""

from __future__ import annotations

import json
import math
import os
import stat
from pathlib import Path
from typing import Any

from alignsim.scenario import ScenarioError

# Temporary files and staging folders alignsim creates start with this prefix;
# only names with it are ever cleaned up.
TEMP_PREFIX = ".alignsim-tmp-"


class OutputError(ScenarioError):
    """A result that cannot be written where asked; ``str()`` is one line for the user."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(str(path), None, problem)


def current_umask() -> int:
    """The process's umask (read by setting and restoring it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """Permissions of a new file: ``0666`` less the umask."""
    return 0o666 & ~current_umask()


def folder_mode() -> int:
    """Permissions of a new folder: ``0777`` less the umask."""
    return 0o777 & ~current_umask()


def os_problem(err: OSError) -> str:
    """An OSError as the end of a one-line message, with what to do."""
    reason = (err.strerror or str(err)).lower()
    return f"cannot write here ({reason}); nothing was changed"


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write a file through a temporary file and a rename.

    Raises:
        OutputError: the OS refused (permissions, full disk, file too large);
            the temporary file is removed and ``path`` is untouched.

    """
    path = Path(path)
    tmp = path.parent / f"{TEMP_PREFIX}{path.name}.{os.urandom(4).hex()}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fchmod(handle.fileno(), file_mode())
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as err:
        raise OutputError(path, os_problem(err)) from err


def write_text_atomic(path: Path, text: str) -> None:
    """Write a UTF-8 text file through a temporary file and a rename."""
    write_bytes_atomic(path, text.encode("utf-8"))


def remove_partial_files(folder: Path) -> None:
    """Delete the temporary files an interrupted :func:`write_bytes_atomic` may leave.

    An interrupt that lands between creating the temporary file and entering
    the clean-up can leave one behind. Only regular files whose name starts
    with :data:`TEMP_PREFIX` are removed: nothing else in ``folder``.
    """
    for leftover in Path(folder).glob(f"{TEMP_PREFIX}*"):
        if stat.S_ISREG(leftover.lstat().st_mode):
            leftover.unlink(missing_ok=True)


def json_text(data: Any) -> str:
    """Strict JSON (sorted keys, a trailing newline).

    Infinite and NaN floats, which JSON cannot hold, are written as ``null``.
    """
    text = json.dumps(_strict(data), indent=2, sort_keys=True, default=_jsonable, allow_nan=False)
    return text + "\n"


def write_json(path: Path, data: Any) -> None:
    """Write :func:`json_text` of ``data`` atomically."""
    write_text_atomic(path, json_text(data))


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
