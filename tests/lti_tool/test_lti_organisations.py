"""Organisations in a course: the self-assessment activity (radar, table, gradebook), shared organisation profiles,
offers ranked with reasons, a learning visit from proposal to follow-up, peer coaching with a re-assessment, the
facilitator's year view, and who may see what."""

from __future__ import annotations

import re
from datetime import date

import pytest
from lti_activity_helpers import drain, tool_base
from lti_grade_helpers import line_item
from lti_organisation_helpers import Person, agreement_id, organisation_ids, visit_id

YEAR = date.today().year


@pytest.mark.parametrize("path", ["/organisations", "/visits", "/coaching", f"/visits/year/{YEAR}",
                                  "/organisations/self-assessment"])
def test_stable_pages_without_a_launch_explain_how_to_get_there(client, path):
    page = client.get(path)
    assert page.status_code == 200
    assert "Open it from your course on your learning platform" in page.get_data(as_text=True)


def test_the_guide_page_speaks_the_browsers_language(client):
    page = client.get("/visits", headers={"Accept-Language": "es"})
    assert "Ábrala desde su curso" in page.get_data(as_text=True)


def test_a_launch_that_is_not_this_browsers_is_refused(client):
    assert client.get("/organisations?launch_id=forged").status_code in (400, 401, 403)


@pytest.fixture
def shipped_world(tmp_path):
    """A tool serving the shipped curriculum, whose modules carry the competency tags recommendations use."""
    from lti_live import LtiWorld

    w = LtiWorld(tmp_path, CURRICULUM_PATH=None)  # the shipped curriculum, loaded once per process
    yield w
    w.stop()


def test_the_self_assessment_link_grades_completion_and_draws_the_profile(shipped_world):
    world = shipped_world
    lineitem = line_item(world, "Self-assessment")
    ana = Person(world, "ana", lineitem=lineitem)
    assert ana.page.status_code == 200 and ana.page.text.count('type="radio"') == 48
    # an unanswered area is refused with a message, nothing is stored
    partial = ana.post("/organisations/self-assessment", {"level-finance": "2"})
    assert partial.status_code == 400 and "Choose a level in every area" in partial.text
    done = ana.self_assess({"finance": 1, "markets": 2}, notes={"finance": "=HYPERLINK(\"x\")"})
    assert done.status_code == 200 and "Your self-assessment is saved." in done.text
    assert 'role="img"' in done.text and 'data-series="Your profile"' in done.text
    assert '<tr data-area="finance"><th scope="row">Financial management and accountability</th><td>1</td>' in done.text
    recommended = done.text[done.text.index('id="recommended"'):]
    assert recommended.index("Financial management") < recommended.index("Market access")
    drain(world)
    scores = [s for s in world.platform.scores if s["lineitem"] == lineitem]
    assert len(scores) == 1 and scores[0]["scoreGiven"] == scores[0]["scoreMaximum"]
    assert scores[0]["activityProgress"] == "Completed" and scores[0]["gradingProgress"] == "FullyGraded"
    again = ana.self_assess({"finance": 3, "markets": 2})
    drain(world)
    assert len([s for s in world.platform.scores if s["lineitem"] == lineitem]) == 1  # completion is told once
    assert 'data-series="Before"' in again.text and 'data-series="After"' in again.text
    assert re.search(r'id="moved">[^<]*Financial management and accountability \(\+2\)', again.text)


