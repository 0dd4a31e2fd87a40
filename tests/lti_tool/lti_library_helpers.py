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


SHARE = {"fieldschool_item": "library-share"}


def launch_share(world, sub: str, *, instructor: bool = False, course: str = "course-1", link: str = "share-1",
                 name: str | None = None, locale: str | None = None):
    """A launch of a "Share an experience" link: (browser, landing page, launch id)."""
    import re

    from lti_live import Browser

    from lti_tool.devplatform.platform import INSTRUCTOR

    browser = Browser()
    page = world.launch(browser=browser, user=sub, roles=INSTRUCTOR if instructor else None, custom=SHARE,
                        resource_link={"id": link, "title": "Share an experience"},
                        context={"id": course, "label": course, "title": course}, locale=locale,
                        person={"name": name or sub.title(), "email": f"{sub}@example.org"})
    assert page.status_code == 200, page.text[:500]
    match = re.search(r"/lti/library/([^/]+)/", page.url)
    assert match, page.url
    return browser, page, match.group(1)


def step_form(exp: dict, step: str) -> dict:
    """The form post of one step of the guided form, filled from an experience's data."""
    from lti_tool.library.form import ROW_FIELDS, STEP_FIELDS

    data: dict = {}
    for f in STEP_FIELDS[step]:
        if f.kind == "rows":
            for i, row in enumerate(exp.get(f.name, [])):
                for key in ROW_FIELDS[f.name]:
                    data[f"{f.name}-{i}-{key}"] = row.get(key, "")
        elif f.kind == "lines":
            data[f.name] = "\n".join(exp.get(f.name, []))
        elif f.kind == "checkbox":
            if exp.get(f.name):
                data[f.name] = "on"
        elif "." in f.name:
            group, key = f.name.split(".", 1)
            data[f.name] = str(exp.get(group, {}).get(key, ""))
        else:
            data[f.name] = str(exp.get(f.name, ""))
    return data
