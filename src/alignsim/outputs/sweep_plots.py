"""Figures of a sweep, made to be pasted into an essay and read from the back of a classroom.

One swept key: a line plot per metric with 95% confidence bands, Smith and Nash
followers as separate lines. Two keys: heatmaps of the mean, all, Smith and
Nash followers one above the other, each as wide as a report shows it. More:
small multiples (one panel per combination of the other keys).
Reads ``aggregate.csv`` and ``sweep.json`` only; it never runs a model.
"""

from __future__ import annotations

import io
import itertools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from pydantic import BaseModel  # noqa: E402

from alignsim.outputs.metric_words import (  # noqa: E402
    family_label,
    family_name,
    is_share,
    statistic_words,
)
from alignsim.outputs.ownership import OutputFolder  # noqa: E402
from alignsim.outputs.plots import COLOURS, STYLE, legend_below  # noqa: E402
from alignsim.outputs.scenario_diff import key_description  # noqa: E402
from alignsim.outputs.swept_text import key_name, key_words  # noqa: E402
from alignsim.scenario import Scenario  # noqa: E402

VARIANTS = {"all": ("all followers", "black"), "smith": ("Smith", COLOURS["smith"])}
VARIANTS["nash"] = ("Nash", COLOURS["nash"])
METADATA = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}
MAX_PANELS = 16
NEAR_COPY = 0.02
"""A last-round figure within this share of its axis of the last-K figure is a near copy."""


def split_column(column: str, stats: dict[str, str]) -> tuple[str, str, str]:
    """``contribution_rate_nash_last10`` -> ``("contribution_rate", "nash", "last10")``."""
    for suffix in stats:
        if column.endswith("_" + suffix):
            metric = column[: -len(suffix) - 1]
            break
    else:
        raise ValueError(f"no statistic suffix in {column!r}")
    for variant in ("smith", "nash"):
        if metric.endswith("_" + variant):
            return metric[: -len(variant) - 1], variant, suffix
    return metric, "all", suffix


def metric_label(family: str) -> str:
    """Axis label with units for a metric family (:mod:`alignsim.outputs.metric_words`)."""
    return family_label(family)


def metric_title(family: str) -> str:
    """Figure title of a metric family: ``team_honest`` -> ``Followers of 'honest' leaders``."""
    name = family_name(family)
    return name[:1].upper() + name[1:]


def figure_title(family: str, columns: dict[str, str]) -> str:
    """The title of a family's figure; a single group's name joins it (``, Nash followers``)."""
    (only, *others) = list(columns)
    title = metric_title(family)
    if not others and only != "all":
        title += f", {VARIANTS[only][0]} followers"
    return title


def key_label(key: str, schema: type[BaseModel] = Scenario) -> str:
    """Axis label for a key path: the key and its description from the scenario's schema."""
    description = key_description(key, schema)
    return f"{key}\n({description})" if description else key


@dataclass(frozen=True)
class SweepWords:
    """What a sweep's figures say that depends on its scenario's kind (given by the runner)."""

    schema: type[BaseModel]
    """The schema whose field descriptions label the swept keys."""
    players: str
    """Who the "all" line stands for: ``followers``, ``suitors``."""

    @property
    def everyone(self) -> str:
        """The label of the line of all players."""
        return f"all {self.players}"


def stat_text(stat: str) -> str:
    """``last10`` -> ``mean of the last 10 rounds``."""
    return statistic_words(stat)


def families(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, str]]:
    """Metric columns grouped by (family, statistic): variant -> column prefix in aggregate."""
    spec = document["spec"]["sweep"]
    stats = {"final": "final", f"last{spec['last_steps']}": "mean_last"}
    population = document["spec"]["base_scenario"].get("population")  # none in a bar scenario
    share = population["share_nash"] if population else None
    swept_share = share is None or "population.share_nash" in document["keys"]
    grouped: dict[tuple[str, str], dict[str, str]] = {}
    for column in document["spec"]["columns"]:
        family, variant, stat = split_column(column, stats)
        if not swept_share and (
            (variant == "smith" and share >= 1) or (variant == "nash" and share <= 0)
        ):
            continue
        grouped.setdefault((family, stat), {})[variant] = column
    return grouped


