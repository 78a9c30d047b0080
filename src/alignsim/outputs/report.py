"""A self-contained report of a run or a sweep: Markdown, HTML and PDF.

The report answers, in order: what the run found (a few sentences with
numbers, the theory beside them), the figures, the numbers in a table, the
theory in full, the scenario as what it changes from the defaults (the full
resolved scenario stays in the folder, and the report names the file), and
how to reproduce it from the project folder. It is built once as a list of
blocks and rendered three times: Markdown that links the figures beside it,
HTML with the figures embedded as base64 (one file to mail or upload, made to
fit a 1,280 px screen without scrolling sideways), and a PDF
(:mod:`alignsim.outputs.report_pdf`). Reads result files only; it never runs
a model. Words on screen come from :mod:`alignsim.outputs.metric_words`.
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
from pydantic import BaseModel

from alignsim.outputs.findings import leaderless_theory
from alignsim.outputs.metric_words import column_words
from alignsim.outputs.ownership import OutputFolder
from alignsim.outputs.safe_text import code_fence, markdown_literal
from alignsim.outputs.scenario_diff import differences, flatten, key_description
from alignsim.outputs.swept_text import run_description
from alignsim.scenario import Scenario, ScenarioError
from alignsim.scenario.commands import builtin_command

__all__ = ["DASH", "Interval", "Report", "flatten", "run_report", "to_html", "to_markdown"]

REPORT_FILES = ("report.md", "report.html", "report.pdf")
CSS = (
    "body{font-family:system-ui,sans-serif;font-size:17px;max-width:60rem;margin:2rem auto;"
    "padding:0 1rem;line-height:1.5;color:#222}"
    "table{border-collapse:collapse;margin:1rem 0;max-width:100%}"
    "td,th{border:1px solid #bbb;padding:.3rem .55rem;text-align:right;vertical-align:top;"
    "overflow-wrap:break-word}th{background:#eee;font-weight:600}"
    "td:first-child,th:first-child,.words{text-align:left}"
    "small{color:#555;white-space:nowrap}img{max-width:100%;height:auto}"
    "pre{background:#f4f4f4;padding:.8rem;white-space:pre-wrap;overflow-wrap:break-word}"
    "li{margin:.35rem 0}"
)
DASH = "-"  # a quantity that does not exist in the run (JSON null, NaN): never 0


@dataclass(frozen=True)
class Interval:
    """A table cell of a mean and its interval: one line in Markdown, two in HTML."""

    mean: str
    low: str | None = None
    high: str | None = None
    note: str = ""

    def text(self) -> str:
        """``0.896 [0.868, 0.924] (n = 3)`` as one line."""
        bounds = f" [{self.low}, {self.high}]" if self.low is not None else ""
        return f"{self.mean}{bounds}{self.note}"


@dataclass
class Report:
    """A report as blocks: ``(kind, payload)``, kind heading, text, list, table, figure, code."""

    title: str
    blocks: list[tuple[str, Any]] = field(default_factory=list)

    def heading(self, text: str) -> None:
        """Add a section heading."""
        self.blocks.append(("heading", text))

    def text(self, text: str) -> None:
        """Add a paragraph."""
        self.blocks.append(("text", " ".join(text.split())))

    def bullets(self, items: list[str]) -> None:
        """Add a list of short paragraphs (the findings)."""
        self.blocks.append(("list", [" ".join(item.split()) for item in items]))

    def table(self, header: list[str], rows: list[list[Any]]) -> None:
        """Add a table; a cell is a value, a dash for a missing one, or an :class:`Interval`."""
        cells = [[v if isinstance(v, Interval) else _cell(v) for v in row] for row in rows]
        self.blocks.append(("table", (header, cells)))

    def figure(self, path: Path, relative: str) -> None:
        """Add a PNG figure, linked from Markdown by ``relative``."""
        self.blocks.append(("figure", (path, relative)))

    def code(self, text: str) -> None:
        """Add a preformatted block (commands)."""
        self.blocks.append(("code", text.rstrip("\n")))


def _cell(value: Any) -> str:
    if value is None:
        return DASH
    if isinstance(value, float):
        return DASH if value != value else f"{value:.4g}"
    return str(value)


def _cell_text(cell: Any) -> str:
    return cell.text() if isinstance(cell, Interval) else cell


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
        elif kind == "list":
            lines += [f"- {md(item)}" for item in payload] + [""]
        elif kind == "table":
            header, rows = payload
            lines.append("| " + " | ".join(md(h) for h in header) + " |")
            lines.append("|" + "|".join("---" for _ in header) + "|")
            lines += ["| " + " | ".join(md(_cell_text(c)) for c in row) + " |" for row in rows]
            lines.append("")
        elif kind == "figure":
            lines += [f"![{md(Path(payload[1]).stem)}]({payload[1]})", ""]
        else:
            fence = code_fence(payload)
            lines += [fence, payload, fence, ""]
    return "\n".join(lines)


def _is_words(cell: Any) -> bool:
    """A cell of words (left-aligned), not a number, an interval or a dash."""
    return not isinstance(cell, Interval) and any(ch.isalpha() for ch in cell)


def _html_cell(cell: Any, tag: str = "td", words: bool = False) -> str:
    esc = html.escape
    opening = f'<{tag} class="words">' if words else f"<{tag}>"
    if isinstance(cell, Interval):
        bounds = f"<br><small>{esc(cell.low)} to {esc(cell.high)}</small>" if cell.low else ""
        note = f"<br><small>{esc(cell.note.strip())}</small>" if cell.note else ""
        return f"{opening}{esc(cell.mean)}{bounds}{note}</{tag}>"
    return f"{opening}{esc(cell)}</{tag}>"


def to_html(report: Report) -> str:
    """Render a report as one HTML page with its figures embedded."""
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(report.title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{esc(report.title)}</h1>",
    ]
    for kind, payload in report.blocks:
        if kind == "heading":
            parts.append(f"<h2>{esc(payload)}</h2>")
        elif kind == "text":
            parts.append(f"<p>{esc(payload)}</p>")
        elif kind == "list":
            parts.append("<ul>" + "".join(f"<li>{esc(item)}</li>" for item in payload) + "</ul>")
        elif kind == "table":
            header, rows = payload
            words = [any(_is_words(row[i]) for row in rows) for i in range(len(header))]
            head = "".join(_html_cell(h, "th", w) for h, w in zip(header, words, strict=True))
            body = "".join(
                "<tr>"
                + "".join(_html_cell(c, "td", w) for c, w in zip(row, words, strict=True))
                + "</tr>"
                for row in rows
            )
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        elif kind == "figure":
            data = base64.b64encode(read_regular(Path(payload[0]))).decode()
            alt = esc(Path(payload[1]).stem.replace("_", " "))
            parts.append(f'<p><img alt="{alt}" src="data:image/png;base64,{data}"></p>')
        else:
            parts.append(f"<pre><code>{esc(payload)}</code></pre>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


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


def read_json(path: Path) -> Any:
    """A JSON file of the folder, read as a regular file."""
    return json.loads(read_regular(path).decode("utf-8"))


def read_csv(path: Path, **options: Any) -> pd.DataFrame:
    """A CSV file of the folder, read as a regular file."""
    return pd.read_csv(io.BytesIO(read_regular(path)), **options)


def _is_regular(path: Path) -> bool:
    return stat.S_ISREG(path.lstat().st_mode)


def figure_files(folder: Path, pattern: str) -> list[Path]:
    """The folder's figures: regular files only, in folders that are not links."""
    return [
        path
        for path in sorted(folder.glob(pattern))
        if _is_regular(path) and not path.parent.is_symlink()
    ]


