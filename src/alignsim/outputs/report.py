"""A self-contained report of a run or a sweep, in Markdown and in HTML.

The report answers, in order: what was asked, with which scenario and
parameters, what the figures show, the summary table, what the theory predicts
(docs/model.md's contribution threshold), and how to reproduce it (command, seed,
versions). It is built once as a list of blocks and rendered twice: Markdown
that links the figures beside it, and HTML with the figures embedded as
base64, so the HTML file can be mailed or uploaded alone. Reads result files
only; it never runs a model.
"""

from __future__ import annotations

import base64
import html
import io
import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from alignsim.outputs.ownership import OutputFolder
from alignsim.outputs.safe_text import code_fence, markdown_literal
from alignsim.scenario import ScenarioError

MAX_ROWS = 60
REPORT_FILES = ("report.md", "report.html")
CSS = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.5}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #bbb;"
    "padding:.25rem .6rem;text-align:right}th{background:#eee}td:first-child{text-align:left}"
    "img{max-width:100%}pre{background:#f4f4f4;padding:.8rem;overflow-x:auto}"
)


@dataclass
class Report:
    """A report as blocks: ``(kind, payload)`` with kind heading, text, table, figure or code."""

    title: str
    blocks: list[tuple[str, Any]] = field(default_factory=list)

    def heading(self, text: str) -> None:
        """Add a section heading."""
        self.blocks.append(("heading", text))

    def text(self, text: str) -> None:
        """Add a paragraph."""
        self.blocks.append(("text", " ".join(text.split())))

    def table(self, header: list[str], rows: list[list[Any]]) -> None:
        """Add a table."""
        self.blocks.append(("table", (header, [[_cell(v) for v in row] for row in rows])))

    def figure(self, path: Path, relative: str) -> None:
        """Add a PNG figure, linked from Markdown by ``relative``."""
        self.blocks.append(("figure", (path, relative)))

    def code(self, text: str) -> None:
        """Add a preformatted block (commands, YAML)."""
        self.blocks.append(("code", text.rstrip("\n")))


DASH = "-"  # a quantity that does not exist in the run (JSON null, NaN): never 0


def _cell(value: Any) -> str:
    if value is None:
        return DASH
    if isinstance(value, float):
        return DASH if value != value else f"{value:.4g}"
    return str(value)


def to_markdown(report: Report) -> str:
    """Render a report as Markdown; figures are links to the PNG files.

    Text from the scenario (a description, values) is shown literally: no raw
    HTML, no ``|`` that breaks a table, no fence a code block can close early.
    """
    md = markdown_literal
    lines = [f"# {md(report.title)}", ""]
    for kind, payload in report.blocks:
        if kind == "heading":
            lines += [f"## {md(payload)}", ""]
        elif kind == "text":
            lines += [md(payload), ""]
        elif kind == "table":
            header, rows = payload
            lines.append("| " + " | ".join(md(h) for h in header) + " |")
            lines.append("|" + "|".join("---" for _ in header) + "|")
            lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in rows]
            lines.append("")
        elif kind == "figure":
            lines += [f"![{md(Path(payload[1]).stem)}]({payload[1]})", ""]
        else:
            fence = code_fence(payload)
            lines += [fence, payload, fence, ""]
    return "\n".join(lines)


def to_html(report: Report) -> str:
    """Render a report as one HTML page with its figures embedded."""
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(report.title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{esc(report.title)}</h1>",
    ]
    for kind, payload in report.blocks:
        if kind == "heading":
            parts.append(f"<h2>{esc(payload)}</h2>")
        elif kind == "text":
            parts.append(f"<p>{esc(payload)}</p>")
        elif kind == "table":
            header, rows = payload
            head = "".join(f"<th>{esc(h)}</th>" for h in header)
            body = "".join(
                "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows
            )
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        elif kind == "figure":
            data = base64.b64encode(read_regular(Path(payload[0]))).decode()
            alt = esc(Path(payload[1]).stem)
            parts.append(f'<p><img alt="{alt}" src="data:image/png;base64,{data}"></p>')
        else:
            parts.append(f"<pre><code>{esc(payload)}</code></pre>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def flatten(data: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Nested scenario values as ``(key.path, value)`` pairs, list items by index."""
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list) and data and isinstance(data[0], dict):
        items = ((str(i), v) for i, v in enumerate(data))
    else:
        return [(prefix, data)]
    pairs = []
    for key, value in items:
        pairs += flatten(value, f"{prefix}.{key}" if prefix else str(key))
    return pairs


def _scenario_section(
    report: Report, scenario: dict[str, Any], swept: tuple[str, ...] = (), hide: tuple = ()
) -> None:
    report.heading("Scenario and parameters")
    hidden = ("description", "sweep", *hide)
    shown = {k: v for k, v in scenario.items() if k not in hidden}
    rows = [[k, "swept (above)" if k in swept else v] for k, v in flatten(shown)]
    report.table(["key", "value"], rows)


