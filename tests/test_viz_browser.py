"""The classroom page in a real headless browser: it loads, draws, steps, plays and rebuilds.

The test starts ``alignsim viz`` itself on a free localhost port and drives
Debian's chromium (``/usr/bin/chromium``) with Playwright; it never downloads a
browser. Without chromium or the ``viz``/``viz-test`` extras it is skipped,
except under ``CI=true``, where it fails instead: CI must run it.

Set ``ALIGNSIM_VIZ_SCREENSHOT=docs/viz.png`` to save a screenshot of the page
after a few dozen rounds, and ``ALIGNSIM_VIZ_TEST_SCENARIO`` to test another
scenario than ``hype`` (docs/viz.png shows ``nash``).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path

import pytest

from alignsim.scenario import load_scenario
from alignsim.viz import missing_modules

CHROMIUM = Path("/usr/bin/chromium")
# Without the networking flags chromium keeps calling home, which floods a closed network.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Narrower than about 1264 px, solara's sidebar covers the main area.
VIEWPORT = {"width": 1400, "height": 1000}
SCENARIO = os.environ.get("ALIGNSIM_VIZ_TEST_SCENARIO", "hype")
# Without leaders the page draws strategies and one plot, and offers other sliders.
LEADERLESS = not load_scenario(SCENARIO).leaders
SLIDER, SLIDER_KEY = (
    ("Share of cooperators at start", "share_cooperators")
    if LEADERLESS
    else ("Share of Nash agents", "share_nash")
)
START_TIMEOUT_S = 90
TIMEOUT_MS = 30_000


def missing_requirement() -> str | None:
    """Why the browser test cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"no chromium at {CHROMIUM} (Debian: apt-get install chromium)"
    missing = missing_modules() + ([] if find_spec("playwright") else ["playwright"])
    if missing:
        return f'missing {", ".join(missing)}: pip install -e ".[viz,viz-test]"'
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_server(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"alignsim viz exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"alignsim viz did not answer at {url} in {START_TIMEOUT_S} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    reason = missing_requirement()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and the browser test cannot run: {reason}")
        pytest.skip(reason)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("viz") / "server.log"
    command = [sys.executable, "-c", "from alignsim.cli import main; main()", "viz", SCENARIO]
    command += ["--port", str(port), "--host", "127.0.0.1", "--no-browser"]
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for_server(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def browser(server: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server: str):
    """A fresh tab on the page (its own model), loaded and showing round 0."""
    tab = browser.new_page(viewport=VIEWPORT)
    tab.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    tab.on("pageerror", lambda err: errors.append(str(err)))
    # Everything must be served locally: a front-end file missing would show here.
    tab.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    tab.on(
        "response",
        lambda response: (
            errors.append(f"{response.status}: {response.url}") if response.status >= 400 else None
        ),
    )
    tab.goto(server)
    tab.get_by_text("Loading app").wait_for(state="detached")
    tab.get_by_text("Round 0", exact=False).wait_for()
    yield tab
    tab.close()
    assert not errors, errors


# True once the page shows round n or later.
AT_LEAST_ROUND = (
    "n => Number((document.body.innerText.match(/Round (\\d+) of scenario/) || [0, 0])[1]) >= n"
)


def summary(page) -> str:
    return page.locator(".alignsim-summary").inner_text()


def settled(page, quiet_ms: int = 1500, tries: int = 10) -> str:
    """The summary once it stops changing (a round under way when pausing still ends)."""
    last = summary(page)
    for _ in range(tries):
        page.wait_for_timeout(quiet_ms)
        now = summary(page)
        if now == last:
            return now
        last = now
    pytest.fail(f"the page kept stepping for {tries * quiet_ms / 1000:.0f} s after pause")


def drawn_images(page) -> int:
    """How many images on the page have loaded and have a size."""
    return page.evaluate(
        "() => [...document.querySelectorAll('img')]"
        ".filter(i => i.complete && i.naturalWidth > 50).length"
    )


def test_page_loads_and_plots_draw(page):
    from playwright.sync_api import expect

    expect(page.get_by_text(f"alignsim: {SCENARIO}")).to_be_visible()
    for name in ("Reset", "Step"):
        expect(page.get_by_role("button", name=name)).to_be_visible()
    page.get_by_role("button", name="Step").click()
    page.get_by_text("Round 1", exact=False).wait_for()
    # the agent view and the two plots (without leaders: the strategies and one plot)
    images = 2 if LEADERLESS else 3
    page.wait_for_function(
        "n => [...document.querySelectorAll('img')]"
        ".filter(i => i.complete && i.naturalWidth > 50).length >= n",
        arg=images,
    )
    assert drawn_images(page) >= images


def test_step_advances_the_step_count(page):
    from playwright.sync_api import expect

    step = page.get_by_role("button", name="Step")
    for expected in (1, 2, 3):
        step.click()
        expect(page.get_by_text(f"Round {expected} of scenario")).to_be_visible()
    expect(page.get_by_text("Time: 3.0")).to_be_visible()


def test_moving_a_slider_changes_the_model(page):
    from playwright.sync_api import expect

    start = getattr(load_scenario(SCENARIO).population, SLIDER_KEY)
    assert f"{SLIDER_KEY} {start:g}," in summary(page)
    slider = page.get_by_role("slider", name=SLIDER)
    slider.focus()
    slider.press("Home")
    expect(slider).to_have_attribute("aria-valuenow", "0")
    page.get_by_role("button", name="Reset").click()
    expect(page.locator(".alignsim-summary")).to_contain_text(f"{SLIDER_KEY} 0,")
    page.get_by_role("button", name="Step").click()
    expect(page.get_by_text("Round 1 of scenario")).to_be_visible()


def test_play_runs_rounds_and_pause_stops_them(page):
    from playwright.sync_api import expect

    page.get_by_role("button", name="▶").click()
    rounds = 30 if os.environ.get("ALIGNSIM_VIZ_SCREENSHOT") else 3
    page.wait_for_function(AT_LEAST_ROUND, arg=rounds, timeout=TIMEOUT_MS + 2000 * rounds)
    page.get_by_role("button", name="❚❚").click()
    expect(page.get_by_role("button", name="Step")).to_be_enabled()
    settled(page)
    if target := os.environ.get("ALIGNSIM_VIZ_SCREENSHOT"):
        page.wait_for_timeout(1500)
        page.screenshot(path=target)
