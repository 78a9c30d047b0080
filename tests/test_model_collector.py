"""The model's DataCollector gives what Mesa's own gives, reading the same metrics."""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd
import pytest

from alignsim.model import AlignmentModel
from alignsim.model.collector import MetricsCollector
from alignsim.scenario import load_scenario


def mesa_twin(model: AlignmentModel) -> mesa.DataCollector:
    """Mesa's own DataCollector with one reporter per metric, as the model used to build it."""
    return mesa.DataCollector(
        model_reporters={
            name: (lambda m, name=name: m.metrics[name]) for name in model.datacollector.model_vars
        }
    )


@pytest.mark.parametrize("name", ["nash", "mentorship", "spatial_pd", "best_follower"])
def test_frame_equals_mesas_frame(name):
    model = AlignmentModel(load_scenario(name, steps=12))
    twin = mesa_twin(model)
    for _ in range(12):
        model.step()
        twin.collect(model)
    ours, theirs = model.datacollector.get_model_vars_dataframe(), twin.get_model_vars_dataframe()
    pd.testing.assert_frame_equal(ours, theirs, check_exact=True)
    ours_vars = model.datacollector.model_vars
    assert list(ours_vars) == list(twin.model_vars)
    for column, values in twin.model_vars.items():
        assert type(ours_vars[column]) is list
        np.testing.assert_array_equal(ours_vars[column], values)  # NaN equals NaN here
    assert (ours.dtypes == np.int64).any() and (ours.dtypes == np.float64).any()


def test_columns_grow_past_the_first_rows_and_keep_their_kind():
    collector = MetricsCollector(["step", "rate"])

    class Stub:
        time = 0.0
        metrics: dict = {}

    stub = Stub()
    for k in range(150):
        stub.metrics = {"step": k, "rate": 0.5 if k != 140 else float("nan")}
        collector.collect(stub)
    frame = collector.get_model_vars_dataframe()
    assert frame.shape == (150, 2) and frame["step"].dtype == np.int64
    assert frame["step"].tolist() == list(range(150))
    assert np.isnan(frame["rate"][140]) and frame["rate"][139] == 0.5
    assert collector.model_vars["step"][-1] == 149


def test_a_float_in_a_column_makes_it_float():
    collector = MetricsCollector(["x"])

    class Stub:
        time = 0.0
        metrics: dict = {}

    stub = Stub()
    for value in (1, 2, 2.5):
        stub.metrics = {"x": value}
        collector.collect(stub)
    assert collector.get_model_vars_dataframe()["x"].tolist() == [1.0, 2.0, 2.5]
    assert collector.get_model_vars_dataframe()["x"].dtype == np.float64


def test_agent_reporters_still_work():
    model = AlignmentModel(load_scenario("nash", ["output.agent_data=true"], steps=3))
    model.run(3)
    agents = model.datacollector.get_agent_vars_dataframe()
    assert len(agents) == 3 * model.state.n_agents
    assert set(agents.columns) == {"wealth", "payoff", "contributed"}
