"""The export's shortcuts and caches (page bodies, Markdown per content hash, plain lines, pruned converters)
change no byte: every package equals the one built with nothing cached and every text through one full
Python-Markdown converter and nh3."""

from __future__ import annotations

import hashlib
import re

import pytest

from curriculum import rendering
from scorm_export import export_scorm
from scorm_export.pages import clear_page_cache


def _digests(course) -> dict[str, str]:
    found = {}
    for version in ("1.2", "2004"):
        for language in course.languages:
            for scope in ("all", "course"):
                for package in export_scorm(course, version, scope, language=language):
                    found[package.filename] = hashlib.sha256(package.data).hexdigest()
    return found


def _uncached(course, monkeypatch) -> dict[str, str]:
    """Every package built from scratch: caches emptied before each export, no plain-line or emphasis shortcut, one
    full Python-Markdown converter."""
    with monkeypatch.context() as patch:
        patch.setattr(rendering, "_PLAIN_LINE", re.compile(r"(?!)"))
        patch.setattr(rendering, "_EMPHASIS_LINE", re.compile(r"(?!)"))
        for triggers in ("_INLINE_TRIGGERS", "_BLOCK_TRIGGERS", "_PREPROCESSOR_TRIGGERS", "_TREEPROCESSOR_TRIGGERS"):
            patch.setattr(rendering, triggers, {})
        original = export_scorm

        def fresh(*args, **kwargs):
            rendering.clear_caches()
            clear_page_cache()
            return original(*args, **kwargs)

        found = {}
        for version in ("1.2", "2004"):
            for language in course.languages:
                for scope in ("all", "course"):
                    for package in fresh(course, version, scope, language=language):
                        found[package.filename] = hashlib.sha256(package.data).hexdigest()
    rendering.clear_caches()
    clear_page_cache()
    return found


@pytest.mark.parametrize("which", ["two_module_course", "real_course"])
def test_every_package_is_byte_identical_to_the_uncached_export(which, request, monkeypatch):
    course = request.getfixturevalue(which)
    if course is None:
        pytest.skip("the shipped curriculum has no modules yet")
    reference = _uncached(course, monkeypatch)
    cold = _digests(course)
    warm = _digests(course)
    assert len(reference) == 2 * len(course.languages) * (len(course.modules) + 1)
    assert cold == reference
    assert warm == reference