def test_the_facilitator_sees_the_class_distribution_and_a_safe_csv(world):
    ana, ben = Person(world, "ana"), Person(world, "ben")
    ana.self_assess({"finance": 1}, notes={"finance": "=SUM(A1)"})
    ben.self_assess({"finance": 4})
    teacher = Person(world, "teacher", instructor=True)
    view = teacher.get("/organisations/self-assessment/class")
    assert view.status_code == 200
    assert re.search(r'<tr data-area="finance"><th scope="row">[^<]+</th><td>1</td><td>0</td><td>0</td><td>1</td>',
                     view.text)
    assert re.search(r'<tr data-area="markets"><th scope="row">[^<]+</th><td>0</td><td>0</td><td>2</td><td>0</td>',
                     view.text)
    assert 'aria-labelledby="class-distribution-t class-distribution-d"' in view.text  # the core's chart too
    assert "2 learners have completed the self-assessment" in view.text
    csv = teacher.get("/organisations/self-assessment/class.csv")
    assert csv.headers["Content-Type"].startswith("text/csv") and "'=SUM(A1)" in csv.text
    assert ana.get("/organisations/self-assessment/class").status_code == 403
    refused = ana.get("/organisations/self-assessment/class.csv")  # other learners' answers and notes
    assert refused.status_code == 403 and "=SUM(A1)" not in refused.text


def test_the_self_assessment_page_is_in_the_launch_language(world):
    from lti_activity_helpers import launch

    page = launch(world, "instruments.capacity", user="sofia", link="sa-es", locale="es")
    assert "Gobernanza, democracia y participación de los socios" in page.text
    assert "Enviar la autoevaluación" in page.text


@pytest.fixture
def course(world):
    """Two organisations that completed self-assessments, a third that offers little, and their people."""
    ana, bea, carl, dora = (Person(world, name) for name in ("ana", "bea", "carl", "dora"))
    ana.create_organisation("Cooperativa Norte", country="Peru", region="Cajamarca", commodity="coffee",
                            latitude="-7.16", longitude="-78.51", languages=["es"])
    bea.create_organisation("Union Sur", country="Peru", region="Amazonas", commodity="coffee",
                            latitude="-6.23", longitude="-77.87", languages=["es", "en"])
    dora.create_organisation("Cacao Este", country="Ghana", region="Ashanti", commodity="cocoa", languages=["en"])
    ids = organisation_ids(carl.get("/organisations"))
    carl.post("/organisations/join", {"organisation": ids["Cooperativa Norte"]})
    ana.self_assess({"finance": 1, "markets": 2, "inclusion": 2})
    bea.self_assess({"finance": 4, "markets": 4})
    bea.offer(["finance", "markets"], capacity=3, maturity="good-practice", coaching="yes")
    dora.offer(["finance"], capacity=3)
    return {"ana": ana, "bea": bea, "carl": carl, "dora": dora, "ids": ids, "world": world}


def test_members_share_their_organisations_profile_and_see_ranked_offers_with_reasons(course):
    home = course["carl"].get("/organisations")  # carl joined; ana answered for the organisation
    assert "<h1>Cooperativa Norte</h1>" in home.text and 'role="img"' in home.text
    offers = re.findall(r'<li data-offer="\d+"><strong>([^<]+)</strong>', home.text)
    assert offers == ["Union Sur", "Cacao Este"]
    union = home.text[home.text.index("Union Sur"):home.text.index("Cacao Este")]
    assert "teaches what you need: Financial management and accountability, Market access" in union
    assert "speaks your language: es" in union and "grows the same crop: coffee" in union
    assert re.search(r"about \d+ km away", union) and "has room: 3 of 3 visits free" in union
    assert "Cooperativa Norte" not in re.sub(r"<h1>.*?</h1>", "", home.text.split('id="matches-h"')[1])
    # another organisation never sees Cooperativa Norte's profile
    dora_home = course["dora"].get("/organisations")
    assert "<h1>Cacao Este</h1>" in dora_home.text and "Cooperativa Norte" not in dora_home.text
    assert 'data-area="finance"' not in dora_home.text


