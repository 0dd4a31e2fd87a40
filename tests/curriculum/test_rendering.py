"""Markdown renders to HTML that keeps formatting and loses anything that could run."""

from __future__ import annotations

import pytest

from curriculum.rendering import render_inline, render_markdown, sanitise_html


@pytest.mark.parametrize("dangerous", [
    "<script>alert(1)</script>",
    '<img src="x.png" alt="x" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    '<p onclick="alert(1)">hi</p>',
    '<iframe src="https://example.org"></iframe>',
    '<svg onload="alert(1)"></svg>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<style>body{display:none}</style>',
])
def test_nothing_that_runs_survives(dangerous):
    html = render_markdown(f"Text before.\n\n{dangerous}\n\nText after.").lower()
    for marker in ("<script", "onerror", "onclick", "onload", "javascript:", "<iframe", "<style", "<svg"):
        assert marker not in html
    assert "text before." in html and "text after." in html


def test_formatting_survives():
    html = render_markdown("## Title\n\n**bold** and *it*\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<h2>Title</h2>" in html
    assert "<strong>bold</strong>" in html and "<em>it</em>" in html
    assert "<li>one</li>" in html
    assert "<td>1</td>" in html


def test_links_get_safe_rel_and_keep_http_targets():
    html = render_markdown("[FAO](https://www.fao.org)")
    assert 'href="https://www.fao.org"' in html and 'rel="noopener noreferrer"' in html


def test_internal_links_go_through_the_channel_resolver():
    html = render_markdown("See [the case](item:governance.case) and [module](module:governance).",
                           link_resolver=lambda kind, ident: f"/{kind}/{ident}")
    assert 'href="/item/governance.case"' in html and 'href="/module/governance"' in html


def test_internal_links_without_a_resolver_become_text():
    html = render_markdown("See [the case](item:governance.case).")
    assert "item:" not in html and "the case" in html


def test_relative_images_are_based_and_keep_alt_text():
    html = render_markdown("![A chart of yields](chart.svg)", image_base="/static/content/governance")
    assert 'src="/static/content/governance/chart.svg"' in html and 'alt="A chart of yields"' in html


def test_learner_html_is_sanitised_too():
    assert sanitise_html('<b>ok</b><script>x()</script>') == "<b>ok</b>"


def test_inline_rendering_drops_the_paragraph():
    assert render_inline("a **b**") == "a <strong>b</strong>"


def test_a_text_is_converted_once_however_often_it_is_shown(monkeypatch):
    from curriculum import rendering

    calls = []
    convert = rendering._convert
    monkeypatch.setattr(rendering, "_convert", lambda text: calls.append(text) or convert(text))
    rendering.clear_caches()
    text = "A *text* shown by every channel, [a link](item:sample.case)."
    first = [render_markdown(text, lambda kind, target: f"/x/{target}") for _ in range(3)]
    plain = render_markdown(text)
    assert calls == [text]
    assert first[0] == first[1] == first[2] and 'href="/x/sample.case"' in first[0]
    assert "href" not in plain  # the cache holds the Markdown, never one channel's links
    render_markdown(text + " Changed.")
    assert len(calls) == 2


def test_the_rendering_cache_stays_within_its_budget():
    from curriculum.rendering import ContentCache

    cache = ContentCache(budget=100, largest=50)
    for n in range(20):
        assert cache.get_or_make(f"text {n:02d}", lambda t: t.upper() + "-" * 10) == f"TEXT {n:02d}" + "-" * 10
    assert cache.size <= 100 and len(cache) == cache.size // 17
    made = []
    long_text = "x" * 51
    cache.get_or_make(long_text, lambda t: made.append(t) or t)
    cache.get_or_make(long_text, lambda t: made.append(t) or t)
    assert made == [long_text, long_text]  # too long to keep: made each time, never cached
