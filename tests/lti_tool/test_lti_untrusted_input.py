"""Untrusted text at the door: a NUL byte anywhere in a form value or an uploaded file's name is a clear 400,
never a 500, and nothing is stored."""

from __future__ import annotations

import logging

from lti_peer_helpers import launch_member, post
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
