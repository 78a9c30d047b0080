"""The page's controls, model building, layout and command, without a browser or the extra."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

from alignsim.cli import main
from alignsim.kinds import load
from alignsim.model.bar import BarModel
from alignsim.scenario import builtin_scenarios, load_scenario
from alignsim.viz import INSTALL_HINT
from alignsim.viz.adapter import (
    BAR_LIVE_KEYS,
    NETWORK_KINDS,
    build_model,
    build_scenario,
    lattice_width_for,
    params_for,
)
from alignsim.viz.layout import (
    KEPT_COOPERATOR,
    KEPT_DEFECTOR,
    NEW_COOPERATOR,
    NEW_DEFECTOR,
    layout,
    leader_positions,
    marker_sizes,
    strategy_classes,
)


def model_params(name: str) -> dict:
    """The controls of a scenario by key (the page's sidebar)."""
    return {p.key: p for p in params_for(load(name))}


BRIEF_KEYS = {
    "population.share_nash",
    "population.group_weight",
    "leaders.0.hype",
    "leaders.0.cut",
    "leaders.0.count",
    "learning.trust_rate",
    "choice.rationality",
    "network.kind",
}


def test_the_page_offers_the_main_parameters():
    assert BRIEF_KEYS <= set(model_params("nash"))


def test_the_controls_that_act_on_a_running_model_are_marked_live():
    params = model_params("hype")
    live = {key for key, p in params.items() if p.live}
    assert live == {
        "population.group_weight",
        "learning.trust_rate",
        "choice.rationality",
        "leaders.0.hype",
        "leaders.0.cut",
        "leaders.1.hype",
        "leaders.1.cut",
    }
    # population, leaders and network shape the population: they need a rebuild
    for key in ("population.n_followers", "leaders.0.count", "network.kind", "seed"):
        assert not params[key].live
    bar = model_params("bar")
    assert {key for key, p in bar.items() if p.live} == BAR_LIVE_KEYS


def test_controls_start_at_the_scenario_values():
    scenario = load_scenario("hype")
    params = model_params("hype")
    assert params["leaders.1.hype"].current(scenario) == 0.5
    assert params["leaders.1.hype"].label == "Hype (overseller)"
    assert params["population.share_nash"].current(scenario) == scenario.population.share_nash
    assert params["network.kind"].values == NETWORK_KINDS
    assert params["network.kind"].current(scenario) == "complete"


def test_a_slider_range_widens_to_hold_the_scenario_value():
    scenario = load_scenario("nash", ["population.group_weight=5"])
    spec = next(p for p in params_for(scenario) if p.key == "population.group_weight")
    assert spec.bounds(scenario) == (0.0, 5.0)


def test_every_control_is_a_valid_override_at_its_extremes():
    for name in ("hype", "bar", "spatial_pd", "staghunt"):
        scenario = load(name)
        for param in params_for(scenario):
            ends = param.values if param.kind == "select" else param.bounds(scenario)
            for value in ends:
                build_scenario(name, {param.key: value})


def test_slider_values_reach_the_models_scenario():
    model = build_model(
        "hype",
        {
            "population.share_nash": 0.25,
            "population.group_weight": 0.4,
            "leaders.1.hype": 1.5,
            "leaders.0.count": 3,
            "learning.trust_rate": 0.7,
            "choice.rationality": 2.5,
            "network.kind": "watts_strogatz",
            "seed": 7,
        },
    )
    cfg = model.config
    assert cfg.population.share_nash == 0.25
    assert cfg.population.group_weight == 0.4
    assert cfg.leaders[1].hype == 1.5
    assert cfg.leaders[0].hype == 0.0
    assert cfg.leaders[0].count == 3
    assert cfg.learning.trust_rate == 0.7
    assert cfg.choice.rationality == 2.5
    assert cfg.network.kind == "watts_strogatz"
    assert cfg.seed == 7
    assert model.state.n_leaders == 4
    assert model.state.adjacency is not None
    assert np.isclose(model.state.hype[-1], 1.5)
    model.step()
    assert model.metrics["share_nash"] == 0.25


def test_the_bar_scene_builds_a_bar_model_from_its_controls():
    model = build_model("bar", {"game.n": 7, "suitors.start": "everyone"})
    assert isinstance(model, BarModel)
    assert model.going.size == 7 and model.going.all()


def test_every_builtin_scenario_builds_and_steps():
    for name in builtin_scenarios():
        model = build_model(name, {"population.n_followers": 400} if name == "spatial_pd" else {})
        model.step()
        assert model.steps == 1


def test_layout_ties_each_team_member_to_its_leader():
    model = build_model("hype", {"population.n_followers": 60})
    model.step()
    s = model.state
    where = layout(s)
    members = np.flatnonzero((s.leader_of >= 0) & ~s.is_leader)
    assert where.xy.shape == (s.n_agents, 2)
    assert len(where.ties) == len(members)
    np.testing.assert_allclose(where.ties[:, 0], where.xy[members])
    np.testing.assert_allclose(where.ties[:, 1], where.xy[s.slot_agent[s.leader_of[members]]])
    assert len(where.edges) == 0


def test_layout_draws_the_network_when_there_is_one():
    model = build_model("nash", {"network.kind": "watts_strogatz", "network.degree": 4})
    where = layout(model.state)
    assert len(where.edges) == model.state.adjacency.nnz // 2


def test_leaders_sit_on_a_circle_and_a_lone_leader_in_the_centre():
    np.testing.assert_allclose(leader_positions(1), [[0.0, 0.0]])
    np.testing.assert_allclose(np.hypot(*leader_positions(5).T), 1.0)


def test_marker_sizes_grow_with_wealth():
    sizes = marker_sizes(np.array([0.0, 5.0, 10.0]), 10.0, 110.0)
    np.testing.assert_allclose(sizes, [10.0, 60.0, 110.0])
    assert np.all(marker_sizes(np.zeros(3)) == marker_sizes(np.zeros(3))[0])


def test_viz_without_the_extra_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr("alignsim.viz.missing_modules", lambda: ["solara"])
    result = CliRunner().invoke(main, ["viz", "nash", "--no-browser"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"alignsim: error: {INSTALL_HINT}"]


def test_viz_reports_a_missing_scenario_in_one_line(monkeypatch):
    monkeypatch.setattr("alignsim.viz.missing_modules", lambda: [])
    result = CliRunner().invoke(main, ["viz", "no_such_scenario", "--no-browser"])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1


def test_help_does_not_import_solara():
    import subprocess
    import sys

    code = "import sys; from alignsim.cli import main; print('solara' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_lattice_the_population_does_not_fill_gets_a_width_it_fills():
    model = build_model("hype", {"network.kind": "lattice", "population.n_followers": 100})
    assert model.config.network.width == 6  # 102 agents: 6 rows of 17
    assert lattice_width_for(49) == 7
    assert lattice_width_for(13) == 1


def test_scenarios_without_leaders_draw_on_their_lattice():
    model = build_model("staghunt")
    assert model.state.n_leaders == 0
    model.step()
    width = model.config.lattice_width
    where = layout(model.state, grid_width=width)
    assert len(where.ties) == 0
    # neighbours on the lattice sit one cell apart, rows below one another
    np.testing.assert_allclose(where.xy[1, 1], where.xy[0, 1])
    assert where.xy[width, 1] < where.xy[0, 1]


def test_viz_serves_the_bar_scene(monkeypatch):
    served = []
    monkeypatch.setattr("alignsim.viz.missing_modules", lambda: [])
    monkeypatch.setattr("solara.__main__.cli.main", lambda **kwargs: served.append(kwargs))
    monkeypatch.setenv("ALIGNSIM_VIZ_SCENARIO", "")
    result = CliRunner().invoke(main, ["viz", "bar", "--no-browser", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "serving bar" in result.output
    assert served and "8123" in served[0]["args"]


# --- scenarios without leaders: strategies, not orientations ---------------------------


def test_without_leaders_the_page_offers_the_classic_games_inputs():
    keys = set(model_params("spatial_pd"))
    assert {"population.share_cooperators", "game.temptation", "imitation.rate"} <= keys
    assert not keys & {"population.share_nash", "learning.trust_rate", "choice.rationality"}
    # the temptation slider is for the Prisoner's Dilemma only; a stag hunt starts at its own
    assert "game.temptation" not in model_params("staghunt")
    assert model_params("spatial_pd")["game.temptation"].current(load_scenario("spatial_pd")) == 1.9


def test_a_smaller_population_gets_a_square_lattice():
    assert build_model("spatial_pd", {"population.n_followers": 400}).config.lattice_width == 20
    assert build_model("spatial_pd").config.lattice_width == 200


def test_strategy_classes_compare_this_round_with_the_last():
    model = build_model("spatial_pd", {"population.n_followers": 4})
    s = model.state
    s.strategy[:] = [True, True, False, False]
    s.contributed[:] = [True, False, False, True]
    assert strategy_classes(s).tolist() == [
        KEPT_COOPERATOR,
        NEW_COOPERATOR,
        KEPT_DEFECTOR,
        NEW_DEFECTOR,
    ]
    assert strategy_classes(s, first_round=True).tolist() == [0, 0, 2, 2]
    with pytest.raises(ValueError, match="without leaders"):
        strategy_classes(build_model("nash").state)
