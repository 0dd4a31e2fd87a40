"""Links whose target URI names the item (``/lti/launch?item=…``, as Common Cartridge links do and Moodle keeps
them: no custom parameters) open that item and grade into the link's gradebook column — the one the platform
offers, or one the tool creates; and launches targeting a previous base URL of the tool are still accepted."""

from __future__ import annotations

from lti_activity_helpers import csrf, drain, launch_id, tool_base
from lti_grade_helpers import line_item
from lti_live import Browser, LtiWorld, make_app
from sqlalchemy import select

from lti_tool.extensions import db
from lti_tool.models import ResourceLink

LTI = "https://purl.imsglobal.org/spec/lti/claim/"


def cartridge_launch(world, item: str, user: str = "ana", link: str = "imported-1", base: str | None = None,
                     **spec):
    """A launch as Moodle makes it for a link imported from a cartridge: the item only in the target URI."""
    target = f"{base or tool_base(world)}/lti/launch?item={item}"
    return world.launch(browser=Browser(), user=user, target_link_uri=target,
                        resource_link={"id": link, "title": "Imported"}, **spec)


def _link(world, link_id: str) -> ResourceLink:
    with world.app.app_context():
        return db.session.scalars(select(ResourceLink).filter_by(resource_link_id=link_id)).one()


def test_item_in_the_target_uri_opens_it_and_the_tool_creates_the_gradebook_column(world):
    page = cartridge_launch(world, "sample.case")
    assert page.status_code == 200 and "/lti/activity/" in page.url
    assert "A sample case" in page.text and "Save answers" in page.text
    [column] = world.platform.line_items.values()
    assert (column["resourceLinkId"], column["resourceId"], column["scoreMaximum"]) == ("imported-1",
                                                                                         "sample.case", 100)
    link = _link(world, "imported-1")
    assert (link.item_id, link.ags_lineitem_url) == ("sample.case", column["id"])
    cartridge_launch(world, "sample.case", user="ben")  # a second learner: the same column, no new one
    assert len(world.platform.line_items) == 1


def test_completion_goes_to_the_created_column(world):
    browser = Browser()
    target = f"{tool_base(world)}/lti/launch?item=sample.case"
    page = world.launch(browser=browser, user="ana", target_link_uri=target,
                        resource_link={"id": "imported-2", "title": "Imported"})
    browser.http.post(f"{tool_base(world)}/lti/case/{launch_id(page)}/complete",  # with every answer: complete
                      data={"csrf_token": csrf(page), "answer-context-1": "a", "answer-lessons-1": "b"})
    assert drain(world).delivered == 1
    [column] = world.platform.line_items.values()
    [score] = world.platform.scores
    assert score["lineitem"] == column["id"] and score["userId"] == "ana"


def test_the_column_the_platform_offers_is_used(world):
    offered = line_item(world, "Moodle's column")
    page = cartridge_launch(world, "sample.assessment", lineitem=offered)
    assert "Check your understanding" in page.text
    assert list(world.platform.line_items) == [offered]
    assert _link(world, "imported-1").ags_lineitem_url == offered


def test_an_existing_column_for_the_link_is_found_not_duplicated(world):
    existing = world.platform.create_line_item("course-1", {"label": "Made earlier", "scoreMaximum": 100,
                                                            "resourceLinkId": "imported-1"})["id"]
    cartridge_launch(world, "sample.exercise")
    assert list(world.platform.line_items) == [existing]
    assert _link(world, "imported-1").ags_lineitem_url == existing


def test_the_custom_parameter_still_wins_and_hand_made_links_get_no_column(world):
    target = f"{tool_base(world)}/lti/launch?item=sample.assessment"
    page = world.launch(browser=Browser(), target_link_uri=target, custom={"fieldschool_item": "sample.case"},
                        resource_link={"id": "both", "title": "Both"})
    assert "A sample case" in page.text
    world.launch(browser=Browser(), custom={"fieldschool_item": "sample.case"},
                 resource_link={"id": "hand-made", "title": "Hand made"})
    assert world.platform.line_items  # the target named an item: a column was made for that link only
    assert [li["resourceLinkId"] for li in world.platform.line_items.values()] == ["both"]


def test_an_id_token_targeting_another_site_is_refused(world, caplog):
    page = world.launch(browser=Browser(), custom={"fieldschool_item": "sample.case"},
                        tamper={"set": {LTI + "target_link_uri": "https://evil.example/lti/launch?item=sample.case"}})
    assert page.status_code == 400
    assert "target" in caplog.text


def test_previous_base_urls_keep_old_links_working(tmp_path):
    world = LtiWorld(tmp_path, PREVIOUS_BASE_URLS=("https://old.example.org/",))
    try:
        page = cartridge_launch(world, "sample.case", base="https://old.example.org")
        assert page.status_code == 200 and "A sample case" in page.text
        refused = cartridge_launch(world, "sample.case", base="https://older.example.org")
        assert refused.status_code == 400
    finally:
        world.stop()


def test_previous_base_urls_are_refused_unless_listed(world):
    page = cartridge_launch(world, "sample.case", base="https://old.example.org")
    assert page.status_code == 400


def test_previous_base_urls_come_from_a_comma_separated_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("FIELDSCHOOL_PREVIOUS_BASE_URLS", "https://old.example.org/, https://older.example.org")
    app = make_app(tmp_path, reset=False)
    assert app.config["PREVIOUS_BASE_URLS"] == ("https://old.example.org", "https://older.example.org")