def test_a_visit_runs_from_proposal_to_follow_up_and_counts_in_the_year(world, course):
    ana, bea, dora, ids = course["ana"], course["bea"], course["dora"], course["ids"]
    proposed = ana.post("/visits/new", [("host", ids["Union Sur"]), ("start_date", f"{YEAR}-03-10"),
                                        ("end_date", f"{YEAR}-03-12"), ("participants_producers", "4"),
                                        ("participants_board", "1"), ("areas", "finance"),
                                        ("learning_questions", "How do they report the Premium?\nWho keeps books?"),
                                        ("case_item_id", "sample.case")])
    assert proposed.status_code == 200 and 'data-state="proposed"' in proposed.text
    number = visit_id(proposed)
    guide = proposed.text[proposed.text.index('id="observation-guide"'):]
    assert "How do they report the Premium?" in guide and 'data-kind="phase"' in guide
    assert 'data-kind="indicator"' in guide and 'data-kind="evidence"' in guide
    # only the host accepts; the visitor cannot
    refused = ana.post(f"/visits/{number}/accept")
    assert refused.status_code == 400 and "This step belongs to the other organisation." in refused.text
    # an outsider cannot see or touch the plan
    assert dora.get(f"/visits/{number}").status_code == 404
    assert dora.post(f"/visits/{number}/decline", {"reason": "x"}).status_code == 404
    assert "Union Sur" not in dora.get("/visits").text.split("</nav>")[1]
    no_reason = bea.post(f"/visits/{number}/reschedule", {"start_date": f"{YEAR}-04-01"})
    assert no_reason.status_code == 400 and "Say why" in no_reason.text
    moved = bea.post(f"/visits/{number}/reschedule", {"reason": "Harvest came early", "start_date": f"{YEAR}-04-01",
                                                     "end_date": f"{YEAR}-04-02"})
    assert 'data-state="proposed"' in moved.text and "Harvest came early" in moved.text
    assert 'data-state="accepted"' in bea.post(f"/visits/{number}/accept").text
    assert 'data-state="held"' in ana.post(f"/visits/{number}/hold", {"held_on": f"{YEAR}-04-01"}).text
    incomplete = ana.post(f"/visits/{number}/report", {"lesson_lesson_0": "Open books", "follow_up_date":
                                                       f"{YEAR}-07-01"})
    assert incomplete.status_code == 400 and "owner and date" in incomplete.text
    reported = ana.post(f"/visits/{number}/report", {
        "lesson_who_0": "Treasurer", "lesson_lesson_0": "Read the Premium report aloud at the assembly",
        "action_action_0": "Publish monthly accounts", "action_owner_0": "Treasurer",
        "action_due_0": f"{YEAR}-06-30", "follow_up_date": f"{YEAR}-07-01"})
    assert 'data-state="reported"' in reported.text and "Publish monthly accounts" in reported.text
    done = ana.post(f"/visits/{number}/follow_up", {"follow_up_report": "Accounts now posted monthly"})
    assert 'data-state="followed_up"' in done.text and "Accounts now posted monthly" in done.text
    teacher = Person(world, "teacher", instructor=True)
    year = teacher.get(f"/visits/year/{YEAR}")
    assert 'data-held="1" data-target="3"' in year.text and "1 of 3 visits held" in year.text
    csv = teacher.get(f"/visits/year/{YEAR}", format="csv")
    assert "Cooperativa Norte,Union Sur" in csv.text and "followed_up,yes" in csv.text
    assert 'data-held="0"' in teacher.get(f"/visits/year/{YEAR - 1}").text
    assert ana.get(f"/visits/year/{YEAR}").status_code == 403
    assert teacher.get(f"/visits/{number}").status_code == 200


