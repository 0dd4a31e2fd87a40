"""Demo mode: an assessment added by deep linking has a gradebook column on the demo platform, and a learner's score
reaches it through the grade outbox, as with a real LMS."""

from __future__ import annotations

import re
from html import unescape

from lti_tool.extensions import db
from lti_tool.grades import outbox


def test_a_demo_learner_score_reaches_the_demo_platform(tmp_path):
    from lti_live import Browser, LiveServer, make_app

    server = LiveServer()
    app = make_app(tmp_path, BASE_URL=server.url, DEMO_MODE=True)
    server.start(app)
    try:
        browser = Browser()
        page = browser.get(server.url + "/demo/")
        deep = re.search(r'id="demo-deep-link" href="([^"]+)"', page.text).group(1)
        picker = browser.get(server.url + unescape(deep))
        browser.submit(picker, multi=[("item", "sample.assessment")])
        course = browser.get(server.url + "/demo/")
        added = re.search(r'<a href="([^"]*lineitem=[^"]+)"', course.text)
        assert added, "the added link launches with its line item"
        learner = Browser()
        quiz = learner.get(server.url + unescape(added.group(1)))
        result = learner.submit(quiz, multi=[("q-q1", "b")], form_index=0)
        assert "Your score: 20 %" in result.text
        with app.app_context():
            assert outbox.flush().delivered == 1
            db.session.remove()
        platform = app.extensions["demo_platform"]
        [score] = platform.scores
        assert (score["scoreGiven"], score["scoreMaximum"], score["userId"]) == (1.0, 5.0, "demo-learner")
    finally:
        server.stop()
        with app.app_context():
            db.engine.dispose()
