"""The session's journal: every event, one JSON line each, on disk before it is acknowledged.

A classroom session lives in memory, but every join, role change, round
opened, decision and round closed is appended to ``session.jsonl`` in the
session folder and flushed to disk (``fsync``) before the server answers. A
restarted server replays the journal through the same code and so rebuilds the
same model, round by round: the model's random draws do not depend on what the
students chose (:mod:`alignsim.model.human`), so the same choices give the
same numbers, and no acknowledged decision is lost.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from alignsim.scenario import ScenarioError

JOURNAL = "session.jsonl"


class Journal:
    """An append-only file of events (JSON objects)."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / JOURNAL

    def exists(self) -> bool:
        """Whether a session was started in this folder."""
        return self.path.exists()

    def append(self, event: dict[str, Any]) -> None:
        """Write one event and make sure it is on disk."""
        line = json.dumps(event, sort_keys=True, allow_nan=False) + "\n"
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())

    def read(self) -> list[dict[str, Any]]:
        """All events, in order. A last line cut short by a crash is ignored."""
        events = []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            try:
                events.append(json.loads(line))
            except json.JSONDecodeError:
                if number == len(lines):
                    break  # the write the crash interrupted was never acknowledged
                raise ScenarioError(str(self.path), f"line {number}", "not a JSON event") from None
        return events
