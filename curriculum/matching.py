"""Connect demand for experiences with the offer of excellent ones: rank offers for one organisation's demand.

A :class:`Demand` is what an organisation wants to strengthen (its self-assessment gaps per area) and who it is
(languages, commodity, where it is). An :class:`Offer` is anything that can teach those areas: an organisation's
statement that it hosts visits or coaches, or — through :class:`OfferSource` — a published library experience.
:func:`rank_offers` is pure: it scores each offer, keeps the reasons behind every part of the score, and never
suggests an organisation to itself. Channels translate the reason codes and show them next to each host.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from .vocabulary import MATURITY_LEVELS

EARTH_RADIUS_KM = 6371.0
FAR_KM = 2000.0  # beyond this distance, nearness adds nothing

# How much each part counts; they sum to 1, so a score is between 0 and 1.
# Each rung of the maturity ladder as a share of the top (innovation 0 … institutionalised 1).
MATURITY_STEPS: dict[str, float] = {key: n / (len(MATURITY_LEVELS) - 1) for n, key in enumerate(MATURITY_LEVELS)}
WEIGHTS: dict[str, float] = {"areas": 0.45, "language": 0.15, "commodity": 0.10, "distance": 0.10,
                             "maturity": 0.10, "load": 0.10}


class OfferKind(StrEnum):
    STATEMENT = "statement"  # an organisation says it can host visits or coach
    EXPERIENCE = "experience"  # a published library experience


@dataclass(frozen=True)
class Place:
    """Where an organisation is: country and region always, coordinates (decimal degrees) when known."""

    country: str = ""
    region: str = ""
    latitude: float | None = None
    longitude: float | None = None

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class Demand:
    """What an organisation wants to learn: levels to gain per competency area, and who it is."""

    organisation_id: str
    gaps: Mapping[str, int]  # area -> levels below the top (from Profile.gaps)
    languages: frozenset[str] = frozenset()
    commodity: str = ""
    place: Place = field(default_factory=Place)


@dataclass(frozen=True)
class Offer:
    """Something that can teach areas: who offers it, in which areas and languages, how mature, how busy."""

    offer_id: str
    organisation_id: str
    areas: frozenset[str]
    languages: frozenset[str] = frozenset()
    commodity: str = ""
    place: Place = field(default_factory=Place)
    maturity: str = ""  # a key of MATURITY_LEVELS, "" when unknown
    capacity: int = 0  # visits or coachings it can take in the period; 0 = not stated
    planned: int = 0  # visits or coachings already planned with it
    months: frozenset[int] = frozenset()  # months (1–12) when visits are possible; empty = any
    kind: OfferKind = OfferKind.STATEMENT
    title: str = ""
    cup_year: int | None = None  # a Cup of excellent experiences won (noted in the reasons, adds no points)
    cup_place: int | None = None


class OfferSource(Protocol):
    """Anything that can list offers: the organisations' statements, the experience library."""

    def offers(self) -> Iterable[Offer]: ...


@dataclass(frozen=True)
class Reason:
    """One part of a score: a code channels translate, the points it adds, and the facts behind it."""

    code: str  # areas | language | commodity | distance | region | country | maturity | load | cup
    points: float
    detail: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """An offer with its score (0–1) and the reasons for it, best first."""

    offer: Offer
    score: float
    reasons: tuple[Reason, ...]


def haversine_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places with coordinates, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _nearness(demand: Place, offer: Place) -> Reason | None:
    if demand.has_coordinates and offer.has_coordinates:
        km = haversine_km(demand, offer)
        return Reason("distance", max(0.0, 1 - km / FAR_KM), (f"{km:.0f}",))
    if demand.region and demand.region.casefold() == offer.region.casefold():
        return Reason("region", 1.0, (offer.region,))
    if demand.country and demand.country.casefold() == offer.country.casefold():
        return Reason("country", 0.5, (offer.country,))
    return None


def score_offer(demand: Demand, offer: Offer, weights: Mapping[str, float] = WEIGHTS) -> Match:
    """The offer's score for this demand, with one reason per part that adds to it."""
    reasons: list[Reason] = []
    wanted = {area: gap for area, gap in demand.gaps.items() if gap > 0}
    covered = sorted(area for area in wanted if area in offer.areas)
    if wanted and covered:
        share = sum(wanted[a] for a in covered) / sum(wanted.values())
        reasons.append(Reason("areas", weights["areas"] * share, tuple(covered)))
    common = sorted(demand.languages & offer.languages)
    if common:
        reasons.append(Reason("language", weights["language"], tuple(common)))
    if demand.commodity and demand.commodity.casefold() == offer.commodity.casefold():
        reasons.append(Reason("commodity", weights["commodity"], (offer.commodity,)))
    near = _nearness(demand.place, offer.place)
    if near is not None and near.points > 0:
        reasons.append(Reason(near.code, weights["distance"] * near.points, near.detail))
    step = MATURITY_STEPS.get(offer.maturity, 0.0)
    if step > 0:
        reasons.append(Reason("maturity", weights["maturity"] * step, (offer.maturity,)))
    if offer.capacity > 0:
        free = max(0, offer.capacity - offer.planned)
        if free:
            reasons.append(Reason("load", weights["load"] * free / offer.capacity, (str(free), str(offer.capacity))))
    if offer.cup_year is not None:  # a distinction worth saying, not a part of the score
        reasons.append(Reason("cup", 0.0, (str(offer.cup_year), str(offer.cup_place or ""))))
    score = sum(r.points for r in reasons)
    return Match(offer=offer, score=score, reasons=tuple(reasons))


def rank_offers(demand: Demand, offers: Iterable[Offer], weights: Mapping[str, float] = WEIGHTS,
                month: int | None = None) -> list[Match]:
    """Offers that teach at least one wanted area, best first; never the demanding organisation's own, and
    (when ``month`` is given) only offers open that month. Ties keep a stable order by offer id."""
    matches = []
    for offer in offers:
        if offer.organisation_id == demand.organisation_id:
            continue
        if month is not None and offer.months and month not in offer.months:
            continue
        match = score_offer(demand, offer, weights)
        if any(r.code == "areas" for r in match.reasons):
            matches.append(match)
    return sorted(matches, key=lambda m: (-m.score, m.offer.offer_id))