def add_figures(report: Report, folder: Path, files: list[Path]) -> None:
    """A Figures section, when there are any."""
    if files:
        report.heading("Figures")
        for path in files:
            report.figure(path, str(path.relative_to(folder)))


def scenario_section(
    report: Report,
    scenario: dict[str, Any],
    where: str,
    schema: type[BaseModel] = Scenario,
    swept: tuple[str, ...] = (),
) -> None:
    """The scenario as the settings that differ from the defaults, and where the rest is."""
    report.heading("Scenario: what differs from the defaults")
    rows = differences(scenario, schema, swept)
    if rows:
        report.table(
            ["setting", "value", "default", "meaning"],
            [[key, _value(v), _value(d), key_description(key, schema)] for key, v, d in rows],
        )
    else:
        report.text("Every setting has its default value.")
    report.text(
        f"Every other setting has its default (docs/scenarios.md). The full resolved "
        f"scenario, every default filled in, is {where}."
    )


def _value(value: Any) -> str:
    if value is None or value == []:
        return "none"
    if isinstance(value, list) and isinstance(value[0], dict):
        return f"{len(value)} group" + ("s" if len(value) > 1 else "")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def versions_table(report: Report, versions: dict[str, str]) -> None:
    """The versions of Python and the libraries the numbers depend on."""
    report.table(["package", "version"], [[k, v] for k, v in sorted(versions.items())])


