"""``fieldschool validate`` on broken curriculum folders: whatever an author's edit (or a bad merge) does to the
YAML types, the front matter's structure or the Markdown headings, every problem comes out as ``file:line: …``
and nothing ever prints a traceback. Hypothesis mutates a copy of the sample course and of one shipped module."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curriculum.cli import main
from curriculum.loader import DEFAULT_CONTENT

from .conftest import GOOD
from .content_mutations import MUTATIONS, drop_key

PROBLEM_LINE = re.compile(r"^\S[^\n]*?:\d+: \S")
SHIPPED_MODULE = "00-experiences"


def _content_files() -> list[str]:
    sample = [f"sample/{p.relative_to(GOOD)}" for p in GOOD.rglob("*.md")]
    shipped = [f"shipped/{p.name}" for p in DEFAULT_CONTENT.glob("course.*.md")]
    shipped += [f"shipped/{SHIPPED_MODULE}/{p.name}" for p in (DEFAULT_CONTENT / SHIPPED_MODULE).glob("*.md")]
    return sorted(sample + shipped)


FILES = _content_files()


@pytest.fixture(scope="module")
def copy_of_content(tmp_path_factory) -> Path:
    """The sample course and the shipped course files with one shipped module, in a folder the test may break."""
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(GOOD, root / "sample")
    shipped = root / "shipped"
    shipped.mkdir()
    for course_file in DEFAULT_CONTENT.glob("course.*.md"):
        shutil.copy(course_file, shipped / course_file.name)
    shutil.copytree(DEFAULT_CONTENT / SHIPPED_MODULE, shipped / SHIPPED_MODULE)
    return root


def assert_reported_as_file_line(output: str) -> None:
    assert "Traceback" not in output
    for line in output.strip().splitlines():
        assert (PROBLEM_LINE.match(line) or re.fullmatch(r"\d+ problem\(s\) found\.", line)
                or line.startswith("OK: ")), line


def validate(folder: Path) -> str:
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"validate raised {result.exception!r}\n{result.output}")
    assert_reported_as_file_line(result.output)
    return result.output


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file=st.sampled_from(FILES), mutation=st.sampled_from(MUTATIONS),
       pick=st.integers(0, 10_000), odd=st.integers(0, 10_000))
def test_validate_reports_every_mutation_as_file_line_problems(copy_of_content, file, mutation, pick, odd):
    target = copy_of_content / file
    original = target.read_text(encoding="utf-8")
    try:
        target.write_text(mutation(original, pick, odd), encoding="utf-8")
        validate(copy_of_content / file.split("/", 1)[0])
    finally:
        target.write_text(original, encoding="utf-8")


@pytest.mark.parametrize("file, key", [
    ("00-sample/case-study.es.md", "facts"),
    ("00-sample/case-study.en.md", "facts"),
])
def test_a_case_study_without_its_facts_block_is_a_problem_not_a_crash(tmp_path, file, key):
    shutil.copytree(GOOD, tmp_path / "c")
    target = tmp_path / "c" / file
    text = target.read_text(encoding="utf-8")
    keys = list(yaml.safe_load(text.split("---\n")[1]))
    target.write_text(drop_key(text, keys.index(key), 0), encoding="utf-8")
    output = validate(tmp_path / "c")
    assert f"{file}:" in output and "missing field 'facts'" in output
    assert "missing field 'country' in 'facts'" in output


def test_an_item_type_given_as_a_list_is_a_problem_not_a_crash(tmp_path):
    shutil.copytree(GOOD, tmp_path / "c")
    target = tmp_path / "c" / "00-sample" / "case-study.en.md"
    target.write_text(target.read_text(encoding="utf-8").replace("type: case_study", "type: [case_study]", 1),
                      encoding="utf-8")
    output = validate(tmp_path / "c")
    assert "00-sample/case-study.en.md:" in output
