"""The curriculum the tool serves, as authored: loaded once per app from CURRICULUM_PATH (default: the shipped
curriculum). :func:`lti_tool.services.course.get_course` adds the experience library's published experiences; the
library itself validates drafts against this one, so the two never import each other."""

from __future__ import annotations

from flask import current_app

from curriculum import Course, default_course, load_course


def base_course() -> Course:
    """The curriculum without the library module."""
    course = current_app.extensions.get("fieldschool_course")
    if course is None:
        path = current_app.config.get("CURRICULUM_PATH")
        course = load_course(path) if path else default_course()
        current_app.extensions["fieldschool_course"] = course
    return course
