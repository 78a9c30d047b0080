"""One way to start an alignsim server and Debian's chromium, for the browser tests and benchmarks.

The browser tests (``test_viz_browser.py``, ``test_class_browser.py``) and the
benchmarks (``benchmarks/bench_viz.py``, ``benchmarks/bench_class.py``) start
``alignsim viz`` or ``alignsim class`` in a process of its own on a free
loopback port, wait until it prints its addresses and answers, and drive
``/usr/bin/chromium`` with Playwright (never a downloaded browser). Without the
networking flags chromium keeps calling home, which floods a closed network.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from importlib.util import find_spec
from pathlib import Path

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
START_TIMEOUT_S = 120


class ServerDidNotStart(RuntimeError):
    """The server exited, or did not answer in time; the message holds its log."""


def missing_browser() -> str | None:
    """Why chromium cannot be driven here, or None."""
    if not CHROMIUM.exists():
        return f"no chromium at {CHROMIUM} (Debian: apt-get install chromium)"
    if find_spec("playwright") is None:
        return 'missing playwright: pip install -e ".[viz-test]"'
    return None


def skip_or_fail(reason: str | None) -> None:
    """Skip a browser test that cannot run here, except under ``CI=true``, where it fails."""
    import pytest

    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and the browser test cannot run: {reason}")
    pytest.skip(reason)


def launch_chromium(playwright):
    """Debian's chromium, headless, through Playwright."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_alignsim(args: list[str], log: Path) -> subprocess.Popen:
    """``alignsim ARGS`` in its own process (this interpreter), output to ``log``."""
    command = [sys.executable, "-c", "from alignsim.cli import main; main()", *args]
    with log.open("w") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)


def wait_for_addresses(
    process: subprocess.Popen, log: Path, patterns: dict[str, str], timeout: float = START_TIMEOUT_S
) -> dict[str, str]:
    """The addresses the server prints (one regex group each), once the last one answers."""
    deadline = time.monotonic() + timeout
    last = list(patterns)[-1]
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerDidNotStart(f"exited with {process.returncode}:\n{log.read_text()}")
        text = log.read_text()
        found = {key: re.search(pattern, text) for key, pattern in patterns.items()}
        if all(found.values()):
            urls = {key: match.group(1) for key, match in found.items() if match}
            try:
                with urllib.request.urlopen(urls[last], timeout=5) as response:
                    if response.status == 200:
                        return urls
            except OSError:
                pass
        time.sleep(0.3)
    raise ServerDidNotStart(f"no answer in {timeout:.0f} s:\n{log.read_text()}")


def stop(process: subprocess.Popen | None) -> None:
    """Stop a server started here: terminate, then kill if it does not exit in 10 s."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
