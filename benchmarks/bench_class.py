"""Load on ``alignsim class``: a class of simulated phones plays a session on loopback.

Not a test. Starts ``alignsim class nash`` in its own process on 127.0.0.1 and
plays ``--rounds`` rounds with ``--students`` simulated phones (asyncio and
httpx in this process). Each phone polls its seat once a second, as the page
does, and answers a round after a random think of 0.2 to 3 s; the projector
polls once a second and starts the next round as soon as it shows the last
one's results; at the end the teacher ends the session and the run folder is
written. Then every decision the server acknowledged is looked up in the
written ``decisions.csv``: one missing or different is a lost decision.

The round latency of a decision is the time from sending it to the server's
answer; the last answer of a round includes closing the round and playing the
model's round. The projector's poll latency is printed too. Usage::

    python benchmarks/bench_class.py --students 60 [--rounds 5] [--seed 1]

The last line reads ``students N, rounds R, lost decisions L, p95 round latency X ms``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np
import pandas as pd

POLL_S = 1.0


def cpu_seconds(pid: int) -> float | None:
    """CPU time a process has used (Linux /proc), to tell load from other work on the machine."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


START_TIMEOUT_S = 120


def start_server(folder: Path, log: Path) -> tuple[subprocess.Popen, str, str]:
    """Run ``alignsim class`` on a free loopback port; return it, the projector and join URLs."""
    command = [sys.executable, "-c", "from alignsim.cli import main; main()", "class", "nash"]
    command += ["--host", "127.0.0.1", "--port", "0", "--no-browser", "--seconds", "60"]
    command += ["--out", str(folder)]
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        text = log.read_text()
        projector = re.search(r"projector.*: (http://\S+)", text)
        students = re.search(r"students: (http://\S+)", text)
        if projector and students:
            try:
                if httpx.get(students.group(1), timeout=2).status_code == 200:
                    return process, projector.group(1), students.group(1)
            except httpx.HTTPError:
                pass
        if process.poll() is not None:
            break
        time.sleep(0.3)
    process.kill()
    raise SystemExit(f"alignsim class did not start:\n{log.read_text()}")


class Phone:
    """One simulated student: joins, polls, answers each open round once."""

    def __init__(self, client: httpx.AsyncClient, base: str, seat: int, rng) -> None:
        self.client, self.base, self.rng = client, base, rng
        self.name = f"Student {seat}"
        self.token = ""
        self.answered: set[int] = set()
        self.sent: dict[int, dict] = {}  # round -> acknowledged choice
        self.latencies: list[float] = []

    async def join(self, code: str) -> None:
        reply = await self.client.post(
            f"{self.base}/api/join", json={"code": code, "name": self.name}
        )
        reply.raise_for_status()
        self.token = reply.json()["token"]

    async def run(self, done: asyncio.Event) -> None:
        headers = {"X-Seat-Token": self.token}
        while not done.is_set():
            view = (await self.client.get(f"{self.base}/api/me", headers=headers)).json()
            current = view.get("round")
            if current and current["playing"] and current["number"] not in self.answered:
                self.answered.add(current["number"])
                await asyncio.sleep(self.rng.uniform(0.2, 3.0))  # thinking
                offers = [o["slot"] for o in current["offers"]]
                leader = int(self.rng.choice([-1, *offers]))
                choice = {
                    "round": current["number"],
                    "leader": leader,
                    "contribute": bool(leader >= 0 and self.rng.random() < 0.5),
                }
                sent = time.perf_counter()
                reply = await self.client.post(
                    f"{self.base}/api/decide", json=choice, headers=headers
                )
                self.latencies.append(time.perf_counter() - sent)
                if reply.status_code == 200:
                    self.sent[choice["round"]] = choice
            await asyncio.sleep(POLL_S * self.rng.uniform(0.8, 1.2))


async def play(students: int, rounds: int, seed: int, projector: str, join: str) -> dict:
    base = projector.split("/projector")[0]
    token = projector.split("token=")[1]
    code = join.split("code=")[1]
    teacher = {"X-Teacher-Token": token}
    rng = np.random.default_rng(seed)
    limits = httpx.Limits(max_connections=students + 10)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        phones = [Phone(client, base, seat, rng) for seat in range(1, students + 1)]
        for phone in phones:
            await phone.join(code)
        done = asyncio.Event()
        tasks = [asyncio.create_task(phone.run(done)) for phone in phones]
        projector_latency = []
        started = 0
        while True:
            sent = time.perf_counter()
            view = (await client.get(f"{base}/api/projector", headers=teacher)).json()
            projector_latency.append(time.perf_counter() - sent)
            if view["phase"] != "open":
                if len(view["history"]) == rounds:
                    break
                if len(view["history"]) == started:
                    await client.post(f"{base}/api/teacher/start", headers=teacher)
                    started += 1
            await asyncio.sleep(POLL_S)
        done.set()
        await asyncio.gather(*tasks)
        ended = await client.post(f"{base}/api/teacher/end", headers=teacher)
        ended.raise_for_status()
    return {"phones": phones, "projector": projector_latency, "folder": ended.json()["written"]}


def lost_decisions(phones: list[Phone], folder: Path) -> int:
    """Acknowledged decisions missing from decisions.csv, or recorded differently."""
    table = pd.read_csv(folder / "decisions.csv")
    recorded = {(int(r["round"]), int(r["seat"])): r for _, r in table.iterrows()}
    names = {0: "leader 1", 1: "leader 2", 2: "leader 3", -1: "stay out"}
    lost = 0
    for seat, phone in enumerate(phones, start=1):
        for number, choice in phone.sent.items():
            row = recorded.get((number, seat))
            same = (
                row is not None
                and not row["default"]
                and row["leader"] == names[choice["leader"]]
                and bool(row["contributed"]) == choice["contribute"]
            )
            lost += not same
    return lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "session"
        process, projector, join = start_server(folder, Path(tmp) / "server.log")
        cpu_before, wall_before = cpu_seconds(process.pid), time.perf_counter()
        try:
            result = asyncio.run(play(args.students, args.rounds, args.seed, projector, join))
            cpu_after, wall = cpu_seconds(process.pid), time.perf_counter() - wall_before
        finally:
            process.terminate()
            process.wait(timeout=30)
        latencies = [x for phone in result["phones"] for x in phone.latencies]
        answered = sum(len(phone.sent) for phone in result["phones"])
        lost = lost_decisions(result["phones"], folder)
    p95 = 1000 * float(np.percentile(latencies, 95))
    projector_p95 = 1000 * float(np.percentile(result["projector"], 95))
    print(f"decisions acknowledged {answered} of {args.students * args.rounds} sent")
    if cpu_before is not None and cpu_after is not None:
        busy = cpu_after - cpu_before
        print(f"server CPU {busy:.1f} s in {wall:.1f} s ({100 * busy / wall:.0f} % of one core); "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")  # fmt: skip
    median, worst = 1000 * float(np.median(latencies)), 1000 * max(latencies)
    print(f"projector poll p95 {projector_p95:.0f} ms, decision median {median:.0f} ms, "
          f"max {worst:.0f} ms")  # fmt: skip
    print(
        f"students {args.students}, rounds {args.rounds}, lost decisions {lost}, "
        f"p95 round latency {p95:.0f} ms"
    )


if __name__ == "__main__":
    main()
