"""Learning visits move through their states only by the right side's hand; coaching goals come from gaps."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from curriculum.coaching import areas_moved, coaching_goals, goal_results, session_schedule
from curriculum.items import ASSESSED_AREAS
from curriculum.loader import default_course
from curriculum.self_assessment import capacity_instrument, score_answers
from curriculum.visits import (
    Side,
    TransitionError,
    VisitAction,
    VisitState,
    allowed_actions,
    held_in_year,
    observation_guide,
    transition,
)


def test_a_visit_runs_from_proposed_to_followed_up():
    state = VisitState.PROPOSED
    for action, side, expected in [("accept", "host", "accepted"), ("hold", "visiting", "held"),
                                   ("report", "visiting", "reported"), ("follow_up", "visiting", "followed_up")]:
        state = transition(state, action, side)
        assert state == expected


@pytest.mark.parametrize("state, action, side, code", [
    ("proposed", "accept", "visiting", "not_your_step"),
    ("accepted", "report", "visiting", "wrong_state"),
    ("held", "decline", "host", "wrong_state"),
    ("proposed", "decline", "host", "reason_required"),
    ("accepted", "reschedule", "visiting", "reason_required"),
    ("reported", "follow_up", "host", "not_your_step"),
    ("proposed", "fly", "host", "unknown"),
])
def test_wrong_steps_are_refused_with_a_reason_code(state, action, side, code):
    with pytest.raises(TransitionError) as raised:
        transition(state, action, side)
    assert raised.value.code == code


def test_declining_and_rescheduling_need_a_reason_and_a_facilitator_may_step_in():
    assert transition("accepted", "reschedule", "host", reason="harvest came early") == VisitState.PROPOSED
    assert transition("proposed", "decline", "visiting", reason="no budget") == VisitState.DECLINED
    assert transition("proposed", "accept", Side.FACILITATOR) == VisitState.ACCEPTED
    assert [a.value for a in allowed_actions("proposed", "host")] == ["accept", "decline", "reschedule"]
    assert [a.value for a in allowed_actions("proposed", "visiting")] == ["decline", "reschedule"]
    assert allowed_actions("followed_up", "facilitator") == []


def test_only_held_visits_of_the_year_count():
    visits = [("held", date(2026, 3, 1)), ("followed_up", date(2026, 5, 2)), ("reported", date(2025, 11, 2)),
              ("accepted", date(2026, 6, 1)), ("declined", date(2026, 2, 1)), ("held", None)]
    assert held_in_year(visits, 2026) == 2 and held_in_year(visits, 2025) == 1


def test_the_observation_guide_follows_the_host_experience():
    case = default_course().find_item("governance.case", "en")
    guide = observation_guide(["How do they keep members informed?", " "], case, capacity_instrument("en"),
                              ["finance"])
    kinds = [p.kind for p in guide]
    assert kinds[0] == "question" and kinds.count("question") == 1
    assert kinds.count("phase") == len(case.timeline) and kinds.count("indicator") == len(case.indicators)
    assert guide[1].subject.startswith(case.timeline[0].date) and case.timeline[0].who in guide[1].detail
    indicator = next(p for p in guide if p.kind == "indicator")
    assert f"{case.indicators[0].before:g}" in indicator.detail
    assert [p.subject for p in guide if p.kind == "evidence"] == list(capacity_instrument("en").area("finance")
                                                                       .evidence)


def test_coaching_goals_are_one_level_up_in_the_weakest_areas_and_are_checked_at_re_assessment():
    before = score_answers({area: 3 for area in ASSESSED_AREAS} | {"finance": 1, "markets": 2})
    goals = coaching_goals(before, count=2)
    assert [(g.area, g.start, g.target) for g in goals] == [("finance", 1, 2), ("markets", 2, 3)]
    after = score_answers({area: 3 for area in ASSESSED_AREAS} | {"finance": 2, "markets": 2})
    assert [r.met for r in goal_results(goals, after)] == [True, False]
    assert [c.area for c in areas_moved(before, after)] == ["finance"]


def test_sessions_are_scheduled_at_regular_intervals():
    assert session_schedule(date(2026, 1, 10), 3, 14) == [date(2026, 1, 10), date(2026, 1, 24), date(2026, 2, 7)]
    with pytest.raises(ValueError):
        session_schedule(date(2026, 1, 10), 0)


@given(st.lists(st.tuples(st.sampled_from(list(VisitAction)), st.sampled_from(list(Side)),
                          st.sampled_from(["", "harvest"])), max_size=12))
def test_no_sequence_of_steps_skips_a_state_or_leaves_a_declined_visit(steps):
    state, seen = VisitState.PROPOSED, [VisitState.PROPOSED]
    for action, side, reason in steps:
        try:
            new = transition(state, action, side, reason)
        except TransitionError:
            continue
        assert state is not VisitState.DECLINED and state is not VisitState.FOLLOWED_UP
        assert action in allowed_actions(state, side)
        state = new
        seen.append(state)
    if VisitState.FOLLOWED_UP in seen:
        order = [seen.index(s) for s in (VisitState.ACCEPTED, VisitState.HELD, VisitState.REPORTED,
                                         VisitState.FOLLOWED_UP)]
        assert order == sorted(order)