def repeated_figures(summary: pd.DataFrame, document: dict[str, Any]) -> list[str]:
    """Families whose last-round figure is a near copy of their mean-of-the-last-rounds one.

    Where a sweep keeps both statistics and every mean of the last round lies
    within :data:`NEAR_COPY` of the axis span of the mean of the last K rounds
    (the runs had settled), the two figures look the same at the size they are
    read; only the mean of the last K rounds is drawn.
    """
    grouped = families(document)
    tail = f"last{document['spec']['sweep']['last_steps']}"
    out = []
    for (family, stat), final in grouped.items():
        if stat != "final" or (family, tail) not in grouped:
            continue
        last = grouped[(family, tail)]
        if set(final) != set(last):
            continue
        a = np.concatenate([summary[f"{final[v]}_mean"].to_numpy(float) for v in final])
        b = np.concatenate([summary[f"{last[v]}_mean"].to_numpy(float) for v in final])
        if not np.array_equal(np.isnan(a), np.isnan(b)) or np.isnan(a).all():
            continue
        both = np.concatenate([a, b])
        span = max(float(np.nanmax(both) - np.nanmin(both)), 1e-12)
        if float(np.nanmax(np.abs(a - b))) <= NEAR_COPY * span:
            out.append(family)
    return out


def _positions(values: pd.Series) -> tuple[np.ndarray, list[str] | None]:
    """Numeric x positions, or category indices and their labels."""
    numeric = all(
        isinstance(v, int | float | np.number) and not isinstance(v, bool) for v in values
    )
    if numeric:
        return values.to_numpy(dtype=float), None
    labels = [str(v) for v in values]
    return np.arange(len(labels), dtype=float), labels


def _thresholds(
    ax: plt.Axes, key: str, document: dict[str, Any], points: pd.Series, named: bool = False
) -> None:
    """Mark docs/model.md's contribution threshold on a group-weight axis: the plotted points' own.

    Each grid point has the threshold of its own planned teams
    (``point_predictions``); a panel of a sweep that also varies the team
    size marks its own. A folder written before those marks the base
    scenario's. ``named`` writes the value beside the line, for panels that
    share one legend.
    """
    if not key.endswith("group_weight"):
        return
    seen = set()
    for row in _predictions_of(document, points):
        value = row["threshold_group_weight"]
        if np.isfinite(value) and round(value, 6) not in seen:
            seen.add(round(value, 6))
            ax.axvline(
                value,
                color="grey",
                linestyle=":",
                linewidth=2.5,
                label=(
                    "threshold a* of the panel's planned teams (its value beside the line)"
                    if named
                    else f"threshold a* = {value:.3g} (team of {row['team_size']})"
                ),
            )
            if named:
                ax.text(
                    value, 0.98, f" a* = {value:.3g}", transform=ax.get_xaxis_transform(),
                    ha="left", va="top", fontsize=11, color="dimgrey",
                    bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1},
                )  # fmt: skip


def _predictions_of(document: dict[str, Any], points: pd.Series) -> list[dict[str, Any]]:
    """The predictions of the grid points in ``points`` (the base scenario's in older folders)."""
    entries = document.get("point_predictions")
    if not entries:
        return document.get("predictions", [])
    wanted = {int(point) for point in points}
    return [row for entry in entries if entry["point"] in wanted for row in entry["predictions"]]


def _lines(
    ax: plt.Axes,
    frame: pd.DataFrame,
    key: str,
    columns: dict[str, str],
    everyone: str = VARIANTS["all"][0],
) -> None:
    """Mean lines with CI bands, one per variant, against one key."""
    frame = frame.sort_values(key, key=lambda s: s.map(str) if s.dtype == object else s)
    x, labels = _positions(frame[key])
    for variant in ("all", "smith", "nash"):
        if variant not in columns:
            continue
        name, colour = VARIANTS[variant]
        name = everyone if variant == "all" else name
        column = columns[variant]
        if frame[f"{column}_mean"].isna().all():
            continue  # the group exists in no run: no line, not a line at 0
        style = "--" if variant == "all" and len(columns) > 1 else "-"
        ax.plot(x, frame[f"{column}_mean"], style, marker="o", color=colour, label=name)
        ax.fill_between(
            x, frame[f"{column}_ci_low"], frame[f"{column}_ci_high"], color=colour, alpha=0.2
        )
    if labels is not None:
        ax.set_xticks(x, labels)


def _subtitle(document: dict[str, Any], stat: str) -> str:
    replicates = document["spec"]["sweep"]["replicates"]
    return f"{stat_text(stat)}; band: 95% interval over {replicates} runs per point"


