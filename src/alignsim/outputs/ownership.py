"""The one rule for every command that writes: never touch what alignsim did not write.

Each folder alignsim creates for a result holds a small manifest,
``.alignsim.json``: which *thing* the folder is the output of (a kind, such as
``run`` or ``sweep``, and an id: the run id or the sweep's fingerprint), the
subfolders alignsim made in it, and the SHA-256 of every file alignsim wrote
there. A destination is used only when it does not exist, is an empty folder,
or holds alignsim's output for the same thing; anything else (a user's
folder, another run, a symbolic link, a file or a device where a folder is
expected) is refused with one :class:`OutputError` line before any work.

Inside its own folder alignsim replaces only files its manifest lists with
their current checksum (or names a declared pattern, such as a sweep's
``runs/run-*.json``), so a file a user added, or edited since, is kept: a
re-run refuses rather than overwrite it. Files alignsim wrote for another
reason (``report.md`` beside a run) are left alone by a re-run.

A run's files appear together: they are written into a staging folder, and a
new destination is that folder renamed into place (one atomic rename). An
existing destination is updated file by file, each file replaced by one
rename after every name was checked, so nothing half-written is ever visible
and nothing unowned is ever replaced.
"""

from __future__ import annotations

import errno
import fnmatch
import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from alignsim.outputs.storage import (
    TEMP_PREFIX,
    OutputError,
    folder_mode,
    json_text,
    os_problem,
    write_bytes_atomic,
)

MANIFEST = ".alignsim.json"
STAGING_MARK = ".alignsim-staging"
"""Inside a staging folder: which process made it, so a later command can tell an
abandoned one (its process was killed) from one that is still being written."""
ELSEWHERE = "choose another --out (a new folder)"
LAST = "summary.json"


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes, hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@dataclass
class Manifest:
    """What alignsim wrote in one folder, and for which thing."""

    kind: str | None
    ident: str | None
    files: dict[str, list[str]] = field(default_factory=dict)
    folders: list[str] = field(default_factory=list)
    patterns: list[str] = field(default_factory=list)

    def to_text(self) -> str:
        """The manifest file's content."""
        return json_text(
            {
                "written_by": "alignsim",
                "kind": self.kind,
                "id": self.ident,
                "files": {name: sorted(set(h)) for name, h in sorted(self.files.items())},
                "folders": sorted(set(self.folders)),
                "patterns": sorted(set(self.patterns)),
            }
        )

    def describe(self) -> str:
        """The thing, for messages: ``run (seed1-ab12cd34)``."""
        return f"{self.kind or 'report'} ({self.ident or 'no id'})"


