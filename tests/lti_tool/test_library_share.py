"""The "Share an experience" activity: a learner drafts step by step (plain forms, no JavaScript), is told what is
missing per field, submits; editors return it with comments, review and publish; every transition is audited and
checked against the role; drafts stay the author's alone."""

from __future__ import annotations

from lti_library_helpers import el_progreso, launch_share, step_form
from lti_live import parse

from curriculum.experiences.model import STEPS
from lti_tool.extensions import db
from lti_tool.library.models import LibraryAttachment, LibraryExperience, LibraryTransition, LibraryVersion


def base(world, launch_id: str) -> str:
    return world.tool_url(f"/lti/library/{launch_id}")


def csrf(page) -> str:
    return parse(page.text).forms[0].fields["csrf_token"]


def write_all_steps(world, browser, launch_id: str, exp: dict) -> None:
    for step in STEPS:
        page = browser.get(f"{base(world, launch_id)}/step/{step}")
        assert page.status_code == 200
        done = browser.submit(page, {**step_form(exp, step), "go": step}, form_index=0)
        assert done.status_code == 200


def test_the_whole_workflow_with_an_editorial_context(tmp_path):
    from lti_live import LtiWorld

    world = LtiWorld(tmp_path, LIBRARY_EDITORIAL_CONTEXTS=("editors",))
    try:
        browser, page, launch_id = launch_share(world, "marta", name="Marta López")
        assert "Start writing" in page.text
        page = browser.submit(page)  # start: lands on the first step
        assert page.url.split("?")[0].endswith("/step/organisation")
        incomplete = el_progreso(sections={"context": "Coffee country."})
        write_all_steps(world, browser, launch_id, incomplete)
        page = browser.get(base(world, launch_id) + "/")
        assert "to complete</span>" in page.text and "Still to complete" in page.text
        failed = browser.submit(page, form_index=0)  # submit
        assert "not ready yet" in failed.text and 'data-status="draft"' in failed.text
        step = browser.get(f"{base(world, launch_id)}/step/results")
        assert 'class="field-problem"' in step.text and "This is required" in step.text

        write_all_steps(world, browser, launch_id, el_progreso())
        page = browser.get(base(world, launch_id) + "/")
        assert "Still to complete" not in page.text
        submitted = browser.submit(page, form_index=0)
        assert 'data-status="submitted"' in submitted.text
        # the author cannot change a submitted experience
        step = browser.get(f"{base(world, launch_id)}/step/context")
        refused = browser.http.post(f"{base(world, launch_id)}/step/context",
                                    data={"csrf_token": csrf(step), "sections.context": "changed"})
        assert refused.status_code == 409

        # an ordinary instructor is not an editor; an instructor of the editorial context is
        other_browser, other_page, other_id = launch_share(world, "teacher", instructor=True)
        assert other_browser.get(base(world, other_id) + "/review").status_code == 403
        ed_browser, ed_page, ed_id = launch_share(world, "edna", instructor=True, course="editors", name="Edna")
        queue = ed_browser.get(base(world, ed_id) + "/review")
        assert "El Progreso" in queue.text
        with world.app.app_context():
            exp_id = db.session.query(LibraryExperience.id).scalar()
        review = ed_browser.get(f"{base(world, ed_id)}/review/{exp_id}")
        no_comment = ed_browser.submit(review, {"to": "returned", "comment": ""}, form_index=0)
        assert "comment is required" in no_comment.text
        returned = ed_browser.submit(review, {"to": "returned", "comment": "Add the source of the survey."},
                                     form_index=0)
        assert returned.status_code == 200

        page = browser.get(base(world, launch_id) + "/")
        assert "Add the source of the survey." in page.text and 'data-status="returned"' in page.text
        step = browser.get(f"{base(world, launch_id)}/step/results")
        browser.submit(step, {**step_form(el_progreso(), "results"), "indicators-0-source": "Survey 2024",
                              "go": "results"}, form_index=0)
        page = browser.get(base(world, launch_id) + "/")
        assert 'data-status="submitted"' in browser.submit(page, form_index=0).text

        review = ed_browser.get(f"{base(world, ed_id)}/review/{exp_id}")
        ed_browser.submit(review, {"to": "reviewed"}, form_index=0)
        review = ed_browser.get(f"{base(world, ed_id)}/review/{exp_id}")
        ed_browser.submit(review, {"to": "published"}, form_index=0)

        with world.app.app_context():
            row = db.session.get(LibraryExperience, exp_id)
            assert row.status == "published" and row.published_at is not None and row.version == 2
            versions = db.session.query(LibraryVersion).filter_by(experience_id=exp_id).count()
            trail = [(t.from_status, t.to_status, t.role, t.actor_label)
                     for t in db.session.query(LibraryTransition).order_by(LibraryTransition.id)]
        assert versions == 2
        assert trail == [("draft", "submitted", "author", "Marta López"),
                         ("submitted", "returned", "editor", "Edna"),
                         ("returned", "submitted", "author", "Marta López"),
                         ("submitted", "reviewed", "editor", "Edna"),
                         ("reviewed", "published", "editor", "Edna")]
    finally:
        world.stop()


