"""The case-study page keeps what is the same for every reader (the page model, its figures' CSP hashes) per
process, keyed by the case's content, the interface language and the image base; a learner's answers, completion
and scores are read on every view and never shared between learners."""

from __future__ import annotations

from dataclasses import replace

from flask import g
from lti_activity_helpers import launch, textarea
from lti_live import Browser

from lti_tool.services import case_study as cases
from lti_tool.services.content_cache import BoundedCache, content_digest
from lti_tool.services.course import get_course


def _case(app, item_id: str = "sample.case"):
    with app.app_context():
        return get_course().find_item(item_id)


def test_the_page_model_is_built_once_per_content_and_again_when_the_content_changes(app):
    case = _case(app)
    with app.test_request_context():
        first = cases.page_model(case, "/media")
        assert cases.page_model(case, "/media") is first  # the same content: not built again
        assert cases.page_model(replace(case), "/media") is first  # an equal copy hashes the same
        changed = replace(case, title="A title nobody wrote", summary="Another *summary*.")
        assert content_digest(changed) != content_digest(case)
        again = cases.page_model(changed, "/media")
        assert again is not first
        assert again.page.title == "A title nobody wrote" and "<em>summary</em>" in again.page.summary_html
        assert first.page.title == case.title  # the old entry still describes the old content
        assert cases.page_model(case, "/other-media") is not first  # images resolve under another base


def test_the_page_model_is_kept_per_interface_language(app):
    case = _case(app)
    with app.test_request_context():
        english = cases.page_model(case)
    with app.test_request_context():
        g.lang = "es"
        spanish = cases.page_model(case)
    assert spanish is not english
    assert spanish.page.labels["lessons"] != english.page.labels["lessons"]


def test_the_cached_style_hashes_are_those_of_the_figures(app):
    from lti_tool.services.inline_styles import style_hashes

    case = _case(app)
    with app.test_request_context():
        model = cases.page_model(case)
    figures = [part.figure for part in model.page.parts if part.figure]
    assert figures and model.style_hashes == style_hashes(*figures)
    assert all(h.startswith("'sha256-") for h in model.style_hashes)


def test_the_cache_is_bounded_least_recently_used_first():
    cache: BoundedCache[int] = BoundedCache(max_entries=2)
    made = []

    def make(n):
        return lambda: made.append(n) or n

    assert cache.get_or_make("a", make(1)) == 1
    assert cache.get_or_make("b", make(2)) == 2
    assert cache.get_or_make("a", make(9)) == 1  # kept; now the most recently used
    cache.get_or_make("c", make(3))  # pushes out "b"
    assert len(cache) == 2
    assert cache.get_or_make("b", make(4)) == 4 and made == [1, 2, 3, 4]


def test_one_learners_answers_and_completion_never_reach_another_learners_page(world):
    ana_browser, ben_browser = Browser(), Browser()
    ana = launch(world, "sample.case", user="ana", browser=ana_browser)
    ben = launch(world, "sample.case", user="ben", browser=ben_browser)  # the same link; the page is warm now
    saved = ana_browser.submit(ana, {"answer-context-1": "Ana's private answer"}, form_index=0)
    assert textarea(saved, "answer-context-1") == "Ana's private answer"
    for page in (ben_browser.get(ben.url), launch(world, "sample.case", user="ben", browser=Browser())):
        assert page.status_code == 200
        assert textarea(page, "answer-context-1") == "" and "Ana's private answer" not in page.text
        assert "0 of " in page.text  # Ben's own progress, not Ana's
    ben_saved = ben_browser.submit(ben_browser.get(ben.url), {"answer-context-1": "Ben's answer"}, form_index=0)
    assert textarea(ben_saved, "answer-context-1") == "Ben's answer"
    assert textarea(ana_browser.get(ana.url), "answer-context-1") == "Ana's private answer"
    assert "1 of " in ana_browser.get(ana.url).text


def test_content_digests_are_kept_only_while_their_item_lives(app):
    import gc

    from lti_tool.services import content_cache

    case = replace(_case(app), title="A case that will be dropped")
    digest = content_digest(case)
    assert content_digest(case) == digest and id(case) in content_cache._DIGESTS
    key = id(case)
    del case
    gc.collect()
    assert key not in content_cache._DIGESTS


def test_section_bodies_are_rendered_once_per_page_model_and_again_for_changed_content(app):
    from lti_tool.views import case_study as view

    case = _case(app)
    first_section = case.sections[0]
    renamed = replace(case, sections=(replace(first_section, title="A renamed section", markdown="New *text*."),
                                      *case.sections[1:]))
    with app.test_request_context():
        model = cases.page_model(case)
        bodies = view._part_bodies(model)
        assert view._part_bodies(model) is bodies and len(bodies) == len(model.page.parts)
        index = next(i for i, part in enumerate(model.page.parts) if part.key == first_section.key)
        assert first_section.title in bodies[index] and "A renamed section" not in bodies[index]
        changed = view._part_bodies(cases.page_model(renamed))
    assert "A renamed section" in changed[index] and "<em>text</em>" in changed[index]
