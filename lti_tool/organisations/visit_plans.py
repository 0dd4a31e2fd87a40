"""Visit plans: proposing a visit, moving it through its states (the core's :func:`curriculum.visits.transition`
decides), recording lessons, the action plan and the follow-up, and the facilitator's year view with its CSV."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import extract, or_, select

from curriculum.items import ASSESSED_AREAS
from curriculum.model import CaseStudy
from curriculum.self_assessment import capacity_instrument
from curriculum.visits import (
    HELD_STATES,
    ObservationPoint,
    Side,
    TransitionError,
    VisitAction,
    VisitState,
    held_in_year,
    observation_guide,
    transition,
)

from ..extensions import db
from ..models import utcnow
from ..services.course import get_course
from ..services.numbers import is_digits, row_id
from ..services.spreadsheet import csv_text
from .access import FormProblem, Viewer, require_organisation
from .models import HostOffer, Organisation, VisitEvent, VisitMessage, VisitPlan

PARTICIPANT_LEVELS = ("producers", "staff", "board", "experts")
ROWS_LIMIT = 20  # lessons and actions per report


def parse_date(raw: str, field: str, required: bool = True) -> date | None:
    raw = (raw or "").strip()
    if not raw:
        if required:
            raise FormProblem("date_required", field)
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise FormProblem("bad_date", field) from None


def _dates(form: dict) -> tuple[date, date]:
    start = parse_date(form.get("start_date", ""), "start_date")
    end = parse_date(form.get("end_date", ""), "end_date", required=False) or start
    if end < start:
        raise FormProblem("end_before_start", "end_date")
    return start, end


def propose_visit(viewer: Viewer, host: Organisation, form: dict, areas: list[str]) -> VisitPlan:
    """The viewer's organisation proposes to visit ``host``."""
    visiting = require_organisation(viewer)
    if host.id == visiting.id or host.context_id != viewer.context_id:
        raise FormProblem("cannot_visit_yourself")
    start, end = _dates(form)
    participants = {}
    for level in PARTICIPANT_LEVELS:
        raw = (form.get(f"participants_{level}") or "0").strip()
        if not is_digits(raw) or int(raw) > 200:
            raise FormProblem("bad_participants", f"participants_{level}")
        if int(raw):
            participants[level] = int(raw)
    if not participants:
        raise FormProblem("participants_required", "participants_producers")
    questions = (form.get("learning_questions") or "").strip()
    if not questions:
        raise FormProblem("questions_required", "learning_questions")
    offer_id = form.get("offer_id", "")
    offer = db.session.get(HostOffer, row_id(offer_id)) if row_id(offer_id) else None
    case_id = (form.get("case_item_id") or "").strip()
    if case_id and not isinstance(get_course().find_item(case_id), CaseStudy):
        case_id = ""
    visit = VisitPlan(context_id=viewer.context_id, visiting_id=visiting.id, host_id=host.id,
                      offer_id=offer.id if offer is not None and offer.organisation_id == host.id else None,
                      case_item_id=case_id, start_date=start, end_date=end,
                      areas=",".join(a for a in ASSESSED_AREAS if a in areas),
                      participants_json=json.dumps(participants), learning_questions=questions[:4000],
                      programme=(form.get("programme") or "").strip()[:4000], created_by=viewer.user_id)
    db.session.add(visit)
    db.session.flush()
    db.session.add(VisitEvent(visit_id=visit.id, action="propose", side=Side.VISITING.value, state=visit.state,
                              user_id=viewer.user_id))
    db.session.commit()
    return visit


def _rows(form: dict, prefix: str, keys: tuple[str, ...]) -> list[dict]:
    rows = []
    for n in range(ROWS_LIMIT):
        row = {key: (form.get(f"{prefix}_{key}_{n}") or "").strip()[:1000] for key in keys}
        if any(row.values()):
            rows.append(row)
    return rows


