"""Load on ``alignsim class``: a class of simulated phones plays a session on loopback.

Not a test. Starts ``alignsim class nash`` in its own process on 127.0.0.1 and
plays ``--rounds`` rounds with ``--students`` simulated phones (asyncio,
``websockets`` and httpx in this process, nothing leaves the machine). Each
phone does what the page does: it holds a websocket on which the server pushes
its view, and when a round opens it thinks for 0.2 to 3 s and sends its answer
as a request. The projector holds a websocket too and starts the next round as
soon as it shows the last one's results; at the end the teacher ends the
session and the run folder is written. Then every decision the server
acknowledged is looked up in the written ``decisions.csv``: one missing or
different is a lost decision.

Round latency: for each round and each page (every phone and the projector),
the time from sending the round's last answer (the one that closes the round)
to that page receiving the round's results over its websocket. It covers the
server taking the answer, writing it to the journal and forcing it to disk,
playing the model's round, and building and sending a view to every page.
The p95 is over all rounds and pages; a result a page never received counts
as infinitely late. Also printed: how long each answer took to be acknowledged, and the
server's CPU time.

Usage::

    python benchmarks/bench_class.py --students 60 [--rounds 10] [--seed 1] [--profile FILE]

``--profile FILE`` runs the server under cProfile and writes its statistics
to FILE (read them with ``python -m pstats FILE``). The last line reads
``students N, rounds R, lost decisions L, p95 round latency X ms``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np
import pandas as pd
from websockets.asyncio.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser_helpers import (  # noqa: E402  (the tests' helper: one way to start the server)
    ServerDidNotStart,
    free_port,
    start_alignsim,
    stop,
    wait_for_addresses,
)

ADDRESSES = {"projector": r"projector.*: (http://\S+)", "students": r"students: (http://\S+)"}
LEADER_NAMES = {0: "leader 1", 1: "leader 2", 2: "leader 3", -1: "stay out"}


def cpu_seconds(pid: int) -> float | None:
    """CPU time a process has used (Linux /proc), to tell load from other work on the machine."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server(folder: Path, log: Path, profile: Path | None) -> tuple[subprocess.Popen, dict]:
    """``alignsim class nash`` on a free loopback port (under cProfile if asked)."""
    args = ["class", "nash", "--host", "127.0.0.1", "--port", str(free_port()), "--no-browser"]
    args += ["--seconds", "60", "--out", str(folder)]
    if profile is None:
        process = start_alignsim(args, log)
    else:
        script = log.with_name("server.py")
        script.write_text("from alignsim.cli import main\nmain()\n")
        command = [sys.executable, "-m", "cProfile", "-o", str(profile), str(script), *args]
        with log.open("w") as out:
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        return process, wait_for_addresses(process, log, ADDRESSES)
    except ServerDidNotStart as err:
        stop(process)
        raise SystemExit(f"alignsim class did not start: {err}") from None


class Clock:
    """When each round's last answer was sent, and when each page got each round's results."""

    def __init__(self) -> None:
        self.last_answer: dict[int, float] = {}
        self.results: dict[tuple[int, str], float] = {}

    def answered(self, number: int) -> None:
        self.last_answer[number] = max(self.last_answer.get(number, 0.0), time.perf_counter())

    def shown(self, number: int, page: str) -> None:
        self.results.setdefault((number, page), time.perf_counter())

    def latencies(self) -> list[float]:
        sent = self.last_answer
        return [t - sent[n] for (n, _), t in self.results.items() if n in sent]


class Phone:
    """One simulated student: joins, keeps a websocket, answers each open round once."""

    def __init__(self, client: httpx.AsyncClient, base: str, seat: int, rng, clock: Clock) -> None:
        self.client, self.base, self.rng, self.clock = client, base, rng, clock
        self.name = f"Student {seat}"
        self.token = ""
        self.answered: set[int] = set()
        self.sent: dict[int, dict] = {}  # round -> acknowledged choice
        self.acks: list[float] = []
        self.thinking: list[asyncio.Task] = []

    async def join(self, code: str) -> None:
        reply = await self.client.post(
            f"{self.base}/api/join", json={"code": code, "name": self.name}
        )
        reply.raise_for_status()
        self.token = reply.json()["token"]

    async def run(self, ws_base: str, ready: asyncio.Event) -> None:
        async with connect(f"{ws_base}/ws/student") as socket:
            await socket.send(self.token)
            ready.set()
            async for message in socket:
                view = json.loads(message)
                last = view.get("last")
                if last:
                    self.clock.shown(last["round"], self.name)
                if view["phase"] == "ended":
                    break
                current = view.get("round")
                if current and current["playing"] and current["number"] not in self.answered:
                    self.answered.add(current["number"])
                    self.thinking.append(asyncio.create_task(self.answer(current)))
        await asyncio.gather(*self.thinking)

    async def answer(self, current: dict) -> None:
        await asyncio.sleep(self.rng.uniform(0.2, 3.0))  # thinking
        offers = [o["slot"] for o in current["offers"]]
        leader = int(self.rng.choice([-1, *offers]))
        choice = {
            "round": current["number"],
            "leader": leader,
            "contribute": bool(leader >= 0 and self.rng.random() < 0.5),
        }
        sent = time.perf_counter()
        self.clock.answered(choice["round"])
        reply = await self.client.post(
            f"{self.base}/api/decide", json=choice, headers={"X-Seat-Token": self.token}
        )
        self.acks.append(time.perf_counter() - sent)
        if reply.status_code == 200:
            self.sent[choice["round"]] = choice