def line_figure(
    summary: pd.DataFrame,
    document: dict[str, Any],
    family: str,
    stat: str,
    columns: dict,
    words: SweepWords,
) -> plt.Figure:
    """One swept key: lines with confidence bands, Smith and Nash apart."""
    key = document["keys"][0]
    fig, ax = plt.subplots(figsize=(12, 7))
    _lines(ax, summary, key, columns, words.everyone)
    _thresholds(ax, key, document, summary["point"])
    title = figure_title(family, columns)
    ax.set_title(
        f"{title} against {key_name(key)}\n{_subtitle(document, stat)}",
        fontsize=15,
    )
    ax.set(xlabel=key_label(key, words.schema), ylabel=metric_label(family))
    legend_below(ax, columns=2)
    return fig


def heatmap_figure(
    summary: pd.DataFrame,
    document: dict[str, Any],
    family: str,
    stat: str,
    columns: dict,
    words: SweepWords,
) -> plt.Figure:
    """Two swept keys: a heatmap of the mean per variant, on one colour scale."""
    xkey, ykey = document["keys"][:2]
    variants = [
        v
        for v in ("all", "smith", "nash")
        if v in columns and summary[f"{columns[v]}_mean"].notna().any()
    ]
    tables = {
        v: summary.pivot_table(index=ykey, columns=xkey, values=f"{columns[v]}_mean", sort=True)
        for v in variants
    }
    data_low = min(float(np.nanmin(t.to_numpy())) for t in tables.values())
    data_high = max(float(np.nanmax(t.to_numpy())) for t in tables.values())
    low, high = colour_range(data_low, data_high, is_share(next(iter(columns.values()))))
    rows, cols = next(iter(tables.values())).shape
    panel_height = max(HEATMAP_PANEL_HEIGHT, 0.5 * rows)
    fig, axes = plt.subplots(
        len(variants), 1, figsize=(HEATMAP_WIDTH, 1.6 + panel_height * len(variants)),
        squeeze=False, constrained_layout=True,
    )  # fmt: skip
    font = cell_font_size(rows, cols, panel_height)
    for ax, variant in zip(axes[:, 0], variants, strict=True):
        table = tables[variant]
        image = ax.imshow(
            table.to_numpy(), origin="lower", aspect="auto", cmap="viridis", vmin=low, vmax=high
        )
        ax.set_xticks(range(table.shape[1]), [_tick(v) for v in table.columns])
        ax.set_yticks(range(table.shape[0]), [_tick(v) for v in table.index])
        ax.set_ylabel(key_words(ykey, document["spec"]["base_scenario"]))  # short: panels stack
        if ax is axes[-1, 0]:  # the panels share the x key: named once, under the last
            ax.set_xlabel(key_label(xkey, words.schema))
        if len(variants) > 1:
            name = VARIANTS[variant][0]
            ax.set_title(name if variant == "all" else f"{name} followers")
        ax.grid(False)
        if table.size <= 144:
            _annotate(ax, table.to_numpy(), (low + high) / 2, font)
    bar = fig.colorbar(image, ax=axes[:, 0].tolist())
    bar.set_label(f"{metric_label(family)}\nvalues span {data_low:.4g} to {data_high:.4g}")
    title = figure_title(family, columns)
    replicates = document["spec"]["sweep"]["replicates"]
    runs = "1 run" if replicates == 1 else f"{replicates} runs"
    fig.suptitle(f"{title}\n{stat_text(stat)}, mean over {runs} per cell", fontsize=18)
    return fig


def colour_range(low: float, high: float, share: bool) -> tuple[float, float]:
    """The colour scale of a heatmap: anchored at the quantity's natural bounds, not the data's.

    Stretching the data's own range over the whole colour map makes 1.262 and
    1.270 look as different as nothing and everything. So a share is drawn on
    its whole range, 0 to 1; a quantity that is never negative in the sweep
    (a payoff, a count, trust) from 0 to its largest value; anything else
    from its smallest to its largest value. Equal colours then mean about
    equal amounts; the cells carry the numbers, and the colour bar states the
    span the data covers.
    """
    if share:
        return 0.0, 1.0
    if low >= 0:
        return 0.0, high if high > 0 else 1.0
    return low, high if high > low else low + 1.0


def _is_num(value: Any) -> bool:
    return isinstance(value, int | float | np.number) and not isinstance(value, bool)


def _tick(value: Any) -> Any:
    """A grid value as an axis or a panel shows it: a number in ``g`` form, anything else as is."""
    return f"{value:g}" if _is_num(value) else value


HEATMAP_WIDTH = 9.5
"""Inches: about the width a report shows a figure at (960 px at 110 dpi), so nothing shrinks."""
HEATMAP_PANEL_HEIGHT = 4.6
"""Inches per panel; the panels (all, Smith, Nash followers) are stacked, one full width each."""


