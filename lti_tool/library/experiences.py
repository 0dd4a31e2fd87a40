"""Experiences in the tool: drafts saved as the author writes, submissions checked by the core's validator, every
transition checked against the core's workflow and recorded with who and when, versions kept."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import force_locale, get_translations
from sqlalchemy import select

from curriculum.experiences.casefile import case_file_name, case_file_text, item_id_for
from curriculum.experiences.model import LANGUAGES, Experience
from curriculum.experiences.translation import TranslationRefused, inherit, start_translation
from curriculum.experiences.validation import FieldProblem, validate_experience
from curriculum.experiences.workflow import EDITABLE, Role, Status, TransitionRefused, check_transition
from curriculum.rendering import render_learner_markdown

from ..extensions import db
from ..models import Context, Membership, utcnow
from ..services.curriculum import base_course
from .models import LibraryEditor, LibraryExperience, LibraryTransition, LibraryVersion

# Experiences are written by learners: every library page renders their Markdown through the core's linear-time
# learner renderer (re-exported here for the library's views and templates).
__all__ = ["TranslationRefused", "render_learner_markdown"]


class NotEditable(ValueError):
    """The experience is with the editors (or published, or withdrawn): the author cannot change it now."""


class NotReady(ValueError):
    """The experience has validation problems and cannot be submitted."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass(frozen=True)
class Actor:
    """Who acts, in which roles (the author of this experience, a library editor)."""

    user_id: int | None
    label: str
    roles: frozenset[Role] = field(default_factory=frozenset)


def slug_of(row: LibraryExperience) -> str:
    """The experience's stable name in the curriculum: ``exp-<id>`` (a translation shares its original's)."""
    return f"exp-{row.translation_of_id or row.id}"


def original_of(row: LibraryExperience) -> LibraryExperience | None:
    """The experience a translation translates (None for an original)."""
    return db.session.get(LibraryExperience, row.translation_of_id) if row.translation_of_id else None


def translations_of(row: LibraryExperience, include_withdrawn: bool = False) -> list[LibraryExperience]:
    """The translations of an original, by language."""
    statement = select(LibraryExperience).where(LibraryExperience.translation_of_id == row.id)
    if not include_withdrawn:
        statement = statement.where(LibraryExperience.status != Status.WITHDRAWN.value)
    return db.session.scalars(statement.order_by(LibraryExperience.language, LibraryExperience.id)).all()


def translations_by(author_id: int | None) -> list[LibraryExperience]:
    """The translations someone is writing (or wrote), newest first."""
    if author_id is None:
        return []
    return db.session.scalars(select(LibraryExperience).where(
        LibraryExperience.author_id == author_id, LibraryExperience.translation_of_id.is_not(None),
        LibraryExperience.status != Status.WITHDRAWN.value).order_by(LibraryExperience.id.desc())).all()


def item_id_of(row: LibraryExperience) -> str:
    return item_id_for(slug_of(row))


def experience_of(row: LibraryExperience) -> Experience:
    return Experience.from_dict(row.payload())


def is_editor(user_id: int | None) -> bool:
    """A library editor: named by hand, or an instructor in one of the library's editorial contexts."""
    if user_id is None:
        return False
    if db.session.scalar(select(LibraryEditor.id).filter_by(user_id=user_id)) is not None:
        return True
    contexts = editorial_contexts()
    if not contexts:
        return False
    found = db.session.scalar(
        select(Membership.id).join(Context, Context.id == Membership.context_id)
        .where(Membership.user_id == user_id, Membership.role == "instructor", Context.context_id.in_(contexts)))
    return found is not None


def is_course_instructor(user_id: int | None, context_id: int | None) -> bool:
    """Whether the user is (still) an instructor of this course, by the tool's membership record."""
    if user_id is None or context_id is None:
        return False
    return db.session.scalar(select(Membership.id).where(Membership.user_id == user_id,
                                                         Membership.context_id == context_id,
                                                         Membership.role == "instructor")) is not None


def editorial_contexts() -> tuple[str, ...]:
    raw = current_app.config.get("LIBRARY_EDITORIAL_CONTEXTS") or ()
    if isinstance(raw, str):
        raw = raw.split(",")
    return tuple(c.strip() for c in raw if c.strip())


def roles_for(row: LibraryExperience, user_id: int | None) -> frozenset[Role]:
    roles = set()
    if user_id is not None and row.author_id == user_id:
        roles.add(Role.AUTHOR)
    if is_editor(user_id):
        roles.add(Role.EDITOR)
    return frozenset(roles)


def _copy_facts(row: LibraryExperience, exp: Experience) -> None:
    row.language, row.title, row.organisation = exp.language, exp.title[:512], exp.organisation[:255]
    row.country = str(exp.facts.get("country", ""))[:128]
    row.commodity = str(exp.facts.get("commodity", ""))[:128]
    row.organisation_type = str(exp.facts.get("organisation_type", ""))[:128]
    row.maturity = str(exp.facts.get("maturity", ""))[:64]
    row.competency_area = exp.competency_area[:64]
    row.public = exp.publishable
    row.search_text = exp.search_text()


def start(author_id: int | None, resource_link_id: int | None, language: str,
          prefill: dict[str, Any] | None = None) -> LibraryExperience:
    """A new draft for this author (optionally pre-filled). Caller commits."""
    exp = Experience.from_dict({"language": language, **(prefill or {})})
    row = LibraryExperience(author_id=author_id, resource_link_id=resource_link_id, status=Status.DRAFT.value,
                            data=json.dumps(exp.to_dict(), ensure_ascii=False))
    _copy_facts(row, exp)
    db.session.add(row)
    db.session.flush()
    return row


