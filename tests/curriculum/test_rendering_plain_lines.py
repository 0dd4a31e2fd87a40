"""The shortcuts of ``render_markdown`` (plain lines and paragraphs of them skip Python-Markdown and nh3; converters
without the patterns and processors a text cannot trigger) give exactly what a full Python-Markdown converter and
nh3 give."""

from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

import curriculum.rendering as rendering
from curriculum.loader import DEFAULT_CONTENT, load_course
from curriculum.rendering import render_inline, render_markdown

FULL = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def full_path(text: str) -> str:
    """What ``render_markdown`` gives without any shortcut (no resolver, no image base)."""
    return rendering._clean(FULL.reset().convert(text))


def shortcut_applies(text: str) -> bool:
    return rendering._is_plain_line(text)


TRICKY = "aZé![](x)`¿¡«»\"' ,.;:?!()/%$×÷–−—…→≈±\u202f\u00a0-_*`[]<>&#|\\~=+₡1\n\t"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=TRICKY, max_size=24))
def test_shortcut_matches_markdown_and_nh3(text):
    full = full_path(text)
    assert render_markdown(text) == full
    one_paragraph = full.startswith("<p>") and full.endswith("</p>") and full.count("<p>") == 1
    assert render_inline(text) == (full[3:-4] if one_paragraph else full)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["word", " ", "\n", "\n\n", "*", "**", "_", "`", "\\", "[a](b)", "![i](p.png)",
                                 "[r]", "[r]: http://x.org", "<b>", "<http://x.org>", "<a@b.org>", "&amp;", "&",
                                 "- ", "1. ", "# ", "> ", "    ", "|", "---", "  \n", "\t", "\r", "  ", "===",
                                 "* * *", "___", "- a\n\n        b", "1. a\n   # b", "`x`", "\\*"]), max_size=14))
def test_converters_without_untriggerable_patterns_match_the_full_converter(parts):
    text = "".join(parts)
    assert rendering._convert(text) == FULL.reset().convert(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["Word", "word", " ", ".", "\n", "\n\n", "\n\n\n", "«¿Qué?»", "1", "-", "*", "_",
                                 "#", ">", "|", "=", "[a](b)", "<b>", "&", "    ", "\t", "\r", "  "]), max_size=16))
def test_plain_paragraphs_match_markdown_and_nh3(parts):
    text = "".join(parts)
    assert render_markdown(text) == full_path(text)


_EMPHASIS_PARTS = ["Word", "word", "é", " ", ".", ",", "\n", "\n\n", "\n\n\n", "«¿Qué?»", "1", "12", "2.", "3)", "-",
                   "+", "=", "₡", "\u202f", "(", "1.700", "2020.", "4)", "*", "**", "***", "*a*", "**b**", "* ", " *",
                   "** ", " **", "_", "`", "#", ">", "|", "[a](b)", "<b>", "&", "    ", "\t", "  "]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_EMPHASIS_PARTS), max_size=18))
def test_paragraphs_with_emphasis_match_markdown_and_nh3(parts):
    text = "".join(parts)
    assert render_markdown(text) == full_path(text)
    full = full_path(text)
    one_paragraph = full.startswith("<p>") and full.endswith("</p>") and full.count("<p>") == 1
    assert render_inline(text) == (full[3:-4] if one_paragraph else full)


def test_emphasis_shortcut_is_taken_for_strong_and_emphasis_spans():
    assert rendering._plain_paragraphs("**Note.** A *small*\nsample = 12 + 3.\n\n*Figures\nchanged.*") == (
        "<p><strong>Note.</strong> A <em>small</em>\nsample = 12 + 3.</p>\n<p><em>Figures\nchanged.</em></p>")
    assert rendering._plain_paragraphs("**1. Look.** 300 households\n1.700 metres\n(2019) 2020.") == (
        "<p><strong>1. Look.</strong> 300 households\n1.700 metres\n(2019) 2020.</p>")
    for text in ("a * b * c", "**a*", "***a***", "**a *b* c**", "*a**b*", "* a", "a *\n\nb*", "** a**", "*a *",
                 "a\n1. b", "2. a", "3) a", "2.", "a\n12.", "3)", "a\n+ b", "a\n= b", "a\n* b"):
        assert rendering._plain_paragraphs(text) is None, text


_LIST_WORDS = ["a", "Bé", "*x*", "**y z**", "1", "2.", "(p)", "=", "+", "*", "**", "-", "1.700", "«¿r?»", "_", "`"]
_LINE = st.lists(st.sampled_from(_LIST_WORDS), min_size=1, max_size=4).map(" ".join) | st.sampled_from(
    ["", " a", "a ", "a  b", "*a\nb*"])
_MARKER = st.sampled_from(["- ", "- ", "1. ", "1. ", "2. ", "* ", "+ ", "10. "])
_INDENT = st.sampled_from(["  ", "   ", " ", "    ", "", "\t"])
_ITEM = st.tuples(_MARKER, _LINE, st.lists(st.tuples(_INDENT, _LINE), max_size=2)).map(
    lambda t: "\n".join([t[0] + t[1], *(indent + line for indent, line in t[2])]))
_BLOCK = st.lists(_LINE, min_size=1, max_size=3).map("\n".join) | st.lists(_ITEM, min_size=1, max_size=4).map(
    "\n".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(_BLOCK, min_size=1, max_size=4), st.sampled_from(["\n\n", "\n\n", "\n", "\n\n\n"]))
def test_lists_and_paragraphs_match_markdown_and_nh3(blocks, separator):
    text = separator.join(blocks)
    assert render_markdown(text) == full_path(text)


def test_list_shortcut_is_taken_for_tight_lists():
    text = "Steps:\n\n- one *a*\n- two\n  lines\n\nThen:\n\n1. first\n2. **second**\n   more"
    assert rendering._plain_paragraphs(text) == (
        "<p>Steps:</p>\n<ul>\n<li>one <em>a</em></li>\n<li>two\n  lines</li>\n</ul>\n<p>Then:</p>\n"
        "<ol>\n<li>first</li>\n<li><strong>second</strong>\n   more</li>\n</ol>")
    for text in ("- a\n\n- b", "2. a", "- a\n   b", "- a\nb", "- a\n1. b", "1. a\n- b", "- a\n  - b", "* a",
                 "10. a", "- a\n\n1. b", "- a  b", "-  a"):
        assert rendering._plain_paragraphs(text) is None, text


def test_plain_paragraphs_shortcut_is_taken_for_prose_paragraphs():
    assert rendering._plain_paragraphs("First line\nsecond line.\n\nAnother «one».") == (
        "<p>First line\nsecond line.</p>\n<p>Another «one».</p>")
    for text in ("a\n- b", "a\n\n\nb", "a\n1. b", "a\n===", "a \nb", "\na", "a\n", "a\n\n"):
        assert rendering._plain_paragraphs(text) is None, text


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
    for module in course.modules:
        for language in course.languages:
            variant = module.variant(language, course.source_language)
            texts.update([variant.title, variant.description])
            for item_id in module.item_ids:
                item = module.item(item_id, language, course.source_language)
                texts.update(value for value in vars(item).values() if isinstance(value, str))
    plain = [text for text in texts if text and shortcut_applies(text)]
    assert len(plain) > 100  # the shortcut matters for the shipped curriculum
    for text in texts:
        assert render_markdown(text) == full_path(text), text
