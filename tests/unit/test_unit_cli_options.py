"""Every numeric option of the command line has a range, and every command takes --debug."""

from __future__ import annotations

import click
import pytest

from repat_kg.cli import cli

COMMANDS = sorted(cli.commands)
NUMERIC = (click.types.IntParamType, click.types.FloatParamType)


def numeric_options() -> list[tuple[str, click.Option]]:
    found = []
    for name in COMMANDS:
        for param in cli.commands[name].params:
            if isinstance(param, click.Option) and isinstance(param.type, NUMERIC):
                found.append((name, param))
    return found


def test_there_are_numeric_options_to_check() -> None:
    names = {(command, option.name) for command, option in numeric_options()}
    # The ones the README documents: build --jobs, link --retries/--timeout, load --chunk-size, serve --port.
    assert {("build", "jobs"), ("link", "retries"), ("link", "timeout"), ("load", "chunk_size"), ("serve", "port")} <= names


@pytest.mark.parametrize(("command", "option"), numeric_options(), ids=lambda v: v if isinstance(v, str) else v.name)
def test_every_numeric_option_has_a_range(command: str, option: click.Option) -> None:
    assert isinstance(option.type, click.types._NumberRangeBase), f"{command} --{option.name} takes any {option.type}"
    assert option.type.min is not None, f"{command} --{option.name} has no lower bound"
    if isinstance(option.default, (int, float)):
        option.type.convert(option.default, option, None)  # the default lies in the range


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_takes_debug(command: str) -> None:
    assert any("--debug" in p.opts for p in cli.commands[command].params if isinstance(p, click.Option))
