"""End-to-end resource-link launches against the dev platform: what a learner and an instructor see, what is
provisioned, and the 1EdTech certification's valid-launch permutations."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lti_tool.extensions import db
from lti_tool.models import INSTRUCTOR, LEARNER, Context, LtiUser, Membership, ResourceLink

LIS = "http://purl.imsglobal.org/vocab/lis/v2/"


def test_learner_launch_opens_the_item_named_by_the_custom_parameter(world):
    page = world.launch(custom={"fieldschool_item": "sample.case"}, person={"name": "Ana Pérez"})
    assert page.status_code == 200
    assert "/lti/activity/" in page.url
    assert "<h1>" in page.text and "you are viewing as an instructor" not in page.text
    with world.app.app_context():
        user = db.session.scalars(select(LtiUser)).one()
        assert (user.sub, user.name) == ("learner-1", "Ana Pérez")
        membership = db.session.scalars(select(Membership)).one()
        assert membership.role == LEARNER
        link = db.session.scalars(select(ResourceLink)).one()
        assert link.item_id == "sample.case"
        assert link.ags_scopes  # the AGS claim was kept for grade passback


def test_case_study_content_is_rendered_and_sanitised(world):
    page = world.launch(custom={"fieldschool_item": "sample.case"})
    with world.app.app_context():
        from lti_tool.services.course import get_course

        case = get_course().find_item("sample.case", "en")
    assert case.title in page.text
    assert case.sections[0].title in page.text
    assert "<script" not in page.text.split("</head>", 1)[1]


def test_instructor_launch_is_recognised(world):
    page = world.launch(roles=[LIS + "membership#Instructor"], custom={"fieldschool_item": "sample.exercise"})
    assert page.status_code == 200
    assert "/lti/peer/" in page.url and "Instructor view" in page.text  # the peer exercise's instructor page
    with world.app.app_context():
        assert db.session.scalars(select(Membership)).one().role == INSTRUCTOR


@pytest.mark.parametrize("roles, expected", [
    ([LIS + "membership#Learner", LIS + "institution/person#Student", LIS + "membership#Mentor"], LEARNER),
    (["Instructor"], INSTRUCTOR),  # short role
    (["Learner"], LEARNER),
    (["http://example.com/roles/Unknown", "Guest"], LEARNER),  # unknown roles
    ([], LEARNER),  # no roles at all
    ([LIS + "membership/Instructor#TeachingAssistant"], INSTRUCTOR),
    ([LIS + "system/person#Administrator"], INSTRUCTOR),
    ([LIS + "membership#ContentDeveloper", LIS + "membership#Learner"], INSTRUCTOR),
])
def test_certification_role_permutations_are_valid_launches(world, roles, expected):
    page = world.launch(roles=roles, custom={"fieldschool_item": "sample.case"})
    assert page.status_code == 200, page.text
    with world.app.app_context():
        assert db.session.scalars(select(Membership)).one().role == expected


def test_launch_without_personal_data(world):
    page = world.launch(person={}, custom={"fieldschool_item": "sample.case"}, user="anonymous-42")
    assert page.status_code == 200
    with world.app.app_context():
        user = db.session.scalars(select(LtiUser)).one()
        assert (user.name, user.email) == ("", "")


def test_launch_without_context(world):
    page = world.launch(context={}, custom={"fieldschool_item": "sample.case"})
    assert page.status_code == 200
    with world.app.app_context():
        assert db.session.scalar(select(func.count(Context.id))) == 0
        link = db.session.scalars(select(ResourceLink)).one()
        assert link.context_id is None


def test_launch_locale_sets_the_interface_language(world):
    page = world.launch(locale="es-ES", custom={"fieldschool_item": "sample.case"})
    assert '<html lang="es">' in page.text
    with world.app.app_context():
        from lti_tool.services.course import get_course

        assert get_course().find_item("sample.case", "es").title in page.text


def test_hand_made_link_lets_the_instructor_choose_the_item_once(world):
    learner = world.launch(resource_link={"id": "manual-link"})
    assert "not ready yet" in learner.text
    from lti_live import Browser

    teacher = Browser()
    page = world.launch(browser=teacher, roles=[LIS + "membership#Instructor"], resource_link={"id": "manual-link"},
                        user="teacher-1")
    assert 'name="item"' in page.text
    done = teacher.submit(page, {"item": "sample.exercise"})
    assert done.status_code == 200 and "/lti/peer/" in done.url  # the chosen peer exercise opens
    with world.app.app_context():
        assert db.session.scalars(select(ResourceLink)).one().item_id == "sample.exercise"
    # A second choice is refused: the link already opens an item.
    again = teacher.http.post(page.url.split("?")[0] + "/item", data={"item": "sample.case", "csrf_token": "x"})
    assert again.status_code == 400
    assert "/lti/peer/" in world.launch(resource_link={"id": "manual-link"}).url


def test_learner_cannot_choose_the_item_of_a_link(world):
    page = world.launch(resource_link={"id": "manual-link"})
    response = world.browser.http.post(page.url.split("?")[0] + "/item", data={"item": "sample.case"})
    assert response.status_code in (400, 403)  # CSRF first, role check behind it
    with world.app.app_context():
        assert db.session.scalars(select(ResourceLink)).one().item_id is None


def test_activity_page_needs_the_browser_session_that_launched(world):
    """The launch id alone opens nothing: a stranger needs the launch's signed token (which only the launching
    browser's page holds) or that browser's session cookie."""
    page = world.launch(custom={"fieldschool_item": "sample.case"})
    import requests

    stranger = requests.get(page.url.split("?")[0])
    assert stranger.status_code == 403
    assert "not open in this browser" in stranger.text


def test_data_is_isolated_per_deployment(world):
    with world.app.app_context():
        from lti_tool.services.platforms import register_platform

        register_platform(issuer=world.platform.issuer, client_id=world.client_id,
                          auth_login_url=world.platform.url("/auth"), key_set_url=world.platform.url("/jwks.json"),
                          deployment_ids=("deploy-2",))
    world.launch(custom={"fieldschool_item": "sample.case"})
    world.launch(custom={"fieldschool_item": "sample.case"}, deployment_id="deploy-2")
    with world.app.app_context():
        assert db.session.scalar(select(func.count(Context.id))) == 2
        assert db.session.scalar(select(func.count(ResourceLink.id))) == 2
        assert db.session.scalar(select(func.count(LtiUser.id))) == 1  # same person on the same platform


def test_data_is_isolated_per_platform(world):
    """Two platforms sending the same user, course and link ids never share rows."""
    with world.app.app_context():
        from lti_tool.services.platforms import register_platform

        register_platform(issuer="https://second-lms.example", client_id=world.client_id,
                          auth_login_url=world.platform.url("/auth"), key_set_url=world.platform.url("/jwks.json"),
                          deployment_ids=("deploy-1",))
    world.launch(custom={"fieldschool_item": "sample.case"})
    page = world.launch(custom={"fieldschool_item": "sample.case"},
                        tamper={"set": {"iss": "https://second-lms.example"}})
    assert page.status_code == 200
    with world.app.app_context():
        users = db.session.scalars(select(LtiUser)).all()
        assert len(users) == 2 and {u.sub for u in users} == {"learner-1"}
        assert len({u.platform_id for u in users}) == 2
        assert db.session.scalar(select(func.count(Context.id))) == 2
        assert db.session.scalar(select(func.count(ResourceLink.id))) == 2


def test_platform_key_rotation_is_picked_up_despite_the_cached_key_set(world):
    assert world.launch(custom={"fieldschool_item": "sample.case"}).status_code == 200
    assert world.launch(custom={"fieldschool_item": "sample.case"}).status_code == 200
    assert len(world.platform.received("jwks_fetch")) == 1  # cached for PLATFORM_JWKS_TTL
    world.platform.rotate_key()
    page = world.launch(custom={"fieldschool_item": "sample.case"}, user="learner-2")
    assert page.status_code == 200, page.text
    assert len(world.platform.received("jwks_fetch")) == 2  # unknown kid: fetched once more, then accepted
