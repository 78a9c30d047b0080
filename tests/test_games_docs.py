"""The games docs cannot drift: citations resolve, the type table is complete."""

import re
from pathlib import Path

from alignsim.games.registry import GAME_TYPES

ROOT = Path(__file__).resolve().parents[1]
GAMES_SRC = ROOT / "src" / "alignsim" / "games"


def test_every_citation_is_in_the_bibliography():
    cited = set()
    for path in GAMES_SRC.glob("*.py"):
        cited |= set(re.findall(r"\[([A-Za-z]+\d{4})\]_", path.read_text()))
    listed = set(
        re.findall(r"\*\*\[([A-Za-z]+\d{4})\]\*\*", (ROOT / "docs/bibliography.md").read_text())
    )
    assert cited and cited <= listed


def test_games_doc_lists_every_type_with_its_defaults():
    text = (ROOT / "docs" / "games.md").read_text()
    for name, cls in GAME_TYPES.items():
        assert f"| `{name}` |" in text
        if name == "matrix":
            continue
        row = next(line for line in text.splitlines() if line.startswith(f"| `{name}` |"))
        for key, value in cls().params().items():
            if isinstance(value, bool):
                value = str(value).lower()
            elif isinstance(value, float) and value.is_integer():
                value = int(value)
            assert f"`{key}` {value}" in row, (name, key)
