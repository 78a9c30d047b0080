"""The session's journal: every event, one JSON line each, on disk before it is acknowledged.

A classroom session lives in memory, but every join, role change, round
opened, decision and round closed is appended to ``session.jsonl`` in the
session folder and forced to disk (``fsync``) before the server answers. A
restarted server replays the journal through the same code and so rebuilds the
same model, round by round: the model's one random stream is seeded by the
scenario and the same choices give the same numbers
(:mod:`alignsim.model.human`), and no acknowledged decision is lost.

An ``fsync`` takes milliseconds; with a class answering at once the web app
sets ``sync_each`` off and calls :meth:`Journal.sync` itself, off the event
loop, so that one ``fsync`` covers every line written while the previous one
ran (a group commit); a request is answered only once its line is covered.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from alignsim.outputs.ownership import OutputFolder
from alignsim.scenario import ScenarioError

JOURNAL = "session.jsonl"


class Journal:
    """An append-only file of events (JSON objects).

    Attributes:
        sync_each: force every event to disk as it is appended (default);
            off, the caller calls :meth:`sync` before acknowledging.
        written: events appended by this process.
        synced: how many of them are known to be on disk.

    """

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / JOURNAL
        self.sync_each = True
        self.written = 0
        self.synced = 0
        self._handle: IO[str] | None = None

    def exists(self) -> bool:
        """Whether a session was started in this folder."""
        return self.path.exists()

    def append(self, event: dict[str, Any]) -> None:
        """Write one event (and, with ``sync_each``, make sure it is on disk)."""
        if self._handle is None:
            self._handle = self.path.open("a", encoding="utf-8")
        self._handle.write(json.dumps(event, sort_keys=True, allow_nan=False) + "\n")
        self._handle.flush()
        self.written += 1
        if self.sync_each:
            self.sync()

    def sync(self) -> None:
        """Force every event written so far to disk."""
        upto = self.written
        if self._handle is not None and self.synced < upto:
            os.fsync(self._handle.fileno())
            self.synced = max(self.synced, upto)

    def rewrite(self, events: list[dict[str, Any]]) -> None:
        """Replace the journal with these events, atomically, as the folder's owner may."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        lines = "".join(json.dumps(e, sort_keys=True, allow_nan=False) + "\n" for e in events)
        OutputFolder.existing(self.path.parent).write(JOURNAL, lines)

    def read(self) -> list[dict[str, Any]]:
        """All events, in order, for resuming.

        A last line cut short by a crash was never acknowledged: it is cut off
        the file, so that the next event starts on a line of its own.
        """
        text = self.path.read_text(encoding="utf-8")
        complete = text[: text.rfind("\n") + 1]
        if complete != text:
            with self.path.open("r+", encoding="utf-8") as handle:
                handle.truncate(len(complete.encode("utf-8")))
        events = []
        for number, line in enumerate(complete.splitlines(), start=1):
            try:
                events.append(json.loads(line))
            except json.JSONDecodeError:
                raise ScenarioError(str(self.path), f"line {number}", "not a JSON event") from None
        return events
