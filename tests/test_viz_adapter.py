"""The page's adapter, layout and command, without a browser (and mostly without the extra)."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

from alignsim.cli import main
from alignsim.scenario import load_scenario
from alignsim.viz import INSTALL_HINT
from alignsim.viz.adapter import (
    NETWORK_KINDS,
    SCENARIO_PATH,
    VizModel,
    build_scenario,
    lattice_width_for,
    model_params,
    params_for,
)
from alignsim.viz.layout import layout, leader_positions, marker_sizes

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


def test_inputs_start_at_the_scenario_values():
    scenario = load_scenario("hype")
    params = model_params("hype")
    assert params[SCENARIO_PATH] == "hype"
    assert params["leaders.1.hype"]["value"] == 0.5
    assert params["leaders.1.hype"]["label"] == "Hype (overseller)"
    assert params["population.share_nash"]["value"] == scenario.population.share_nash
    assert params["network.kind"] == {
        "type": "Select",
        "label": "Network",
        "value": "complete",
        "values": NETWORK_KINDS,
    }


def test_a_slider_range_widens_to_hold_the_scenario_value():
    scenario = load_scenario("nash", ["population.group_weight=5"])
    spec = next(p for p in params_for(scenario) if p.key == "population.group_weight")
    assert spec.solara_spec(scenario)["max"] == 5.0


def test_every_input_is_a_valid_override_at_its_extremes():
    scenario = load_scenario("hype")
    for param in params_for(scenario):
        spec = param.solara_spec(scenario)
        ends = spec["values"] if param.kind == "select" else (spec["min"], spec["max"])
        for value in ends:
            build_scenario("hype", {param.key: value})


def test_slider_values_reach_the_models_scenario():
    model = VizModel(
        "hype",
        **{
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


def test_the_model_ignores_the_scenario_object_mesa_passes_on_reset():
    model = VizModel("nash", scenario=object(), **{"population.share_nash": 0.0})
    assert model.config.population.share_nash == 0.0
    assert model.config.name == "nash"


def test_mesa_rebuilds_the_model_from_the_sidebar_values():
    pytest.importorskip("solara")
    from mesa.visualization.solara_viz import _build_model_init_kwargs, _check_model_params

    params = model_params("nash")
    model = VizModel(params[SCENARIO_PATH])
    _check_model_params(model, params)
    values = {k: v["value"] if isinstance(v, dict) else v for k, v in params.items()}
    values["population.share_nash"] = 0.8
    kwargs = _build_model_init_kwargs(
        model, values, add_scenario_when_empty=True, require_model_accepts_scenario=True
    )
    rebuilt = type(model)(**kwargs)
    assert rebuilt.config.population.share_nash == 0.8


def test_layout_ties_each_team_member_to_its_leader():
    model = VizModel("hype", **{"population.n_followers": 60})
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
    model = VizModel("nash", **{"network.kind": "watts_strogatz", "network.degree": 4})
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
    model = VizModel("hype", **{"network.kind": "lattice", "population.n_followers": 100})
    assert model.config.network.width == 6  # 102 agents: 6 rows of 17
    assert lattice_width_for(49) == 7
    assert lattice_width_for(13) == 1


def test_scenarios_without_leaders_draw_on_their_lattice():
    model = VizModel("staghunt")
    assert model.state.n_leaders == 0
    model.step()
    width = model.config.lattice_width
    where = layout(model.state, grid_width=width)
    assert len(where.ties) == 0
    # neighbours on the lattice sit one cell apart, rows below one another
    np.testing.assert_allclose(where.xy[1, 1], where.xy[0, 1])
    assert where.xy[width, 1] < where.xy[0, 1]


def test_every_builtin_scenario_draws():
    pytest.importorskip("solara")
    from alignsim.scenario import BarScenario, builtin_scenarios, load_any
    from alignsim.viz.components import MAX_SHOWN, draw_agents, shown_followers, summary_html

    for name, path in builtin_scenarios().items():
        if isinstance(load_any(path), BarScenario):
            continue  # the bar game has its own model; the page shows leader scenarios
        model = VizModel(name)
        model.step()
        draw_agents(model)
        assert f"of scenario <code>{name}</code>" in summary_html(model)
    crowd = np.ones(40_000, dtype=bool)
    assert abs(int(shown_followers(crowd).sum()) - MAX_SHOWN) < MAX_SHOWN * 0.1


def test_viz_refuses_a_bar_scenario_in_one_line(monkeypatch):
    monkeypatch.setattr("alignsim.viz.missing_modules", lambda: [])
    result = CliRunner().invoke(main, ["viz", "bar", "--no-browser"])
    assert result.exit_code == 2
    assert "leader scenarios" in result.output
    assert len(result.output.strip().splitlines()) == 1
