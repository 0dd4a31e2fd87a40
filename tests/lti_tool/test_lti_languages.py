"""The tool's interface languages default to the core's one list (curriculum/terms.py), which the Open edX blocks
offer too, and each has the tool's catalogue. Would fail if the tool kept a list of its own again."""

from __future__ import annotations

from pathlib import Path

import lti_tool
from curriculum.terms import LANGUAGES
from lti_tool.config import DEFAULTS


def test_the_tool_speaks_the_cores_interface_languages_each_with_a_catalogue():
    assert DEFAULTS["LANGUAGES"] == LANGUAGES
    for language in LANGUAGES:
        if language != "en":
            assert (Path(lti_tool.__file__).parent / "translations" / language / "LC_MESSAGES" / "messages.po"
                    ).is_file(), language