def test_a_coaching_agreement_with_two_sessions_and_a_re_assessment_shows_the_change(course):
    ana, bea, dora, ids = course["ana"], course["bea"], course["dora"], course["ids"]
    start = bea.post("/coaching/new", {"coached": ids["Cooperativa Norte"], "first_session": f"{YEAR}-02-01",
                                       "sessions": "2", "every_days": "30"})
    assert start.status_code == 200
    number = agreement_id(start)
    goals = start.text[start.text.index('id="goals"'):]
    assert "Financial management and accountability</th><td>1</td><td>2</td>" in goals
    assert f"{YEAR}-02-01, {YEAR}-03-03" in start.text
    for day, topic in ((f"{YEAR}-02-01", "Cash book"), (f"{YEAR}-03-03", "Monthly report")):
        logged = bea.post(f"/coaching/{number}/sessions", {"held_on": day, "topics": topic, "next_steps": "Practise"})
    assert logged.text.count("<li><strong>") == 2
    early = bea.post(f"/coaching/{number}/reassessment")
    assert early.status_code == 400 and "No new self-assessment" in early.text
    ana.self_assess({"finance": 3, "markets": 2, "inclusion": 2})
    after = ana.post(f"/coaching/{number}/reassessment")
    assert 'data-series="Before"' in after.text and 'data-series="After"' in after.text
    assert re.search(r'id="moved">[^<]*Financial management and accountability \(\+2\)', after.text)
    assert "(met)" in after.text
    assert dora.get(f"/coaching/{number}").status_code == 404
    assert f"/coaching/{number}?" not in dora.get("/coaching").text
    teacher = Person(course["world"], "teacher", instructor=True)
    assert teacher.get(f"/coaching/{number}").status_code == 200  # facilitators see every agreement of the course
    assert f"/coaching/{number}?" in teacher.get("/coaching").text
    assert course["carl"].get(f"/coaching/{number}").status_code == 200  # a member of the coached organisation
    own = bea.post("/coaching/new", {"coached": ids["Union Sur"], "first_session": f"{YEAR}-02-01",
                                     "sessions": "2", "every_days": "30"})
    assert own.status_code == 400


def test_organisations_of_another_course_are_out_of_reach(world, course):
    from lti_activity_helpers import launch
    from lti_live import Browser

    browser = Browser()
    page = launch(world, "instruments.capacity", user="eve", link="other-link", browser=browser,
                  context={"id": "course-2", "title": "Another course"})
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    other_launch = re.search(r"launch_id=([^&\"]+)", page.url).group(1)
    joined = browser.http.post(tool_base(world) + "/organisations/join",
                               data={"csrf_token": token, "launch_id": other_launch,
                                     "organisation": course["ids"]["Cooperativa Norte"]})
    assert joined.status_code == 404
    assert "Cooperativa Norte" not in browser.get(tool_base(world) + "/organisations", launch_id=other_launch).text


def test_the_self_assessment_is_offered_in_deep_linking_and_opens_from_the_link(world):
    page = world.launch(message_type="LtiDeepLinkingRequest", user="teacher-1",
                        roles=["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"])
    assert 'value="instruments.capacity"' in page.text
    done = world.browser.submit(page, multi=[("item", "instruments.capacity")])
    assert done.status_code == 200
    (item,) = world.platform.received("deep_link_response")[-1]["items"]
    assert item["custom"] == {"fieldschool_item": "instruments.capacity"}
    assert item["lineItem"]["resourceId"] == "instruments.capacity" and item["lineItem"]["label"] == item["title"]
    assert item["title"].startswith("How strong is our organisation?")


def test_the_yearly_target_comes_from_the_configuration(tmp_path):
    from lti_live import LtiWorld

    world = LtiWorld(tmp_path, VISITS_YEARLY_TARGET=5)
    try:
        teacher = Person(world, "teacher", instructor=True)
        assert "0 of 5 visits held" in teacher.get(f"/visits/year/{YEAR}").text
    finally:
        world.stop()


