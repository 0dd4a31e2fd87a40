"""Who is looking: the launch (bound to this browser session) names the user and the course; their organisation in
that course decides which profiles, plans and agreements they may see. Instructors are the course's facilitators.

Rules: an organisation's members see its own profile, offers' matches, visit plans (as visitor or host) and
coaching agreements (as coached); a coach sees the agreements they coach; a facilitator sees everything in the
course; nobody sees another course's rows. Rows a viewer may not see answer 404, never a hint that they exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, g
from sqlalchemy import select

from curriculum.visits import Side

from ..extensions import db
from ..lti.errors import LaunchError
from ..models import INSTRUCTOR, Membership
from ..services.access import open_launch
from ..services.provisioning import LaunchContext
from .models import CoachingAgreement, Organisation, OrganisationMember, VisitPlan


class FormProblem(ValueError):
    """Input a person must correct; ``code`` names the message their page shows (translated in the template)."""

    def __init__(self, code: str, field: str = ""):
        super().__init__(code)
        self.code, self.field = code, field


@dataclass
class Viewer:
    """The person behind a launch, in the course the launch came from."""

    launch_id: str
    ctx: LaunchContext
    facilitator: bool
    organisation: Organisation | None

    @property
    def context_id(self) -> int:
        return self.ctx.context_id

    @property
    def user_id(self) -> int:
        return self.ctx.user_id

    @property
    def language(self) -> str:
        return self.ctx.locale or g.get("lang") or "en"


def organisation_of(context_id: int, user_id: int) -> Organisation | None:
    return db.session.scalars(select(Organisation).join(OrganisationMember,
                                                        OrganisationMember.organisation_id == Organisation.id)
                              .where(OrganisationMember.context_id == context_id,
                                     OrganisationMember.user_id == user_id)).first()


def open_viewer(launch_id: str) -> Viewer:
    """The viewer of a launch made in this browser; LaunchError when it is not, 403 when it has no course."""
    ctx = open_launch(launch_id)
    if ctx.context_id is None:
        raise LaunchError("forbidden", f"launch {launch_id} has no course: organisations live in a course")
    facilitator = False
    if ctx.is_instructor:
        member = db.session.scalars(select(Membership).filter_by(user_id=ctx.user_id,
                                                                 context_id=ctx.context_id)).first()
        facilitator = member is not None and member.role == INSTRUCTOR
    return Viewer(launch_id, ctx, facilitator, organisation_of(ctx.context_id, ctx.user_id))


def require_facilitator(viewer: Viewer) -> None:
    if not viewer.facilitator:
        raise LaunchError("forbidden", f"user {viewer.user_id} tried a facilitator page")


def require_organisation(viewer: Viewer) -> Organisation:
    if viewer.organisation is None:
        raise FormProblem("no_organisation")
    return viewer.organisation


def organisation_in_course(viewer: Viewer, organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or organisation.context_id != viewer.context_id:
        abort(404)
    return organisation


def visit_side(viewer: Viewer, visit: VisitPlan) -> Side:
    """The viewer's side of a visit: visiting, host or facilitator; 404 for anyone else."""
    if visit.context_id != viewer.context_id:
        abort(404)
    if viewer.organisation is not None:
        if visit.visiting_id == viewer.organisation.id:
            return Side.VISITING
        if visit.host_id == viewer.organisation.id:
            return Side.HOST
    if viewer.facilitator:
        return Side.FACILITATOR
    abort(404)


def open_visit(viewer: Viewer, visit_id: int) -> tuple[VisitPlan, Side]:
    visit = db.session.get(VisitPlan, visit_id)
    if visit is None:
        abort(404)
    return visit, visit_side(viewer, visit)


def agreement_role(viewer: Viewer, agreement: CoachingAgreement) -> str:
    """coach, coached or facilitator; 404 for anyone else."""
    if agreement.context_id != viewer.context_id:
        abort(404)
    if agreement.coach_user_id == viewer.user_id:
        return "coach"
    if viewer.organisation is not None and agreement.coached_id == viewer.organisation.id:
        return "coached"
    if viewer.facilitator:
        return "facilitator"
    abort(404)


def open_agreement(viewer: Viewer, agreement_id: int) -> tuple[CoachingAgreement, str]:
    agreement = db.session.get(CoachingAgreement, agreement_id)
    if agreement is None:
        abort(404)
    return agreement, agreement_role(viewer, agreement)