def read_manifest(folder: Path) -> Manifest | None:
    """The manifest of ``folder``; None if it has none.

    Raises:
        OutputError: a manifest alignsim cannot read (a link, not JSON, not alignsim's).

    """
    path = Path(folder) / MANIFEST
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    try:
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file")
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("written_by") != "alignsim":
            raise ValueError("not alignsim's")
        return Manifest(
            data["kind"],
            data["id"],
            {str(k): [str(h) for h in v] for k, v in data["files"].items()},
            [str(f) for f in data["folders"]],
            [str(p) for p in data["patterns"]],
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise OutputError(
            path, f"is not a manifest alignsim can read ({err}); alignsim will not write here"
        ) from err


def _what_is(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a folder"


def check_destination(folder: Path, kind: str, ident: str) -> Manifest | None:
    """Say whether alignsim may write the output of ``(kind, ident)`` into ``folder``.

    Returns:
        None when ``folder`` does not exist (it will be created); else the
        manifest to update: alignsim's own for the same thing, or a new one
        for an empty folder.

    Raises:
        OutputError: anything else, named with what to do.

    """
    folder = Path(folder)
    if str(folder) == "":
        raise OutputError("--out", "is empty; name a folder for the results")
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return None
    except OSError as err:
        raise OutputError(folder, os_problem(err)) from err
    if not stat.S_ISDIR(info.st_mode):
        raise OutputError(
            folder,
            f"exists and is {_what_is(info.st_mode)}; alignsim will not replace it; " + ELSEWHERE,
        )
    manifest = read_manifest(folder)
    if manifest is None or manifest.kind is None:  # kind None: a report added to a user's folder
        if any(not p.name.startswith(TEMP_PREFIX) for p in folder.iterdir()):
            raise OutputError(
                folder,
                "exists and holds files alignsim did not write; alignsim never replaces "
                "or deletes them; " + ELSEWHERE,
            )
        return Manifest(kind, ident)
    if (manifest.kind, manifest.ident) != (kind, ident):
        raise OutputError(
            folder, f"holds the output of a different {manifest.describe()}; " + ELSEWHERE
        )
    return manifest


class OutputFolder:
    """A folder alignsim owns, and the one way to write a file into it."""

    def __init__(self, path: Path, manifest: Manifest) -> None:
        self.path = Path(path)
        self.manifest = manifest

    @classmethod
    def claim(
        cls, path: Path, kind: str, ident: str, patterns: tuple[str, ...] = ()
    ) -> OutputFolder:
        """Create or reopen the output folder of ``(kind, ident)``: :func:`check_destination`."""
        manifest = check_destination(path, kind, ident) or Manifest(kind, ident)
        manifest.patterns = sorted({*manifest.patterns, *patterns})
        try:
            Path(path).mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise OutputError(path, os_problem(err)) from err
        folder = cls(path, manifest)
        folder.save_manifest()
        return folder

    @classmethod
    def existing(cls, path: Path) -> OutputFolder:
        """Open a folder to add files to (``alignsim report``): a real folder, not a link.

        A folder without a manifest (a run from an older alignsim) gets one that
        lists only the files added now, and claims nothing else.
        """
        path = Path(path)
        try:
            info = os.lstat(path)
        except OSError as err:
            raise OutputError(path, f"cannot be read ({err.strerror})") from err
        if not stat.S_ISDIR(info.st_mode):
            raise OutputError(
                path, f"is {_what_is(info.st_mode)}, not a folder; give a run or sweep folder"
            )
        return cls(path, read_manifest(path) or Manifest(None, None))

    def owns(self, name: str) -> bool:
        """Whether alignsim may write ``name`` (a path relative to the folder) here."""
        path = self.path / name
        parent = Path(name).parent
        if str(parent) != "." and (
            str(parent) not in self.manifest.folders or not _is_real_folder(self.path / parent)
        ):
            return False
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            return True
        if not stat.S_ISREG(info.st_mode):
            return False
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in self.manifest.patterns):
            return True
        return digest(path) in self.manifest.files.get(name, [])

    def check(self, name: str) -> None:
        """Refuse, in one line, to write ``name`` unless alignsim owns it."""
        if not self.owns(name):
            raise OutputError(
                self.path / name,
                "exists and was not written by alignsim (or was changed since); alignsim "
                "will not replace it; move it away first",
            )

    def subfolder(self, name: str) -> Path:
        """Create (or reuse) a subfolder alignsim owns, such as a sweep's ``figures``."""
        path = self.path / name
        if name not in self.manifest.folders:
            if os.path.lexists(path):
                raise OutputError(path, "exists and was not made by alignsim; move it away first")
            self.manifest.folders.append(name)
            self.save_manifest()
        elif not _is_real_folder(path):
            if os.path.lexists(path):
                raise OutputError(path, "is no longer a folder; move it away first")
        try:
            path.mkdir(exist_ok=True)
        except OSError as err:
            raise OutputError(path, os_problem(err)) from err
        return path

    def write(self, name: str, data: bytes | str) -> Path:
        """Write ``name`` atomically if alignsim owns it, and record its checksum."""
        self.check(name)
        raw = data.encode("utf-8") if isinstance(data, str) else data
        path = self.path / name
        if not any(fnmatch.fnmatchcase(name, p) for p in self.manifest.patterns):
            # accept old and new while replacing: an interruption leaves a folder still ours
            self.manifest.files.setdefault(name, []).append(hashlib.sha256(raw).hexdigest())
            self.save_manifest()
        write_bytes_atomic(path, raw)
        if name in self.manifest.files:
            self.manifest.files[name] = self.manifest.files[name][-1:]
            self.save_manifest()
        return path

    def save_manifest(self) -> None:
        """Write the manifest atomically."""
        write_bytes_atomic(self.path / MANIFEST, self.manifest.to_text().encode("utf-8"))


def _is_real_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


@contextmanager
def staged_folder(destination: Path, kind: str, ident: str) -> Iterator[Path]:
    """Yield an empty private folder; when the block succeeds its files become ``destination``.

    A destination that does not exist appears whole (the staging folder is
    renamed into place). One that holds the same thing's output gets each
    staged file by one rename, after every name was checked; its other files
    (a report, a user's notes) stay. The staging folder is removed on failure.

    Raises:
        OutputError: the destination is not alignsim's output for ``(kind, ident)``,
            or the OS refused to write (nothing half-written is left).

    """
    destination = Path(destination)
    manifest = check_destination(destination, kind, ident)
    home = destination.parent if manifest is None else destination
    staging: Path | None = None
    try:
        home.mkdir(parents=True, exist_ok=True)
        remove_abandoned_staging(home)
        staging = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=home))
        write_bytes_atomic(staging / STAGING_MARK, json_text(_this_process()).encode("utf-8"))
        yield staging
        if manifest is None:
            _commit_new(staging, destination, kind, ident)
        else:
            _commit_into(staging, OutputFolder(destination, manifest))
    except OSError as err:
        raise OutputError(destination, os_problem(err)) from err
    except OutputError as err:
        if staging is not None and Path(err.source).is_relative_to(staging):
            raise OutputError(destination, err.problem) from err  # name no temporary path
        raise
    finally:
        if staging is not None and staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _boot_id() -> str | None:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return None


