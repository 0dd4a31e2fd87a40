"""/metrics: off by default, optional bearer token, launches by outcome and platform, bounded route groups, and the
work queues' state read from the database at scrape time."""

from __future__ import annotations

from datetime import timedelta

from lti_grade_helpers import seed
from lti_live import make_app
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select

from lti_tool.extensions import db
from lti_tool.grades.models import DELIVERED, FAILED, PENDING, GradeOutbox
from lti_tool.models import Platform, utcnow
from lti_tool.peer.models import LEASED, PeerAssignment, PeerSettings, PeerSubmission


def scrape(client, **headers) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.status_code
    assert response.content_type.startswith("text/plain")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(response.get_data(as_text=True)) for s in family.samples}


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_are_off_unless_switched_on(client):
    assert client.get("/metrics").status_code == 404


def test_metrics_token_is_required_when_set(tmp_path):
    app = make_app(tmp_path, METRICS=True, METRICS_TOKEN="s3cret")
    client = app.test_client()
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert "fieldschool_grade_outbox_depth" in client.get(
        "/metrics", headers={"Authorization": "Bearer s3cret"}).get_data(as_text=True)


def test_launches_are_counted_by_outcome_and_platform_and_routes_by_group(tmp_path):
    from lti_live import LtiWorld

    world = LtiWorld(tmp_path, METRICS=True)
    try:
        client = world.app.test_client()
        with world.app.app_context():
            platform_id = str(db.session.scalars(select(Platform.id)).one())
        before = scrape(client)
        assert world.launch(custom={"fieldschool_item": "sample.case"}).status_code == 200
        assert world.launch(custom={"fieldschool_item": "sample.case"}).status_code == 200
        rejected = world.launch(tamper={"sign_with": "other-key"})
        assert rejected.status_code == 401
        client.get("/lti/activity/not-a-launch-id-42")
        client.get("/no/such/page/123")
        after = scrape(client)
    finally:
        world.stop()

    def delta(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("fieldschool_launches_total", outcome="ok", platform=platform_id) == 2
    assert delta("fieldschool_launches_total", outcome="signature", platform="unknown") == 1
    assert delta("fieldschool_request_duration_seconds_count", route_group="launch") == 6  # 3 logins, 3 launches
    assert delta("fieldschool_request_duration_seconds_count", route_group="unmatched") == 1
    groups = {dict(labels).get("route_group") for (name, labels) in after if name.startswith("fieldschool_request")}
    assert "/" not in "".join(g for g in groups if g)  # blueprint names, never paths


def test_queue_gauges_come_from_the_database_at_scrape_time(tmp_path):
    from lti_live import LtiWorld

    world = LtiWorld(tmp_path, METRICS=True)
    try:
        link_id, users = seed(world, "http://platform.invalid/lineitems/1", 3)
        now = utcnow()
        with world.app.app_context():
            platform_id = db.session.scalars(select(Platform.id)).one()

            def score(user, state, age_minutes):
                return GradeOutbox(platform_id=platform_id, resource_link_id=link_id, user_id=user,
                                   lineitem_url="http://platform.invalid/lineitems/1", score_given=1,
                                   score_maximum=1, activity_progress="Completed", grading_progress="FullyGraded",
                                   timestamp="2026-01-01T00:00:00.000Z", state=state,
                                   created_at=now - timedelta(minutes=age_minutes))

            db.session.add_all([score(users[0], PENDING, 90), score(users[1], PENDING, 5),
                                score(users[2], DELIVERED, 300), score(users[2], FAILED, 10)])
            db.session.add(PeerSettings(resource_link_id=link_id, review_deadline=now - timedelta(days=1)))
            subs = [PeerSubmission(resource_link_id=link_id, user_id=u, current_version=1,
                                   submitted_at=now - timedelta(days=2)) for u in users]
            db.session.add_all(subs)
            db.session.flush()
            db.session.add_all([
                PeerAssignment(resource_link_id=link_id, submission_id=subs[0].id, reviewer_id=users[1],
                               status=LEASED, expires_at=now + timedelta(minutes=30)),
                PeerAssignment(resource_link_id=link_id, submission_id=subs[1].id, reviewer_id=users[2],
                               status=LEASED, expires_at=now - timedelta(minutes=1)),  # lapsed: not open
            ])
            db.session.commit()
        samples = scrape(world.app.test_client())
    finally:
        world.stop()
    assert value(samples, "fieldschool_grade_outbox_depth", state="pending") == 2
    assert value(samples, "fieldschool_grade_outbox_depth", state="failed") == 1
    assert 89 * 60 <= value(samples, "fieldschool_grade_outbox_oldest_waiting_seconds") < 95 * 60
    assert value(samples, "fieldschool_peer_open_leases") == 1
    assert value(samples, "fieldschool_peer_stuck_submissions") == 3  # deadline passed, none reviewed or graded


def test_deliveries_and_drainer_heartbeat_are_reported(tmp_path):
    from lti_grade_helpers import line_item
    from lti_live import LtiWorld

    from lti_tool.grades import drainer, outbox

    world = LtiWorld(tmp_path, METRICS=True, GRADE_DRAINER=True, GRADE_POLL_SECONDS=0.2)
    try:
        link_id, users = seed(world, line_item(world), 2)
        client = world.app.test_client()
        with world.app.app_context():
            platform_id = str(db.session.scalars(select(Platform.id)).one())
        before = scrape(client)
        with world.app.app_context():
            for user in users:
                outbox.enqueue_score(link_id, user, 1, 1, "Completed", "FullyGraded")
        drainer.start(world.app)
        for _ in range(100):
            after = scrape(client)
            if value(after, "fieldschool_grade_deliveries_total", platform=platform_id, outcome="delivered") \
                    - value(before, "fieldschool_grade_deliveries_total", platform=platform_id,
                            outcome="delivered") == 2:
                break
            import time

            time.sleep(0.1)
        else:
            raise AssertionError("the drainer delivered nothing")
        assert 0 <= value(after, "fieldschool_grade_drainer_heartbeat_age_seconds") < 60
        assert value(after, "fieldschool_grade_outbox_depth", state="pending") == 0
    finally:
        drainer.stop_all()
        world.stop()