def current_draft(author_id: int, resource_link_id: int | None) -> LibraryExperience | None:
    """The author's experience on this link that is not withdrawn, the newest first (translations aside)."""
    return db.session.scalars(
        select(LibraryExperience).where(LibraryExperience.author_id == author_id,
                                        LibraryExperience.resource_link_id == resource_link_id,
                                        LibraryExperience.translation_of_id.is_(None),
                                        LibraryExperience.status != Status.WITHDRAWN.value)
        .order_by(LibraryExperience.id.desc())).first()


def save(row: LibraryExperience, changes: dict[str, Any]) -> Experience:
    """Merge the form's answers into the draft (only while the author may edit it). Caller commits."""
    if row.status not in EDITABLE:
        raise NotEditable(row.status)
    data = row.payload()
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    exp = Experience.from_dict(data)
    original = original_of(row)
    if original is not None:  # the language stays, consent and licence are the original's
        exp = inherit(exp, experience_of(original), row.language)
    row.data = json.dumps(exp.to_dict(), ensure_ascii=False)
    row.updated_at = utcnow()
    _copy_facts(row, exp)
    return exp


def add_translation(original: LibraryExperience, language: str, actor: Actor,
                    resource_link_id: int | None = None) -> LibraryExperience:
    """A translation of ``original`` into ``language``, started from it (same figures, text to translate), written
    by the actor: the original's author or a library editor. Caller commits."""
    if original.translation_of_id is not None:
        raise TranslationRefused("translate the original, not a translation", "not-original")
    if not {Role.AUTHOR, Role.EDITOR} & set(actor.roles):
        raise TranslationRefused("only the experience's author or a library editor may translate it", "role")
    if original.status in (Status.DRAFT.value, Status.WITHDRAWN.value):
        raise TranslationRefused("an experience is translated once it has been submitted", "status")
    if any(t.language == language for t in translations_of(original)):
        raise TranslationRefused(f"there is already a translation into {language}", "exists")
    exp = start_translation(experience_of(original), language)
    row = LibraryExperience(author_id=actor.user_id, resource_link_id=resource_link_id, status=Status.DRAFT.value,
                            translation_of_id=original.id, data=json.dumps(exp.to_dict(), ensure_ascii=False))
    _copy_facts(row, exp)
    db.session.add(row)
    db.session.flush()
    return row


def problems_of(row: LibraryExperience) -> list[FieldProblem]:
    """What keeps the experience from being submitted, checked against the curriculum it cites: its validation
    problems per field, in its author's language (the core's messages translated by the tool's catalogue)."""
    exp = experience_of(row)
    original = original_of(row)
    return validate_experience(exp, base_course(), original=experience_of(original) if original is not None else None,
                               gettext=_gettext_in(exp.language if exp.language in LANGUAGES else "en"))


def _gettext_in(language: str) -> Callable[[str], str]:
    """The tool's catalogue in ``language`` (the author's, whatever the interface's), as a plain gettext."""
    with force_locale(language):
        translations = get_translations()
    return translations.gettext


def move(row: LibraryExperience, target: str, actor: Actor, comment: str = "") -> None:
    """Make a transition if the workflow allows it for the actor's roles; record it. Caller commits.

    Submitting keeps a new version and needs an experience without validation problems.
    """
    check_transition(row.status, target, actor.roles, comment)
    original = original_of(row)
    if original is not None:
        if target == Status.PUBLISHED.value and original.status != Status.PUBLISHED.value:
            raise TransitionRefused("publish the original first: a translation is published after it",
                                    "original-first")
        exp = inherit(experience_of(row), experience_of(original), row.language)  # consent as the original's now
        row.data = json.dumps(exp.to_dict(), ensure_ascii=False)
        _copy_facts(row, exp)
    if target == Status.SUBMITTED.value:
        problems = problems_of(row)
        if problems:
            raise NotReady(problems)
        row.version += 1
        db.session.add(LibraryVersion(experience_id=row.id, number=row.version, data=row.data))
    if target == Status.RETURNED.value:
        row.editor_comment = comment.strip()
    if target == Status.PUBLISHED.value:
        row.published_at = utcnow()
    role = Role.EDITOR if Role.EDITOR in actor.roles and target not in (Status.SUBMITTED, Status.WITHDRAWN) \
        else Role.AUTHOR
    db.session.add(LibraryTransition(experience_id=row.id, from_status=row.status, to_status=target,
                                     actor_id=actor.user_id, actor_label=actor.label[:255], role=role.value,
                                     comment=comment.strip()))
    row.status = target
    row.updated_at = utcnow()


def history(row: LibraryExperience) -> list[LibraryTransition]:
    return db.session.scalars(select(LibraryTransition).filter_by(experience_id=row.id)
                              .order_by(LibraryTransition.id)).all()


def exportable(row: LibraryExperience) -> bool:
    """Only published experiences whose authors consented, and never "jury only" ones, leave the tool (a
    translation with its original)."""
    if row.status != Status.PUBLISHED.value or not experience_of(row).publishable:
        return False
    original = original_of(row)
    return original is None or exportable(original)


def case_file(row: LibraryExperience) -> tuple[str, str]:
    """(file name, text) of the experience as a curriculum case-study file; a translation is its original's item in
    another language (same id and version, so the curriculum reads them as two language variants)."""
    item_id = item_id_of(row)
    exp = experience_of(row)
    original = original_of(row)
    version = (original or row).version
    return case_file_name(item_id, exp.language), case_file_text(exp, item_id, version=max(1, version))


def check_case(row: LibraryExperience):
    """(case study or None, validator problems, case file text) for the experience as it stands."""
    from curriculum.experiences.validation import check_experience

    return check_experience(experience_of(row), slug=slug_of(row))
