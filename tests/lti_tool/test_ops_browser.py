"""Headless Chromium: an error page shows the same request id the response carries, so a learner can quote it."""

from __future__ import annotations

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium at /usr/bin/chromium")


def test_error_page_shows_the_request_id_of_its_response(world, chromium):
    page = chromium.new_context(locale="es-ES").new_page()
    response = page.goto(world.tool_url("/lti/activity/a-launch-from-another-browser"))
    assert response.status == 403
    request_id = response.headers["x-request-id"]
    support = page.get_by_text("Identificador de la solicitud para soporte:")
    assert support.is_visible()
    assert page.locator("p.muted code").first.inner_text() == request_id