@pytest.mark.parametrize(("locale", "size", "latitude", "longitude", "stored"), [
    ("en", "1,200", "-7.16", "-78.51", (1200, -7.16, -78.51)),
    ("es", "1.200", "12,5", "-78,51", (1200, 12.5, -78.51)),
    ("es", "1200", "-7.16", "-78.51", (1200, -7.16, -78.51)),  # the point a map writes is read in Spanish too
])
def test_an_organisations_figures_are_read_in_the_forms_language_by_the_core(world, locale, size, latitude,
                                                                              longitude, stored):
    from lti_tool.extensions import db
    from lti_tool.organisations.models import Organisation

    ana = Person(world, "ana", locale=locale)
    ana.create_organisation("Cooperativa Norte", size=size, latitude=latitude, longitude=longitude)
    with world.app.app_context():
        organisation = db.session.scalars(db.select(Organisation)).one()
        assert (organisation.size, organisation.latitude, organisation.longitude) == stored
        db.session.remove()


@pytest.mark.parametrize(("locale", "size", "latitude"), [("es", "1,5", "-7.16"), ("en", "1200", "12,5")])
def test_figures_the_forms_language_cannot_mean_are_refused(world, locale, size, latitude):
    from lti_tool.extensions import db
    from lti_tool.organisations.models import Organisation

    ana = Person(world, "ana", locale=locale)
    ana.create_organisation("Cooperativa Norte", size=size, latitude=latitude, longitude="-78.51")
    with world.app.app_context():
        assert db.session.scalars(db.select(Organisation)).all() == []
        db.session.remove()


def test_a_learners_data_request_covers_organisations_and_self_assessments(world):
    import io
    import json
    import zipfile

    from lti_tool.extensions import db
    from lti_tool.ops.learner_data import delete_learner, export_learner
    from lti_tool.organisations.models import CapacityAssessment, OrganisationMember

    ana = Person(world, "ana")
    ana.create_organisation("Cooperativa Norte", languages=["es"])
    ana.self_assess({"finance": 1}, notes={"finance": "Treasurer Rosa keeps the cash book at home"})
    with world.app.app_context():
        platform_id = db.session.execute(db.text("SELECT platform_id FROM lti_user WHERE sub = 'ana'")).scalar()
        with zipfile.ZipFile(io.BytesIO(export_learner(platform_id, "ana"))) as archive:
            names = set(archive.namelist())
            exported = json.loads(archive.read(next(n for n in names if n.endswith("capacity_self_assessments.json"))))
            organisations = json.loads(archive.read(next(n for n in names if n.endswith("organisations.json"))))
        assert exported[0]["profile"]["notes"] == {"finance": "Treasurer Rosa keeps the cash book at home"}
        assert organisations[0]["organisation"] == "Cooperativa Norte"
        done = delete_learner(platform_id, "ana")
        assert done["organisation_memberships"] == 1 and done["self_assessment_notes_blanked"] == 1
        record = db.session.scalars(db.select(CapacityAssessment)).one()
        assert record.profile["notes"] == {} and record.profile["levels"]["finance"] == 1
        assert db.session.scalars(db.select(OrganisationMember)).all() == []
        db.session.remove()


def test_the_two_organisations_write_to_each_other_on_the_visit_and_nobody_else_can(course):
    ana, bea, dora, ids = course["ana"], course["bea"], course["dora"], course["ids"]
    proposed = ana.post("/visits/new", [("host", ids["Union Sur"]), ("start_date", f"{YEAR}-05-04"),
                                        ("participants_staff", "2"), ("learning_questions", "Who checks the books?")])
    number = visit_id(proposed)
    empty = ana.post(f"/visits/{number}/messages", {"message": "   "})
    assert empty.status_code == 400 and "Write the message before sending it." in empty.text
    ana.post(f"/visits/{number}/messages", {"message": "We arrive by bus on Monday at 10."})
    page = bea.post(f"/visits/{number}/messages", {"message": "We will meet you at the <b>terminal</b>."})
    listed = page.text[page.text.index('id="message-list"'):]
    assert listed.index("We arrive by bus") < listed.index("We will meet you at the &lt;b&gt;terminal&lt;/b&gt;.")
    assert "visiting organisation" in listed and "host organisation" in listed
    assert dora.post(f"/visits/{number}/messages", {"message": "Hello"}).status_code == 404
    assert "Hello" not in bea.get(f"/visits/{number}").text.split('id="message-list"')[1]


