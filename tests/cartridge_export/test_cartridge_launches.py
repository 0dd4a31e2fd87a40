"""The cartridge's LTI links launch: each link's URL (and, where an LMS keeps them, its custom parameters) goes
through the dev platform as a learner and opens the right activity with a gradebook column."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from cartridge_reader import FIXTURE_COURSE, NS, open_cartridge

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lti_tool"))  # the LTI tests' live helpers

from lti_live import Browser, LtiWorld  # noqa: E402

from cartridge_export import export_cartridge  # noqa: E402
from curriculum import load_course  # noqa: E402

# What a learner sees on each activity's page (the fixture course's titles and controls).
EXPECTED = {
    "sample.case": ("A sample case", "Save answers"),
    "sample.exercise": ("Describe your records", "<textarea"),
    "sample.assessment": ("Check your understanding", 'class="question"'),
}


@pytest.fixture
def world(tmp_path):
    w = LtiWorld(tmp_path)
    yield w
    w.stop()


def _links(world) -> list[tuple[str, str, dict]]:
    """(title, launch URL, custom parameters) of every LTI link in a cartridge made for this world's tool."""
    built = export_cartridge(load_course(FIXTURE_COURSE), world.app.config["BASE_URL"], quizzes="lti")
    cartridge = open_cartridge(built.data)
    links = []
    for resource in cartridge.resources("imsbasiclti_xmlv1p0"):
        link = cartridge.descriptor(resource)
        custom = {p.get("name"): p.text for p in link.iterfind("blti:custom/lticm:property", NS)}
        links.append((link.findtext("blti:title", namespaces=NS), link.findtext("blti:launch_url", namespaces=NS),
                      custom))
    return links


@pytest.mark.parametrize("keeps_custom", [False, True], ids=["moodle-drops-custom", "lms-keeps-custom"])
def test_every_link_opens_its_activity_with_a_gradebook_column(world, keeps_custom):
    links = _links(world)
    assert len(links) == len(EXPECTED)
    for n, (title, url, custom) in enumerate(links):
        page = world.launch(browser=Browser(), user="learner-1", target_link_uri=url,
                            custom=custom if keeps_custom else None,
                            resource_link={"id": f"imported-{n}", "title": title})
        item_id = url.split("item=", 1)[1]
        heading, control = EXPECTED[item_id]
        assert page.status_code == 200, (url, page.text[:300])
        assert heading in page.text and control in page.text, url
        columns = [li for li in world.platform.line_items.values() if li["resourceLinkId"] == f"imported-{n}"]
        assert [(c["resourceId"], c["scoreMaximum"]) for c in columns] == [(item_id, 100)]