def test_the_form_gives_the_validators_own_findings_in_the_authors_language(world):
    browser, page, launch_id = launch_share(world, "lucia", locale="es")
    browser.submit(page)  # start: a Spanish draft
    exp = el_progreso(language="es")
    exp["facts"] = dict(exp["facts"], members="1.120", women_percent="31,5")
    exp["sections"] = dict(exp["sections"], process=exp["sections"]["process"] + "\n\n## Notas\n\nOtra cosa.")
    write_all_steps(world, browser, launch_id, exp)
    said = "el título «## Notas» no tiene clave de sección: termínelo con una, p. ej. «## Contexto {#context}»"
    step = browser.get(f"{base(world, launch_id)}/step/process")
    assert f'<p class="field-problem" id="p-sections.process">{said}</p>' in step.text
    home = browser.get(base(world, launch_id) + "/")
    assert f"El proceso</a>: {said}</li>" in home.text and "has no section key" not in home.text


def test_drafts_are_the_authors_alone(world):
    browser, page, launch_id = launch_share(world, "author")
    browser.submit(page)
    other, other_page, other_id = launch_share(world, "neighbour")
    # the neighbour's activity shows their own (empty) state, never the author's draft
    assert "Start writing" in other_page.text
    assert other.get(f"{base(world, other_id)}/step/context").status_code == 404
    with world.app.app_context():
        exp_id = db.session.query(LibraryExperience.id).scalar()
    # not an editor: no review pages at all; and editors never see drafts
    assert other.get(f"{base(world, other_id)}/review/{exp_id}").status_code == 403
    world.app.config["LIBRARY_EDITORIAL_CONTEXTS"] = ("course-1",)
    ed, _, ed_id = launch_share(world, "ed", instructor=True)
    assert ed.get(f"{base(world, ed_id)}/review/{exp_id}").status_code == 404


def test_a_drafts_photos_and_documents_are_the_authors_alone_until_it_is_submitted(world):
    browser, page, launch_id = launch_share(world, "author")
    browser.submit(page)
    write_all_steps(world, browser, launch_id, el_progreso())
    consent = browser.get(f"{base(world, launch_id)}/step/consent")
    browser.http.post(f"{base(world, launch_id)}/files", data={"csrf_token": csrf(consent)},
                      files={"files": ("report.pdf", b"%PDF-1.4 minimal", "application/pdf")})
    with world.app.app_context():
        (attachment_id,) = [row.id for row in db.session.query(LibraryAttachment).all()]
    url = f"/files/{attachment_id}"
    assert browser.get(base(world, launch_id) + url).status_code == 200
    other, _, other_id = launch_share(world, "neighbour")
    assert other.get(base(world, other_id) + url).status_code == 404
    world.app.config["LIBRARY_EDITORIAL_CONTEXTS"] = ("course-1",)
    ed, _, ed_id = launch_share(world, "ed", instructor=True)
    assert ed.get(base(world, ed_id) + url).status_code == 404  # a draft: not the editors' yet
    assert 'data-status="submitted"' in browser.submit(browser.get(f"{base(world, launch_id)}/"), form_index=0).text
    download = ed.get(base(world, ed_id) + url)
    assert download.status_code == 200 and download.content.startswith(b"%PDF")