def read_regular(path: Path) -> bytes:
    """A file's bytes, refusing a symbolic link or anything but a regular file.

    A report embeds what it reads; a link in a results folder (``evil.png`` to
    a private file) must not carry its target into a report that is mailed on.
    """
    if path.is_symlink():
        raise ScenarioError(str(path), None, "is a symbolic link; the report reads no links")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as err:
        raise ScenarioError(str(path), None, f"cannot be read ({err.strerror})") from err
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ScenarioError(str(path), None, "is not a regular file; the report reads none")
        return handle.read()


def _read_json(path: Path) -> Any:
    return json.loads(read_regular(path).decode("utf-8"))


def _read_csv(path: Path, **options: Any) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(read_regular(path)), **options)


def _is_regular(path: Path) -> bool:
    return stat.S_ISREG(path.lstat().st_mode)


def _figures(report: Report, folder: Path, pattern: str) -> None:
    """Add the folder's figures: regular files only, in folders that are not links."""
    files = [
        path
        for path in sorted(folder.glob(pattern))
        if _is_regular(path) and not path.parent.is_symlink()
    ]
    if files:
        report.heading("Figures")
        for path in files:
            report.figure(path, str(path.relative_to(folder)))


def bar_theory(report: Report, summary: dict[str, Any]) -> None:
    """The bar game's theory beside where the suitors' learning went (the bar kind's)."""
    report.heading("Analytic predictions")
    analysis, learned = summary["analysis"], summary["learning"]
    film = "is" if analysis["profiles"][0]["is_equilibrium"] else "is not"
    report.text(
        f"The bar game (MODEL.md): the film's profile, nobody going for the most-wanted, "
        f"{film} an equilibrium for the suitors' group weight. Each head count's group "
        f"payoff, and whether it is an equilibrium or the social optimum:"
    )
    rows = [
        [
            p["going"],
            p["group_payoff"],
            "yes" if p["is_equilibrium"] else "no",
            "yes" if p["is_social_optimum"] else "no",
        ]
        for p in analysis["profiles"]
    ]
    report.table(["suitors going", "group payoff", "equilibrium", "social optimum"], rows)
    first = learned["first_equilibrium_round"]
    report.text(
        f"The learning suitors ended with {learned['final_going']} going for the most-wanted "
        + ("(an equilibrium)" if learned["final_is_equilibrium"] else "(not an equilibrium)")
        + ("; they never reached one" if first is None else f"; first at one in round {first}")
        + "."
    )


def _predictions(report: Report, predictions: list[dict[str, Any]], weight: Any) -> None:
    report.heading("Analytic predictions")
    if not predictions:
        report.text("This scenario has no analytic prediction.")
        return
    report.text(
        "Linear public goods (docs/model.md): in a team of n followers with return r and leader "
        "cut c, an agent with group weight a contributes iff a exceeds the threshold a*. "
        "A Smith agent (a = 0) contributes only if a* < 0. Exact for best responses in the "
        "linear game; with logit choice it is where contributing becomes more likely than not."
    )

    def verdict(value: bool | None) -> str:
        return DASH if value is None else "contributes" if value else "free rides"

    types = [
        (key, name)
        for key, name in (
            ("smith_contributes", "Smith"),
            ("nash_contributes", f"Nash (a = {weight})"),
        )
        if any(p.get(key) is not None for p in predictions)
    ]
    rows = [
        [
            p["leader_group"],
            p["team_size"],
            p["r"],
            p["cut"],
            p["threshold_group_weight"],
            *(verdict(p.get(key)) for key, _ in types),
        ]
        for p in predictions
    ]
    header = ["leaders", "team n", "r", "cut", "a*", *(name for _, name in types)]
    report.table(header, rows)


def team_theory(report: Report, summary: dict[str, Any]) -> None:
    """The contribution threshold of each realised team (the leader-team kind's)."""
    weight = summary["scenario"]["population"]["group_weight"]
    _predictions(report, summary.get("predictions", []), weight)


def _versions(report: Report, versions: dict[str, str]) -> None:
    report.table(["package", "version"], [[k, v] for k, v in sorted(versions.items())])


Theory = Callable[[Report, dict[str, Any]], None]
"""Adds the theory beside a run to its report: its kind's (:func:`alignsim.kinds.report_theory`)."""


def run_report(folder: Path, theory: Theory) -> Report:
    """The report of a run folder (``summary.json``, ``timeseries.csv``, plots)."""
    summary = _read_json(folder / "summary.json")
    scenario = summary["scenario"]
    report = Report(f"{scenario['name']}: one run (seed {summary['seed']})")
    report.heading("Question")
    report.text(scenario.get("description") or f"What happens in scenario {scenario['name']}?")
    _scenario_section(report, scenario)
    _figures(report, folder, "*.png")
    report.heading("Summary")
    tail_key = next(k for k in summary if k.startswith("mean_last_"))
    rounds = tail_key.removeprefix("mean_last_")
    rows = [[k, summary["final"][k], v] for k, v in summary[tail_key].items()]
    report.table(["metric", "last round", f"mean, last {rounds} rounds"], rows)
    theory(report, summary)
    report.heading("How to reproduce")
    report.text(
        "Save the resolved scenario below as scenario.yaml and run the command. The same "
        "seed and versions give the same numbers."
    )
    report.code(f"alignsim run scenario.yaml --seed {summary['seed']} --steps {scenario['steps']}")
    report.code(yaml.safe_dump(scenario, sort_keys=False))
    _versions(report, summary["versions"])
    return report


