"""Headless Chromium, inside the LMS's cross-origin iframe: two organisations self-assess, the demand side sees
ranked offers with reasons, a learning visit runs from proposal to follow-up, a coaching agreement runs two sessions
and a re-assessment whose radar shows the change, and the facilitator's year view counts the visit. Pages pass
axe-core's WCAG 2.1 A/AA rules with no serious or critical violation and raise no CSP error."""

from __future__ import annotations

import re
from datetime import date

import pytest
from lti_live import tool_frame
from test_lti_activity_browser import browser_page, course_page, lms, serious_violations  # noqa: F401

from curriculum.items import ASSESSED_AREAS

pytestmark = pytest.mark.usefixtures("lms")
YEAR = date.today().year



def nav(frame, name: str) -> None:
    frame.locator("nav.org-nav").get_by_role("link", name=name, exact=True).click()


def open_as(page, world, user: str, role: str = "Learner"):
    page.goto(course_page(world, item="instruments.capacity", role=role, link="capacity-link", user=user))
    frame = tool_frame(page, world, "/organisations")
    frame.locator("h1").first.wait_for(timeout=15000)
    return frame


def self_assess(frame, levels: dict[str, int], default: int = 3) -> None:
    nav(frame, "Self-assessment")
    frame.locator("#self-assessment").wait_for(timeout=15000)
    for area in ASSESSED_AREAS:
        frame.locator(f"#l-{area}-{levels.get(area, default)}").check()
    frame.get_by_role("button", name="Send the self-assessment").click()
    frame.locator("#assessment-saved").wait_for(timeout=15000)


def create_organisation(frame, name: str, region: str, languages: list[str]) -> None:
    nav(frame, "My organisation")
    frame.get_by_label("Name", exact=True).fill(name)
    frame.get_by_label("Country").fill("Peru")
    frame.get_by_label("Region").fill(region)
    frame.get_by_label("Main crop").fill("coffee")
    for label in languages:
        frame.get_by_label(label, exact=True).check()
    frame.get_by_role("button", name="Add the organisation").click()
    frame.get_by_role("heading", name=name, exact=True).wait_for(timeout=15000)


def test_two_organisations_learn_from_each_other_through_a_visit_and_coaching(lms, browser_page):  # noqa: F811
    page, world = browser_page, lms
    ana = open_as(page, world, "ana")
    assert serious_violations(ana, world) == []  # the self-assessment form
    create_organisation(ana, "Cooperativa Norte", "Cajamarca", ["Español"])
    self_assess(ana, {"finance": 1, "markets": 2})
    assert ana.locator('polygon[data-series="Your profile"]').count() == 1
    assert serious_violations(ana, world) == []  # the profile: radar and table

    bea = open_as(page, world, "bea")
    create_organisation(bea, "Union Sur", "Amazonas", ["Español", "English"])
    self_assess(bea, {"finance": 4, "markets": 4})
    nav(bea, "My organisation")
    bea.locator("#offer-capacity").wait_for(timeout=15000)
    bea.get_by_role("checkbox", name="Financial management and accountability").check()
    bea.get_by_role("checkbox", name="Market access, contracts and commercial relations").check()
    bea.get_by_role("button", name="Publish the offer").click()
    bea.get_by_text("Financial management and accountability, Market access").wait_for(timeout=15000)

    # the demand side: ranked offers with their reasons, then a visit proposal
    ana = open_as(page, world, "ana")
    nav(ana, "My organisation")
    match = ana.locator("ol.matches > li").first
    match.wait_for(timeout=15000)
    assert "Union Sur" in match.inner_text() and "teaches what you need" in match.inner_text()
    assert "speaks your language: es" in match.inner_text() and "grows the same crop: coffee" in match.inner_text()
    assert serious_violations(ana, world) == []
    match.get_by_role("link", name="Propose a learning visit").click()
    ana.locator("#v-start").fill(f"{YEAR}-03-10")
    ana.locator("#v-end").fill(f"{YEAR}-03-12")
    ana.locator("#p-producers").fill("4")
    ana.locator("#v-questions").fill("How do they report the Premium to members?")
    ana.get_by_role("button", name="Propose the visit").click()
    ana.locator("#visit-state[data-state='proposed']").wait_for(timeout=15000)
    assert "How do they report the Premium to members?" in ana.locator("#observation-guide").inner_text()
    assert serious_violations(ana, world) == []
    visit_url = ana.url

    bea = open_as(page, world, "bea")
    nav(bea, "Learning visits")
    bea.locator("#visits a").first.click()
    bea.get_by_role("button", name="Accept the visit").click()
    bea.locator("#visit-state[data-state='accepted']").wait_for(timeout=15000)

    ana = open_as(page, world, "ana")
    nav(ana, "Learning visits")
    ana.locator("#visits a").first.click()
    ana.get_by_role("button", name="The visit took place").click()
    ana.locator("#visit-state[data-state='held']").wait_for(timeout=15000)
    ana.locator("#lesson-who-0").fill("Treasurer")
    ana.locator("#lesson-0").fill("Read the Premium report aloud at the assembly")
    ana.locator("#action-0").fill("Publish monthly accounts")
    ana.locator("#owner-0").fill("Treasurer")
    ana.locator("#due-0").fill(f"{YEAR}-06-30")
    ana.locator("#follow-up-date").fill(f"{YEAR}-07-01")
    ana.get_by_role("button", name="Send the report").click()
    ana.locator("#visit-state[data-state='reported']").wait_for(timeout=15000)
    ana.locator("#follow-up-report").fill("Accounts are now posted every month.")
    ana.get_by_role("button", name="Report what we applied").click()
    ana.locator("#visit-state[data-state='followed_up']").wait_for(timeout=15000)
    assert serious_violations(ana, world) == []

    # coaching: two sessions, a re-assessment, the radar shows before and after
    bea = open_as(page, world, "bea")
    nav(bea, "Peer coaching")
    bea.locator("#c-first").fill(f"{YEAR}-04-01")
    bea.locator("#c-sessions").fill("2")
    bea.get_by_role("button", name="Start the agreement").click()
    bea.locator("#goals").wait_for(timeout=15000)
    for day, topic in ((f"{YEAR}-04-01", "Cash book"), (f"{YEAR}-05-01", "Monthly report")):
        bea.locator("#s-date").fill(day)
        bea.locator("#s-topics").fill(topic)
        bea.get_by_role("button", name="Log the session").click()
        bea.get_by_text(topic).wait_for(timeout=15000)
    assert bea.locator("#sessions > li").count() == 2
    agreement_url = bea.url

    ana = open_as(page, world, "ana")
    self_assess(ana, {"finance": 3, "markets": 2})
    bea = open_as(page, world, "bea")
    nav(bea, "Peer coaching")
    bea.locator("#agreements a").first.click()
    bea.get_by_role("button", name="Record the re-assessment").click()
    bea.locator('polygon[data-series="After"]').wait_for(timeout=15000)
    assert bea.locator('polygon[data-series="Before"]').count() == 1
    assert re.search(r"Financial management and accountability \(\+2\)", bea.locator("#moved").inner_text())
    assert serious_violations(bea, world) == []

    # the facilitator's year view counts the visit
    teacher = open_as(page, world, "teacher", role="Instructor")
    nav(teacher, "Year view")
    teacher.locator("#held-count").wait_for(timeout=15000)
    assert teacher.locator("#held-count").get_attribute("data-held") == "1"
    assert "1 of 3 visits held" in teacher.locator("#held-count").inner_text()
    assert serious_violations(teacher, world) == []
    assert page.csp_errors == []
    assert visit_url != agreement_url
