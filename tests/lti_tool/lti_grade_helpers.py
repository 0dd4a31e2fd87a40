"""Helpers for grade passback tests: learners and links seeded straight into the database, a platform whose AGS
endpoints can fail or go away, and counting what the platform received."""

from __future__ import annotations

import threading
from collections import Counter

from lti_live import POLL_INTERVAL
from sqlalchemy import select
from werkzeug.serving import make_server

from lti_tool.extensions import db
from lti_tool.models import Deployment, LtiUser, Platform, ResourceLink

SCORE_SCOPES = ("https://purl.imsglobal.org/spec/lti-ags/scope/lineitem "
                "https://purl.imsglobal.org/spec/lti-ags/scope/score")


def line_item(world, label: str = "Assessment", maximum: float = 100) -> str:
    return world.platform.create_line_item("course-1", {"label": label, "scoreMaximum": maximum})["id"]


def seed(world, lineitem: str | None, learners: int, link_id: str = "seeded-link") -> tuple[int, list[int]]:
    """A resource link bound to ``lineitem`` and ``learners`` users, as launches would have provisioned them."""
    with world.app.app_context():
        platform = db.session.scalars(select(Platform).filter_by(issuer=world.platform.issuer)).one()
        deployment = db.session.scalars(select(Deployment).filter_by(platform_id=platform.id)).first()
        link = ResourceLink(deployment_id=deployment.id, resource_link_id=link_id, title="Seeded",
                            item_id="sample.assessment", ags_lineitem_url=lineitem, ags_scopes=SCORE_SCOPES)
        db.session.add(link)
        users = [LtiUser(platform_id=platform.id, sub=f"{link_id}-learner-{n}") for n in range(learners)]
        db.session.add_all(users)
        db.session.commit()
        return link.id, [u.id for u in users]


class FlakyPlatform:
    """WSGI middleware in front of the dev platform: AGS score posts can be made to fail with a status (and a body
    of a given type, as a real platform's error page); the roster (NRPS) can fail too."""

    def __init__(self, app) -> None:
        self.app = app
        self.fail_status: int | None = None
        self.fail_next = 0  # fail only this many more score posts (0: as long as fail_status is set)
        self.delay = 0.0
        self.fail_body, self.fail_type = b"platform trouble", "text/plain"
        self.roster_failure: tuple[int, str, bytes] | None = None  # (status, content type, body)
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.endswith("/memberships") and self.roster_failure:
            status, kind, body = self.roster_failure
            start_response(f"{status} Failing", [("Content-Type", kind)])
            return [body]
        if path.endswith("/scores") and environ["REQUEST_METHOD"] == "POST":
            if self.delay:
                import time

                time.sleep(self.delay)
            with self.lock:  # the status is read under the lock: the last counted failure clears fail_status
                status = self.fail_status
                if status is not None and self.fail_next:
                    self.fail_next -= 1
                    if self.fail_next == 0:
                        self.fail_status = None
            if status is not None:
                start_response(f"{status} Failing", [("Content-Type", self.fail_type)])
                return [self.fail_body]
        return self.app(environ, start_response)


def make_flaky(world) -> FlakyPlatform:
    holder = world.platform_server._holder
    flaky = FlakyPlatform(holder.app)
    holder.app = flaky
    return flaky


def take_platform_down(world) -> None:
    """Stop the platform's server: connections are refused."""
    world.platform_server.stop()


def bring_platform_back(world) -> None:
    """Serve the same platform again on the same port."""
    serve_again(world.platform_server)


def serve_again(server, app=None) -> None:
    """Start a stopped LiveServer again on its port (with another app, e.g. a restarted tool)."""
    if app is not None:
        server._holder.app = app
    server._server = make_server(server.host, server.port, server._holder, threaded=True)
    server._thread = threading.Thread(target=server._server.serve_forever, kwargs={"poll_interval": POLL_INTERVAL},
                                      daemon=True)
    server._thread.start()


def received_scores(world) -> Counter:
    """(line item, user, timestamp) -> how many times the platform received that score."""
    return Counter((s["lineitem"], s["userId"], s["timestamp"]) for s in world.platform.scores)


def no_grace(app) -> None:
    """Make every waiting score due now (tests do not wait out real back-off)."""
    from sqlalchemy import update

    from lti_tool.grades.models import PENDING, GradeOutbox
    from lti_tool.models import utcnow

    with app.app_context():
        db.session.execute(update(GradeOutbox).where(GradeOutbox.state == PENDING).values(next_attempt_at=utcnow()))
        db.session.commit()
