"""The page's pictures: every agent drawn where the model has it, in the legend's colours."""

from __future__ import annotations

import base64
import io
import re

import matplotlib.image as mpimg
import numpy as np

from alignsim.model import NASH
from alignsim.viz.adapter import build_model
from alignsim.viz.layout import KEPT_COOPERATOR, KEPT_DEFECTOR, strategy_classes
from alignsim.viz.pictures import (
    CLASS_LABELS,
    CLASS_RGB,
    MAX_SHOWN,
    MAX_TIES,
    bar_picture,
    leader_legend,
    leader_picture,
    png_rgb,
    shown_followers,
    strategy_picture,
)


def circles(svg: str, colour: str) -> int:
    """Dots of one colour: each is one ``M`` sub-path of the colour's path."""
    paths = re.findall(rf'<path class="dots" d="([^"]*)" fill="{colour}"', svg)
    return sum(path.count("M") for path in paths)


def test_every_follower_is_one_dot_in_its_orientations_colour():
    model = build_model("nash")
    model.run(3)
    svg = leader_picture(model)
    s = model.state
    nash = int(((s.orientation == NASH) & ~s.is_leader).sum())
    assert circles(svg, "#1b9e77") == nash
    assert circles(svg, "#d95f02") == s.n_agents - s.n_leaders - nash
    assert svg.count("<polygon") == s.n_leaders  # one star per leader


def test_leaders_are_labelled_with_their_team_size():
    model = build_model("hype")
    model.run(5)
    svg = leader_picture(model)
    team = np.bincount(
        model.state.leader_of[~model.state.is_leader & (model.state.leader_of >= 0)], minlength=2
    )
    assert f">honest 1: {team[0]}</text>" in svg
    assert f">overseller 2: {team[1]}</text>" in svg


def test_ties_to_leaders_are_drawn_for_small_crowds_only():
    small = build_model("nash")
    small.step()
    assert 'stroke="#a0a0a0"' in leader_picture(small)
    assert "follows that leader" in " ".join(w for _, w in leader_legend(small))
    large = build_model("nash", {"population.n_followers": 1000})
    large.step()
    assert (large.state.leader_of >= 0).sum() > MAX_TIES
    assert 'stroke="#a0a0a0"' not in leader_picture(large)
    assert "follows that leader" not in " ".join(w for _, w in leader_legend(large))


def test_mentorships_are_drawn_where_the_scenario_has_them():
    model = build_model("mentorship")
    model.run(5)
    mentees = int((model.state.mentor >= 0).sum())
    assert mentees > 0
    svg = leader_picture(model)
    (path,) = re.findall(r'<path d="([^"]*)" stroke="#b8860b"', svg)
    assert path.count("M") == mentees
    assert "gold dashes" in " ".join(w for _, w in leader_legend(model))
    assert "gold dashes" not in " ".join(w for _, w in leader_legend(build_model("nash")))


def test_a_large_crowd_is_drawn_as_a_fixed_sample():
    crowd = np.ones(40_000, dtype=bool)
    shown = shown_followers(crowd)
    assert abs(int(shown.sum()) - MAX_SHOWN) < MAX_SHOWN * 0.1
    np.testing.assert_array_equal(shown, shown_followers(crowd))


def decode(img_tag: str) -> np.ndarray:
    data = re.search(r'src="data:image/png;base64,([^"]+)"', img_tag)[1]
    return (mpimg.imread(io.BytesIO(base64.b64decode(data)), format="png") * 255).round()


def test_the_png_encoder_round_trips():
    pixels = np.random.default_rng(1).integers(0, 256, (7, 5, 3), dtype=np.uint8)
    decoded = mpimg.imread(io.BytesIO(png_rgb(pixels)), format="png")
    np.testing.assert_array_equal((decoded * 255).round().astype(np.uint8), pixels)


def test_the_lattice_is_one_pixel_per_agent_in_nowak_and_mays_colours():
    model = build_model("spatial_pd", {"population.n_followers": 400})
    model.run(3)
    s = model.state
    pixels = decode(strategy_picture(model))
    assert pixels.shape == (20, 20, 3)
    np.testing.assert_array_equal(pixels, CLASS_RGB[strategy_classes(s).reshape(20, 20)])
    cells = pixels.reshape(-1, 3)
    blue, red = CLASS_RGB[KEPT_COOPERATOR], CLASS_RGB[KEPT_DEFECTOR]
    assert np.all((cells == blue).all(axis=1) == (s.strategy & s.contributed))
    assert np.all((cells == red).all(axis=1) == (~s.strategy & ~s.contributed))
    assert CLASS_LABELS[0].startswith("cooperator")


def test_a_well_mixed_population_shows_the_shares_of_the_four_classes():
    model = build_model("staghunt", {"population.n_followers": 1000})
    model.run(2)
    svg = strategy_picture(model)
    widths = [float(w) for w in re.findall(r'<rect x="[^"]+" y="50" width="([^"]+)"', svg)]
    shares = np.bincount(strategy_classes(model.state), minlength=4) / model.state.n_agents
    np.testing.assert_allclose(np.array(widths) / sum(widths), shares, atol=1e-3)


def test_the_bar_shows_who_goes_for_whom_and_a_crowd_in_red():
    model = build_model("bar", {"suitors.start": "everyone"})
    svg = bar_picture(model)
    assert svg.count('stroke="#d62020"') == 5  # all five crowd her: red, all get 0
    assert svg.count(">gets 0</text>") == 5
    film = build_model("bar")
    film_svg = bar_picture(film)
    assert 'stroke="#d62020"' not in film_svg and 'stroke="#c89b00"' not in film_svg
    assert film_svg.count(">gets 0.5</text>") == 5
    for _ in range(3):
        film.step()
    going = int(film.going.sum())
    assert going == 1
    assert bar_picture(film).count('stroke="#c89b00"') == 1


def test_a_hundred_leaders_are_drawn_without_labels_that_would_overlap():
    model = build_model("public_goods_lab")
    model.step()
    svg = leader_picture(model)
    assert svg.count("<polygon") == 100
    assert ">group 1: " not in svg
    assert leader_legend(model)[0][1] == "leader"
    few = build_model("hype")
    assert ">honest 1: " in leader_picture(few)
