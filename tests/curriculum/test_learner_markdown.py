"""Learner-written Markdown renders in linear time, whatever it holds, and comes out as safe, bounded HTML.

The time figure lives in ``benchmarks/learner_markdown.py``; here the 100,000-character adversarial inputs must all
render in a child process within a generous 20 seconds (about 2 s on a busy machine), which a renderer that grows
with the square of its input cannot do (8,000 ``[`` took 27 s before).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from curriculum.rendering import (
    MAX_LEARNER_NESTING,
    LearnerTextTooLong,
    check_learner_text,
    render_learner_markdown,
)

from .adversarial_markdown import ADVERSARIAL, SIZE

ROOT = Path(__file__).resolve().parents[2]
RENDER_ALL = """
from curriculum.rendering import render_learner_markdown
from tests.curriculum.adversarial_markdown import ADVERSARIAL
for name, text in ADVERSARIAL.items():
    print(name, len(text), len(render_learner_markdown(text)), flush=True)
"""


def test_every_adversarial_input_renders_within_a_generous_time_limit():
    done = subprocess.run([sys.executable, "-c", RENDER_ALL], cwd=ROOT, capture_output=True, text=True, timeout=20)
    assert done.returncode == 0, done.stderr
    rendered = {line.rsplit(" ", 2)[0]: (int(line.rsplit(" ", 2)[1]), int(line.rsplit(" ", 2)[2]))
                for line in done.stdout.splitlines()}
    assert set(rendered) == set(ADVERSARIAL)
    for name, (size, html_size) in rendered.items():
        assert size >= SIZE * 0.95, name
        assert html_size <= 20 * size, f"{name}: {html_size} characters of HTML from {size}"


@pytest.mark.parametrize("name", ["nested quotes", "quote-list ladder", "nested lists"])
def test_deep_nesting_is_flattened(name):
    html = render_learner_markdown(ADVERSARIAL[name])
    depth = deepest = 0
    for token in html.split("<")[1:]:
        if token.startswith("/"):
            depth -= 1
        elif not token.startswith(("br", "hr", "img", "!")):
            depth += 1
            deepest = max(deepest, depth)
    assert deepest <= MAX_LEARNER_NESTING + 1


@pytest.mark.parametrize("dangerous", [
    "<script>alert(1)</script>",
    '<img src="x.png" alt="x" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    '<p onclick="alert(1)">hi</p>',
    '<iframe src="https://example.org"></iframe>',
    '<svg onload="alert(1)"></svg>',
    "[x](JaVaScRiPt:alert(1))",
    "<style>body{display:none}</style>",
])
def test_nothing_that_runs_survives_in_learner_text(dangerous):
    html = render_learner_markdown(f"Text before.\n\n{dangerous}\n\nText after.").lower()
    for marker in ("<script", "onerror", "onclick", "onload", "javascript:", "<iframe", "<style", "<svg"):
        assert marker not in html
    assert "text before." in html and "text after." in html


def test_learner_formatting_survives():
    html = render_learner_markdown("## Plan\n\n**bold**, _it_, ~~old~~ and a < b\n\n- one\n- two\n\n"
                                   "| a | b |\n|---|---|\n| 1 | 2 |\n\n[FAO](https://www.fao.org)")
    assert "<h2>Plan</h2>" in html and "<strong>bold</strong>" in html and "<em>it</em>" in html
    assert "<del>old</del>" in html and "a &lt; b" in html
    assert "<li>one</li>" in html and "<td>1</td>" in html
    assert 'href="https://www.fao.org"' in html and 'rel="noopener noreferrer"' in html


def test_text_over_the_cap_is_refused_not_cut():
    assert check_learner_text("a" * 50_000) == "a" * 50_000
    with pytest.raises(LearnerTextTooLong) as refused:
        check_learner_text("a" * 50_001)
    assert (refused.value.length, refused.value.limit) == (50_001, 50_000)
    with pytest.raises(LearnerTextTooLong):
        check_learner_text("a" * 11, max_chars=10)
