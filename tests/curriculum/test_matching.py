"""Matching offers of experience to an organisation's demand: ranked by what it needs, with reasons."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from curriculum.items import ASSESSED_AREAS
from curriculum.matching import Demand, Offer, OfferKind, Place, haversine_km, rank_offers, score_offer

AREAS = st.sampled_from(ASSESSED_AREAS)
LANGS = st.frozensets(st.sampled_from(["en", "es", "fr", "pt"]), max_size=3)
ORGS = st.sampled_from(["org-a", "org-b", "org-c"])


@st.composite
def offers(draw, organisation=ORGS):
    return Offer(offer_id=draw(st.uuids()).hex, organisation_id=draw(organisation),
                 areas=draw(st.frozensets(AREAS, min_size=1, max_size=5)), languages=draw(LANGS),
                 commodity=draw(st.sampled_from(["coffee", "cocoa", ""])),
                 maturity=draw(st.sampled_from(["", "innovation", "good-practice", "institutionalised"])),
                 capacity=draw(st.integers(0, 5)), planned=draw(st.integers(0, 5)))


@st.composite
def demands(draw):
    gaps = draw(st.dictionaries(AREAS, st.integers(1, 3), min_size=1, max_size=6))
    return Demand(organisation_id=draw(ORGS), gaps=gaps, languages=draw(LANGS),
                  commodity=draw(st.sampled_from(["coffee", "cocoa", ""])))


@given(demands(), st.lists(offers(), max_size=8))
def test_matching_never_suggests_an_organisation_to_itself(demand, offer_list):
    ranked = rank_offers(demand, offer_list)
    assert all(m.offer.organisation_id != demand.organisation_id for m in ranked)
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)
    for match in ranked:
        assert 0 < match.score <= 1 + 1e-9
        assert match.score == pytest.approx(sum(r.points for r in match.reasons))


@given(demands(), offers(organisation=st.just("host")), st.data())
def test_a_perfect_overlap_ranks_above_a_partial_one_other_things_equal(demand, template, data):
    wanted = sorted(demand.gaps)
    if len(wanted) < 2:
        wanted.append(next(a for a in ASSESSED_AREAS if a not in wanted))
        demand = Demand(demand.organisation_id, dict(demand.gaps) | {wanted[-1]: 1}, demand.languages,
                        demand.commodity)
    part = data.draw(st.sets(st.sampled_from(wanted), min_size=1, max_size=len(wanted) - 1))
    perfect = Offer(**{**template.__dict__, "offer_id": "z-perfect", "areas": frozenset(wanted)})
    partial = Offer(**{**template.__dict__, "offer_id": "a-partial", "areas": frozenset(part)})
    ranked = rank_offers(demand, [partial, perfect])
    assert [m.offer.offer_id for m in ranked] == ["z-perfect", "a-partial"]
    assert ranked[0].score > ranked[1].score


def test_the_gap_weighs_the_overlap():
    demand = Demand("us", {"finance": 3, "markets": 1})
    finance = score_offer(demand, Offer("o1", "them", frozenset({"finance"})))
    markets = score_offer(demand, Offer("o2", "them", frozenset({"markets"})))
    assert finance.score == pytest.approx(0.45 * 3 / 4) and markets.score == pytest.approx(0.45 * 1 / 4)


def test_every_part_of_a_score_comes_with_its_reason():
    demand = Demand("us", {"finance": 2, "inclusion": 2}, frozenset({"es", "en"}), "coffee",
                    Place("Peru", "Cajamarca", -7.16, -78.51))
    host = Offer("o1", "them", frozenset({"finance", "certification"}), frozenset({"es"}), "Coffee",
                 Place("Peru", "Amazonas", -6.23, -77.87), maturity="institutionalised", capacity=4, planned=1)
    match = score_offer(demand, host)
    reasons = {r.code: r for r in match.reasons}
    assert set(reasons) == {"areas", "language", "commodity", "distance", "maturity", "load"}
    assert reasons["areas"].detail == ("finance",) and reasons["language"].detail == ("es",)
    assert 100 < float(reasons["distance"].detail[0]) < 150
    assert reasons["load"].detail == ("3", "4") and reasons["maturity"].points == pytest.approx(0.10)


def test_a_cup_win_is_a_reason_that_adds_no_points():
    demand = Demand("us", {"finance": 1})
    plain = Offer("exp-1", "them", frozenset({"finance"}), kind=OfferKind.EXPERIENCE)
    winner = Offer("exp-2", "them", frozenset({"finance"}), kind=OfferKind.EXPERIENCE, cup_year=2025, cup_place=1)
    won, not_won = score_offer(demand, winner), score_offer(demand, plain)
    assert won.score == pytest.approx(not_won.score)
    assert [(r.code, r.detail, r.points) for r in won.reasons if r.code == "cup"] == [("cup", ("2025", "1"), 0.0)]
    assert all(r.code != "cup" for r in not_won.reasons)


def test_without_coordinates_the_region_then_the_country_count():
    demand = Demand("us", {"finance": 1}, place=Place("Peru", "Cajamarca"))
    same_region = score_offer(demand, Offer("o1", "a", frozenset({"finance"}), place=Place("Peru", "cajamarca")))
    same_country = score_offer(demand, Offer("o2", "b", frozenset({"finance"}), place=Place("Peru", "Piura")))
    abroad = score_offer(demand, Offer("o3", "c", frozenset({"finance"}), place=Place("Ghana", "Ashanti")))
    assert same_region.score > same_country.score > abroad.score
    assert [r.code for r in same_country.reasons] == ["areas", "country"]


def test_a_full_host_and_a_closed_month_are_told_apart():
    demand = Demand("us", {"finance": 1})
    full = Offer("o1", "a", frozenset({"finance"}), capacity=2, planned=2)
    free = Offer("o2", "b", frozenset({"finance"}), capacity=2, planned=0, months=frozenset({3, 4}))
    assert [m.offer.offer_id for m in rank_offers(demand, [full, free])] == ["o2", "o1"]
    assert [m.offer.offer_id for m in rank_offers(demand, [full, free], month=9)] == ["o1"]


def test_an_offer_in_no_wanted_area_is_not_suggested():
    assert rank_offers(Demand("us", {"finance": 2}), [Offer("o1", "a", frozenset({"markets"}))]) == []


def test_haversine_distance_lima_to_quito():
    assert haversine_km(Place(latitude=-12.046, longitude=-77.043), Place(latitude=-0.180, longitude=-78.468)) == \
        pytest.approx(1330, rel=0.02)
