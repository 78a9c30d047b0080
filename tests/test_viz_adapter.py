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


# --- scenarios without leaders: strategies, not orientations ---------------------------


def test_without_leaders_the_page_offers_the_classic_games_inputs():
    keys = set(model_params("spatial_pd"))
    assert {"population.share_cooperators", "game.temptation", "imitation.rate"} <= keys
    assert not keys & {"population.share_nash", "learning.trust_rate", "choice.rationality"}
    # the temptation slider is for the Prisoner's Dilemma only; a stag hunt starts at its own
    assert "game.temptation" not in model_params("staghunt")
    assert model_params("spatial_pd")["game.temptation"]["value"] == 1.9
    for name in ("spatial_pd", "staghunt"):
        scenario = load_scenario(name)
        for param in params_for(scenario):
            spec = param.solara_spec(scenario)
            ends = spec["values"] if param.kind == "select" else (spec["min"], spec["max"])
            for value in ends:
                build_scenario(name, {param.key: value})


def test_a_smaller_population_gets_a_square_lattice():
    assert VizModel("spatial_pd", **{"population.n_followers": 400}).config.lattice_width == 20
    assert VizModel("spatial_pd").config.lattice_width == 200


def test_strategy_classes_compare_this_round_with_the_last():
    model = VizModel("spatial_pd", **{"population.n_followers": 4})
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
        strategy_classes(VizModel("nash").state)


def test_the_lattice_image_is_coloured_by_strategy():
    pytest.importorskip("solara")
    from alignsim.viz.components import CLASS_LABELS, CLASS_RGB, draw_agents

    model = VizModel("spatial_pd", **{"population.n_followers": 400})
    model.run(3)
    s = model.state
    fig = draw_agents(model)
    (image,) = fig.axes[0].get_images()
    pixels = np.asarray(image.get_array())
    assert pixels.shape == (20, 20, 3)
    expected = CLASS_RGB[strategy_classes(s).reshape(20, 20)]
    np.testing.assert_array_equal(pixels, expected)
    # blue where an agent cooperates and cooperated, red where it defects and defected
    cells = pixels.reshape(-1, 3)
    blue, red = CLASS_RGB[KEPT_COOPERATOR], CLASS_RGB[KEPT_DEFECTOR]
    assert np.all((cells == blue).all(axis=1) == (s.strategy & s.contributed))
    assert np.all((cells == red).all(axis=1) == (~s.strategy & ~s.contributed))
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()][:4] == list(CLASS_LABELS)


def test_the_full_spatial_pd_draws_one_image_of_200_by_200():
    pytest.importorskip("solara")
    from alignsim.viz.components import draw_agents

    model = VizModel("spatial_pd")
    model.step()
    (image,) = draw_agents(model).axes[0].get_images()
    assert np.asarray(image.get_array()).shape[:2] == (200, 200)


def test_a_well_mixed_population_draws_the_shares_of_the_four_classes():
    pytest.importorskip("solara")
    from alignsim.viz.components import draw_agents

    model = VizModel("staghunt", **{"population.n_followers": 1000})
    model.run(2)
    fig = draw_agents(model)
    ax = fig.axes[0]
    assert not ax.get_images()
    widths = [bar.get_width() for bar in ax.patches]
    shares = np.bincount(strategy_classes(model.state), minlength=4) / model.state.n_agents
    np.testing.assert_allclose(widths, shares)
    assert np.isclose(widths[0] + widths[1], model.state.strategy.mean())


def test_without_leaders_one_cooperation_plot_replaces_the_two_plots():
    pytest.importorskip("solara")
    from alignsim.viz.components import (
        COOPERATION,
        CooperationPlot,
        PayoffPlot,
        RatesPlot,
        draw_series,
        main_components,
        summary_html,
    )

    model = VizModel("staghunt", **{"population.n_followers": 1000})
    model.run(3)
    shown = [component for component, _ in main_components(model)]
    assert CooperationPlot in shown
    assert RatesPlot not in shown and PayoffPlot not in shown
    leader_page = [component for component, _ in main_components(VizModel("nash"))]
    assert RatesPlot in leader_page and CooperationPlot not in leader_page
    (line,) = draw_series(model, COOPERATION, "Cooperation", "share", True).axes[0].get_lines()
    np.testing.assert_allclose(line.get_ydata(), model.datacollector.model_vars["cooperation_rate"])
    html = summary_html(model)
    assert "cooperation rate" in html and "Smith" not in html
    assert "share_cooperators 0.8," in html
