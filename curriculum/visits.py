"""Learning visits between producer organisations: who may move a visit plan to which state, the observation
guide a visiting team takes along, and the yearly count facilitators report against.

Pure functions; the LTI tool stores visit plans and calls :func:`transition` before every change.

States: proposed → accepted (by the host) → held → reported (lessons and action plan) → followed up (what was
applied). Either side may decline a proposed or accepted visit, or reschedule it (back to proposed with new
dates); both need a reason. A facilitator may do what either side may.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .model import CaseStudy, SelfAssessment


class VisitState(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    HELD = "held"
    REPORTED = "reported"
    FOLLOWED_UP = "followed_up"
    DECLINED = "declined"


class VisitAction(StrEnum):
    ACCEPT = "accept"
    HOLD = "hold"
    REPORT = "report"
    FOLLOW_UP = "follow_up"
    DECLINE = "decline"
    RESCHEDULE = "reschedule"


class Side(StrEnum):
    VISITING = "visiting"
    HOST = "host"
    FACILITATOR = "facilitator"


class TransitionError(ValueError):
    """The action is not allowed now or for this side; ``code`` says why (channels translate it)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


# action -> (states it may start from, the state it leads to, sides allowed besides the facilitator)
RULES: dict[VisitAction, tuple[frozenset[VisitState], VisitState, frozenset[Side]]] = {
    VisitAction.ACCEPT: (frozenset({VisitState.PROPOSED}), VisitState.ACCEPTED, frozenset({Side.HOST})),
    VisitAction.HOLD: (frozenset({VisitState.ACCEPTED}), VisitState.HELD, frozenset({Side.HOST, Side.VISITING})),
    VisitAction.REPORT: (frozenset({VisitState.HELD}), VisitState.REPORTED, frozenset({Side.VISITING})),
    VisitAction.FOLLOW_UP: (frozenset({VisitState.REPORTED}), VisitState.FOLLOWED_UP, frozenset({Side.VISITING})),
    VisitAction.DECLINE: (frozenset({VisitState.PROPOSED, VisitState.ACCEPTED}), VisitState.DECLINED,
                          frozenset({Side.HOST, Side.VISITING})),
    VisitAction.RESCHEDULE: (frozenset({VisitState.PROPOSED, VisitState.ACCEPTED}), VisitState.PROPOSED,
                             frozenset({Side.HOST, Side.VISITING})),
}
NEEDS_REASON = frozenset({VisitAction.DECLINE, VisitAction.RESCHEDULE})
HELD_STATES = frozenset({VisitState.HELD, VisitState.REPORTED, VisitState.FOLLOWED_UP})


def transition(state: VisitState | str, action: VisitAction | str, side: Side | str, reason: str = "") -> VisitState:
    """The state after ``side`` does ``action`` on a visit in ``state``; raises :class:`TransitionError`."""
    try:
        state, action, side = VisitState(state), VisitAction(action), Side(side)
    except ValueError as exc:
        raise TransitionError("unknown") from exc
    starts, target, sides = RULES[action]
    if side is not Side.FACILITATOR and side not in sides:
        raise TransitionError("not_your_step")
    if state not in starts:
        raise TransitionError("wrong_state")
    if action in NEEDS_REASON and not reason.strip():
        raise TransitionError("reason_required")
    return target


def allowed_actions(state: VisitState | str, side: Side | str) -> list[VisitAction]:
    """The actions ``side`` may take on a visit in ``state`` (for the buttons a page shows)."""
    state, side = VisitState(state), Side(side)
    return [action for action, (starts, _, sides) in RULES.items()
            if state in starts and (side is Side.FACILITATOR or side in sides)]


@dataclass(frozen=True)
class ObservationPoint:
    """One thing to look at or ask about during the visit; ``kind`` is phase, indicator, question or evidence."""

    kind: str
    subject: str
    detail: str = ""


def observation_guide(learning_questions: Iterable[str], case: CaseStudy | None = None,
                      instrument: SelfAssessment | None = None, areas: Iterable[str] = ()) -> list[ObservationPoint]:
    """What the visiting team observes: its own learning questions first, then each phase of the host's
    experience (how it was done, with what, by whom), each result indicator to check on site, and the evidence
    the self-assessment names for the areas the visit is about."""
    points = [ObservationPoint("question", q.strip()) for q in learning_questions if q.strip()]
    if case is not None:
        for phase in case.timeline:
            detail = "; ".join(part for part in (phase.method, phase.resources, phase.who) if part)
            points.append(ObservationPoint("phase", f"{phase.date}: {phase.milestone}", detail))
        for indicator in case.indicators:
            unit = f" {indicator.unit}" if indicator.unit else ""
            points.append(ObservationPoint("indicator", indicator.name,
                                           f"{indicator.before:g}{unit} → {indicator.after:g}{unit}"))
    if instrument is not None:
        for area in areas:
            ladder = instrument.area(area)
            if ladder is not None:
                points += [ObservationPoint("evidence", item, area) for item in ladder.evidence]
    return points


def held_in_year(visits: Iterable[tuple[VisitState | str, date | None]], year: int) -> int:
    """How many visits were held in ``year``: (state, date held or planned start) pairs in a held state."""
    return sum(1 for state, when in visits if VisitState(state) in HELD_STATES and when is not None
               and when.year == year)
