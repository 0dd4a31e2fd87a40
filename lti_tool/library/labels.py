"""What the library says to people about its states and refusals, in their language: the workflow's states, a Cup
round's states, and why a transition or a translation was refused (the core gives a code; this is the wording)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from curriculum.experiences.translation import TranslationRefused
from curriculum.experiences.workflow import TransitionRefused

STATUS_LABELS = {
    "draft": _l("draft"),
    "submitted": _l("submitted, with the editors"),
    "returned": _l("returned to you with comments"),
    "reviewed": _l("reviewed, waiting for publication"),
    "published": _l("published in the library"),
    "withdrawn": _l("withdrawn"),
}
ROUND_STATUS_LABELS = {
    "open": _l("open"),
    "confirmed": _l("results confirmed"),
}
TRANSITION_REFUSALS = {
    "state": _l("That is not a step an experience can take."),
    "path": _l("The experience cannot take that step from where it is now."),
    "role": _l("You may not take that step for this experience."),
    "comment": _l("Say what the author should change: a comment is required."),
    "original-first": _l("Publish the original first: a translation is published after it."),
}
TRANSLATION_REFUSALS = {
    "language": _l("Choose one of the languages offered for the translation."),
    "same-language": _l("The experience is already written in that language: choose another one."),
    "exists": _l("There is already a translation into that language."),
    "not-original": _l("Translate the original experience, not one of its translations."),
    "role": _l("Only the experience's author or a library editor may translate it."),
    "status": _l("An experience can be translated once it has been submitted."),
}


def status_label(status: str) -> str:
    """A workflow state as a person reads it (an unknown one as it is stored)."""
    return str(STATUS_LABELS.get(status, status))


def round_status_label(status: str) -> str:
    """A Cup round's state as a person reads it."""
    return str(ROUND_STATUS_LABELS.get(status, status))


def refusal(exc: TransitionRefused | TranslationRefused) -> str:
    """Why a transition or a translation was refused, in the reader's language."""
    table = TRANSITION_REFUSALS if isinstance(exc, TransitionRefused) else TRANSLATION_REFUSALS
    return str(table.get(exc.code, exc))
