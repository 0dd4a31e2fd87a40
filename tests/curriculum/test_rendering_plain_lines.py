"""The plain-line shortcut of ``render_markdown`` gives exactly what Python-Markdown and nh3 give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import curriculum.rendering as rendering
from curriculum.loader import DEFAULT_CONTENT, load_course
from curriculum.rendering import render_markdown


def full_path(text: str) -> str:
    """What ``render_markdown`` gives without the shortcut (no resolver, no image base)."""
    return rendering._clean(rendering._convert(text))


def shortcut_applies(text: str) -> bool:
    return bool(rendering._PLAIN_LINE.fullmatch(text)) and "  " not in text


TRICKY = "aZé¿¡«»\"' ,.;:?!()/%$×÷–−—…→≈±\u202f\u00a0-_*`[]<>&#|\\~=+1\n\t"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=TRICKY, max_size=24))
def test_shortcut_matches_markdown_and_nh3(text):
    assert render_markdown(text) == full_path(text)


def test_shortcut_is_taken_for_prose_and_not_for_markup():
    assert shortcut_applies("¿Qué hizo el equipo «después»? Cost ÷ members ≈ 30 (about S/ 30).")
    for text in ("**bold**", "a_b", "1. list", "- item", "# title", "a <b>", "a & b", "a\nb", "a ", "a  b",
                 "[link](x)", "a | b", "\u00a0a"):
        assert not shortcut_applies(text), text


def test_every_curriculum_line_renders_as_before():
    course = load_course(DEFAULT_CONTENT)
    texts = set()
    for module in course.modules:
        for language in course.languages:
            for item_id in module.item_ids:
                item = module.item(item_id, language, course.source_language)
                for question in getattr(item, "questions", []) or []:
                    texts.update([question.prompt, question.explanation])
                    texts.update(o.feedback for o in getattr(question, "options", []) or [])
                    texts.update(o.text for o in getattr(question, "options", []) or [] if hasattr(o, "text"))
    plain = [text for text in texts if text and shortcut_applies(text)]
    assert len(plain) > 100  # the shortcut matters for the shipped curriculum
    for text in plain:
        assert render_markdown(text) == full_path(text), text
