"""The fieldschool command: validate and catalog, as authors and course teams use them."""

from __future__ import annotations

import json

from click.testing import CliRunner

from curriculum.cli import main
from tests.curriculum.conftest import GOOD


def test_validate_reports_ok_for_good_content():
    result = CliRunner().invoke(main, ["validate", str(GOOD)])
    assert result.exit_code == 0, result.output
    assert "OK: 1 modules, 3 items" in result.output


def test_validate_lists_every_problem_as_file_line_message_without_a_traceback(content):
    content.edit("00-sample/assessment.en.md", "type: numeric", "type: essay")
    content.edit("00-sample/case-study.en.md", "{#process}", "{#journey}")
    result = CliRunner().invoke(main, ["validate", str(content.path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert any(line.startswith("content/00-sample/assessment.en.md:") and "unknown question type" in line
               for line in lines)
    assert any(line.startswith("content/00-sample/case-study.en.md:") and "journey" in line for line in lines)
    assert lines[-1].endswith("problem(s) found.")
    assert "Traceback" not in result.output


def test_validate_of_a_missing_folder_is_an_error_not_a_crash(tmp_path):
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "nowhere")])
    assert result.exit_code == 1 and "no such folder" in result.output and result.exception.__class__ is SystemExit


def test_validate_of_a_folder_without_course_file(tmp_path):
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1 and "no course file" in result.output


def test_catalog_in_spanish():
    result = CliRunner().invoke(main, ["catalog", "--path", str(GOOD), "--lang", "es"])
    assert result.exit_code == 0
    assert "Curso de prueba" in result.output and "Un caso de prueba" in result.output
    assert "sample.case" in result.output


def test_catalog_falls_back_to_the_source_language_and_says_so():
    result = CliRunner().invoke(main, ["catalog", "--path", str(GOOD), "--lang", "fr"])
    assert result.exit_code == 0 and "(shown in en)" in result.output


def test_catalog_as_json():
    result = CliRunner().invoke(main, ["catalog", "--path", str(GOOD), "--json"])
    data = json.loads(result.output)
    module = data["modules"][0]
    assert module["id"] == "sample" and module["languages"] == ["en", "es"]
    assert [i["type"] for i in module["items"]] == ["case_study", "peer_exercise", "assessment"]
    assert module["items"][0]["estimated_minutes"] == 30


def test_catalog_refuses_broken_content(content):
    content.edit("00-sample/assessment.en.md", "type: numeric", "type: essay")
    result = CliRunner().invoke(main, ["catalog", "--path", str(content.path)])
    assert result.exit_code == 1 and "fieldschool validate" in result.output


def test_channels_add_commands_through_entry_points(monkeypatch):
    import click

    import curriculum.cli as cli

    @click.command()
    def hello():
        click.echo("hello from a channel")

    class FakeEntryPoint:
        name = "hello"

        def load(self):
            return hello

    monkeypatch.setattr(cli, "entry_points", lambda group: [FakeEntryPoint()] if group == "fieldschool.commands"
                        else [])
    result = CliRunner().invoke(main, ["hello"])
    assert result.output.strip() == "hello from a channel"
    assert "hello" in CliRunner().invoke(main, ["--help"]).output
