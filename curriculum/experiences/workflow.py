"""The review workflow of a contributed experience, after WOCAT's QCAT: who may move it from which state to which.

draft → submitted → (returned with comments → submitted …) → reviewed → published; the author may withdraw it at any
time before it is published. Pure rules: channels store the experience and record each transition with who and when.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    REVIEWED = "reviewed"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class Role(StrEnum):
    AUTHOR = "author"  # the compiler, in QCAT's words
    EDITOR = "editor"  # reviews, returns, publishes


class TransitionRefused(ValueError):
    """A transition the rules do not allow for this role from this state; ``code`` says why (``state``, ``path``,
    ``role``, ``comment``, ``original-first``) for a channel to say it in the reader's language."""

    def __init__(self, message: str, code: str = "path") -> None:
        super().__init__(message)
        self.code = code


# (from, to) → roles allowed to make it
TRANSITIONS: dict[tuple[Status, Status], frozenset[Role]] = {
    (Status.DRAFT, Status.SUBMITTED): frozenset({Role.AUTHOR}),
    (Status.RETURNED, Status.SUBMITTED): frozenset({Role.AUTHOR}),
    (Status.SUBMITTED, Status.RETURNED): frozenset({Role.EDITOR}),
    (Status.SUBMITTED, Status.REVIEWED): frozenset({Role.EDITOR}),
    (Status.REVIEWED, Status.RETURNED): frozenset({Role.EDITOR}),
    (Status.REVIEWED, Status.PUBLISHED): frozenset({Role.EDITOR}),
    (Status.DRAFT, Status.WITHDRAWN): frozenset({Role.AUTHOR}),
    (Status.SUBMITTED, Status.WITHDRAWN): frozenset({Role.AUTHOR}),
    (Status.RETURNED, Status.WITHDRAWN): frozenset({Role.AUTHOR}),
    (Status.REVIEWED, Status.WITHDRAWN): frozenset({Role.AUTHOR}),
}
# The author may edit the text only in these states (a new version is kept at each submission).
EDITABLE: frozenset[Status] = frozenset({Status.DRAFT, Status.RETURNED})
# Transitions that need a comment for the author.
NEEDS_COMMENT: frozenset[tuple[Status, Status]] = frozenset({(Status.SUBMITTED, Status.RETURNED),
                                                             (Status.REVIEWED, Status.RETURNED)})


def check_transition(current: str, target: str, roles: set[Role] | frozenset[Role], comment: str = "") -> None:
    """Raise :class:`TransitionRefused` unless one of ``roles`` may move an experience from ``current`` to
    ``target``."""
    try:
        pair = (Status(current), Status(target))
    except ValueError as exc:
        raise TransitionRefused(f"unknown state: {exc}", "state") from exc
    allowed = TRANSITIONS.get(pair)
    if allowed is None:
        raise TransitionRefused(f"an experience cannot go from {current} to {target}", "path")
    if not allowed & set(roles):
        who = " or ".join(sorted(allowed))
        raise TransitionRefused(f"only the {who} may move it from {current} to {target}", "role")
    if pair in NEEDS_COMMENT and not comment.strip():
        raise TransitionRefused("say what the author should change: a comment is required", "comment")


def next_steps(current: str, roles: set[Role] | frozenset[Role]) -> list[Status]:
    """The states these roles may move an experience to from ``current``."""
    return [to for (frm, to), allowed in TRANSITIONS.items() if frm == current and allowed & set(roles)]
