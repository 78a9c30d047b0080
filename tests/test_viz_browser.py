"""The classroom page in a real browser, at a projector's 1024 x 768 and at 1920 x 1080.

The test starts ``alignsim viz nash`` itself on a free localhost port and
drives Debian's chromium (``/usr/bin/chromium``) with Playwright; it never
downloads a browser. Without chromium or the ``viz``/``viz-test`` extras it is
skipped, except under ``CI=true``, where it fails instead: CI must run it.

It checks what a person in the room would: every control shows its value,
text is at least 16 px and nothing overlaps, no framework words are on screen,
Play, Pause, Step and Reset (accessible names) drive the round shown as
"Round N", a live control acts at once and a rebuild control waits for Reset,
and the chooser loads every built-in scenario. The speed goals are measured
by ``benchmarks/bench_viz.py``; here Play must merely beat 10 rounds a second
at the page's top speed.

Set ``ALIGNSIM_VIZ_SCREENSHOTS=docs`` to save the screenshots docs/viz.md shows.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from importlib.util import find_spec

import pytest

from alignsim.kinds import load
from alignsim.scenario import builtin_scenarios
from alignsim.viz import missing_modules
from browser_helpers import (
    free_port,
    missing_browser,
    skip_or_fail,
    start_alignsim,
    stop,
    wait_for_addresses,
)

SIZES = {"1024x768": {"width": 1024, "height": 768}, "1920x1080": {"width": 1920, "height": 1080}}
SCREENSHOTS = os.environ.get("ALIGNSIM_VIZ_SCREENSHOTS")
TIMEOUT_MS = 30_000
FRAMEWORK_WORDS = ("PAGE 0", "Use Threads", "Render Interval", "runs on Solara", "Solara")


def missing_requirement() -> str | None:
    """Why the browser test cannot run here, or None."""
    missing = missing_modules() + ([] if find_spec("playwright") else ["playwright"])
    if missing:
        return f'missing {", ".join(missing)}: pip install -e ".[viz,viz-test]"'
    return missing_browser()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    skip_or_fail(missing_requirement())
    log = tmp_path_factory.mktemp("viz") / "server.log"
    args = ["viz", "nash", "--port", str(free_port()), "--host", "127.0.0.1", "--no-browser"]
    process = start_alignsim(args, log)
    try:
        yield wait_for_addresses(process, log, {"page": r"serving \S+ at (http://\S+)"})["page"]
    finally:
        stop(process)


@pytest.fixture(scope="module")
def browser(server: str, chromium):
    return chromium


def open_page(browser, server: str, size: str):
    tab = browser.new_page(viewport=SIZES[size])
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
    tab.get_by_text("Round 0", exact=True).wait_for(timeout=60_000)
    return tab, errors


@pytest.fixture(scope="module", params=list(SIZES))
def page(request, browser, server: str):
    """One tab (its own model) at each size, shared by the tests at that size: a page load
    is the slowest step, and the tests follow one another as a teacher's clicks would."""
    tab, errors = open_page(browser, server, request.param)
    tab.size_name = request.param
    yield tab
    tab.close()
    assert not errors, errors


@pytest.fixture(scope="module")
def wide(browser, server: str):
    """One tab at 1920 x 1080, shared by the tests that need only one size."""
    tab, errors = open_page(browser, server, "1920x1080")
    yield tab
    tab.close()
    assert not errors, errors


def settled(page, quiet_ms: int = 1000, tries: int = 10) -> int:
    """The round once it stops changing for ``quiet_ms``."""
    last = round_shown(page)
    for _ in range(tries):
        page.wait_for_timeout(quiet_ms)
        now = round_shown(page)
        if now == last:
            return now
        last = now
    pytest.fail(f"the page kept playing for {tries * quiet_ms / 1000:.0f} s after Pause")


def round_shown(page) -> int:
    return int(page.locator(".alignsim-round").inner_text().split()[1])


def step_to(page, rounds: int) -> None:
    step = page.get_by_role("button", name="Step")
    for n in range(round_shown(page) + 1, rounds + 1):
        step.click()
        page.get_by_text(f"Round {n}", exact=True).wait_for()
    # the main area follows the round
    page.wait_for_function(
        "n => (document.querySelector('.alignsim-figure [aria-label], .alignsim-figure img')"
        "?.getAttribute('aria-label') ?? document.querySelector('.alignsim-figure img')"
        "?.getAttribute('alt') ?? '').endsWith('round ' + n)",
        arg=rounds,
    )


# Every text on the page: its box, its size on screen in px, and its words.
TEXT_BOXES = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const words = node.textContent.trim();
    const parent = node.parentElement;
    if (!words || !parent || parent.closest('style, script, title, .v-menu__content')) continue;
    const svg = parent.closest('svg');
    let size = parseFloat(getComputedStyle(parent).fontSize);
    if (svg) {
      const view = svg.viewBox.baseVal;
      size *= svg.getBoundingClientRect().width / view.width;
    }
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width > 0 && r.height > 0) {
        found.push({words, size, x: r.left, y: r.top, w: r.width, h: r.height});
      }
    }
  }
  return found;
}"""


# Texts of a picture or chart that reach beyond its edges (the browser would cut them off).
CLIPPED = """() => [...document.querySelectorAll('svg text')].filter(t => {
  const r = t.getBoundingClientRect(), s = t.closest('svg').getBoundingClientRect();
  return r.left < s.left - 1 || r.right > s.right + 1 || r.top < s.top - 1
    || r.bottom > s.bottom + 1;
}).map(t => t.textContent)"""


def overlapping(boxes: list[dict], slack: float = 1.0) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap by more than ``slack`` px each way."""
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            dx = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            dy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
            if dx > slack and dy > slack:
                pairs.append((a["words"], b["words"]))
    return pairs


