"""Peer coaching between organisations: goals from a self-assessment's gaps, a session schedule, and what the
re-assessment shows. Pure functions; the LTI tool stores agreements, sessions and profiles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .items import MATURITY_LEVEL_COUNT
from .self_assessment import AreaChange, Profile, compare_profiles, weakest_areas


@dataclass(frozen=True)
class CoachingGoal:
    """Reach ``target`` in ``area`` from ``start`` (levels 1–4)."""

    area: str
    start: int
    target: int


def coaching_goals(profile: Profile, count: int = 3, step: int = 1) -> list[CoachingGoal]:
    """One goal per weakest area: one level up (``step``) from where the organisation stands, at most the top."""
    return [CoachingGoal(area, profile.levels[area], min(MATURITY_LEVEL_COUNT, profile.levels[area] + step))
            for area in weakest_areas(profile, count)]


def session_schedule(first: date, sessions: int, every_days: int = 30) -> list[date]:
    """Dates of ``sessions`` coaching sessions, ``every_days`` apart from ``first``."""
    if sessions < 1 or every_days < 1:
        raise ValueError("a schedule needs at least one session and at least a day between sessions")
    return [first + timedelta(days=every_days * n) for n in range(sessions)]


@dataclass(frozen=True)
class GoalResult:
    """A goal with the level reached at the re-assessment."""

    goal: CoachingGoal
    reached: int | None

    @property
    def met(self) -> bool:
        return self.reached is not None and self.reached >= self.goal.target


def goal_results(goals: list[CoachingGoal], after: Profile) -> list[GoalResult]:
    """Each goal against the re-assessment."""
    return [GoalResult(goal, after.levels.get(goal.area)) for goal in goals]


def areas_moved(before: Profile, after: Profile) -> list[AreaChange]:
    """Only the areas whose level changed between the two assessments."""
    return [change for change in compare_profiles(before, after) if change.moved]