def cell_font_size(rows: int, cols: int, panel_height: float) -> float:
    """Points for a heatmap cell's number: as large as the cell allows, 9 to 15.

    "0.00" is about 2.6 font sizes wide and a line 1.8 tall; the drawing area
    of a panel is about the figure's width less 3 inches (labels and colour
    bar) and the panel's height less 1.3 (ticks and label).
    """
    cell_width = 72 * (HEATMAP_WIDTH - 3.0) / cols
    cell_height = 72 * (panel_height - 1.3) / rows
    return float(np.clip(min(cell_width / 2.6, cell_height / 1.8), 9, 15))


def _annotate(ax: plt.Axes, values: np.ndarray, middle: float, font: float) -> None:
    for (i, j), value in np.ndenumerate(values):
        if np.isfinite(value):
            colour = "black" if value > middle else "white"
            ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=font, color=colour)


def multiples_figure(
    summary: pd.DataFrame,
    document: dict[str, Any],
    family: str,
    stat: str,
    columns: dict,
    words: SweepWords,
) -> plt.Figure:
    """Three or more keys: a panel per combination of the others, lines against the first."""
    key, *others = document["keys"]
    base = document["spec"]["base_scenario"]
    combos = list(itertools.product(*(pd.unique(summary[k]) for k in others)))[:MAX_PANELS]
    ncols = min(math.ceil(math.sqrt(len(combos))), 4)
    nrows = -(-len(combos) // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(5 * ncols, 4.2 * nrows), sharey=True, squeeze=False
    )
    for ax, combo in zip(axes.flat, combos, strict=False):
        mask = np.logical_and.reduce([summary[k] == v for k, v in zip(others, combo, strict=True)])
        _lines(ax, summary[mask], key, columns, words.everyone)
        _thresholds(ax, key, document, summary[mask]["point"], named=True)
        ax.set_title(
            ", ".join(
                f"{key_words(k, base)} = {_tick(v)}" for k, v in zip(others, combo, strict=True)
            ),
            fontsize=12,
        )
        ax.set_xlabel(key_words(key, base))
    for ax in axes.flat[len(combos) :]:
        ax.set_visible(False)
    fig.supylabel(metric_label(family), fontsize=13)  # once: a label a row overlaps the next
    handles, labels = axes.flat[0].get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))  # one entry per meaning, under the panels
    fig.legend(
        unique.values(), unique.keys(), loc="lower center", ncol=2, frameon=False, fontsize=12
    )
    title = figure_title(family, columns)
    fig.suptitle(
        f"{title} against {key_words(key, base)}\n{_subtitle(document, stat)}", fontsize=16
    )
    fig.tight_layout(rect=(0, 0.02 + 0.035 * math.ceil(len(unique) / 2), 1, 1))
    return fig


def save(fig: plt.Figure, owned: OutputFolder, name: str, formats: tuple[str, ...]) -> list[Path]:
    """Save a figure in each format without timestamps (same data, same bytes)."""
    paths = []
    for fmt in formats:
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, metadata=METADATA.get(fmt), bbox_inches="tight")
        paths.append(owned.write(f"{name}.{fmt}", buffer.getvalue()))
    plt.close(fig)
    return paths


def plot_sweep(
    summary: pd.DataFrame,
    document: dict[str, Any],
    owned: OutputFolder,
    formats: tuple[str, ...] = ("png", "svg"),
    subfolder: str = "figures",
    *,
    words: SweepWords,
) -> list[Path]:
    """Write a figure per metric (and statistic) of a sweep; returns the files.

    Args:
        summary: the ``aggregate.csv`` table.
        document: the ``sweep.json`` content (keys, spec, predictions).
        owned: the sweep's folder; the figures go to its ``subfolder`` (created),
            and replace only figures alignsim wrote there.
        formats: file formats, among ``png``, ``svg`` and ``pdf``.
        subfolder: where in the sweep folder the figures go.
        words: what the figures say that depends on the scenario's kind.

    """
    keys = document["keys"]
    if not keys or summary.empty:
        return []
    owned.subfolder(subfolder)
    maker = {1: line_figure, 2: heatmap_figure}.get(len(keys), multiples_figure)
    paths: list[Path] = []
    repeated = repeated_figures(summary, document)
    with plt.rc_context(STYLE | {"svg.hashsalt": "alignsim"}):
        for (family, stat), columns in families(document).items():
            if stat == "final" and family in repeated:
                continue
            fig = maker(summary, document, family, stat, columns, words)
            paths += save(fig, owned, f"{subfolder}/{family}_{stat}", formats)
    return paths
