"""The pages' templates escape their output with ``output_escape``, which must give exactly what
``markupsafe.escape`` gives for every kind of value (the bytes of every package depend on it)."""

from __future__ import annotations

from enum import StrEnum

import pytest
from markupsafe import Markup, escape

from scorm_export import pages


class _Kind(StrEnum):
    A = "a<b"


class _Html:
    def __html__(self) -> str:
        return "<b>safe</b>"


class _Text(str):
    pass


VALUES = ["", "plain", "a & b < c > d ' e \" f", "&amp; already", "ünïcödé — ✓ <\u2028>", Markup("<em>x</em> &"),
          Markup(""), 0, 3, -2.5, None, True, _Kind.A, _Html(), _Text("<x>"), ["<", "&"]]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_the_same_as_markupsafe(value):
    ours, theirs = pages.output_escape(value), escape(value)
    assert type(ours) is Markup
    assert str(ours) == str(theirs)


def test_every_template_escapes_with_it():
    for name in ("module.html", "module_body.html", "self_assessment_part.html"):
        template = pages._env.get_template(name)
        assert template.root_render_func.__globals__["escape"] is pages.output_escape


def test_a_hostile_value_is_escaped_and_markup_is_not():
    from scorm_export.strings import ui_strings

    html = pages._env.get_template("module.html").render(
        body=Markup("<main>kept</main>"), t=pages._Strings(ui_strings("en")), data_json=Markup("{}"),
        licence="<script>alert('x')</script> & \"q\"", next_title="")
    assert "<main>kept</main>" in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;q&#34;" in html
    assert "<script>alert" not in html
