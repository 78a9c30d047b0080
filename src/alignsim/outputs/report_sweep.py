"""The report of a sweep folder: findings, figures, the table of means with intervals, theory.

Reads ``sweep.json``, ``aggregate.csv``, ``runs.csv`` and the figures only.
The table is split so that it fits a 1,280 px page: one table per kept
statistic and at most :data:`METRICS_PER_TABLE` quantities in each, every
mean above its interval. The commands that repeat the sweep and any one run
are built from ``sweep.json`` and the run's seed, so they name a built-in by
its name and a file by its path relative to the project folder.
"""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel

from alignsim.outputs.findings import number, percent
from alignsim.outputs.folder_documents import read_sweep_document
from alignsim.outputs.intervals import METHOD_WORDS
from alignsim.outputs.metric_words import (
    column_words,
    family_name,
    in_percent,
    is_share,
    statistic_words,
)
from alignsim.outputs.report import (
    DASH,
    Interval,
    Report,
    Schema,
    add_figures,
    figure_files,
    predictions_section,
    read_csv,
    scenario_section,
    versions_table,
)
from alignsim.outputs.scenario_diff import key_description
from alignsim.outputs.sweep_plots import families, repeated_figures
from alignsim.outputs.swept_text import (
    description_paragraphs,
    key_words,
    value_text,
    varied_settings,
    varied_words,
)
from alignsim.scenario import Scenario
from alignsim.scenario.commands import format_value, run_command

__all__ = ["key_words", "sweep_report"]

MAX_ROWS = 60
METRICS_PER_TABLE = 4
MAX_FINDINGS = 5


def _fmt(value: float, share: bool) -> str:
    return DASH if pd.isna(value) else f"{value:.3g}" if not share else f"{value:.3f}"


def interval_cell(row: pd.Series, column: str, runs: int) -> Interval | str:
    """Mean above its interval; a dash where the quantity exists in no run; (n = k) if fewer."""
    mean, low, high = (row[f"{column}_{s}"] for s in ("mean", "ci_low", "ci_high"))
    if pd.isna(mean):
        return DASH
    share = is_share(column)
    n = row.get(f"{column}_n")
    note = ""
    if n is not None and not pd.isna(n) and int(n) < runs:
        note = f" (n = {int(n)})"
    if pd.isna(low):
        return Interval(_fmt(mean, share), note=note)
    return Interval(_fmt(mean, share), _fmt(low, share), _fmt(high, share), note)


def _methods_text(summary: pd.DataFrame, columns: list[str]) -> str:
    """Which interval each quantity got (the same for its every statistic, as a rule)."""
    used: dict[str, list[str]] = {}
    for column in columns:
        method_column = f"{column}_ci_method"
        if method_column not in summary or summary[f"{column}_ci_low"].isna().all():
            continue
        method = str(summary[method_column].dropna().iloc[0])
        name = column_words(column).split(", mean of the last")[0].removesuffix(", last round")
        if name not in used.setdefault(method, []):
            used[method].append(name)
    if not used:
        return "No intervals: one run per point."
    if len(used) == 1:
        return f"Intervals: the 95% {METHOD_WORDS.get(next(iter(used)), next(iter(used)))}."
    parts = [
        f"the {METHOD_WORDS.get(method, method)} for {'; '.join(names)}"
        for method, names in sorted(used.items(), reverse=True)
    ]
    return "Intervals (95%): " + ". And ".join(parts) + "."


def sweep_table(report: Report, summary: pd.DataFrame, document: dict[str, Any]) -> None:
    """The means with their intervals, a table per statistic, few quantities per table."""
    keys, columns = document["keys"], document["spec"]["columns"]
    base = document["spec"]["base_scenario"]
    runs = int(document["spec"]["sweep"]["replicates"])
    report.heading("Numbers")
    report.text(
        f"Mean over the runs at each grid point ({runs} per point), with its 95% interval "
        f"below it; fewer runs (n = k) where a quantity does not exist in some, such as the "
        f"Nash-style followers' payoff where there are none; a dash where it exists in none. "
        + _methods_text(summary, columns)
        + " Every value: aggregate.csv (the method in the _ci_method columns) and runs.csv."
    )
    shown = summary.head(MAX_ROWS)
    by_stat: dict[str, list[str]] = {}
    for column in columns:
        by_stat.setdefault(column.rsplit("_", 1)[-1], []).append(column)
    for stat, stat_columns in by_stat.items():
        tables = math.ceil(len(stat_columns) / METRICS_PER_TABLE)
        size = math.ceil(len(stat_columns) / tables)  # 5 quantities: 3 and 2, not 4 and 1
        for start in range(0, len(stat_columns), size):
            chunk = stat_columns[start : start + size]
            header = [key_words(k, base) for k in keys] + ["runs"]
            header += [column_words(c).removesuffix(f", {statistic_words(stat)}") for c in chunk]
            rows = [
                [*(value_text(row[k]) for k in keys), int(row["n"])]
                + [interval_cell(row, c, int(row["n"])) for c in chunk]
                for _, row in shown.iterrows()
            ]
            report.text(f"{statistic_words(stat).capitalize()}:")
            report.table(header, rows)
    if len(summary) > MAX_ROWS:
        report.text(f"First {MAX_ROWS} of {len(summary)} grid points shown.")


