"""Deep linking end to end: the instructor filters and picks items, the platform verifies the returned JWT and gets
ltiResourceLink items with line items and the custom parameter naming each item; later launches open them."""

from __future__ import annotations

from lti_live import Browser

LIS = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"


def open_picker(world, browser=None, **spec):
    return world.launch(browser=browser, message_type="LtiDeepLinkingRequest", roles=[LIS + "Instructor"],
                        user="teacher-1", **spec)


def test_picker_lists_the_catalogue_with_type_time_and_languages(world):
    page = open_picker(world)
    assert page.status_code == 200 and "/lti/deep-link/" in page.url
    for item_id in ("sample.case", "sample.exercise", "sample.assessment"):
        assert f'value="{item_id}"' in page.text
    assert "case study" in page.text and "min" in page.text and "en, es" in page.text


def test_picker_filters_by_type(world):
    page = open_picker(world)
    filtered = world.browser.submit(page, {"type": "assessment"}, form_index=0)
    assert 'value="sample.assessment"' in filtered.text
    assert 'value="sample.case"' not in filtered.text


def test_chosen_items_return_as_a_verified_jwt_with_line_items_and_custom_parameters(world):
    page = open_picker(world)
    done = world.browser.submit(page, multi=[("item", "sample.case"), ("item", "sample.assessment")])
    assert done.status_code == 200, done.text
    received = world.platform.received("deep_link_response")
    assert len(received) == 1
    claims = received[0]["claims"]  # the platform verified signature, audience, deployment, message type
    assert claims["iss"] == world.client_id and claims["aud"] == [world.platform.issuer]
    assert claims["https://purl.imsglobal.org/spec/lti/claim/message_type"] == "LtiDeepLinkingResponse"
    data = world.platform.received("id_token")[-1]["claims"][DL + "deep_linking_settings"]["data"]
    assert claims[DL + "data"] == data  # the platform's opaque data comes back
    items = received[0]["items"]
    assert [i["custom"]["fieldschool_item"] for i in items] == ["sample.case", "sample.assessment"]
    for item in items:
        assert item["type"] == "ltiResourceLink"
        assert item["url"] == world.tool_url("/lti/launch")
        assert item["lineItem"]["scoreMaximum"] == 100
        assert item["lineItem"]["resourceId"] == item["custom"]["fieldschool_item"]
        assert item["lineItem"]["label"] == item["title"]
    assert len(world.platform.line_items) == 2  # gradebook columns created on the platform side


def test_created_link_later_opens_the_chosen_item(world):
    page = open_picker(world)
    world.browser.submit(page, multi=[("item", "sample.exercise")])
    link = world.platform.links[0]
    learner = Browser()
    activity = world.launch(browser=learner, resource_link={"id": link["id"], "title": link["title"]},
                            custom=link["custom"], lineitem=link["lineitem"])
    assert activity.status_code == 200 and link["title"] in activity.text


def test_learner_cannot_open_the_picker(world, caplog):
    page = world.launch(message_type="LtiDeepLinkingRequest")
    assert page.status_code == 403 and "<code>forbidden</code>" in page.text


def test_picker_post_needs_csrf(world):
    page = open_picker(world)
    response = world.browser.http.post(page.url, data={"item": "sample.case"})
    assert response.status_code == 400
    assert world.platform.received("deep_link_response") == []


def test_single_choice_when_the_platform_accepts_one_item(world):
    settings = {"deep_link_return_url": world.platform.url("/deep-link-return"), "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe"], "accept_multiple": False}
    page = open_picker(world, deep_link_settings=settings)
    assert 'type="radio" name="item"' in page.text
    world.browser.submit(page, multi=[("item", "sample.case"), ("item", "sample.exercise")])
    assert len(world.platform.received("deep_link_response")[0]["items"]) == 1


def test_an_instructor_launched_as_a_learner_since_can_no_longer_use_the_picker(world):
    teacher = Browser()
    page = open_picker(world, browser=teacher)
    assert page.status_code == 200
    world.launch(browser=Browser(), user="teacher-1", custom={"fieldschool_item": "sample.case"})  # now a learner
    assert teacher.http.get(page.url).status_code == 403
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    assert teacher.http.post(page.url, data={"item": "sample.case", "csrf_token": token}).status_code == 403
    assert world.platform.received("deep_link_response") == []
