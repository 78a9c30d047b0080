"""The class game in a real browser: a projector and five phones play three rounds.

Starts ``alignsim class`` on a free loopback port and drives Debian's chromium
(``/usr/bin/chromium``) with Playwright: the projector page at 1024x768, five
students' pages at phone size (390x844). One student is made a leader, one
reloads the page in the middle of a round and returns to the seat, one does not
answer the last round; in the middle of the last round the server is killed
and restarted with ``--resume``, and the pages, whose websockets dropped,
reconnect by themselves and carry on. Every wait is for something the page
shows (Playwright's ``expect`` retries until it does), never a sleep. A second
test brings seat 1 back on a phone whose websocket it routes and silences:
the page notices and reconnects. Skipped without
chromium or the ``class``/``viz-test`` extras, except under ``CI=true``, where
it fails instead.

Set ``ALIGNSIM_CLASS_SCREENSHOTS=docs`` to keep the screenshots the lesson
plan (docs/classroom.md) shows; otherwise they go to a temporary folder.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path

import pytest

from alignsim.classroom import missing_modules
from browser_helpers import (
    free_port,
    missing_browser,
    skip_or_fail,
    start_alignsim,
    stop,
    wait_for_addresses,
)

PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1024, "height": 768}
WIDE = {"width": 1920, "height": 1080}
NAMES = ["Ana", "Ben", "<b>Cy</b>", "Dee", "Eli"]
TIMEOUT_MS = 20_000
SENT = re.compile("answer sent|Waiting for your teacher")
ADDRESSES = {"projector": r"projector.*: (http://\S+)", "students": r"students: (http://\S+)"}
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
    missing = missing_modules() + ([] if find_spec("playwright") else ["playwright"])
    if missing:
        return f'missing {", ".join(missing)}: pip install -e ".[class,viz-test]"'
    return missing_browser()


class Server:
    """``alignsim class`` in its own process, which the test can kill and resume."""

    def __init__(self, base: Path) -> None:
        self.base, self.folder, self.port = base, base / "session", free_port()
        self.process = None
        self.urls = self.start(["nash", "--out", str(self.folder)])

    def start(self, args: list[str]) -> dict[str, str]:
        args = ["class", *args, "--port", str(self.port), "--host", "127.0.0.1", "--no-browser"]
        log = self.base / f"server{len(list(self.base.glob('server*.log')))}.log"
        self.process = start_alignsim(args, log)
        return wait_for_addresses(self.process, log, ADDRESSES)

    def kill(self) -> None:
        """Kill the server without warning (SIGKILL)."""
        assert self.process is not None
        self.process.kill()
        self.process.wait()

    def resume(self) -> None:
        """Start the server again on the session's folder: same addresses, same session."""
        assert self.start(["--resume", str(self.folder)]) == self.urls


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    skip_or_fail(missing_requirement())
    running = Server(tmp_path_factory.mktemp("class"))
    try:
        yield running
    finally:
        stop(running.process)


@pytest.fixture(scope="module")
def browser(server, chromium):
    return chromium


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("ALIGNSIM_CLASS_SCREENSHOTS")
    return Path(folder) if folder else tmp_path_factory.mktemp("shots")


def new_tab(browser, viewport, errors: list[str]):
    context = browser.new_context(viewport=viewport, is_mobile=viewport is PHONE)
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    tab.on("pageerror", lambda err: errors.append(str(err)))
    # a reload aborts what is in flight (ERR_ABORTED): that is not a failure
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

    expect.set_options(timeout=TIMEOUT_MS)

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
            server.kill()
            for page in (projector, *phones):  # every page sees its websocket drop
                expect(page.locator("body")).to_have_attribute("data-live", "no")
            server.resume()
            for page in (projector, *phones):  # and comes back by itself
                expect(page.locator("body")).to_have_attribute("data-live", "yes")
            expect(projector.locator("#headline")).to_contain_text("Round 3: 4 of 5 answered")
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


def test_a_page_whose_connection_goes_silent_reconnects(server, browser):
    """A network can die without closing the websocket: the page notices the silence.

    The page pings every 10 s and gives up on a connection that has said
    nothing for 25 s. Here the server's messages on the first connection are
    dropped (Playwright routes the websocket) and the page's clock is run on.
    Seat 1 of the session above comes back (its token is in the journal).
    """
    from playwright.sync_api import expect

    lines = (server.folder / "session.jsonl").read_text().splitlines()
    token = next(e["token"] for e in map(json.loads, lines) if e["event"] == "join")
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    context.add_init_script(f"localStorage.setItem('alignsim-seat', {json.dumps(token)})")
    phone = context.new_page()
    phone.clock.install()
    connections = []

    def route(socket) -> None:
        upstream = socket.connect_to_server()
        muted = {"on": False}
        connections.append(muted)
        upstream.on_message(lambda message: None if muted["on"] else socket.send(message))

    phone.route_web_socket(re.compile(r".*/ws/student$"), route)
    phone.goto(server.urls["students"])
    expect(phone.locator("body")).to_have_attribute("data-live", "yes")
    expect(phone.locator("#who")).to_contain_text("Seat 1")
    connections[0]["on"] = True  # the server still sends; nothing arrives
    phone.clock.run_for(21_000)
    assert len(connections) == 1  # 21 s of silence is not yet a dead connection
    phone.clock.run_for(10_000)
    expect(phone.locator("body")).to_have_attribute("data-live", "yes")
    assert len(connections) == 2
    context.close()