def _describe_line(
    frame: pd.DataFrame, key: str, column: str, name: str, key_name: str
) -> str | None:
    """One variant along one key: constant, or from first to last with its extremes."""
    values = frame[f"{column}_mean"]
    if values.isna().all():
        return None
    form = percent if in_percent(column) else number
    xs = frame[key].map(value_text)
    present = values.notna()
    values, xs = values[present], xs[present]
    if form(values.max()) == form(values.min()):
        span = (
            "" if values.max() == values.min() else f" ({values.min():.4g} to {values.max():.4g})"
        )
        return f"{name} {form(values.iloc[0])} at every {key_name}{span}".strip()
    first, last = form(values.iloc[0]), form(values.iloc[-1])
    text = f"{name} {first} at {xs.iloc[0]} and {last} at {xs.iloc[-1]}".strip()
    ends = (values.iloc[0], values.iloc[-1])
    low, high = values.idxmin(), values.idxmax()
    if form(values[high]) != form(max(ends)):  # a peak inside the grid, not at an end
        text += f" (highest {form(values[high])} at {xs[high]})"
    if form(values[low]) != form(min(ends)):
        text += f" (lowest {form(values[low])} at {xs[low]})"
    return text


VARIANT_NAMES = {"all": "all", "smith": "Smith followers", "nash": "Nash followers"}


def sweep_findings(summary: pd.DataFrame, document: dict[str, Any]) -> list[str]:
    """What changed along the grid: a sentence per quantity, the threshold beside it."""
    keys, base = document["keys"], document["spec"]["base_scenario"]
    if not keys or summary.empty:
        return ["One grid point: the table below has the means over the runs."]
    grouped = families(document)
    tail_first = sorted(grouped, key=lambda fs: (fs[1] == "final",))
    seen, out = set(), []
    for family, stat in tail_first:
        if family in seen or len(out) >= MAX_FINDINGS:
            continue
        seen.add(family)
        columns = grouped[(family, stat)]
        if len(keys) == 1:
            frame = summary.sort_values(keys[0])
            alone = len(columns) == 1
            parts = [
                _describe_line(
                    frame, keys[0], column, "" if alone else VARIANT_NAMES[variant], "point"
                )
                for variant, column in columns.items()
            ]
            parts = [p for p in parts if p]
            if parts:
                out.append(
                    f"{family_name(family).capitalize()} ({statistic_words(stat)}) against "
                    f"{key_words(keys[0], base)}: " + "; ".join(parts) + "."
                )
        else:
            out += _grid_extremes(summary, keys, base, family, stat, columns)
    out += _threshold_check(summary, document)
    return out


def _precise(value: float, column: str) -> str:
    """A value to four figures, in the unit its finding uses (a percentage for a share)."""
    return f"{100 * value:.4g}%" if in_percent(column) else f"{value:.4g}"


def _grid_extremes(
    summary: pd.DataFrame, keys: list[str], base: dict[str, Any], family: str, stat: str,
    columns: dict[str, str],
) -> list[str]:  # fmt: skip
    out = []
    for variant, column in columns.items():
        values = summary[f"{column}_mean"]
        if values.isna().all():
            continue
        form = percent if in_percent(column) else number
        if form(values.min()) == form(values.max()):
            who = "" if variant == "all" else f", {VARIANT_NAMES[variant]}"
            out.append(
                f"{family_name(family).capitalize()}{who} ({statistic_words(stat)}): about "
                f"{form(values.mean())} at every point ({_precise(values.min(), column)} to "
                f"{_precise(values.max(), column)})."
            )
            continue

        def where(index: Any) -> str:
            return ", ".join(
                f"{key_words(k, base)} {value_text(summary.loc[index, k])}" for k in keys
            )

        who = "" if variant == "all" else f", {VARIANT_NAMES[variant]}"
        out.append(
            f"{family_name(family).capitalize()}{who} ({statistic_words(stat)}): from "
            f"{form(values.min())} ({where(values.idxmin())}) to {form(values.max())} "
            f"({where(values.idxmax())})."
        )
    return out[:2]


