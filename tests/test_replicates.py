"""Replicates side by side as one array model give each run's own numbers, bit for bit.

A sweep steps the replicates of a grid point together
(:mod:`alignsim.model.replicates`); nothing it reports may depend on that.
"""

from __future__ import annotations

import numpy as np
import pytest

from alignsim.model import AlignmentModel
from alignsim.model.replicates import MAX_BATCH_AGENTS, Streams, batch_obstacles, batch_size
from alignsim.scenario import load_scenario

SEEDS = [3, 141, 59, 2653]

CASES = {
    "nash": ("nash", []),
    "smith": ("smith", []),
    "wiifm": ("wiifm", []),
    "lead_by_example": ("lead_by_example", []),
    "threshold game": ("nash", ["game.type=threshold_public_goods", "game.threshold_share=0.5"]),
    "best response": ("nash", ["choice.rule=best_response"]),
    "conditional cooperators": ("nash", ["population.share_conditional=0.4"]),
    "stag hunt in teams": ("nash", ["game.type=stag_hunt"]),
    "few followers, many leaders": ("wiifm", ["population.n_followers=7"]),
    "leaders who adapt their pitch": ("hype", ["learning.adapt_leaders=true"]),
}


def frames(model: AlignmentModel) -> list:
    return [collector.get_model_vars_dataframe() for collector in model.collectors]


@pytest.mark.parametrize("case", list(CASES))
def test_each_replicate_gives_the_numbers_of_its_own_run(case: str) -> None:
    name, overrides = CASES[case]
    scenario = load_scenario(name, overrides, steps=25)
    batch = AlignmentModel(scenario, replicates=SEEDS)
    batch.run()
    n = batch.state.agents_per_replicate
    for k, (seed, frame) in enumerate(zip(SEEDS, frames(batch), strict=True)):
        alone = AlignmentModel(scenario, rng=seed)
        alone.run()
        expected = alone.datacollector.get_model_vars_dataframe()
        assert frame.equals(expected), f"{case}: replicate {k} (seed {seed}) differs from its run"
        block = slice(k * n, (k + 1) * n)
        assert np.array_equal(batch.state.wealth[block], alone.state.wealth)
        assert np.array_equal(batch.state.trust[block], alone.state.trust)
        assert np.array_equal(batch.state.experience[block], alone.state.experience)
    # the replicates really are different runs
    assert not frames(batch)[0].equals(frames(batch)[1])


def test_a_replicate_does_not_depend_on_the_others_in_its_batch() -> None:
    scenario = load_scenario("nash", steps=20)
    one = AlignmentModel(scenario, replicates=[5, 6, 7])
    other = AlignmentModel(scenario, replicates=[8, 6])
    one.run()
    other.run()
    assert frames(one)[1].equals(frames(other)[1])
    assert not frames(one)[0].equals(frames(other)[0])


def test_one_replicate_is_the_plain_model() -> None:
    scenario = load_scenario("nash", steps=10)
    plain, single = AlignmentModel(scenario, rng=9), AlignmentModel(scenario, replicates=[9])
    plain.run()
    single.run()
    assert single.collectors == [single.datacollector]
    assert plain.datacollector.get_model_vars_dataframe().equals(
        single.datacollector.get_model_vars_dataframe()
    )


def test_the_first_replicate_is_the_model_s_own_face() -> None:
    """``metrics``, ``datacollector`` and ``rng`` of a batch are its first replicate's."""
    scenario = load_scenario("nash", steps=5)
    batch = AlignmentModel(scenario, replicates=[1, 2])
    batch.run()
    first = frames(batch)[0]
    assert batch.datacollector is batch.collectors[0]
    assert batch.metrics["follow_rate"] == first["follow_rate"].iloc[-1]
    assert list(first["step"]) == [1, 2, 3, 4, 5]
    assert str(first["n_leaders"].dtype) == "int64"


@pytest.mark.parametrize(
    ("override", "reason"),
    [
        ("leaders.0.capacity=10", "capacity"),
        ("network.kind=watts_strogatz", "network"),
        ("learning.exclusion_probability=0.5", "exclusion"),
        ("word_of_mouth.rate=0.2", "word of mouth"),
        ("mentorship.enabled=true", "mentorship"),
        ("emergence.enabled=true", "emergent"),
        ("imitation.rule=fermi", "imitation"),
        ("output.agent_data=true", "agent data"),
    ],
)
def test_what_cannot_run_side_by_side_runs_alone_and_says_why(override: str, reason: str) -> None:
    scenario = load_scenario("nash", [override], steps=3)
    assert any(reason in text for text in batch_obstacles(scenario))
    assert batch_size(scenario) == 1
    with pytest.raises(ValueError, match=reason):
        AlignmentModel(scenario, replicates=[1, 2])
    AlignmentModel(scenario, replicates=[1]).run()  # one replicate is always fine


def test_batches_stay_small_where_batching_pays() -> None:
    from alignsim.kinds.teams import TeamsKind

    assert (
        batch_size(load_scenario("nash"))
        == 16
        == TeamsKind().replicates_per_batch(load_scenario("nash"))
    )
    large = load_scenario("nash", ["population.n_followers=3000"])
    assert batch_size(large) == MAX_BATCH_AGENTS // 3003
    assert batch_size(load_scenario("nash", ["population.n_followers=100000"])) == 1


def test_seeds_or_rng_not_both() -> None:
    with pytest.raises(ValueError, match="either"):
        AlignmentModel("nash", rng=1, replicates=[1, 2])
    with pytest.raises(ValueError, match="either"):
        AlignmentModel("nash", replicates=[])


def test_streams_draw_each_replicate_s_numbers_in_its_own_order() -> None:
    streams = Streams(tuple(np.random.default_rng(s) for s in (1, 2, 3)))
    owner = np.array([0, 0, 2, 2, 2])  # replicate 1 has no items this time
    drawn = streams.random(owner)
    assert np.array_equal(drawn[:2], np.random.default_rng(1).random(2))
    assert np.array_equal(drawn[2:], np.random.default_rng(3).random(3))
    assert np.array_equal(streams.random(np.array([1])), np.random.default_rng(2).random(1))


def test_the_kind_batches_a_grid_point_and_runs_anything_else_alone() -> None:
    from alignsim.kinds import kind_of

    base = load_scenario("nash", steps=8)
    kind = kind_of(base)
    alike = [base.model_copy(update={"seed": s}) for s in (1, 2, 3)]
    mixed = [*alike[:2], load_scenario("nash", ["population.group_weight=0.2"], steps=8)]
    capped = load_scenario("public_goods_lab", steps=8)
    for scenarios in (alike, mixed, [capped, capped.model_copy(update={"seed": 5})]):
        series = kind.run_replicates(scenarios)
        for scenario, columns in zip(scenarios, series, strict=True):
            alone = AlignmentModel(scenario)
            alone.run()
            expected = alone.datacollector.model_vars
            assert list(columns) == list(expected)
            for name in expected:  # NaN (a group nobody is in) equals NaN here
                np.testing.assert_array_equal(columns[name], expected[name], err_msg=name)
    assert kind.replicates_per_batch(base) == 16
    assert kind.replicates_per_batch(capped) == 1