async def teach(
    client: httpx.AsyncClient, base: str, ws_base: str, token: str, rounds: int, clock: Clock
) -> str:
    """The projector: start a round whenever the last one's results are shown; then End."""
    teacher = {"X-Teacher-Token": token}
    started = 0
    async with connect(f"{ws_base}/ws/projector") as socket:
        await socket.send(token)
        async for message in socket:
            view = json.loads(message)
            for played in view["history"]:
                clock.shown(played["round"], "projector")
            if view["phase"] == "open":
                continue
            if len(view["history"]) == rounds:
                break
            if len(view["history"]) == started:
                started += 1
                reply = await client.post(f"{base}/api/teacher/start", headers=teacher)
                reply.raise_for_status()
    ended = await client.post(f"{base}/api/teacher/end", headers=teacher, timeout=120)
    ended.raise_for_status()
    return ended.json()["written"]


async def play(students: int, rounds: int, seed: int, urls: dict) -> dict:
    base = urls["projector"].split("/projector")[0]
    ws_base = base.replace("http://", "ws://", 1)
    token = urls["projector"].split("token=")[1]
    code = urls["students"].split("code=")[1]
    rng = np.random.default_rng(seed)
    clock = Clock()
    limits = httpx.Limits(max_connections=students + 10)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        phones = [Phone(client, base, seat, rng, clock) for seat in range(1, students + 1)]
        for phone in phones:
            await phone.join(code)
        ready = [asyncio.Event() for _ in phones]
        tasks = [
            asyncio.create_task(phone.run(ws_base, flag))
            for phone, flag in zip(phones, ready, strict=True)
        ]
        await asyncio.gather(*(flag.wait() for flag in ready))
        folder = await teach(client, base, ws_base, token, rounds, clock)
        await asyncio.gather(*tasks)
    return {"phones": phones, "clock": clock, "folder": folder}


def lost_decisions(phones: list[Phone], folder: Path) -> int:
    """Acknowledged decisions missing from decisions.csv, or recorded differently."""
    table = pd.read_csv(folder / "decisions.csv")
    recorded = {(int(r["round"]), int(r["seat"])): r for _, r in table.iterrows()}
    lost = 0
    for seat, phone in enumerate(phones, start=1):
        for number, choice in phone.sent.items():
            row = recorded.get((number, seat))
            same = (
                row is not None
                and not row["default"]
                and row["leader"] == LEADER_NAMES[choice["leader"]]
                and bool(row["contributed"]) == choice["contribute"]
            )
            lost += not same
    return lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", type=Path, help="run the server under cProfile, stats here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "session"
        process, urls = start_server(folder, Path(tmp) / "server.log", args.profile)
        cpu_before, wall_before = cpu_seconds(process.pid), time.perf_counter()
        try:
            result = asyncio.run(play(args.students, args.rounds, args.seed, urls))
            cpu_after, wall = cpu_seconds(process.pid), time.perf_counter() - wall_before
        finally:
            process.send_signal(signal.SIGINT)  # a clean exit: cProfile writes its statistics
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                stop(process)
        phones = result["phones"]
        answered = sum(len(phone.sent) for phone in phones)
        lost = lost_decisions(phones, folder)
    received = 1000 * np.array(result["clock"].latencies())
    acks = 1000 * np.array([x for phone in phones for x in phone.acks])
    expected = args.rounds * (args.students + 1)
    # results a page never received count as infinitely late, so they cannot hide from the p95
    latencies = np.concatenate([received, np.full(expected - received.size, np.inf)])
    print(f"decisions acknowledged {answered} of {args.students * args.rounds} sent")
    print(f"results received {received.size} of {expected} (rounds x pages)")
    if cpu_before is not None and cpu_after is not None:
        busy = cpu_after - cpu_before
        print(f"server CPU {busy:.1f} s in {wall:.1f} s ({100 * busy / wall:.0f} % of one core); "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")  # fmt: skip
    print(f"answer acknowledged: median {np.median(acks):.0f} ms, "
          f"p95 {np.percentile(acks, 95):.0f} ms, max {acks.max():.0f} ms")  # fmt: skip
    print(f"round latency: median {np.median(latencies):.0f} ms, max {latencies.max():.0f} ms")
    print(
        f"students {args.students}, rounds {args.rounds}, lost decisions {lost}, "
        f"p95 round latency {np.percentile(latencies, 95):.0f} ms"
    )


if __name__ == "__main__":
    main()
