"""Many learners opening a brand-new course at the same moment: every launch succeeds and each row exists once."""

from __future__ import annotations

import threading

from lti_live import Browser
from sqlalchemy import func, select

from lti_tool.extensions import db
from lti_tool.models import Context, LtiUser, Membership, ResourceLink


def test_first_launches_into_a_new_course_at_once_all_succeed(world):
    learners = 12
    barrier = threading.Barrier(learners)
    statuses: list[int] = []

    def open_activity(n: int) -> None:
        browser = Browser()
        url, params = world.platform.launch_request(
            world.client_id, user=f"learner-{n}", context={"id": "new-course", "title": "New course"},
            resource_link={"id": "new-link", "title": "Case"}, custom={"fieldschool_item": "sample.case"})
        barrier.wait()
        statuses.append(browser.start_launch(url, params).status_code)

    threads = [threading.Thread(target=open_activity, args=(n,)) for n in range(learners)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert statuses == [200] * learners
    with world.app.app_context():
        count = db.session.scalar
        assert count(select(func.count()).select_from(Context).where(Context.context_id == "new-course")) == 1
        assert count(select(func.count()).select_from(ResourceLink).where(ResourceLink.resource_link_id ==
                                                                            "new-link")) == 1
        assert count(select(func.count()).select_from(LtiUser)) == learners
        assert count(select(func.count()).select_from(Membership)) == learners
