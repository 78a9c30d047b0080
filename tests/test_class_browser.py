"""The class game in a real browser: a projector and five phones play three rounds.

Starts ``alignsim class`` on a free loopback port and drives Debian's chromium
(``/usr/bin/chromium``) with Playwright: the projector page at 1024x768, five
students' pages at phone size (390x844). One student is made a leader, one
reloads the page in the middle of a round and returns to the seat, one does not
answer the last round; in the middle of the last round the server is killed
and restarted with ``--resume``, and the pages carry on. Skipped without
chromium or the ``class``/``viz-test`` extras, except under ``CI=true``, where
it fails instead.

Set ``ALIGNSIM_CLASS_SCREENSHOTS=docs`` to keep the screenshots the lesson
plan (docs/classroom.md) shows; otherwise they go to a temporary folder.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path

import pytest

from alignsim.classroom import missing_modules

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1024, "height": 768}
WIDE = {"width": 1920, "height": 1080}
NAMES = ["Ana", "Ben", "<b>Cy</b>", "Dee", "Eli"]
START_TIMEOUT_S = 90
TIMEOUT_MS = 20_000
SENT = re.compile("answer sent|Waiting for your teacher")
# The smallest text on screen, in CSS pixels (SVG text scaled as drawn).
SMALLEST_TEXT = """() => {
  let smallest = 1000, where = "";
  for (const node of document.querySelectorAll("body *")) {
    const own = [...node.childNodes].some(c => c.nodeType === 3 && c.textContent.trim());
    if (!own || !node.getClientRects().length) continue;
    let size = parseFloat(getComputedStyle(node).fontSize);
    const svg = node.closest("svg");
    if (svg) size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    if (size < smallest) { smallest = size; where = node.textContent.trim().slice(0, 40); }
  }
  return [smallest, where];
}"""


def missing_requirement() -> str | None:
    if not CHROMIUM.exists():
        return f"no chromium at {CHROMIUM} (Debian: apt-get install chromium)"
    missing = missing_modules() + ([] if find_spec("playwright") else ["playwright"])
    if missing:
        return f'missing {", ".join(missing)}: pip install -e ".[class,viz-test]"'
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """``alignsim class`` in its own process, which the test can kill and resume."""

    def __init__(self, base: Path) -> None:
        self.base, self.folder, self.port = base, base / "session", free_port()
        self.process: subprocess.Popen | None = None
        self.urls = self.start(["nash", "--out", str(self.folder)])

    def start(self, args: list[str]) -> dict[str, str]:
        command = [sys.executable, "-c", "from alignsim.cli import main; main()", "class", *args]
        command += ["--port", str(self.port), "--host", "127.0.0.1", "--no-browser"]
        log = self.base / f"server{time.monotonic_ns()}.log"
        with log.open("w") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        return wait_for_addresses(self.process, log)

    def kill_and_resume(self) -> None:
        """Kill the server without warning (SIGKILL), then resume the session from its folder."""
        assert self.process is not None
        self.process.kill()
        self.process.wait()
        assert self.start(["--resume", str(self.folder)]) == self.urls

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    reason = missing_requirement()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and the browser test cannot run: {reason}")
        pytest.skip(reason)
    running = Server(tmp_path_factory.mktemp("class"))
    try:
        yield running
    finally:
        running.stop()


def wait_for_addresses(process: subprocess.Popen, log: Path) -> dict[str, str]:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"alignsim class exited with {process.returncode}:\n{log.read_text()}")
        text = log.read_text()
        projector = re.search(r"projector.*: (http://\S+)", text)
        students = re.search(r"students: (http://\S+)", text)
        if projector and students:
            try:
                with urllib.request.urlopen(students.group(1), timeout=2) as response:
                    if response.status == 200:
                        return {"projector": projector.group(1), "students": students.group(1)}
            except OSError:
                pass
        time.sleep(0.3)
    pytest.fail(f"alignsim class did not start in {START_TIMEOUT_S} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("ALIGNSIM_CLASS_SCREENSHOTS")
    return Path(folder) if folder else tmp_path_factory.mktemp("shots")


def new_tab(browser, viewport, errors: list[str]):
    context = browser.new_context(viewport=viewport, is_mobile=viewport is PHONE)
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    tab.on("pageerror", lambda err: errors.append(str(err)))
    # a reload aborts the poll in flight (ERR_ABORTED): that is not a failure
    tab.on(
        "requestfailed",
        lambda request: (
            None
            if "ERR_ABORTED" in (request.failure or "")
            else errors.append(f"failed: {request.url}")
        ),
    )
    tab.on("dialog", lambda dialog: dialog.accept())
    return tab


def readable(tab) -> None:
    smallest, where = tab.evaluate(SMALLEST_TEXT)
    assert smallest >= 16, f"text of {smallest:.1f} px: {where!r}"


def answer(phone, leader: str | None, give: bool = True) -> None:
    """Pick a leader (or stay out) on a phone and send."""
    phone.get_by_text("Whom do you follow?").wait_for()
    if leader is None:
        phone.get_by_role("button", name="Stay out").click()
    else:
        phone.locator(".option", has_text=leader).first.click()
        phone.get_by_role("button", name="Give it" if give else "Keep it").click()
    phone.get_by_role("button", name="Send my answer").click()
    sent(phone)


def sent(phone) -> None:
    """The phone shows its answer was taken (or, for the last one, that the round is over)."""
    from playwright.sync_api import expect

    expect(phone.locator("#status")).to_have_text(SENT)


def test_a_class_plays_three_rounds_in_real_browsers(server, browser, shots):
    from playwright.sync_api import expect

    urls = server.urls
    errors: list[str] = []
    projector = new_tab(browser, PROJECTOR, errors)
    projector.goto(urls["projector"])
    code = projector.locator("#code")
    expect(code).to_have_text(re.compile(r"^[A-Z]{4}$"))
    projector.wait_for_function("() => document.querySelector('#qr').naturalWidth > 50")

    phones = []
    for index, name in enumerate(NAMES):
        phone = new_tab(browser, PHONE, errors)
        phone.goto(urls["students"])
        if index == 0:
            readable(phone)
            phone.screenshot(path=shots / "class_join.png")
        expect(phone.locator("#code")).to_have_value(code.inner_text())
        phone.locator("#name").fill(name)
        phone.get_by_role("button", name="Join").click()
        phone.get_by_text("Waiting for your teacher").wait_for()
        phones.append(phone)
    expect(projector.locator("#roster-title")).to_have_text("Class: 5 joined")
    # a name is shown as typed, never as markup
    expect(projector.locator("#roster")).to_contain_text("<b>Cy</b>")
    assert projector.locator("#roster b").count() == 0

    # the teacher makes Eli a leader
    projector.locator("#roster button", has_text="Eli").click()
    expect(projector.locator("#roster")).to_contain_text("Eli (leader)")
    followers, leader = phones[:4], phones[4]

    for number in (1, 2, 3):
        projector.get_by_role("button", name=f"Start round {number}").click()
        expect(projector.locator("#headline")).to_contain_text(f"Round {number}: 0 of 5 answered")
        if number == 1:
            readable(projector)
            projector.screenshot(path=shots / "class_projector_round.png")
        if number == 2:  # Ben reloads in the middle of the round and is back in seat 2
            followers[1].reload()
            expect(followers[1].locator("#who")).to_contain_text("Seat 2 · Ben")
        leader.get_by_text("Your pitch for the next round").wait_for()
        leader.get_by_role("button", name="Send my pitch").click()
        sent(leader)
        answer(followers[0], "leader 1", give=True)
        answer(followers[1], "leader 2", give=number != 3)
        answer(followers[2], None)
        if number == 3:  # the server dies in the middle of the round and is resumed
            assert not errors, errors
            server.kill_and_resume()
            expect(projector.locator("#headline")).to_contain_text("Round 3: 4 of 5 answered")
            # polls that failed while the server was down are expected; nothing else is
            errors[:] = [e for e in errors if not re.match(r"failed: .*/api/(me|projector)$", e)]
        if number == 1:
            phone = followers[3]
            phone.get_by_text("Whom do you follow?").wait_for()
            phone.locator(".option", has_text="leader 1").first.click()
            phone.get_by_role("button", name="Give it").click()
            readable(phone)
            phone.screenshot(path=shots / "class_phone_choose.png", full_page=True)
        if number < 3:
            answer(followers[3], "leader 1", give=number == 1)
            expected = f"Round {number}: 5 of 5 answered in time"
        else:  # Dee does not answer: the teacher closes the round, Dee plays the default
            projector.get_by_role("button", name="Close the round now").click()
            expected = "Round 3: 4 of 5 answered in time"
        expect(projector.locator("#headline")).to_have_text(expected)

    expect(followers[3].locator("#last")).to_contain_text("did not answer in time")
    readable(followers[0])
    followers[0].screenshot(path=shots / "class_phone_results.png")
    readable(projector)
    projector.screenshot(path=shots / "class_projector_results.png")
    wide = new_tab(browser, WIDE, errors)
    wide.goto(urls["projector"])
    expect(wide.locator("#headline")).to_have_text("Round 3: 4 of 5 answered in time")
    readable(wide)
    wide.screenshot(path=shots / "class_projector_results_wide.png")

    projector.get_by_role("button", name="End and reveal").click()
    expect(projector.locator("#trajectory")).to_contain_text("Session written to", timeout=60_000)
    expect(projector.locator("#trajectory")).to_contain_text("the model and the theory")
    readable(projector)
    projector.screenshot(path=shots / "class_projector_reveal.png", full_page=True)
    wide.reload()
    expect(wide.locator("#trajectory")).to_contain_text("The model with no students")
    wide.screenshot(path=shots / "class_projector_reveal_wide.png")
    expect(phones[0].locator("#status")).to_have_text("The game has ended. Look at the projector.")

    folder = server.folder
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["class"] == {**summary["class"], "seats": 5, "rounds": 3, "decisions": 15}
    assert summary["class"]["defaults"] == 1
    assert not errors, errors