def act(viewer: Viewer, visit: VisitPlan, side: Side, action: str, form: dict) -> VisitPlan:
    """Apply ``action`` by ``side``, with what it needs from ``form``; FormProblem when it cannot be done."""
    reason = (form.get("reason") or "").strip()[:2000]
    try:
        new_state = transition(visit.state, action, side, reason)
    except TransitionError as exc:
        raise FormProblem(exc.code) from exc
    action = VisitAction(action)
    if action is VisitAction.RESCHEDULE:
        visit.start_date, visit.end_date = _dates(form)
    if action is VisitAction.HOLD:
        visit.held_on = parse_date(form.get("held_on", ""), "held_on", required=False) or visit.start_date
    if action is VisitAction.REPORT:
        lessons = _rows(form, "lesson", ("who", "lesson"))
        actions = _rows(form, "action", ("action", "owner", "due"))
        if not lessons or not all(r["lesson"] for r in lessons):
            raise FormProblem("lessons_required", "lesson_lesson_0")
        if not actions or not all(r["action"] and r["owner"] and r["due"] for r in actions):
            raise FormProblem("actions_required", "action_action_0")
        for row in actions:
            parse_date(row["due"], "action_due_0")
        visit.lessons_json, visit.actions_json = json.dumps(lessons), json.dumps(actions)
        visit.follow_up_date = parse_date(form.get("follow_up_date", ""), "follow_up_date")
    if action is VisitAction.FOLLOW_UP:
        report = (form.get("follow_up_report") or "").strip()
        if not report:
            raise FormProblem("follow_up_required", "follow_up_report")
        visit.follow_up_report = report[:4000]
    if action in (VisitAction.DECLINE, VisitAction.RESCHEDULE):
        visit.reason = reason
    visit.state, visit.updated_at = new_state.value, utcnow()
    db.session.add(VisitEvent(visit_id=visit.id, action=action.value, side=side.value, state=new_state.value,
                              user_id=viewer.user_id, reason=reason))
    db.session.commit()
    return visit


MESSAGE_LIMIT = 2000


def post_message(viewer: Viewer, visit: VisitPlan, side: Side, text: str) -> VisitMessage:
    """A message from one side of the visit to the other (or from the facilitator to both)."""
    text = (text or "").strip()
    if not text:
        raise FormProblem("message_required", "message")
    message = VisitMessage(visit_id=visit.id, side=side.value, user_id=viewer.user_id, text=text[:MESSAGE_LIMIT])
    db.session.add(message)
    db.session.commit()
    return message


def messages(visit: VisitPlan) -> list[VisitMessage]:
    return list(db.session.scalars(select(VisitMessage).filter_by(visit_id=visit.id).order_by(VisitMessage.id)))


def visible_visits(viewer: Viewer) -> list[VisitPlan]:
    """A facilitator's whole course; anyone else their organisation's visits, as visitor or host."""
    query = select(VisitPlan).filter_by(context_id=viewer.context_id).order_by(VisitPlan.start_date, VisitPlan.id)
    if not viewer.facilitator:
        if viewer.organisation is None:
            return []
        query = query.where(or_(VisitPlan.visiting_id == viewer.organisation.id,
                                VisitPlan.host_id == viewer.organisation.id))
    return list(db.session.scalars(query))


def follow_ups_due(viewer: Viewer, visits: list[VisitPlan], today: date) -> list[VisitPlan]:
    """The viewer's organisation's reported visits whose follow-up date has come: it owes a report of what it
    applied since the visit (the prompt on ``/visits``)."""
    if viewer.organisation is None:
        return []
    return [visit for visit in visits if visit.visiting_id == viewer.organisation.id
            and visit.state == VisitState.REPORTED.value and visit.follow_up_date is not None
            and visit.follow_up_date <= today]


def events(visit: VisitPlan) -> list[VisitEvent]:
    return list(db.session.scalars(select(VisitEvent).filter_by(visit_id=visit.id).order_by(VisitEvent.id)))


def guide_for(visit: VisitPlan, language: str) -> list[ObservationPoint]:
    case = get_course().find_item(visit.case_item_id, language) if visit.case_item_id else None
    return observation_guide(visit.questions, case if isinstance(case, CaseStudy) else None,
                             capacity_instrument(language), visit.area_list)


@dataclass
class YearView:
    year: int
    visits: list[VisitPlan]
    held: int
    target: int


def year_view(context_id: int, year: int, target: int) -> YearView:
    visits = list(db.session.scalars(select(VisitPlan).filter_by(context_id=context_id)
                                     .where(extract("year", VisitPlan.start_date) == year)
                                     .order_by(VisitPlan.start_date, VisitPlan.id)))
    held = held_in_year(((v.state, v.held_on or v.start_date) for v in visits), year)
    return YearView(year, visits, held, target)


def year_csv(view: YearView, names: dict[int, str]) -> str:
    header = ["visit_id", "visiting", "host", "start_date", "end_date", "state", "held", "participants", "areas",
              "follow_up_date", "reason"]
    rows: list[list[object]] = [[
        visit.id, names.get(visit.visiting_id, ""), names.get(visit.host_id, ""), visit.start_date, visit.end_date,
        visit.state, "yes" if visit.state in HELD_STATES else "no", sum(visit.participants.values()),
        " ".join(visit.area_list), visit.follow_up_date or "", visit.reason] for visit in view.visits]
    rows += [[], ["held", view.held, "target", view.target]]
    return csv_text(header, rows)
