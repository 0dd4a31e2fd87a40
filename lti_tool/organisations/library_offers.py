"""Published library experiences as host offers (an ``OfferSource`` of the core), ranked with the organisations' own.

An experience becomes an offer when it is published and public (never a draft, never "jury only"): its competency
area, commodity, country, maturity and Cup result, and the languages it can be read in (its own and its published
translations'). The library keeps no link to an organisation of a course, only the organisation's name and country
as the author typed them; so an entry belongs to the course's organisation whose **name and country are equal once
normalised** (case, accents, punctuation and spacing ignored; a blank country matches only a blank country; with
two such organisations, the oldest). The author's own membership is not used: authors may document another
organisation's experience. A matched entry is that organisation's offer — the core never suggests it to the
organisation itself, and its visits already planned and its stated capacity weigh as host load — and its place is
the organisation's (region, coordinates). An entry with no match is still offered, under an id no organisation has,
and is contacted through its library page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from curriculum.languages import short_language
from curriculum.matching import Match, Offer, OfferKind, Place
from curriculum.scoring import normalise_text
from curriculum.vocabulary import MATURITY_LEVELS

from ..extensions import db
from ..library.catalogue import public_rows, public_translations
from ..library.models import LibraryExperience
from .access import Viewer
from .models import Organisation
from .offers import place_of, planned_visits, ranked_offers, stated_capacity

UNMATCHED_PREFIX = "library-"  # organisation id of an entry whose organisation is not in the course


def normalised(text: str) -> str:
    """A name as compared: accents dropped, case folded, anything but letters and digits one space."""
    return " ".join(re.sub(r"[\W_]+", " ", normalise_text(text or "")).split())


@dataclass(frozen=True)
class LibraryEntry:
    """What the page needs to show an experience offer: its library page, whose it is, whether one can propose a
    visit to that organisation in the course."""

    experience_id: int
    organisation: str  # the name the library gives
    host_id: int | None  # the course's organisation it was matched to

    @property
    def matched(self) -> bool:
        return self.host_id is not None


class LibraryOffers:
    """Published, public library experiences as offers for one course (an ``OfferSource``). ``entries`` tells,
    after :meth:`offers` ran, the library entry behind each offer id."""

    def __init__(self, context_id: int, language: str = "en"):
        self.context_id, self.language = context_id, language
        self.entries: dict[str, LibraryEntry] = {}

    def _hosts(self) -> dict[tuple[str, str], Organisation]:
        hosts: dict[tuple[str, str], Organisation] = {}
        for organisation in db.session.scalars(select(Organisation).filter_by(context_id=self.context_id)
                                               .order_by(Organisation.created_at, Organisation.id)):
            hosts.setdefault((normalised(organisation.name), normalised(organisation.country)), organisation)
        return hosts

    def offers(self) -> Iterable[Offer]:
        rows = db.session.scalars(public_rows().order_by(LibraryExperience.id)).all()
        if not rows:
            return
        translations = public_translations([row.id for row in rows])
        hosts, planned, capacity = self._hosts(), planned_visits(self.context_id), stated_capacity(self.context_id)
        for row in rows:
            if not row.competency_area:
                continue
            versions = {row.language: row, **translations.get(row.id, {})}
            host = hosts.get((normalised(row.organisation), normalised(row.country)))
            offer_id = f"exp-{row.id}"
            self.entries[offer_id] = LibraryEntry(row.id, row.organisation, host.id if host else None)
            yield Offer(offer_id=offer_id,
                        organisation_id=str(host.id) if host else f"{UNMATCHED_PREFIX}{row.id}",
                        areas=frozenset({row.competency_area}), languages=frozenset(versions),
                        commodity=row.commodity, place=place_of(host) if host else Place(row.country),
                        maturity=row.maturity if row.maturity in MATURITY_LEVELS else "",
                        capacity=capacity.get(host.id, 0) if host else 0,
                        planned=planned.get(host.id, 0) if host else 0,
                        kind=OfferKind.EXPERIENCE, title=versions.get(short_language(self.language), row).title,
                        cup_year=row.cup_year, cup_place=row.cup_place)


def offers_for(viewer: Viewer) -> tuple[list[Match], dict[str, LibraryEntry]]:
    """The offers ranked for the viewer's organisation — its course's statements and the library's published
    experiences together — and the library entry behind each experience offer."""
    library = LibraryOffers(viewer.context_id, viewer.language)
    return ranked_offers(viewer, [library]), library.entries