def test_the_pages_work_in_a_browser_that_keeps_no_cookies(world):
    from html import unescape
    from http.cookiejar import DefaultCookiePolicy
    from urllib.parse import parse_qs, urlsplit

    ana = Person(world, "ana")
    assert parse_qs(urlsplit(ana.page.url).query).get("lt"), "the launch's page carries its token"
    ana.browser.http.cookies.clear()
    ana.browser.http.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))  # from now on, no cookie at all
    link = unescape(re.search(r'<a href="([^"]*/organisations\?[^"]*)">My organisation', ana.page.text).group(1))
    assert "lt=" in link
    home = ana.browser.get(ana.url(link))
    assert home.status_code == 200 and "Add your organisation" in home.text
    created = ana.browser.submit(home, {"name": "Cooperativa sin cookies", "languages": "es"})
    assert created.status_code == 200 and "<h1>Cooperativa sin cookies</h1>" in created.text
    assessment = ana.browser.get(ana.url(unescape(re.search(
        r'<a href="([^"]*/organisations/self-assessment\?[^"]*)">Self-assessment', created.text).group(1))))
    answers = {f"level-{area}": "2" for area in ("governance", "membership", "planning", "finance", "operations",
                                                  "markets", "certification", "production", "services",
                                                  "access-to-finance", "inclusion", "networking")}
    saved = ana.browser.submit(assessment, answers)
    assert saved.status_code == 200 and "Your self-assessment is saved." in saved.text
    assert not ana.browser.http.cookies


def test_numbers_no_row_can_have_are_unknown_organisations_not_server_errors(course):
    carl, ana = course["carl"], course["ana"]
    for raw in ("²", str(2**31), "99999999999999999999"):  # "²".isdigit() is true, yet int("²") fails
        assert carl.post("/organisations/join", {"organisation": raw}).status_code == 404, raw
        assert ana.get("/visits/new", host=raw).status_code == 404, raw
        assert ana.post("/coaching/new", {"coached": raw, "first_session": f"{YEAR}-02-01", "sessions": "2",
                                          "every_days": "30"}).status_code == 404, raw
    refused = course["bea"].post("/organisations/offers", [("areas", "finance"), ("capacity", "²")])
    assert refused.status_code == 400


def test_the_follow_up_date_prompts_the_visiting_organisation_to_report_what_it_applied(course):
    ana, bea, ids = course["ana"], course["bea"], course["ids"]
    today = date.today()

    def reported_visit(follow_up: date) -> str:
        number = visit_id(ana.post("/visits/new", [("host", ids["Union Sur"]), ("start_date", f"{today}"),
                                                   ("participants_staff", "2"), ("learning_questions", "Books?")]))
        bea.post(f"/visits/{number}/accept")
        ana.post(f"/visits/{number}/hold", {"held_on": f"{today}"})
        ana.post(f"/visits/{number}/report", {"lesson_who_0": "Treasurer", "lesson_lesson_0": "Open books",
                                              "action_action_0": "Publish accounts", "action_owner_0": "Treasurer",
                                              "action_due_0": f"{today}", "follow_up_date": f"{follow_up}"})
        return number

    due, later = reported_visit(today), reported_visit(date.fromordinal(today.toordinal() + 30))
    prompt = ana.get("/visits").text
    assert 'id="follow-ups-due"' in prompt and "say what your organisation applied after the visit to Union Sur" \
        in prompt
    assert f"/visits/{due}?" in prompt.split('id="follow-ups-due"')[1].split("</div>")[0]
    assert f"/visits/{later}?" not in prompt.split('id="follow-ups-due"')[1].split("</div>")[0]  # not yet
    assert 'id="follow-ups-due"' not in bea.get("/visits").text  # the host owes nothing
    ana.post(f"/visits/{due}/follow_up", {"follow_up_report": "Accounts posted monthly"})
    assert 'id="follow-ups-due"' not in ana.get("/visits").text