def test_attachments_get_the_peer_attachment_checks(world):
    browser, page, launch_id = launch_share(world, "author")
    browser.submit(page)
    consent = browser.get(f"{base(world, launch_id)}/step/consent")
    token = csrf(consent)
    fake = browser.http.post(f"{base(world, launch_id)}/files", data={"csrf_token": token},
                             files={"files": ("photo.png", b"this is not a png", "image/png")})
    assert "does not match its type" in fake.text
    real = browser.http.post(f"{base(world, launch_id)}/files", data={"csrf_token": token},
                             files={"files": ("report.pdf", b"%PDF-1.4 minimal", "application/pdf")})
    assert "report.pdf" in real.text


def test_the_picker_offers_share_an_experience(world):
    page = world.launch(message_type="LtiDeepLinkingRequest",
                        roles=["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"], user="teacher-1")
    assert 'value="library-share"' in page.text
    world.browser.submit(page, multi=[("item", "library-share")])
    link = world.platform.links[-1]
    assert link["custom"] == {"fieldschool_item": "library-share"}
    landing = world.launch(user="learner-9", resource_link={"id": link["id"], "title": link["title"]},
                           custom=link["custom"])
    assert "/lti/library/" in landing.url and "Start writing" in landing.text


def test_the_capstone_offers_to_send_the_systematisation_to_the_cup(tmp_path):
    from lti_live import LtiWorld
    from lti_peer_helpers import launch_member, submit

    world = LtiWorld(tmp_path, LIBRARY_SYSTEMATISATION_ITEMS=("sample.exercise",))
    try:
        member = launch_member(world, "ana")
        assert "send-to-cup" not in member.page.text  # nothing submitted yet
        page = submit(world, member, "# Payments in a week\n\nOur coffee cooperative.\n\n## Results\n\n344 members.")
        assert "send-to-cup" in page.text
        form = next(i for i, f in enumerate(parse(page.text).forms) if f.action.endswith("/from-systematisation"))
        landing = member.browser.submit(page, form_index=form)
        assert "/lti/library/" in landing.url and 'data-status="draft"' in landing.text
        results = member.browser.get(world.tool_url(f"/lti/library/{member.launch_id}/step/results"))
        assert "344 members." in results.text
        context = member.browser.get(world.tool_url(f"/lti/library/{member.launch_id}/step/context"))
        assert "Our coffee cooperative." in context.text
    finally:
        world.stop()


def test_an_editor_reading_spanish_is_told_states_and_refusals_in_spanish(tmp_path):
    from lti_live import LtiWorld

    world = LtiWorld(tmp_path, LIBRARY_EDITORIAL_CONTEXTS=("editors",))
    try:
        browser, page, launch_id = launch_share(world, "marta", name="Marta López")
        browser.submit(page)
        write_all_steps(world, browser, launch_id, el_progreso())
        assert 'data-status="submitted"' in browser.submit(browser.get(base(world, launch_id) + "/"),
                                                           form_index=0).text
        ed_browser, _, ed_id = launch_share(world, "edna", instructor=True, course="editors", locale="es")
        queue = ed_browser.get(base(world, ed_id) + "/review")
        assert 'data-status="submitted">enviada, con los editores<' in queue.text
        with world.app.app_context():
            exp_id = db.session.query(LibraryExperience.id).scalar()
        review = ed_browser.get(f"{base(world, ed_id)}/review/{exp_id}")
        assert "<strong>enviada, con los editores</strong>" in review.text
        no_comment = ed_browser.submit(review, {"to": "returned", "comment": ""}, form_index=0)
        assert "se necesita un comentario" in no_comment.text and "comment is required" not in no_comment.text
        ed_browser.submit(ed_browser.get(f"{base(world, ed_id)}/review/{exp_id}"), {"to": "reviewed"}, form_index=0)
        queue = ed_browser.get(base(world, ed_id) + "/review")
        assert "revisada, en espera de publicación" in queue.text
    finally:
        world.stop()
