"""LTI roles to the tool's two roles: instructor (teachers, teaching assistants, administrators, content developers)
and learner (everyone else, including unknown or missing roles)."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import INSTRUCTOR, LEARNER

# Role names (the last part of a LIS role URI, or a short role) that act as instructor in this tool.
INSTRUCTOR_ROLES = {"Instructor", "TeachingAssistant", "Administrator", "ContentDeveloper", "SysAdmin", "Faculty"}
# Sub-roles carry their principal role before '#': membership/Instructor#TeachingAssistant.


def role_name(role: str) -> tuple[str, str]:
    """(principal role, sub-role) of an LTI role URI or short name."""
    tail = role.rsplit("/", 1)[-1]
    principal, _, sub = tail.partition("#")
    if not sub and "#" in role:  # e.g. http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator
        principal = role.rsplit("#", 1)[-1]
    return principal, sub


def tool_role(roles: Iterable[str] | None) -> str:
    """INSTRUCTOR when any role counts as one, else LEARNER."""
    for role in roles or ():
        if not isinstance(role, str):
            continue
        principal, sub = role_name(role.strip())
        if principal in INSTRUCTOR_ROLES or sub in INSTRUCTOR_ROLES:
            return INSTRUCTOR
    return LEARNER