def _this_process() -> dict:
    return {"pid": os.getpid(), "boot": _boot_id()}


def _is_abandoned(mark: Path) -> bool:
    """True when the process named in a staging mark is gone (or ran before a reboot)."""
    try:
        owner = json.loads(mark.read_text(encoding="utf-8"))
        pid, boot = int(owner["pid"]), owner.get("boot")
    except (OSError, ValueError, KeyError, TypeError):
        return False  # not a mark alignsim wrote: leave the folder alone
    if boot is not None and boot != _boot_id():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # alive, another user's
    return False


def remove_abandoned_staging(home: Path) -> None:
    """Remove staging folders left in ``home`` by alignsim processes that were killed.

    A process killed outright (SIGKILL, a power cut) cannot clean up its
    staging folder. Only folders that hold alignsim's own staging mark naming a
    process that no longer exists are removed; a folder of that name without
    the mark, or one whose process still runs, is left alone.
    """
    for folder in Path(home).glob(f"{TEMP_PREFIX}*"):
        mark = folder / STAGING_MARK
        if _is_real_folder(folder) and _is_abandoned(mark):
            shutil.rmtree(folder, ignore_errors=True)


def _staged_files(staging: Path) -> list[str]:
    """Names to move in, ``summary.json`` last: its presence marks a whole run folder."""
    names = (p.name for p in staging.iterdir() if p.is_file() and p.name != STAGING_MARK)
    return sorted(names, key=lambda name: (name == LAST, name))


def _commit_new(staging: Path, destination: Path, kind: str, ident: str) -> None:
    files = {name: [digest(staging / name)] for name in _staged_files(staging)}
    (staging / STAGING_MARK).unlink()
    manifest = Manifest(kind, ident, files)
    write_bytes_atomic(staging / MANIFEST, manifest.to_text().encode("utf-8"))
    os.chmod(staging, folder_mode())
    if os.path.lexists(destination):
        raise OutputError(destination, "appeared while alignsim was writing; " + ELSEWHERE)
    try:
        os.rename(staging, destination)
    except OSError as err:
        if err.errno in (errno.EEXIST, errno.ENOTEMPTY, errno.ENOTDIR, errno.EISDIR):
            raise OutputError(
                destination, "appeared while alignsim was writing; " + ELSEWHERE
            ) from err
        raise


def _commit_into(staging: Path, folder: OutputFolder) -> None:
    names = _staged_files(staging)
    for name in names:
        folder.check(name)
    new = {name: digest(staging / name) for name in names}
    for name, value in new.items():
        folder.manifest.files.setdefault(name, []).append(value)
    folder.save_manifest()
    for name in names:
        os.replace(staging / name, folder.path / name)
    for name, value in new.items():
        folder.manifest.files[name] = [value]
    folder.save_manifest()
