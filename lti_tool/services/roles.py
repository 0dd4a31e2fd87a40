"""LTI roles to the tool's two roles: instructor (teachers, teaching assistants, administrators, content developers)
and learner (everyone else, including unknown or missing roles).

Course (membership) roles decide when the launch has any: a professor taking a course as a student is a learner
there. Institution and system roles decide only when no course role is given.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..models import INSTRUCTOR, LEARNER

# Role names (the last part of a LIS role URI, or a short role) that act as instructor in this tool.
INSTRUCTOR_ROLES = {"Instructor", "TeachingAssistant", "Administrator", "ContentDeveloper", "SysAdmin", "Faculty"}
LIS = "http://purl.imsglobal.org/vocab/lis/v2/"


def role_name(role: str) -> tuple[str, str]:
    """(principal role, sub-role) of an LTI role URI or short name.

    ``membership#Instructor`` → (Instructor, ""); ``membership/Instructor#TeachingAssistant`` → (Instructor,
    TeachingAssistant); ``system/person#Administrator`` → (Administrator, "").
    """
    if "/membership/" in role and "#" in role:
        principal, sub = role.rsplit("/", 1)[-1].split("#", 1)
        return principal, sub
    return role.rsplit("#", 1)[-1].rsplit("/", 1)[-1], ""


def is_context_role(role: str) -> bool:
    """Course roles: LIS membership URIs and the deprecated short names (which mean membership roles)."""
    return role.startswith(LIS + "membership") or "/" not in role


def tool_role(roles: Iterable[str] | None) -> str:
    """INSTRUCTOR when a deciding role counts as one, else LEARNER."""
    roles = [r.strip() for r in roles or () if isinstance(r, str) and r.strip()]
    deciding = [r for r in roles if is_context_role(r)] or roles
    for role in deciding:
        principal, sub = role_name(role)
        if principal in INSTRUCTOR_ROLES or sub in INSTRUCTOR_ROLES:
            return INSTRUCTOR
    return LEARNER
