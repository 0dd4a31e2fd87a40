"""The experience workflow (after QCAT): each transition allowed only to its role, comments required to return."""

from __future__ import annotations

import pytest

from curriculum.experiences.workflow import Role, TransitionRefused, check_transition, next_steps

AUTHOR, EDITOR = frozenset({Role.AUTHOR}), frozenset({Role.EDITOR})


@pytest.mark.parametrize("current, target, roles", [
    ("draft", "submitted", AUTHOR), ("submitted", "returned", EDITOR), ("returned", "submitted", AUTHOR),
    ("submitted", "reviewed", EDITOR), ("reviewed", "published", EDITOR), ("submitted", "withdrawn", AUTHOR),
])
def test_the_allowed_transitions(current, target, roles):
    check_transition(current, target, roles, comment="please add sources")


@pytest.mark.parametrize("current, target, roles", [
    ("draft", "submitted", EDITOR),  # editors do not submit for authors
    ("submitted", "published", EDITOR),  # publishing needs a review first
    ("submitted", "reviewed", AUTHOR),  # authors do not review themselves
    ("reviewed", "published", AUTHOR),
    ("published", "withdrawn", AUTHOR),  # once published, withdrawing goes through the editors
    ("published", "draft", EDITOR | AUTHOR),
])
def test_refused_transitions(current, target, roles):
    with pytest.raises(TransitionRefused):
        check_transition(current, target, roles, comment="x")


def test_returning_needs_a_comment_for_the_author():
    with pytest.raises(TransitionRefused, match="comment"):
        check_transition("submitted", "returned", EDITOR, comment="  ")


def test_next_steps_per_role():
    assert set(next_steps("submitted", EDITOR)) == {"returned", "reviewed"}
    assert next_steps("submitted", AUTHOR) == ["withdrawn"]
