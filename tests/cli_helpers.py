"""How the command-line tests call alignsim and check a one-line error."""

from __future__ import annotations

from click.testing import CliRunner, Result

from alignsim.cli import main


def invoke(*args: object, env: dict[str, str] | None = None) -> Result:
    """Run ``alignsim ARGS`` in-process; arguments may be paths or numbers."""
    return CliRunner(env=env).invoke(main, [str(a) for a in args])


def one_line_error(result: Result, *fragments: str) -> str:
    """Assert exit 2 with one ``alignsim: error:`` line holding every fragment; return it."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("alignsim: error: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]
