"""A learner reads a case study, answers its discussion questions (kept across reloads and devices, with or without
JavaScript); the case is complete by the core's rule (every discussion question answered); completion reaches
the platform's line item through AGS."""

from __future__ import annotations

from lti_activity_helpers import csrf, drain, launch, launch_id, textarea, tool_base
from lti_grade_helpers import line_item
from lti_live import Browser


def test_the_case_page_has_facts_timeline_indicators_and_questions_after_their_sections(world):
    page = launch(world, "sample.case")
    text = page.text
    assert page.status_code == 200
    assert 'class="facts"' in text and "Peru" in text and "Fairtrade" in text
    timeline = text.index('aria-labelledby="timeline-t timeline-d"')
    indicators = text.index('aria-labelledby="indicators-t indicators-d"')
    assert text.index('id="h-process"') < timeline < text.index('id="h-results"') < indicators
    assert "<th scope=\"row\">Members with up-to-date records</th><td>10 %</td><td>80 %</td>" in text
    # each discussion question right after the section it discusses, ids <key>-<n>
    assert text.index('id="h-context"') < text.index('name="answer-context-1"') < text.index('id="h-initial-situation"')
    assert text.index('id="h-lessons"') < text.index('name="answer-lessons-1"')
    # the inline SVG's style attribute is allowed by hash, nothing else inline
    policy = page.headers["Content-Security-Policy"]
    assert "'unsafe-hashes' 'sha256-" in policy and "unsafe-inline" not in policy
    image = world.browser.http.get(tool_base(world) + "/lti/media/sample.case/timeline.svg")
    assert image.status_code == 200 and image.headers["Content-Type"].startswith("image/svg")


def test_answers_saved_with_the_form_survive_a_reload_and_another_device(world):
    phone = Browser()
    page = launch(world, "sample.case", browser=phone)
    saved = phone.submit(page, {"answer-context-1": "We are smaller & poorer", "answer-lessons-1": "Start small"},
                         form_index=0)
    assert saved.status_code == 200 and "Your answers are saved." in saved.text
    assert textarea(saved, "answer-context-1") == "We are smaller & poorer"
    laptop = Browser()  # another device, a new launch: the answers come from the server
    again = launch(world, "sample.case", browser=laptop)
    assert textarea(again, "answer-context-1") == "We are smaller & poorer"
    assert textarea(again, "answer-lessons-1") == "Start small"


def test_autosave_posts_one_answer_with_the_csrf_header(world):
    browser = Browser()
    page = launch(world, "sample.case", browser=browser)
    url = f"{tool_base(world)}/lti/case/{launch_id(page)}/answers"
    token = csrf(page)
    answer = browser.http.post(url, data={"answer-lessons-1": "draft 1"},
                               headers={"X-CSRFToken": token, "X-Requested-With": "fetch"})
    assert answer.status_code == 200 and answer.json() == {"saved": ["lessons-1"], "completed": False}
    browser.http.post(url, data={"answer-lessons-1": "draft 2", "csrf_token": token},
                      headers={"X-Requested-With": "fetch"})
    assert textarea(browser.get(page.url), "answer-lessons-1") == "draft 2"
    assert textarea(browser.get(page.url), "answer-context-1") == ""
    # no CSRF token, or a question the case does not have: refused, nothing stored
    assert browser.http.post(url, data={"answer-lessons-1": "forged"}).status_code == 400
    bad = browser.http.post(url, data={"answer-results-9": "x"}, headers={"X-CSRFToken": token})
    assert bad.status_code == 400
    assert textarea(browser.get(page.url), "answer-lessons-1") == "draft 2"


def _case(world, item_id: str = "sample.case"):
    with world.app.app_context():
        from lti_tool.services.course import get_course

        return get_course().find_item(item_id)


def test_answering_every_question_completes_the_case_and_sends_it_to_the_line_item_once(world):
    from curriculum.case_page import question_ids

    lineitem = line_item(world, "Sample case")
    browser = Browser()
    page = launch(world, "sample.case", lineitem=lineitem, browser=browser, user="ana")
    ids = list(question_ids(_case(world)))
    assert len(ids) > 1 and 'data-completion-rule="all_answered"' in page.text
    assert "Mark complete" not in page.text and "I have read this case" not in page.text
    # the completion button of old is refused while questions have no answer
    early = browser.http.post(f"{tool_base(world)}/lti/case/{launch_id(page)}/complete",
                              data={"csrf_token": csrf(page)})
    assert "Answer every discussion question to complete this case study." in early.text
    partial = browser.submit(page, {f"answer-{ids[0]}": "only one"}, form_index=0)
    assert f"1 of {len(ids)} discussion questions answered." in partial.text
    assert drain(world).claimed == 0
    done = browser.submit(partial, {f"answer-{qid}": "an answer" for qid in ids}, form_index=0)
    assert "You completed this case study on" in done.text
    browser.http.post(f"{tool_base(world)}/lti/case/{launch_id(page)}/answers",
                      data={f"answer-{ids[0]}": "changed", "csrf_token": csrf(page)})
    assert drain(world).delivered == 1
    [score] = world.platform.scores
    assert score["lineitem"] == lineitem and score["userId"] == "ana"
    assert (score["scoreGiven"], score["scoreMaximum"]) == (1.0, 1.0)
    assert (score["activityProgress"], score["gradingProgress"]) == ("Completed", "FullyGraded")
    assert drain(world).delivered == 0


def test_blank_answers_do_not_complete_the_case(world):
    from curriculum.case_page import question_ids

    browser = Browser()
    page = launch(world, "sample.case", browser=browser)
    ids = list(question_ids(_case(world)))
    blank = browser.submit(page, {f"answer-{qid}": "   " for qid in ids}, form_index=0)
    assert "You completed this case study" not in blank.text
    assert f"0 of {len(ids)} discussion questions answered." in blank.text


def test_completion_without_a_line_item_is_kept_but_not_sent(world):
    from curriculum.case_page import question_ids

    browser = Browser()
    page = launch(world, "sample.case", browser=browser)
    answers = {f"answer-{qid}": "yes" for qid in question_ids(_case(world))}
    assert "You completed this case study" in browser.submit(page, answers, form_index=0).text
    assert drain(world).claimed == 0 and world.platform.scores == []


def test_the_case_in_spanish(world):
    page = launch(world, "sample.case", locale="es")
    assert 'lang="es"' in page.text and "Guardar respuestas" in page.text


def test_the_facts_box_names_the_maturity_in_the_case_language():
    from curriculum import default_course
    from curriculum.case_page import facts_rows

    course = default_course()
    english = {row.label: row.value for row in facts_rows(course.find_item("experiences.case", "en"))}
    spanish = {row.key: row.value for row in facts_rows(course.find_item("experiences.case", "es"))}
    assert english["Maturity"] == "Good practice"
    assert spanish["maturity"] == "Buena práctica"
