"""Output safety: alignsim never deletes, moves or overwrites what it did not write.

One test per family of issue 10's output findings: a user's folder, another
run, a sweep's files, links, devices and files where a folder is expected, a
re-run keeping the report, permissions under the umask, a read-only folder, a
full disk, a file-size limit, ``--out ''`` and ``--out .``, and the report
and terminal showing user text literally. Only the command line and the
standard library are used, so the same file can be run against older code.
"""

from __future__ import annotations

import base64
import builtins
import errno
import io
import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import alignsim
from cli_helpers import invoke, one_line_error
from sweep_helpers import SMALL, SMALL_SWEEP, write_scenario

NO_PLOTS = ("--set", "output.plots=false")


def run(scenario: Path, out: Path | str, *extra: object) -> object:
    return invoke("run", scenario, "--steps", 4, "--quiet", "--out", out, *extra)


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry under ``folder`` (hidden ones too): bytes of files, kind of the rest."""
    found: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        mode = path.lstat().st_mode
        key = str(path.relative_to(folder))
        if stat.S_ISLNK(mode):
            found[key] = ("link", os.readlink(path))
        elif stat.S_ISREG(mode):
            found[key] = path.read_bytes()
        else:
            found[key] = stat.S_IFMT(mode)
    return found


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return write_scenario(tmp_path, SMALL, "small.yaml")


def test_a_users_folder_is_refused_and_kept(tmp_path, small):
    essay = tmp_path / "essay"
    essay.mkdir()
    (essay / "chapter1.md").write_text("It was a dark and stormy night.")
    before = snapshot(tmp_path)
    line = one_line_error(run(small, essay), str(essay), "--out")
    assert "did not write" in line
    assert snapshot(tmp_path) == before  # nothing replaced, nothing added, no staging left


def test_a_rerun_updates_its_own_files_and_keeps_the_report_and_notes(tmp_path, small):
    out = tmp_path / "r"
    assert run(small, out).exit_code == 0
    assert invoke("report", out).exit_code == 0
    (out / "notes.md").write_text("my notes")
    kept = {name: (out / name).read_bytes() for name in ("report.md", "report.html", "notes.md")}
    (out / "summary.json").unlink()  # one of alignsim's files gone: the re-run writes it again
    assert run(small, out).exit_code == 0
    assert {name: (out / name).read_bytes() for name in kept} == kept
    assert (out / "summary.json").exists()
    # the report can be written again over its own earlier copy
    assert invoke("report", out).exit_code == 0


def test_another_runs_folder_is_refused(tmp_path, small):
    out = tmp_path / "r"
    assert run(small, out, "--seed", 1).exit_code == 0
    before = snapshot(out)
    one_line_error(run(small, out, "--seed", 2), str(out), "different run")
    assert snapshot(out) == before


def test_a_file_alignsim_wrote_and_the_user_edited_is_not_replaced(tmp_path, small):
    out = tmp_path / "r"
    assert run(small, out).exit_code == 0
    edited = (out / "agents.csv").read_text() + "my edit\n"
    (out / "agents.csv").write_text(edited)
    one_line_error(run(small, out), "agents.csv")
    assert (out / "agents.csv").read_text() == edited


def test_a_run_pointed_at_a_sweep_leaves_the_sweep_whole(tmp_path):
    scenario = write_scenario(tmp_path, SMALL_SWEEP)
    folder = tmp_path / "sweep"
    args = ["sweep", scenario, "--out", folder, "--workers", 1, "--steps", 4, "--quiet"]
    assert invoke(*args).exit_code == 0
    before = snapshot(folder)
    for target in (folder / "runs", folder, folder / "figures"):
        one_line_error(run(scenario, target), str(target))
    # a different sweep into the same folder is refused too
    one_line_error(invoke(*args, "--seed", 99, "--resume"), "different sweep")
    assert snapshot(folder) == before


@pytest.mark.parametrize("kind", ["link", "link_to_nowhere", "file", "pipe", "device"])
def test_links_files_and_devices_are_refused_never_replaced(tmp_path, small, kind):
    target = tmp_path / "out"
    real = tmp_path / "real"
    real.mkdir()
    if kind == "link":
        target.symlink_to(real)
    elif kind == "link_to_nowhere":
        target.symlink_to(tmp_path / "missing")
    elif kind == "file":
        target.write_text("a file")
    elif kind == "pipe":
        os.mkfifo(target)
    else:
        try:  # a device node of our own (as /dev/null), never a real one
            os.mknod(target, 0o600 | stat.S_IFCHR, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("making a device node needs privileges (the pipe case covers it)")
    before = snapshot(tmp_path)
    one_line_error(run(small, target, *NO_PLOTS), str(target))
    assert snapshot(tmp_path) == before


@pytest.fixture(params=[0o022, 0o077])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def test_files_and_folders_follow_the_umask(tmp_path, umask):
    scenario = write_scenario(tmp_path, SMALL_SWEEP)
    run_out, sweep_out = tmp_path / "deep" / "run", tmp_path / "sweep"
    assert run(scenario, run_out).exit_code == 0
    assert invoke("report", run_out).exit_code == 0
    sweep = ["sweep", scenario, "--out", sweep_out, "--workers", 1, "--steps", 4, "--quiet"]
    sweep += ["--replicates", 2]
    assert invoke(*sweep).exit_code == 0
    assert invoke("report", sweep_out).exit_code == 0
    checked = 0
    for top in (tmp_path / "deep", sweep_out):
        for path in [top, *top.rglob("*")]:
            want = 0o777 if path.is_dir() else 0o666
            assert stat.S_IMODE(path.stat().st_mode) == want & ~umask, path
            checked += 1
    assert checked > 20


@pytest.fixture
def refuse_writes_under(monkeypatch):
    """Make a folder and its subfolders read-only.

    As root, whom modes do not stop, the operating system's refusal is
    emulated: creating a folder or opening a file for writing in it fails
    with EACCES, as it would for any other user.
    """
    locked: list[Path] = []

    def apply(folder: Path) -> None:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o555)
                locked.append(path)
        if os.geteuid() != 0:
            return
        root = str(folder.resolve())

        def inside(path: object) -> bool:
            return os.path.abspath(os.fspath(path)).startswith(root)

        def denied(path: object) -> OSError:
            return PermissionError(errno.EACCES, "Permission denied", os.fspath(path))

        real_mkdir, real_open, real_os_open = os.mkdir, builtins.open, os.open

        def mkdir(path, *args, **kwargs):
            if inside(path):
                raise denied(path)
            return real_mkdir(path, *args, **kwargs)

        def open_(file, mode="r", *args, **kwargs):
            if isinstance(file, str | os.PathLike) and set(mode) & set("wax+") and inside(file):
                raise denied(file)
            return real_open(file, mode, *args, **kwargs)

        def os_open(path, flags, *args, **kwargs):
            if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and inside(path):
                raise denied(path)
            return real_os_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "mkdir", mkdir)
        monkeypatch.setattr(builtins, "open", open_)
        monkeypatch.setattr(os, "open", os_open)

    yield apply
    for path in locked:
        path.chmod(0o755)


def test_a_read_only_destination_is_one_line_and_loses_nothing(
    tmp_path, small, refuse_writes_under
):
    locked = tmp_path / "locked"
    locked.mkdir()
    assert run(small, locked / "r", *NO_PLOTS).exit_code == 0
    before = snapshot(locked)
    refuse_writes_under(locked)
    one_line_error(run(small, locked / "new", *NO_PLOTS), "permission denied")
    one_line_error(run(small, locked / "r", *NO_PLOTS), "permission denied")
    one_line_error(invoke("report", locked / "r"), "permission denied")
    assert snapshot(locked) == before


def test_a_read_only_working_folder_is_one_line(tmp_path, small, refuse_writes_under, monkeypatch):
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    refuse_writes_under(here)
    result = invoke("run", small, "--steps", 3, "--quiet", *NO_PLOTS)
    one_line_error(result, "results", "permission denied")
    assert list(here.iterdir()) == []


class FullDisk(io.FileIO):
    """A file on a full disk: every write fails with ENOSPC."""

    def write(self, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_leaves_the_old_result_whole(tmp_path, small, monkeypatch):
    out = tmp_path / "r"
    assert run(small, out).exit_code == 0
    assert invoke("report", out).exit_code == 0
    swept = write_scenario(tmp_path, SMALL_SWEEP, "swept.yaml")
    before = snapshot(tmp_path)
    real_open, real_fdopen = builtins.open, os.fdopen

    def full_open(file, mode="r", *args, **kwargs):
        if set(mode) & set("wax+") and str(tmp_path) in os.fspath(file):
            raw = FullDisk(file, mode.replace("b", "").replace("t", "")[0])
            return raw if "b" in mode else io.TextIOWrapper(raw, encoding="utf-8")
        return real_open(file, mode, *args, **kwargs)

    def full_fdopen(fd, mode="r", *args, **kwargs):
        if set(mode) & set("wax+"):
            return FullDisk(fd, "w")
        return real_fdopen(fd, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", full_open)
    monkeypatch.setattr(os, "fdopen", full_fdopen)
    one_line_error(run(small, out), str(out), "no space left")
    one_line_error(run(small, tmp_path / "new"), "no space left")
    one_line_error(invoke("report", out), "no space left")
    sweep = ["sweep", swept, "--out", tmp_path / "s", "--workers", 1, "--steps", 3, "--quiet"]
    one_line_error(invoke(*sweep), "no space left")
    monkeypatch.undo()
    (tmp_path / "s").rmdir()  # the sweep got as far as its (empty) folder, no further
    assert snapshot(tmp_path) == before  # old files whole; no new folder, no temporary file


def test_a_file_size_limit_is_one_line_and_leaves_nothing(tmp_path, small):
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    command = [sys.executable, "-c", "from alignsim.cli import main; main()"]
    args = ["run", str(small), "--steps", "4", "--quiet", "--out", str(tmp_path / "r")]
    env = os.environ | {"PYTHONPATH": str(Path(alignsim.__file__).parents[1])}
    done = subprocess.run(
        command + args, preexec_fn=limit, capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "file too large" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.yaml"]


def test_out_empty_and_out_dot(tmp_path, small, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    one_line_error(run(small, ""), "--out", "empty")
    one_line_error(run(small, "."), "did not write")
    swept = write_scenario(tmp_path, SMALL_SWEEP, "swept.yaml")
    before = snapshot(tmp_path)
    one_line_error(invoke("sweep", swept, "--out", "", "--workers", 1), "--out", "empty")
    one_line_error(invoke("sweep", swept, "--out", ".", "--workers", 1), "did not write")
    assert snapshot(tmp_path) == before
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)  # an empty working folder holds nothing to lose: it is used
    assert run(small, ".", *NO_PLOTS).exit_code == 0
    assert (empty / "summary.json").exists()


def test_report_embeds_no_link_target(tmp_path, small):
    out = tmp_path / "r"
    assert run(small, out).exit_code == 0
    private = tmp_path / "private.txt"
    private.write_bytes(b"my private key material")
    (out / "evil.png").symlink_to(private)
    assert invoke("report", out).exit_code == 0
    page = (out / "report.html").read_text()
    assert base64.b64encode(private.read_bytes()).decode()[:20] not in page
    assert "evil" not in page and "evil" not in (out / "report.md").read_text()
    (out / "summary.json").unlink()
    (out / "summary.json").symlink_to(private)
    one_line_error(invoke("report", out), "summary.json", "link")


def _outside_code(markdown: str) -> str:
    """The Markdown lines outside fenced code blocks (a fence closes with its own length)."""
    kept, fence = [], ""
    for line in markdown.splitlines():
        stripped = line.strip()
        if fence and stripped == fence:
            fence = ""
        elif not fence and stripped.startswith("```"):
            fence = stripped
        elif not fence:
            kept.append(line)
    return "\n".join(kept)


def test_report_md_carries_no_raw_html_from_the_scenario(tmp_path):
    text = SMALL + 'description: "<script>alert(1)</script> a | b ```` <img src=x onerror=y>"\n'
    scenario = write_scenario(tmp_path, text)
    out = tmp_path / "r"
    assert run(scenario, out, *NO_PLOTS).exit_code == 0
    assert invoke("report", out).exit_code == 0
    markdown = (out / "report.md").read_text()
    outside = _outside_code(markdown)
    assert "&lt;script&gt;" in outside and "<script" not in outside and "<img" not in outside
    assert "a \\| b" in outside  # a pipe in text cannot break a table
    assert "<script" not in (out / "report.html").read_text()


def test_rich_markup_in_a_description_prints_literally(tmp_path):
    text = SMALL + 'description: "closing [/b] and [[r, s], [t, p]]"\n'
    scenario = write_scenario(tmp_path, text)
    result = invoke("run", scenario, "--steps", 3, "--out", tmp_path / "r", *NO_PLOTS)
    assert result.exit_code == 0, result.output
    printed = " ".join(result.stderr.split())  # the terminal's width wraps it
    assert "closing [/b] and [[r, s], [t, p]]" in printed
    assert "changes plots to off (on in the base scenario)" in printed  # words, not False/True


def test_control_characters_are_never_echoed_raw(tmp_path, small):
    result = invoke("run", small, "--set", "popul\nation\x1b[2J.x=1")
    line = one_line_error(result, "\\n", "\\x1b")
    assert "\x1b" not in line
    text = SMALL + 'description: "red \\e[31m alert \\u202e"\n'
    scenario = write_scenario(tmp_path, text, "escape.yaml")
    out = tmp_path / "a\x1b[2Jb"
    result = invoke("run", scenario, "--steps", 3, "--out", out, *NO_PLOTS)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert "results: " + str(tmp_path) + "/a\\x1b[2Jb" in result.stdout
    named = tmp_path / "b\x1b[2J.yaml"
    named.write_text(SMALL)
    result = invoke("validate", named)
    assert result.exit_code == 0 and "\x1b" not in result.output and "b\\x1b[2J" in result.output


def test_a_class_session_starts_only_in_a_new_or_empty_folder(tmp_path):
    from alignsim.classroom.session import ClassSession
    from alignsim.scenario import ScenarioError, load_scenario

    scenario = load_scenario("nash")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    (tmp_path / "link").symlink_to(tmp_path / "empty")
    (tmp_path / "empty").mkdir()
    first = ClassSession.create(scenario, tmp_path / "first")
    before = snapshot(tmp_path)
    for folder, words in ((mine, "did not write"), (tmp_path / "link", "symbolic link")):
        with pytest.raises(ScenarioError, match=words):
            ClassSession.create(scenario, folder)
    with pytest.raises(ScenarioError, match="different class"):
        ClassSession.create(scenario, first.folder)  # another session, another code
    assert snapshot(tmp_path) == before
    assert ClassSession.create(scenario, tmp_path / "empty").folder.is_dir()
