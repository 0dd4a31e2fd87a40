"""Fixtures for the curriculum tests: the small sample course, and a way to break one of its files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from curriculum.loader import check_course, load_course

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good"


@pytest.fixture(scope="session")
def sample_course():
    return load_course(GOOD)


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A writable copy of the sample course; ``content.problems()`` validates it."""
    root = tmp_path / "content"
    shutil.copytree(GOOD, root)
    monkeypatch.chdir(tmp_path)

    class Content:
        path = root

        @staticmethod
        def edit(relative: str, old: str, new: str) -> None:
            file = root / relative
            text = file.read_text(encoding="utf-8")
            assert old in text, f"{old!r} not in {relative}"
            file.write_text(text.replace(old, new, 1), encoding="utf-8")

        @staticmethod
        def write(relative: str, text: str) -> None:
            (root / relative).write_text(text, encoding="utf-8")

        @staticmethod
        def problems() -> list[str]:
            return [str(p) for p in check_course(root)[1]]

        @staticmethod
        def line_of(relative: str, needle: str) -> int:
            lines = (root / relative).read_text(encoding="utf-8").splitlines()
            return next(i for i, line in enumerate(lines, start=1) if needle in line)

    return Content()
