"""`fieldschool export`: the core owns an empty group; package formats attach through an entry-point group."""

from __future__ import annotations

import click
from click.testing import CliRunner

from curriculum import cli


class FakeEntryPoint:
    def __init__(self, name: str, command: click.Command | None = None, error: Exception | None = None):
        self.name, self._command, self._error = name, command, error

    def load(self) -> click.Command:
        if self._error:
            raise self._error
        return self._command


def _with_export_plugins(monkeypatch, plugins: list[FakeEntryPoint]) -> None:
    def fake_entry_points(group: str):
        return plugins if group == "fieldschool.export_commands" else []
    monkeypatch.setattr(cli, "entry_points", fake_entry_points)


def test_export_lists_and_runs_the_formats_channels_register(monkeypatch):
    @click.command()
    @click.option("--flavour", default="plain")
    def demo(flavour: str) -> None:
        click.echo(f"demo export ({flavour})")

    _with_export_plugins(monkeypatch, [FakeEntryPoint("demo", demo)])
    runner = CliRunner()
    listing = runner.invoke(cli.main, ["export", "--help"])
    assert listing.exit_code == 0 and "demo" in listing.output
    result = runner.invoke(cli.main, ["export", "demo", "--flavour", "zip"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "demo export (zip)"


def test_export_formats_do_not_leak_into_the_root_group(monkeypatch):
    _with_export_plugins(monkeypatch, [FakeEntryPoint("demo", click.Command("demo"))])
    result = CliRunner().invoke(cli.main, ["demo"])
    assert result.exit_code != 0 and "No such command" in result.output


def test_a_broken_format_warns_without_breaking_the_others(monkeypatch):
    @click.command()
    def good() -> None:
        click.echo("good ran")

    _with_export_plugins(monkeypatch, [FakeEntryPoint("broken", error=ImportError("missing lib")),
                                       FakeEntryPoint("good", good)])
    result = CliRunner().invoke(cli.main, ["export", "good"])
    assert result.exit_code == 0
    assert "good ran" in result.output
    assert "'broken' commands could not be loaded: missing lib" in result.output


def test_export_without_any_format_installed_says_so_in_its_help(monkeypatch):
    _with_export_plugins(monkeypatch, [])
    result = CliRunner().invoke(cli.main, ["export", "--help"])
    assert result.exit_code == 0
    assert "Export the curriculum as packages" in result.output
