"""A peer exercise's settings take the same values in the LTI tool and in Open edX: reviews per response and the
minutes a reviewer holds a response have one set of bounds and defaults, the core's
(:data:`curriculum.peer.workflow.REVIEWS_PER_RESPONSE`, :data:`~curriculum.peer.workflow.LEASE_MINUTES`). What Studio
accepts, the LTI tool's settings form stores unchanged; what Studio refuses, the form brings within the same bounds."""

from __future__ import annotations

import inspect

import pytest

from curriculum.peer.workflow import LEASE_MINUTES, REVIEWS_PER_RESPONSE, PeerPolicy
from lti_tool.peer.settings import lease_minutes_from, read_settings, reviews_required_from
from lti_tool.services.course import get_course
from xblocks.peer_store import api as peer_store

ITEM = "sample.exercise"
BLOCK = f'<fieldschool_peer_exercise item_id="{ITEM}"/>'


def test_both_channels_start_from_the_cores_defaults(lti_app, make_block, learner):
    with lti_app.app_context():
        lti = read_settings(-1)  # a link without a stored row: the columns' defaults
        assert (lti.lease_minutes, lti.reviews_required) == (LEASE_MINUTES.default, REVIEWS_PER_RESPONSE.default)
    block = learner(make_block(BLOCK), "author").block
    assert block.lease_minutes == LEASE_MINUTES.default
    assert block.policy(block.curriculum_item()).lease_minutes == LEASE_MINUTES.default
    assert inspect.signature(peer_store.request_review).parameters["lease_minutes"].default == LEASE_MINUTES.default
    assert (PeerPolicy().lease_minutes, PeerPolicy().reviews_required) == (LEASE_MINUTES.default,
                                                                          REVIEWS_PER_RESPONSE.default)


@pytest.mark.parametrize("raw", ["0", "1", "4", "5", "45", "10080", "10081", "2.5", "-3", "inf"])
def test_lease_minutes_have_the_same_bounds_in_both_channels(lti_app, make_block, learner, raw):
    author = learner(make_block(BLOCK), "author")
    status, body = author.call("studio_submit", {"values": {"lease_minutes": raw}})
    with lti_app.app_context():
        stored = lease_minutes_from(raw)
    assert LEASE_MINUTES.low <= stored <= LEASE_MINUTES.high
    if status == 200:
        assert author.block.lease_minutes == stored == float(raw)
    else:
        assert status == 400 and any("Lease minutes" in d for d in body["details"]), body
        assert not LEASE_MINUTES.allows(float(raw)) and stored != float(raw)


@pytest.mark.parametrize("raw", ["0", "1", "3", "10", "11", "1.5", "inf"])
def test_reviews_per_response_have_the_same_bounds_in_both_channels(lti_app, make_block, learner, raw):
    author = learner(make_block(BLOCK), "author")
    status, body = author.call("studio_submit", {"values": {"peer_reviews": raw}})
    with lti_app.app_context():
        item = get_course().find_item(ITEM, "en")
        # the LTI form asks for zero reviews by its instructor-graded mode, for others by number
        stored = reviews_required_from("instructor" if raw == "0" else "peer", raw, item)
    assert REVIEWS_PER_RESPONSE.low <= stored <= REVIEWS_PER_RESPONSE.high
    if status == 200:
        assert author.block.peer_reviews == stored == float(raw)
    else:
        assert status == 400 and any("Peer reviews" in d for d in body["details"]), body
        assert not REVIEWS_PER_RESPONSE.allows(float(raw)) and stored != float(raw)
