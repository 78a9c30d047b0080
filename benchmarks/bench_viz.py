"""How fast the classroom page plays and steps, measured in a real browser.

Run on demand (not a test); needs the viz and viz-test extras and /usr/bin/chromium:

    python benchmarks/bench_viz.py                  # nash at 100 and 1,000 followers
    python benchmarks/bench_viz.py --seconds 10 --size 1024x768

It starts ``alignsim viz nash`` on a free port, opens it in chromium with
Playwright and, for each population: Play at the page's top speed and at its
default speed (rounds a second read from the page's "Round N" over a few
seconds), and Step (milliseconds from the click until both "Round N" and the
agents' picture show the new round, timed inside the page). The baseline,
measured in the same run and process as this script: the same session
stepping with no page at all (rounds a second) and building one frame of the
main area (milliseconds), so a slow machine shows in both.

Targets (issue 13): Play >= 10 rounds a second at 100 followers and >= 5 at
1,000; Step within 200 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from alignsim.viz.app import DEFAULT_SPEED, MAX_SPEED
from alignsim.viz.panels import main_html
from alignsim.viz.session import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser_helpers import (  # noqa: E402  (the tests' helper: one way to start both)
    ServerDidNotStart,
    free_port,
    launch_chromium,
    start_alignsim,
    stop,
    wait_for_addresses,
)

TARGETS = {100: 10.0, 1000: 5.0}
STEP_TARGET_MS = 200.0

# Click Step and resolve with the milliseconds until the round label and the picture both change.
STEP_JS = """async () => {
  const label = document.querySelector('.alignsim-round');
  const n = Number(label.textContent.split(' ')[1]) + 1;
  const shown = () => {
    const pic = document.querySelector('.alignsim-figure [aria-label]');
    return label.textContent === `Round ${n}` && pic && pic.getAttribute('aria-label')
      .endsWith(`round ${n}`);
  };
  const button = [...document.querySelectorAll('button')]
    .find(b => b.textContent.trim() === 'Step');
  const t0 = performance.now();
  const done = new Promise(resolve => {
    const obs = new MutationObserver(() => {
      if (shown()) { obs.disconnect(); resolve(performance.now() - t0); }
    });
    obs.observe(document.body, {subtree: true, childList: true, characterData: true,
                                attributes: true});
  });
  button.click();
  return await done;
}"""


def baseline(followers: int, rounds: int = 60) -> dict:
    """The model alone, and one frame of the main area, in this process."""
    session = Session("nash", {"population.n_followers": followers})
    session.step(2)  # compile the kernels
    main_html(session)
    start = time.perf_counter()
    session.step(rounds)
    stepping = rounds / (time.perf_counter() - start)
    start = time.perf_counter()
    for _ in range(10):
        main_html(session)
    frame_ms = (time.perf_counter() - start) * 100
    return {"model_rounds_per_s": stepping, "frame_ms": frame_ms}


def serve(log: Path) -> tuple[subprocess.Popen, str]:
    args = ["viz", "nash", "--port", str(free_port()), "--host", "127.0.0.1", "--no-browser"]
    process = start_alignsim(args, log)
    try:
        return process, wait_for_addresses(process, log, {"page": r"at (http://\S+)"})["page"]
    except ServerDidNotStart as err:
        stop(process)
        raise SystemExit(f"alignsim viz did not start: {err}") from None


def round_shown(page) -> int:
    return int(page.locator(".alignsim-round").inner_text().split()[1])


def set_slider(page, name: str, key: str) -> None:
    slider = page.get_by_role("slider", name=name)
    slider.focus()
    slider.press(key)


def play_rate(page, speed_key: str | None, seconds: float) -> float:
    """Rounds a second while playing, after one second to settle (``speed_key``: move first)."""
    if speed_key:
        set_slider(page, "Speed (rounds a second)", speed_key)
    page.get_by_role("button", name="Play").click()
    page.wait_for_timeout(1000)
    first, start = round_shown(page), time.perf_counter()
    page.wait_for_timeout(seconds * 1000)
    rate = (round_shown(page) - first) / (time.perf_counter() - start)
    page.get_by_role("button", name="Pause").click()
    page.wait_for_timeout(500)
    return rate


def measure_page(browser, url: str, followers: int, size: tuple[int, int], seconds: float) -> dict:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.set_default_timeout(60_000)
    page.goto(url)
    page.get_by_text("Round 0", exact=True).wait_for()
    if followers != 100:
        set_slider(page, "Followers", "End")  # the slider's top: 1,000
        page.get_by_role("button", name="Reset").click()
        page.get_by_text(f"team of {followers // 3}").wait_for()
    steps = []
    for _ in range(15):
        steps.append(page.evaluate(STEP_JS))
        page.wait_for_timeout(150)
    default = play_rate(page, None, seconds)  # the page opens at its default speed
    top = play_rate(page, "End", seconds)
    page.close()
    steps.sort()
    return {
        "play_rounds_per_s_top_speed": top,
        "play_rounds_per_s_setting": DEFAULT_SPEED,
        "play_rounds_per_s_at_setting": default,
        "step_ms_median": statistics.median(steps),
        "step_ms_90th": steps[int(0.9 * (len(steps) - 1))],
        "step_ms_max": steps[-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds of Play per reading")
    parser.add_argument("--size", default="1920x1080", help="browser window, WIDTHxHEIGHT")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    size = tuple(int(v) for v in args.size.split("x"))
    from playwright.sync_api import sync_playwright

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        process, url = serve(Path(tmp) / "server.log")
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                for followers in TARGETS:
                    page = measure_page(browser, url, followers, size, args.seconds)
                    results[followers] = {**baseline(followers), **page}
                browser.close()
        finally:
            stop(process)
    print(f"alignsim viz nash in chromium at {args.size}; page top speed {MAX_SPEED} rounds/s")
    print(
        "followers | play rounds/s (top) | target | play at setting | step ms median / 90th / max"
        " | baseline: model alone rounds/s | one frame built, ms"
    )
    for followers, r in results.items():
        print(
            f"{followers:>9} | {r['play_rounds_per_s_top_speed']:>19.1f} | "
            f">= {TARGETS[followers]:<3g} | "
            f"{r['play_rounds_per_s_at_setting']:.1f} at {r['play_rounds_per_s_setting']} | "
            f"{r['step_ms_median']:.0f} / {r['step_ms_90th']:.0f} / {r['step_ms_max']:.0f} "
            f"(target {STEP_TARGET_MS:g}) | {r['model_rounds_per_s']:.0f} | {r['frame_ms']:.1f}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
