"""Atomic result folders, the notebook API and the scenario reference."""

from __future__ import annotations

import pandas as pd
import pytest

import alignsim
from alignsim.model import BASE_METRICS
from alignsim.outputs.ownership import MANIFEST, staged_folder


def test_failed_block_leaves_nothing(tmp_path):
    target = tmp_path / "run"
    with pytest.raises(RuntimeError), staged_folder(target, "run", "x") as staging:
        (staging / "half.csv").write_text("1,2")
        raise RuntimeError("interrupted")
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_success_updates_its_own_files_and_keeps_the_rest(tmp_path):
    target = tmp_path / "run"
    with staged_folder(target, "run", "x") as staging:
        (staging / "new.csv").write_text("old")
    (target / "notes.md").write_text("mine")
    with staged_folder(target, "run", "x") as staging:
        (staging / "new.csv").write_text("new")
    assert sorted(p.name for p in target.iterdir()) == [MANIFEST, "new.csv", "notes.md"]
    assert (target / "new.csv").read_text() == "new"
    assert (target / "notes.md").read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


def test_run_api_returns_a_dataframe_and_summary(tmp_path):
    ts, summary = alignsim.run("nash", seed=1, steps=4, out=tmp_path / "r")
    assert isinstance(ts, pd.DataFrame) and len(ts) == 4
    assert set(BASE_METRICS) <= set(ts.columns)
    assert summary["seed"] == 1 and summary["scenario"]["steps"] == 4
    assert (tmp_path / "r" / "summary.json").exists()
    again, _ = alignsim.run("nash", seed=1, steps=4)
    pd.testing.assert_frame_equal(ts, again)


def test_model_md_names_are_all_output():
    required = [
        "step",
        "follow_rate",
        "contribution_rate",
        "mean_payoff",
        "mean_payoff_smith",
        "mean_payoff_nash",
        "share_nash",
        "mean_trust",
        "n_leaders",
        "leader_payoff",
        "follower_payoff",
    ]
    assert set(required) <= set(BASE_METRICS)


def test_summary_json_is_strict_even_with_infinite_thresholds(tmp_path):
    import json

    from alignsim.outputs.storage import write_json

    write_json(
        tmp_path / "s.json", {"a": float("inf"), "b": [float("-inf"), 1.5], "c": float("nan")}
    )
    text = (tmp_path / "s.json").read_text()
    assert json.loads(text) == {"a": None, "b": [None, 1.5], "c": None}
    assert "Infinity" not in text and "NaN" not in text


def test_a_failed_write_leaves_the_old_file_and_no_partial_one(tmp_path):
    """Whatever the implementation: a write that fails midway changes nothing visible."""
    from alignsim.outputs.storage import write_text_atomic

    path = tmp_path / "summary.md"
    path.write_text("the old result\n")
    bad = "a new result " * 10_000 + "\ud800"  # a lone surrogate cannot be encoded
    with pytest.raises(UnicodeEncodeError):
        write_text_atomic(path, bad)
    assert path.read_text() == "the old result\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.md"]
    write_text_atomic(path, "the new result\n")
    assert path.read_text() == "the new result\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.md"]
