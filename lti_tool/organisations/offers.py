"""Host offers in a course, turned into the core's :class:`~curriculum.matching.Offer` and ranked for the viewer's
organisation by :func:`curriculum.matching.rank_offers`. Other sources (the experience library, see
:mod:`.library_offers`) join through the core's ``OfferSource`` protocol; :func:`ranked_offers` takes them."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select

from curriculum.items import ASSESSED_AREAS
from curriculum.matching import Demand, Match, Offer, OfferSource, Place, rank_offers
from curriculum.vocabulary import MATURITY_LEVELS

from ..extensions import db
from ..services.numbers import is_digits
from .access import FormProblem, Viewer, require_organisation
from .models import HostOffer, Organisation, VisitPlan
from .profiles import languages_from, latest_profile

PLANNED_STATES = ("proposed", "accepted")


def create_offer(viewer: Viewer, areas: list[str], months: list[str], languages: list[str], capacity: str,
                 maturity: str, coaching: bool, note: str) -> HostOffer:
    organisation = require_organisation(viewer)
    chosen = [area for area in ASSESSED_AREAS if area in areas]
    if not chosen:
        raise FormProblem("choose_an_area", "areas")
    month_numbers = sorted({int(m) for m in months if is_digits(m) and 1 <= int(m) <= 12})
    if not is_digits(capacity.strip()) or not 1 <= int(capacity) <= 100:
        raise FormProblem("bad_capacity", "capacity")
    if maturity and maturity not in MATURITY_LEVELS:
        raise FormProblem("bad_answer", "maturity")
    offer = HostOffer(organisation_id=organisation.id, areas=",".join(chosen),
                      months=",".join(map(str, month_numbers)), capacity=int(capacity),
                      languages=languages_from(languages) or organisation.languages, maturity=maturity,
                      coaching=coaching, note=note.strip()[:2000])
    db.session.add(offer)
    db.session.commit()
    return offer


def place_of(organisation: Organisation) -> Place:
    return Place(organisation.country, organisation.region, organisation.latitude, organisation.longitude)


def planned_visits(context_id: int) -> dict[int, int]:
    """Visits proposed or accepted per host organisation of the course: the host load."""
    return dict(db.session.execute(
        select(VisitPlan.host_id, func.count(VisitPlan.id))
        .where(VisitPlan.context_id == context_id, VisitPlan.state.in_(PLANNED_STATES))
        .group_by(VisitPlan.host_id)).all())


def stated_capacity(context_id: int) -> dict[int, int]:
    """The most visits each organisation of the course said it can host in one of its active offers."""
    return dict(db.session.execute(
        select(HostOffer.organisation_id, func.max(HostOffer.capacity)).join(Organisation)
        .where(Organisation.context_id == context_id, HostOffer.active)
        .group_by(HostOffer.organisation_id)).all())


class CourseOffers:
    """The organisations' own offers in one course (an ``OfferSource``)."""

    def __init__(self, context_id: int):
        self.context_id = context_id

    def offers(self) -> Iterable[Offer]:
        planned = planned_visits(self.context_id)
        rows = db.session.execute(select(HostOffer, Organisation).join(Organisation)
                                  .where(Organisation.context_id == self.context_id, HostOffer.active)).all()
        for offer, organisation in rows:
            yield Offer(offer_id=str(offer.id), organisation_id=str(organisation.id),
                        areas=frozenset(offer.area_list), languages=frozenset(offer.language_list),
                        commodity=organisation.commodity, place=place_of(organisation), maturity=offer.maturity,
                        capacity=offer.capacity, planned=planned.get(organisation.id, 0),
                        months=frozenset(offer.month_list), title=organisation.name)


def demand_of(organisation: Organisation) -> Demand | None:
    """The organisation's demand: the gaps of its latest self-assessment (None before it has one)."""
    _, profile = latest_profile(organisation)
    if profile is None:
        return None
    return Demand(organisation_id=str(organisation.id), gaps=profile.gaps(),
                  languages=frozenset(organisation.language_list), commodity=organisation.commodity,
                  place=place_of(organisation))


def ranked_offers(viewer: Viewer, extra_sources: Iterable[OfferSource] = ()) -> list[Match]:
    """Offers for the viewer's organisation, best first, each with its reasons."""
    organisation = require_organisation(viewer)
    demand = demand_of(organisation)
    if demand is None:
        return []
    offers = list(CourseOffers(viewer.context_id).offers())
    for source in extra_sources:
        offers += list(source.offers())
    return rank_offers(demand, offers)


def own_offers(organisation: Organisation) -> list[HostOffer]:
    return list(db.session.scalars(select(HostOffer).filter_by(organisation_id=organisation.id)
                                   .order_by(HostOffer.created_at)))