def bar_theory(report: Report, summary: dict[str, Any]) -> None:
    """The bar game's theory beside where the suitors' learning went (the bar kind's)."""
    report.heading("Theory")
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


def predictions_section(
    report: Report,
    predictions: list[dict[str, Any]],
    weight: Any,
    lead: tuple[str, ...] = (),
) -> None:
    """docs/model.md's contribution threshold per leader group and team size.

    ``lead`` heads columns that come first in each row, from the row's
    ``"where"`` cells (a sweep's grid point, for one).
    """
    report.heading("Theory")
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
            ("nash_contributes", f"Nash (a = {weight:g})" if weight is not None else "Nash"),
        )
        if any(p.get(key) is not None for p in predictions)
    ]
    rows = [
        [
            *p.get("where", ()),
            p["leader_group"],
            p["team_size"],
            p["r"],
            p["cut"],
            p["threshold_group_weight"],
            *(verdict(p.get(key)) for key, _ in types),
        ]
        for p in predictions
    ]
    header = [
        *lead,
        "leaders",
        "team size",
        "return r",
        "cut",
        "threshold a*",
        *(n for _, n in types),
    ]
    report.table(header, rows)


def _tail_rounds(summary: dict[str, Any]) -> tuple[str, int]:
    """The key of the last rounds' means, and how many rounds they cover (at most all)."""
    tail_key = next(k for k in summary if k.startswith("mean_last_"))
    rounds = int(tail_key.removeprefix("mean_last_"))
    steps = summary["final"].get("step")
    return tail_key, rounds if steps is None else min(rounds, int(steps))


def team_theory(report: Report, summary: dict[str, Any]) -> None:
    """The contribution threshold of each realised team (the leader-team kind's).

    Without leaders: the population's own limit, where one is known.
    """
    scenario = summary["scenario"]
    if not scenario["leaders"]:
        report.heading("Theory")
        report.text(leaderless_theory(summary))
        return
    weight = scenario["population"]["group_weight"]
    predictions_section(report, summary.get("predictions", []), weight)


Theory = Callable[[Report, dict[str, Any]], None]
"""Adds the theory beside a run to its report: its kind's (:func:`alignsim.kinds.report_theory`)."""
Findings = Callable[[dict[str, Any], pd.DataFrame | None], list[str]]
"""A run's findings in sentences: its kind's (:func:`alignsim.kinds.report_findings`)."""
Columns = Callable[[dict[str, Any]], list[str]]
"""The quantities of a run's table: its kind's (:func:`alignsim.kinds.report_columns`)."""
Schema = Callable[[dict[str, Any]], type[BaseModel]]
"""The schema of a run's summary or a sweep's document: its kind's
(:func:`alignsim.kinds.report_schema`); it gives the defaults and the keys' meanings."""


def _numbers(report: Report, summary: dict[str, Any], columns: Columns | None) -> None:
    tail_key, rounds = _tail_rounds(summary)
    final, tail = summary["final"], summary[tail_key]
    report.heading("Numbers")
    shown = columns(summary) if columns else [k for k in final if k != "step"]
    rows = [[column_words(key), final.get(key), tail.get(key)] for key in shown]
    report.table(["quantity", "last round", f"mean, last {rounds} rounds"], rows)
    report.text(
        f"Every quantity, round by round: timeseries.csv; the last round and the mean of the "
        f"last {rounds} rounds of each: summary.json. A dash: the quantity does not exist in "
        "the run (no agent of that kind)."
    )