def _interval(row: pd.Series, column: str) -> str:
    """Mean [CI]; a dash where the metric exists in no run; "(n = k)" where in fewer than all."""
    mean, low, high = (row[f"{column}_{s}"] for s in ("mean", "ci_low", "ci_high"))
    if pd.isna(mean):
        return DASH
    text = f"{mean:.3g}" if pd.isna(low) else f"{mean:.3g} [{low:.3g}, {high:.3g}]"
    n = row.get(f"{column}_n")
    if n is not None and not pd.isna(n) and int(n) < int(row["n"]):
        text += f" (n = {int(n)})"
    return text


def sweep_report(folder: Path) -> Report:
    """The report of a sweep folder (``sweep.json``, ``aggregate.csv``, ``runs.csv``, figures)."""
    document = _read_json(folder / "sweep.json")
    spec, keys = document["spec"], document["keys"]
    sweep, base = spec["sweep"], spec["base_scenario"]
    report = Report(f"{base['name']}: sweep of {', '.join(keys) or 'replicates'}")
    report.heading("Question")
    question = sweep.get("question") or (
        f"How do {', '.join(sweep['metrics'])} change with {', '.join(keys) or 'the seed'}?"
    )
    report.text(question)
    if base.get("description"):
        report.text(base["description"])
    report.heading("Sweep")
    rows = [[k, ", ".join(str(v) for v in values)] for k, values in sweep["grid"].items()]
    rows += [
        ["replicates per point", sweep["replicates"]],
        ["rounds per run", spec["steps"]],
        ["runs", spec["n_runs"]],
        ["root seed", spec["root_seed"]],
        ["statistics kept", ", ".join(sweep["keep"]) + f" (last {sweep['last_steps']} rounds)"],
    ]
    report.table(["swept key / setting", "values"], rows)
    _scenario_section(report, base, tuple(keys), hide=("seed", "steps"))
    _figures(report, folder, "figures/*.png")
    _sweep_table(report, folder, keys, spec["columns"])
    weight = base.get("population", {}).get("group_weight")  # a bar scenario has none
    _predictions(report, document.get("predictions", []), weight)
    _sweep_reproduce(report, folder, document)
    return report


def _sweep_table(report: Report, folder: Path, keys: list[str], columns: list[str]) -> None:
    summary = _read_csv(folder / "aggregate.csv")
    report.heading("Summary table")
    report.text(
        "Mean over the replicates at each grid point, with its 95% confidence interval "
        "(t-based) in brackets; n runs per point, fewer (shown) for a quantity that does "
        "not exist in some runs, such as the Nash-style followers' payoff where there are "
        "none; a dash where it exists in none. All values: aggregate.csv and runs.csv."
    )
    rows = [
        [*(row[k] for k in keys), int(row["n"]), *(_interval(row, c) for c in columns)]
        for _, row in summary.head(MAX_ROWS).iterrows()
    ]
    report.table([*keys, "n", *columns], rows)
    if len(summary) > MAX_ROWS:
        report.text(f"First {MAX_ROWS} of {len(summary)} grid points shown.")


def _sweep_reproduce(report: Report, folder: Path, document: dict[str, Any]) -> None:
    report.heading("How to reproduce")
    report.text("The whole sweep (any number of workers gives the same runs.csv):")
    report.code(document["command"])
    runs = folder / "runs.csv"
    if runs.exists():
        first = _read_csv(runs, nrows=1)
        if not first.empty:
            report.text("Any single run, from its row of runs.csv (column command); for run 0:")
            report.code(str(first["command"].iloc[0]))
    _versions(report, document["versions"])


def write_report(folder: Path, theory: Theory) -> list[Path]:
    """Write ``report.md`` and ``report.html`` into a run or sweep folder; return both paths.

    ``theory`` writes a run's theory section, as the run's kind does
    (:func:`alignsim.kinds.report_theory`); the report itself knows no kind.

    Replaces an earlier report only if alignsim wrote it (its manifest says so).

    Raises:
        ScenarioError: the folder holds neither a run nor a finished sweep, or
            a report.md or report.html that alignsim did not write.

    """
    folder = Path(folder)
    owned = OutputFolder.existing(folder)
    for name in REPORT_FILES:
        owned.check(name)  # both refused before either is written
    if (folder / "sweep.json").exists() and (folder / "aggregate.csv").exists():
        report = sweep_report(folder)
    elif (folder / "summary.json").exists():
        report = run_report(folder, theory)
    else:
        raise ScenarioError(
            str(folder),
            None,
            "not a run or finished sweep folder (no summary.json or aggregate.csv)",
        )
    return [
        owned.write(REPORT_FILES[0], to_markdown(report)),
        owned.write(REPORT_FILES[1], to_html(report)),
    ]
