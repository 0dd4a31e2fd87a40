"""Every CSV the tool (and the Open edX blocks) write goes through one writer, the core's, that keeps spreadsheets
from running learners' text."""

from __future__ import annotations

import csv
import io

import pytest

from lti_tool.services.spreadsheet import csv_text, safe_cell


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_starting_like_a_formula_is_shown_as_text(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value, expected", [("plain", "plain"), ("a=b", "a=b"), ("", ""), (None, ""),
                                             (-3, -3), (2.5, 2.5)])
def test_other_cells_are_left_alone(value, expected):
    assert safe_cell(value) == expected


def test_csv_text_makes_every_cell_safe():
    body = csv_text(["name", "score"], [["=HYPERLINK(\"x\")", 1], ["\r-2", -2]])
    assert list(csv.reader(io.StringIO(body))) == [["name", "score"], ["'=HYPERLINK(\"x\")", "1"], ["'\r-2", "-2"]]


def test_no_csv_writer_in_the_tool_or_the_blocks_bypasses_the_safe_one():
    from pathlib import Path

    import curriculum

    repo = Path(curriculum.__file__).parent.parent
    writers = [p.relative_to(repo).as_posix() for folder in ("curriculum", "lti_tool", "xblocks")
               for p in (repo / folder).rglob("*.py") if "csv.writer(" in p.read_text(encoding="utf-8")]
    assert writers == ["curriculum/spreadsheet.py"]
