"""Change a setting of a running model between rounds: what a teacher's slider does.

A few settings act on the next round without rebuilding the population: the
leaders' hype and cut (MODEL.md step 1), the trust rate (step 5), the logit
rationality (step 3) and the Nash-style agents' group weight. :func:`retune`
writes the new value both into the model's scenario (so that, for example, a
successor leader takes the group's new hype, and a report of the settings is
true) and into the population arrays the round reads. Every other key (the
population's size, the number of leaders, the network) shapes the population
and needs a new model.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import ValidationError

from alignsim.model.state import NASH

if TYPE_CHECKING:
    from alignsim.model.model import AlignmentModel

__all__ = ["LIVE_KEYS", "is_live", "retune"]

LIVE_KEYS = (
    "population.group_weight",
    "learning.trust_rate",
    "choice.rationality",
    "leaders.N.hype",
    "leaders.N.cut",
)
"""The keys :func:`retune` accepts (``N``: the index of a leader group)."""

_LEADER_KEY = re.compile(r"^leaders\.(\d+)\.(hype|cut)$")


def is_live(key: str) -> bool:
    """Whether ``key`` can change on a running model (see :data:`LIVE_KEYS`)."""
    return key in LIVE_KEYS[:3] or _LEADER_KEY.match(key) is not None


def retune(model: AlignmentModel, key: str, value: float) -> None:
    """Set ``key`` to ``value`` on a running model; it acts from the next round on.

    Args:
        model: the model to change.
        key: one of :data:`LIVE_KEYS`, with a leader group's index for ``N``.
        value: the new value, checked against the scenario schema's range.

    Raises:
        ValueError: a key that needs a new model, a leader group that does not
            exist, or a value out of the key's range (the message names the key).

    """
    cfg, s = model.config, model.state
    try:
        if (match := _LEADER_KEY.match(key)) is not None:
            group, field = int(match[1]), match[2]
            if group >= len(cfg.leaders):
                raise ValueError(f"{key}: the scenario has {len(cfg.leaders)} leader group(s)")
            setattr(cfg.leaders[group], field, value)
            getattr(s, field)[s.leader_group == group] = value
        elif key == "population.group_weight":
            cfg.population.group_weight = value
            s.group_weight[s.orientation == NASH] = value
        elif key == "learning.trust_rate":
            cfg.learning.trust_rate = value
        elif key == "choice.rationality":
            cfg.choice.rationality = value
        else:
            raise ValueError(f"{key}: needs a new model (live keys: {', '.join(LIVE_KEYS)})")
    except ValidationError as err:
        problem = err.errors()[0]["msg"]
        raise ValueError(f"{key}: {problem}, got {value!r}") from None
