"""The options and address checks ``alignsim viz`` and ``alignsim class`` share (cli/serving.py)."""

from __future__ import annotations

import socket

import pytest

from alignsim.cli.serving import base_url, listen_address
from alignsim.scenario import ScenarioError
from cli_helpers import invoke, one_line_error


@pytest.fixture
def taken_port():
    """A loopback port something listens on for the length of the test."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def test_localhost_binds_loopback_and_port_zero_picks_a_free_port():
    listen, port = listen_address("localhost", 0)
    assert listen == "127.0.0.1" and 1024 <= port <= 65535
    with socket.socket() as probe:
        probe.bind((listen, port))  # free indeed


def test_a_port_in_use_is_one_line(taken_port):
    with pytest.raises(ScenarioError, match=f"127.0.0.1:{taken_port}.*cannot listen here"):
        listen_address("127.0.0.1", taken_port)


@pytest.mark.parametrize("command", ["viz", "class"])
def test_both_commands_refuse_a_port_in_use_before_starting(command, taken_port, tmp_path):
    args = [command, "nash", "--host", "127.0.0.1", "--port", taken_port, "--no-browser"]
    if command == "class":
        args += ["--out", tmp_path / "session"]
    one_line_error(invoke(*args), "cannot listen here")
    assert not (tmp_path / "session").exists()


def test_the_address_to_share_is_a_url_ipv6_in_brackets():
    assert base_url("127.0.0.1", 8770) == "http://127.0.0.1:8770"
    assert base_url("::1", 8770) == "http://[::1]:8770"