def test_published_library_experiences_are_offered_with_their_reasons_and_never_to_their_own_organisation(course):
    """A published, public experience is an offer of its organisation: matched to the course's organisation by name
    and country (accents, case and spacing aside) it is proposed as a visit there and never to that organisation's
    members; unmatched, it is contacted through its library entry. Drafts and "jury only" entries never appear."""
    from lti_library_helpers import el_progreso, published_experience, user

    from lti_tool.extensions import db
    from lti_tool.library import experiences
    from lti_tool.library.models import LibraryExperience

    world, ids = course["world"], course["ids"]
    facts = el_progreso()["facts"]
    with world.app.app_context():
        progreso = published_experience(title="Paying members within a week")  # Nicaragua, finance, good practice
        winner = db.session.get(LibraryExperience, progreso)
        winner.cup_year, winner.cup_place = 2025, 1
        db.session.add(LibraryExperience(translation_of_id=progreso, language="es", status="published", public=True,
                                         title="Pagar a los socios en una semana", competency_area="finance"))
        union = published_experience(title="Assemblies that members attend", organisation="Unión  Sur",
                                     competency_area="governance", facts=dict(facts, country="PERU"))
        elsewhere = published_experience(title="Assemblies in Jinotega", competency_area="governance")
        jury = published_experience(title="A jury-only experience", licence="jury-only")
        draft = experiences.start(user("draft-author").id, None, "en",
                                  el_progreso(title="A draft experience")).id
        db.session.commit()

    home = course["carl"].get("/organisations")  # Cooperativa Norte: finance, markets, inclusion… to strengthen
    offered = re.findall(r'<li data-offer="([^"]+)"><strong>([^<]+)</strong>', home.text)
    assert (f"exp-{progreso}", "Paying members within a week") in offered  # in the launch's language (English)
    assert f"exp-{union}" in dict(offered) and f"exp-{jury}" not in dict(offered)
    assert f"exp-{draft}" not in dict(offered) and "draft experience" not in home.text
    assert "jury-only" not in home.text
    ranked = [title for _offer_id, title in offered]  # one list with the organisations' own offers, best first
    assert ranked.index("Union Sur") < ranked.index("Paying members within a week") < ranked.index("Cacao Este")

    def item(offer_id: str) -> str:
        start = home.text.index(f'data-offer="{offer_id}"')
        return home.text[start:home.text.index("</li>\n", home.text.index('</ul>', start))]

    progreso_item = item(f"exp-{progreso}")
    assert "teaches what you need: Financial management and accountability" in progreso_item
    assert "speaks your language: es" in progreso_item  # through its published Spanish translation
    assert "grows the same crop: coffee" in progreso_item and "a mature experience: Good practice" in progreso_item
    assert "won the 2025 Cup of excellent experiences (place 1)" in progreso_item
    assert "Contact through the library entry" in progreso_item and f'href="/library/{progreso}"' in progreso_item
    assert "Propose a learning visit" not in progreso_item

    union_item = item(f"exp-{union}")
    assert "an experience of Unión  Sur in the library" in union_item  # the name as the library gives it
    assert "teaches what you need: Governance, democracy and member participation" in union_item
    assert "in your region" not in union_item and re.search(r"about \d+ km away", union_item)  # Union Sur's place
    assert "has room: 3 of 3 visits free" in union_item  # Union Sur's stated capacity and planned visits
    assert f"host={ids['Union Sur']}" in union_item and "Propose a learning visit" in union_item

    # Union Sur's own members are never offered their own governance experience; another organisation's they are
    bea_home = course["bea"].get("/organisations")
    bea_offered = re.findall(r'<li data-offer="([^"]+)">', bea_home.text)
    assert f"exp-{elsewhere}" in bea_offered and f"exp-{union}" not in bea_offered