def _threshold_check(summary: pd.DataFrame, document: dict[str, Any]) -> list[str]:
    """Do Nash followers contribute at the grid points where their own threshold says so?

    Each point is checked against its own teams' a* (``point_predictions``),
    where every leader group there predicts the same for Nash followers.
    """
    points = {
        entry["point"]: entry["predictions"] for entry in document.get("point_predictions", [])
    }
    columns = [c for c in document["spec"]["columns"] if c.startswith("contribution_rate_nash_")]
    if not points or not columns:
        return []
    column = sorted(columns, key=lambda c: c.endswith("_final"))[0]
    verdicts = {}
    for point, rows in points.items():
        said = {row.get("nash_contributes") for row in rows}
        if len(said) == 1 and None not in said:
            verdicts[point] = said.pop()
    frame = summary[summary[f"{column}_mean"].notna() & summary["point"].isin(verdicts)]
    if frame.empty:
        return []
    agree = int(((frame[f"{column}_mean"] > 0.5) == frame["point"].map(verdicts)).sum())
    thresholds = {
        round(row["threshold_group_weight"], 6)
        for point in verdicts
        for row in points[point]
        if row.get("threshold_group_weight") is not None
        and math.isfinite(row["threshold_group_weight"])
    }
    rule = (
        "contribute above it and free ride below"
        if any(key.endswith("group_weight") for key in document["keys"])
        else "contribute where their group weight is above it and free ride where it is below"
    )
    if len(thresholds) == 1:
        said = f"the contribution threshold for these teams is a* = {next(iter(thresholds)):g}"
    else:
        said = (
            "each grid point's planned teams have their own contribution threshold a* (see Theory)"
        )
    return [
        f"Theory (docs/model.md): {said}; Nash followers should {rule}. Their mean "
        f"contribution is on the predicted side of one half at {agree} of {len(frame)} grid points."
    ]


def _base_description(report: Report, base: dict[str, Any], grid: dict[str, list[Any]]) -> None:
    """The base scenario's description, without the sentences that state a value the grid varies."""
    for paragraph in description_paragraphs(base, varied_settings(grid, base), "The sweep varies"):
        report.text(paragraph)


THEORY_INPUTS = re.compile(
    r"population\.(n_followers|endowment)|leaders\.\d+\.(r|cut|count|capacity|lead_by_example)"
    r"|game\..+|choice\.rule"
)
"""Settings the contribution threshold's table depends on, besides the group weight."""


def _sweep_theory(report: Report, document: dict[str, Any], base: dict[str, Any]) -> None:
    """The contribution threshold beside the runs: each grid point's own where the grid moves it.

    A swept group weight leaves a* alone but decides the Nash followers'
    verdict point by point. A swept team size, return, cut or game moves a*
    itself: then each point's teams get their own row (``point_predictions``
    in sweep.json; a folder written before those has the base scenario's
    table, and the text says so).
    """
    grid = document["spec"]["sweep"]["grid"]
    moved = varied_settings(grid, base)
    weight_swept = any(key == "population.group_weight" for key, _, _ in moved)
    # the group weight of every point, or None: swept, or a bar scenario's (it has none)
    weight = None if weight_swept else base.get("population", {}).get("group_weight")
    inputs = [row for row in moved if THEORY_INPUTS.fullmatch(row[0])]
    points = document.get("point_predictions", [])
    if inputs and points:
        keys = document["keys"]
        rows = [
            {**row, "where": [value_text(entry["params"][key]) for key in keys]}
            for entry in points
            for row in entry["predictions"]
        ]
        predictions_section(
            report, rows[:MAX_ROWS], weight, tuple(key_words(k, base) for k in keys)
        )
        if len(rows) > MAX_ROWS:
            report.text(f"First {MAX_ROWS} of {len(rows)} rows shown; all are in sweep.json.")
        report.text(
            f"Each grid point's teams at their planned size: the sweep varies "
            f"{varied_words(inputs, base)}, which moves the thresholds from point to point."
        )
        return
    predictions = document["predictions"]
    if weight_swept:
        predictions = [{**row, "nash_contributes": None} for row in predictions]
    predictions_section(report, predictions, weight)
    if weight_swept:
        report.text(
            "The group weight is swept: Nash-style followers are predicted to contribute at "
            "the grid points where it is above a*, and to free ride where it is below."
        )
    if inputs:
        report.text(
            f"This table is for the base scenario: the sweep varies "
            f"{varied_words(inputs, base)}, which moves the teams and their thresholds from "
            f"point to point. A run of one grid point (see How to reproduce) gives the "
            f"threshold of each team it made."
        )