def _run_reproduce(report: Report, summary: dict[str, Any]) -> None:
    report.heading("How to reproduce")
    scenario = summary["scenario"]
    command = summary.get("command") or builtin_command(scenario)
    if command:
        report.text(
            "From the project folder (a built-in scenario is found by its name from any "
            "folder). The same seed and versions give the same numbers:"
        )
        report.code(command)
    else:
        report.text(
            f"This run did not record its command. Run its scenario file with "
            f"alignsim run FILE --seed {summary['seed']} --steps {scenario['steps']}; the "
            f"resolved scenario is in summary.json (key scenario)."
        )
    versions_table(report, summary["versions"])


def run_report(
    folder: Path,
    theory: Theory,
    findings: Findings | None = None,
    columns: Columns | None = None,
    schema: Schema | None = None,
) -> Report:
    """The report of a run folder (``summary.json``, ``timeseries.csv``, figures).

    What depends on the run's kind comes from its caller (the report imports no
    kind): ``theory`` writes the theory section, ``findings`` the sentences the
    report opens with (none without it), ``columns`` picks the table's
    quantities (every one without it).
    """
    from alignsim.outputs.folder_documents import read_run_summary  # it imports this module

    summary = read_run_summary(folder / "summary.json")
    scenario = summary["scenario"]
    steps = int(summary["final"]["step"]) if summary["final"].get("step") else scenario["steps"]
    report = Report(f"{scenario['name']}: one run (seed {summary['seed']}, {steps} rounds)")

    def run_schema() -> type[BaseModel]:  # asked only when needed: a kind may be unknown
        return schema(summary) if schema else Scenario

    for paragraph in run_description(scenario, summary.get("command"), run_schema):
        report.text(paragraph)
    if findings is not None:
        series = folder / "timeseries.csv"
        timeseries = read_csv(series) if series.exists() else None
        report.heading("Findings")
        report.bullets(findings(summary, timeseries))
    add_figures(report, folder, figure_files(folder, "*.png"))
    _numbers(report, summary, columns)
    theory(report, summary)
    where = "in summary.json in this folder (key scenario)"
    scenario_section(report, scenario, where, run_schema())
    _run_reproduce(report, summary)
    return report


def write_report(
    folder: Path,
    theory: Theory,
    findings: Findings | None = None,
    columns: Columns | None = None,
    schema: Schema | None = None,
    on_step: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write ``report.md``, ``report.html`` and ``report.pdf`` into a run or sweep folder.

    ``theory``, ``findings``, ``columns`` and ``schema`` say what a report says that
    depends on its kind, as :func:`run_report`; the report itself knows no
    kind. Replaces an earlier report only if alignsim wrote it (its manifest
    says so). ``on_step`` is told what is being done, in words (the command
    shows it when the report is slow).

    Raises:
        ScenarioError: the folder holds neither a run nor a finished sweep, or
            a report file that alignsim did not write.

    """
    from alignsim.outputs.report_pdf import to_pdf
    from alignsim.outputs.report_sweep import sweep_report

    step = on_step or (lambda text: None)
    folder = Path(folder)
    step(f"reading {folder.name}")
    owned = OutputFolder.existing(folder)
    for name in REPORT_FILES:
        owned.check(name)  # all refused before any is written
    if (folder / "sweep.json").exists() and (folder / "aggregate.csv").exists():
        report = sweep_report(folder, schema)
    elif (folder / "summary.json").exists():
        report = run_report(folder, theory, findings, columns, schema)
    else:
        raise ScenarioError(
            str(folder),
            None,
            "not a run or finished sweep folder (no summary.json or aggregate.csv)",
        )
    written = []
    for name, render in zip(REPORT_FILES, (to_markdown, to_html, to_pdf), strict=True):
        step(f"writing {name}")
        written.append(owned.write(name, render(report)))
    return written
