"""Mesa's DataCollector with the model-level columns kept in one growing numpy array.

Mesa's ``DataCollector.collect`` calls one reporter per column and deep-copies
each value into a list: at 100 followers that was about a sixth of a round.
:class:`MetricsCollector` writes the round's metrics (already computed once,
:mod:`alignsim.model.metrics`) as one row of a float array that doubles when
full, and keeps Mesa's interface: it is a ``mesa.DataCollector``;
``model_vars[name]`` is the column as a list, ``get_model_vars_dataframe()``
gives the frame Mesa's own collector gives (same columns, order and dtypes:
whole-number columns as int64, the others float64), and agent reporters are
Mesa's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    import pandas as pd

FIRST_ROWS = 64


class MetricsCollector(mesa.DataCollector):
    """A DataCollector whose model reporters read ``model.metrics`` by name.

    Args:
        names: the metric names, one column each, in order.
        agent_reporters: Mesa agent reporters (collected by Mesa's code), or None.

    """

    def __init__(self, names: list[str], agent_reporters: dict[str, Any] | None = None) -> None:
        self._names = list(names)
        self._rows = np.empty((FIRST_ROWS, len(self._names)))
        self._count = 0
        # a column stays int64 while every value in it is a Python int, as in a pandas frame
        self._whole = np.ones(len(self._names), dtype=bool)
        super().__init__(agent_reporters=agent_reporters)
        self.model_reporters = {name: _reporter(name) for name in self._names}

    @property
    def model_vars(self) -> Mapping[str, list]:
        """Each column as a list of its values, as Mesa's ``model_vars`` (read only)."""
        return _Columns(self)

    @model_vars.setter
    def model_vars(self, value: dict) -> None:
        # Mesa's __init__ starts model_vars empty; the columns live in the array.
        if value:
            raise AttributeError("model_vars is read only: the columns live in an array")

    def collect(self, model: mesa.Model) -> None:
        """Record the round: one row of ``model.metrics``, then Mesa's agent records."""
        self.collect_row(model.metrics, model.time)
        if self.agent_reporters:
            self._agent_records[model.time] = list(self._record_agents(model))

    def collect_row(self, metrics: Mapping[str, Any], time: float) -> None:
        """Record one round's metrics at ``time``: a mapping of Python numbers."""
        values = [metrics[name] for name in self._names]
        self._append(values, np.array([type(value) is int for value in values]), time)

    def _append(self, values: Any, whole: NDArray[np.bool_], time: float) -> None:
        """One row of values; ``whole``: which of them are whole numbers."""
        if self._count == self._rows.shape[0]:
            self._rows = np.concatenate([self._rows, np.empty_like(self._rows)])
        self._rows[self._count] = values
        self._count += 1
        self._whole &= whole
        self._collection_steps.append(time)

    def column(self, name: str) -> np.ndarray:
        """One column's values so far: int64 if every value was a whole number, else float64."""
        k = self._names.index(name)
        if not self._count:
            return np.empty(0, dtype=object)  # as pandas makes of an empty list
        values = self._rows[: self._count, k]
        return values.astype(np.int64) if self._whole[k] else values.copy()

    def get_model_vars_dataframe(self) -> pd.DataFrame:
        """The model-level frame, one column per metric, the round as the implicit index."""
        import pandas as pd

        return pd.DataFrame({name: self.column(name) for name in self._names})


def collect_replicates(
    collectors: list[MetricsCollector], columns: Mapping[str, NDArray], time: float
) -> None:
    """Record a round of replicates side by side: value ``k`` of each column to ``collectors[k]``.

    ``columns`` maps each metric to one value per replicate
    (:func:`alignsim.model.metrics.collect_metrics`); an integer array is a
    whole-number column.
    """
    names = collectors[0]._names
    block = np.column_stack([columns[name] for name in names])
    whole = np.array([columns[name].dtype.kind in "iub" for name in names])
    for collector, row in zip(collectors, block, strict=True):
        collector._append(row, whole, time)


class _Columns(Mapping):
    """``model_vars`` of a :class:`MetricsCollector`: name -> list of values."""

    def __init__(self, collector: MetricsCollector) -> None:
        self._collector = collector

    def __getitem__(self, name: str) -> list:
        if name not in self._collector.model_reporters:
            raise KeyError(name)
        return self._collector.column(name).tolist()

    def __iter__(self) -> Iterator[str]:
        return iter(self._collector.model_reporters)

    def __len__(self) -> int:
        return len(self._collector.model_reporters)


def _reporter(name: str):
    """A reporter reading one metric of the last round (what ``collect`` writes)."""

    def report(model: mesa.Model) -> float:
        return model.metrics[name]

    report.__name__ = name
    return report
