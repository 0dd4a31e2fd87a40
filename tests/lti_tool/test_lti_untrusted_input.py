"""Untrusted text at the door: a NUL byte anywhere in a form value or an uploaded file's name is a clear 400,
never a 500, and nothing is stored."""

from __future__ import annotations

import logging

from lti_peer_helpers import launch_member, post, token
from sqlalchemy import select

from lti_tool.extensions import db
from lti_tool.peer.models import PeerAttachment, PeerSubmission


def _drafts(world) -> list[str]:
    with world.app.app_context():
        return list(db.session.scalars(select(PeerSubmission.draft_text)))


def test_a_nul_byte_in_a_draft_is_refused_with_a_message(world, caplog):
    caplog.set_level(logging.WARNING)
    ana = launch_member(world, "ana")
    response = post(world, ana, "draft", {"text": "My draft\x00 with a NUL"})
    assert response.status_code == 400
    assert "NUL character" in response.text and 'role="alert"' in response.text
    assert "Traceback" not in response.text
    assert _drafts(world) == []
    assert any("NUL byte" in r.getMessage() for r in caplog.records if r.name == "lti_tool.input")
    # The same learner's clean draft still saves.
    assert post(world, ana, "draft", {"text": "My draft"}).status_code in (200, 303)
    assert _drafts(world) == ["My draft"]


def test_a_nul_byte_in_an_uploaded_file_name_is_refused_with_a_message(world):
    ana = launch_member(world, "ana")
    response = post(world, ana, "submit", {"text": "See the attached plan."},
                    files={"files": ("plan\x00.pdf", b"%PDF-1.7\n", "application/pdf")})
    assert response.status_code == 400
    assert "NUL character" in response.text
    with world.app.app_context():
        assert db.session.scalars(select(PeerAttachment)).all() == []
        assert db.session.scalars(select(PeerSubmission)).all() == []


# ---- learner Markdown: a size cap, stored HTML, a rate-limited preview -------------------------------------------

def _ajax(world, member, path: str, text: str):
    return member.browser.http.post(member.url(world, path), data={"text": text},
                                    headers={"X-CSRFToken": token(member), "X-Requested-With": "fetch",
                                             "Accept": "application/json"})


def test_text_over_the_cap_is_refused_with_a_message_everywhere(world):
    ana = launch_member(world, "ana")
    too_long = "a" * 50_001
    for path in ("preview", "draft"):
        refused = _ajax(world, ana, path, too_long)
        assert refused.status_code == 400, path
        assert "too long" in refused.json()["error"] and "50,000" in refused.json()["error"]
    page = post(world, ana, "submit", {"text": too_long})
    assert page.status_code == 400 and "too long" in page.text and 'role="alert"' in page.text
    assert _drafts(world) == []
    assert _ajax(world, ana, "preview", "a" * 50_000).status_code == 200


def test_a_submitted_response_is_rendered_once_and_readers_get_the_stored_html(world):
    from lti_tool.peer.models import PeerVersion

    ana = launch_member(world, "ana")
    assert post(world, ana, "submit", {"text": "**Bold** plan <script>x()</script>"}).status_code == 200
    with world.app.app_context():
        version = db.session.scalars(select(PeerVersion)).one()
        assert version.html.startswith("<p><strong>Bold</strong> plan") and "<script" not in version.html
        # What readers see comes from the stored column, not from rendering the text again.
        version.html = "<p>stored rendering</p>"
        db.session.commit()
    assert "stored rendering" in ana.browser.http.get(ana.url(world)).text


def test_versions_from_before_stored_html_render_once_on_reading(world):
    from lti_tool.peer.models import PeerVersion

    ana = launch_member(world, "ana")
    post(world, ana, "submit", {"text": "_Old_ version"})
    with world.app.app_context():
        db.session.execute(PeerVersion.__table__.update().values(html=None))
        db.session.commit()
    assert "<em>Old</em> version" in ana.browser.http.get(ana.url(world)).text
    with world.app.app_context():
        assert db.session.scalars(select(PeerVersion.html)).one() == "<p><em>Old</em> version</p>\n"


def test_the_preview_is_rate_limited_per_learner(tmp_path):
    from lti_live import LtiWorld

    world = LtiWorld(tmp_path, PREVIEWS_PER_MINUTE=3)
    try:
        ana, ben = launch_member(world, "ana"), launch_member(world, "ben")
        answers = [_ajax(world, ana, "preview", "**hi**") for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 200]
        assert answers[0].json()["html"] == "<p><strong>hi</strong></p>\n"
        limited = _ajax(world, ana, "preview", "**hi**")
        assert limited.status_code == 429
        assert "Too many previews" in limited.json()["error"] and int(limited.headers["Retry-After"]) > 0
        assert _ajax(world, ben, "preview", "**hi**").status_code == 200  # another learner is not held back
    finally:
        world.stop()