def panels_overlap(page) -> list[tuple[str, str]]:
    """Pairs of panels (controls, picture, explanation, charts) that overlap on screen."""
    return page.evaluate(
        """() => {
      const parts = [...document.querySelectorAll(
        '.alignsim-controls, .alignsim-figure, .alignsim-explain, .alignsim-chart')];
      const boxes = parts.map(p => [p.className.baseVal ?? p.className, p.getBoundingClientRect()]);
      const hits = [];
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const [a, ra] = boxes[i], [b, rb] = boxes[j];
        const dx = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const dy = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        if (dx > 1 && dy > 1) hits.push([a, b]);
      }
      return hits;
    }"""
    )


def test_every_control_shows_its_value(page):
    controls = page.locator(".alignsim-control")
    assert controls.count() >= 12
    sliders = page.get_by_role("slider")
    assert sliders.count() >= 10
    for i in range(controls.count()):
        control = controls.nth(i)
        label = control.locator(".alignsim-control-label")
        label.scroll_into_view_if_needed()
        assert label.is_visible()
        name, _, value = label.inner_text().partition(":")
        assert value.strip(), f"{name} shows no value"
        slider = control.get_by_role("slider")
        if slider.count():
            shown = float(value.split("(")[0].strip().replace(",", ""))
            assert shown == pytest.approx(float(slider.get_attribute("aria-valuenow")), abs=0.051)


def test_text_is_large_and_nothing_overlaps(page):
    step_to(page, 12)
    boxes = page.evaluate(TEXT_BOXES)
    small = sorted({(b["words"][:40], round(b["size"], 1)) for b in boxes if b["size"] < 15.9})
    assert not small, f"text under 16 px at {page.size_name}: {small}"
    assert not overlapping(boxes), f"overlapping text at {page.size_name}"
    assert not panels_overlap(page)
    text = page.locator("body").inner_text()
    for words in FRAMEWORK_WORDS:
        assert words not in text
    main = page.locator(".alignsim-main").inner_text()
    assert "_" not in main.replace("best_follower", "")  # words, not column names
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/viz_nash_{page.size_name}.png")


def test_step_play_pause_and_reset_drive_the_round(page):
    from playwright.sync_api import expect

    start = round_shown(page)
    step_to(page, start + 3)
    page.get_by_role("button", name="Play").click()
    expect(page.get_by_role("button", name="Step")).to_be_disabled()
    page.wait_for_function(
        "n => Number(document.querySelector('.alignsim-round').textContent.split(' ')[1]) >= n",
        arg=start + 8,
    )
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("button", name="Step")).to_be_enabled()
    settled(page)  # a round under way when pausing still ends; then nothing moves
    page.get_by_role("button", name="Reset").click()
    expect(page.get_by_text("Round 0", exact=True)).to_be_visible()


def test_play_beats_ten_rounds_a_second(wide):
    slider = wide.get_by_role("slider", name="Speed (rounds a second)")
    slider.focus()
    slider.press("End")
    wide.get_by_role("button", name="Play").click()
    wide.wait_for_function(
        "() => !document.querySelector('.alignsim-round').textContent.endsWith(' 0')"
    )
    start, began = round_shown(wide), time.perf_counter()
    wide.wait_for_timeout(3000)
    rate = (round_shown(wide) - start) / (time.perf_counter() - began)
    wide.get_by_role("button", name="Pause").click()
    settled(wide)
    assert rate >= 10, f"{rate:.1f} rounds a second"


def test_a_live_control_acts_at_once_and_a_rebuild_control_waits_for_reset(wide):
    from playwright.sync_api import expect

    wide.get_by_role("button", name="Reset").click()
    expect(wide.get_by_text("Round 0", exact=True)).to_be_visible()
    step_to(wide, 4)
    weight = wide.get_by_role("slider", name="Group weight (Nash agents)")
    weight.focus()
    weight.press("Home")
    explain = wide.locator(".alignsim-explain")
    expect(explain).to_contain_text("Nash agents (weight 0) keep")
    assert round_shown(wide) == 4  # the running model changed, no rebuild
    followers = wide.get_by_role("slider", name="Followers")
    followers.focus()
    followers.press("End")
    expect(wide.get_by_text("Followers: 1,000 (Reset)")).to_be_visible()
    expect(explain).not_to_contain_text("team of 333")  # not yet: the model is unchanged
    wide.get_by_role("button", name="Reset").click()
    expect(wide.get_by_text("Round 0", exact=True)).to_be_visible()
    expect(explain).to_contain_text("team of 333")
    expect(wide.get_by_text("(Reset)")).to_have_count(0)


def test_the_chooser_loads_every_builtin(wide):
    from playwright.sync_api import expect

    for name in builtin_scenarios():
        wide.locator(".alignsim-controls .v-select").first.click()
        wide.get_by_role("option", name=name, exact=True).click()
        first_words = " ".join(load(name).description.split()[:4])
        expect(wide.locator(".alignsim-explain")).to_contain_text(first_words, timeout=60_000)
        expect(wide.get_by_text("Round 0", exact=True)).to_be_visible()
        step_to(wide, 2)
        boxes = wide.evaluate(TEXT_BOXES)
        assert not overlapping(boxes), f"overlapping text in {name}"
        assert not wide.evaluate(CLIPPED), f"text cut off at a picture's edge in {name}"
        if SCREENSHOTS and name in ("bar", "spatial_pd", "best_follower"):
            step_to(wide, 30)
            wide.screenshot(path=f"{SCREENSHOTS}/viz_{name}.png")
