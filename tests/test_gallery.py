"""The gallery script runs, and docs/gallery.md shows one figure per built-in scenario."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alignsim.kinds import load
from alignsim.outputs.storage import OutputError
from alignsim.runner import gallery
from alignsim.scenario import builtin_scenarios

DOCS = Path(__file__).resolve().parent.parent / "docs"
PNG = b"\x89PNG\r\n\x1a\n"


def sections(text: str) -> dict[str, str]:
    """Scenario name -> the figure file its gallery section says it shows."""
    found = re.findall(r"^## (\w+)$.*?^`(\w+)\.png` of `alignsim run \1`", text, re.M | re.S)
    return dict(found)


def test_gallery_script_writes_a_figure_per_builtin(tmp_path):
    written = gallery.build_gallery(tmp_path, quick=True)
    names = sorted(builtin_scenarios())
    assert [p.name for p in written] == [f"{n}.png" for n in names] + ["gallery.md"]
    for name in names:
        data = (tmp_path / "gallery" / f"{name}.png").read_bytes()
        assert data.startswith(PNG) and len(data) > 20_000
    shown = sections((tmp_path / "gallery.md").read_text())
    assert shown["best_follower"] == "succession" and shown["spatial_pd"] == "lattice"
    assert shown["bar"] == "bar_learning" and set(shown) == set(names)


def test_quick_variants_are_small_and_short():
    overrides, steps = gallery.quick_overrides(load("spatial_pd"))
    assert overrides == ["population.n_followers=400", "network.width=20"] and steps == 6
    assert gallery.quick_overrides(load("bar")) == ([], 6)


def test_docs_gallery_is_complete():
    text = (DOCS / "gallery.md").read_text()
    shown = sections(text)
    assert set(shown) == set(builtin_scenarios()), "regenerate: python -m alignsim.runner.gallery"
    for name in shown:
        assert f"](gallery/{name}.png)" in text
        assert (DOCS / "gallery" / f"{name}.png").read_bytes().startswith(PNG)


def test_gallery_replaces_nothing_it_did_not_write(tmp_path):
    (tmp_path / "gallery.md").write_text("# my own notes\n")
    with pytest.raises(OutputError, match="gallery.md: exists and was not written by alignsim"):
        gallery.build_gallery(tmp_path, quick=True)
    assert (tmp_path / "gallery.md").read_text() == "# my own notes\n"
    other = tmp_path / "other"
    (other / "gallery").mkdir(parents=True)
    (other / "gallery" / "hype.png").write_bytes(b"a user's picture")
    with pytest.raises(OutputError, match="alignsim did not write"):
        gallery.build_gallery(other, quick=True)
    assert (other / "gallery" / "hype.png").read_bytes() == b"a user's picture"
    assert not (other / "gallery.md").exists()
