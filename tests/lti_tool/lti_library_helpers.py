"""Helpers for the library tests: users, the El Progreso experience (the curriculum fixture) and the workflow."""

from __future__ import annotations

from pathlib import Path

import yaml

from curriculum.experiences.workflow import Role
from lti_tool.extensions import db
from lti_tool.library import experiences
from lti_tool.models import LtiUser, Platform

EXPERIENCE = Path(__file__).parents[1] / "curriculum" / "fixtures" / "experiences" / "el-progreso.en.yaml"


def el_progreso(**changes) -> dict:
    data = yaml.safe_load(EXPERIENCE.read_text(encoding="utf-8"))
    data.update(changes)
    return data


def user(sub: str, name: str = "", email: str = "") -> LtiUser:
    platform = db.session.query(Platform).first()
    if platform is None:
        platform = Platform(issuer="https://lms.example", client_id="c1", auth_login_url="https://lms.example/a")
        db.session.add(platform)
        db.session.flush()
    row = LtiUser(platform_id=platform.id, sub=sub, name=name or sub, email=email or f"{sub}@example.org")
    db.session.add(row)
    db.session.flush()
    return row


def author_actor(row: LtiUser) -> experiences.Actor:
    return experiences.Actor(row.id, row.name, frozenset({Role.AUTHOR}))


def editor_actor(row: LtiUser) -> experiences.Actor:
    return experiences.Actor(row.id, row.name, frozenset({Role.EDITOR}))


def published_experience(**changes) -> int:
    """An experience taken through the whole workflow to 'published'; returns its id. Caller is in app context."""
    author, editor = user(f"author-{changes.get('title', 'x')[:20]}"), user(f"editor-{changes.get('title', 'y')[:20]}")
    row = experiences.start(author.id, None, "en", el_progreso(**changes))
    experiences.move(row, "submitted", author_actor(author))
    experiences.move(row, "reviewed", editor_actor(editor))
    experiences.move(row, "published", editor_actor(editor))
    db.session.commit()
    return row.id