def _sweep_settings(report: Report, document: dict[str, Any], schema: type[BaseModel]) -> None:
    spec, keys = document["spec"], document["keys"]
    sweep = spec["sweep"]
    report.heading("Sweep")
    rows = [
        [k, ", ".join(value_text(v) for v in values), key_description(k, schema)]
        for k, values in sweep["grid"].items()
    ]
    report.table(["swept setting", "values", "meaning"], rows)
    kept = ", ".join(statistic_words(_stat_name(k, sweep)) for k in sweep["keep"])
    report.text(
        f"{sweep['replicates']} runs per point, {spec['steps']} rounds each, {spec['n_runs']} "
        f"runs in all from root seed {spec['root_seed']}; kept: {kept}."
        + ("" if keys else " No setting is swept: the runs differ by their seed only.")
    )


def _stat_name(keep: str, sweep: dict[str, Any]) -> str:
    return "final" if keep == "final" else f"last{sweep['last_steps']}"


def one_run_command(folder: Path, document: dict[str, Any]) -> str | None:
    """The ``alignsim run`` command of the sweep's first run, from sweep.json and its seed."""
    spec = document["spec"]
    runs = folder / "runs.csv"
    if not runs.exists():
        return None
    first = read_csv(runs, nrows=1)
    if first.empty:
        return None
    grid = spec["sweep"]["grid"]
    combos = list(itertools.islice(itertools.product(*grid.values()), int(first["point"][0]) + 1))
    params = dict(zip(grid, combos[-1], strict=True)) if grid else {}
    overrides = [*spec["base_overrides"], *(f"{k}={format_value(v)}" for k, v in params.items())]
    return run_command(spec["scenario_source"], int(first["seed"][0]), spec["steps"], overrides)


def _sweep_reproduce(report: Report, folder: Path, document: dict[str, Any]) -> None:
    report.heading("How to reproduce")
    report.text(
        "From the project folder (a built-in scenario or sweep is found by its name from any "
        "folder); any number of workers gives the same runs.csv:"
    )
    report.code(document["command"])
    command = one_run_command(folder, document)
    if command:
        report.text("Any single run alone, with its seed from runs.csv; for run 0:")
        report.code(command)
    versions_table(report, document["versions"])


def listed(names: list[str]) -> str:
    """Metric names as a list in a sentence: qualifiers in brackets, ``and`` before the last.

    ``["follow rate", "mean payoff, Smith followers", "mean trust"]`` ->
    ``follow rate, mean payoff (Smith followers) and mean trust``.
    """
    items = [f"{head} ({rest})" if rest else head for head, _, rest in
             (name.partition(", ") for name in names)]  # fmt: skip
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def sweep_report(folder: Path, schema: Schema | None = None) -> Report:
    """The report of a sweep folder (``sweep.json``, ``aggregate.csv``, ``runs.csv``, figures).

    ``schema`` gives the base scenario's schema from ``sweep.json`` (its kind's;
    the leader-team scenario's without it).
    """
    document = read_sweep_document(folder / "sweep.json")
    base_schema = schema(document) if schema else Scenario
    spec, keys = document["spec"], document["keys"]
    sweep, base = spec["sweep"], spec["base_scenario"]
    swept = ", ".join(key_words(k, base) for k in keys) or "replicates"
    report = Report(f"{base['name']}: sweep of {swept}")
    question = sweep.get("question") or (
        f"How do {listed([column_words(m) for m in sweep['metrics']])} change with "
        f"{swept if keys else 'the seed'}?"
    )
    report.text(question)
    _base_description(report, base, sweep["grid"])
    summary = read_csv(folder / "aggregate.csv")
    report.heading("Findings")
    report.bullets(sweep_findings(summary, document))
    files = figure_files(folder, "figures/*.png")
    add_figures(report, folder, files)
    repeated = repeated_figures(summary, document)
    if repeated:
        names = ", ".join(family_name(f) for f in repeated)
        figures, match = ("figures", "match") if len(repeated) > 1 else ("figure", "matches")
        report.text(
            f"Left out as a near copy: the last-round {figures} of {names}, which {match} "
            f"the mean of the last {sweep['last_steps']} rounds to within 2% of the axis."
        )
    sweep_table(report, summary, document)
    if document.get("predictions"):
        _sweep_theory(report, document, base)
    _sweep_settings(report, document, base_schema)
    where = "scenario.yaml in this folder"
    # the rounds a run lasted are in the Sweep section (--steps may differ from the file's)
    scenario_section(report, base, where, base_schema, (*keys, "steps"))
    _sweep_reproduce(report, folder, document)
    return report
