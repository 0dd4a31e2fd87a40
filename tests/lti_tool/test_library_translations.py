"""Entries in more than one language: an author or editor adds a translation (same facts and figures, checked by the
core's validator and cross-language check), reviewed and published on its own after the original; the public library
shows the reader's language when it exists and otherwise says which languages an entry has; a translation exports
with its original as a case-file set that ``fieldschool validate`` accepts; access rules stay as they were."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lti_library_helpers import author_actor, editor_actor, el_progreso, launch_share, published_experience, user
from lti_live import parse

from curriculum.cli import main as fieldschool
from curriculum.experiences.workflow import TransitionRefused
from lti_tool.extensions import db
from lti_tool.library import experiences
from lti_tool.library.models import LibraryExperience
from lti_tool.models import LtiUser

GOOD = Path(__file__).parents[1] / "curriculum" / "fixtures" / "good"
SPANISH = {
    "title": "El Progreso: una cooperativa de café paga a sus socios en una semana",
    "summary": "La cooperativa El Progreso redujo la espera del pago de seis semanas a una con un fondo rotatorio.",
    "sections": {
        "context": "Jinotega es tierra de café; la mayoría de los socios cultiva 2 hectáreas de café bajo sombra.",
        "initial-situation": "Los socios esperaban seis semanas su pago y vendían a intermediarios.",
        "actors": "La junta, el gerente, un auxiliar y un proveedor de dinero móvil.",
        "process": "La cooperativa creó un fondo rotatorio y pagó cada semana.",
        "results": "Los socios que entregan pasaron de 210 a 344; el plazo de pago bajó de 42 a 7 días.",
        "analysis": "Cobrar pronto importó más a los socios que un precio más alto después.",
        "replication": "Un fondo rotatorio necesita prefinanciación y un auxiliar que haga pagos semanales.",
        "sustainability": "El fondo se repone con cada venta; el auxiliar se paga con el margen.",
    },
}


def translate(exp_id: int, language: str = "es", publish: bool = True, **changes) -> int:
    """A translation of a published experience by its author, submitted (and published by an editor)."""
    original = db.session.get(LibraryExperience, exp_id)
    author = db.session.get(LtiUser, original.author_id)
    row = experiences.add_translation(original, language, author_actor(author))
    experiences.save(row, {**SPANISH, **changes})
    experiences.move(row, "submitted", author_actor(author))
    if publish:
        editor = user(f"editor-tr-{row.id}")
        experiences.move(row, "reviewed", editor_actor(editor))
        experiences.move(row, "published", editor_actor(editor))
    db.session.commit()
    return row.id


def test_the_library_shows_the_readers_language_when_a_translation_exists(app, client):
    with app.app_context():
        exp_id = published_experience()
        other = published_experience(title="Cacao fermentation centre run by young members")
        translate(exp_id)
    spanish_list = client.get("/library/", headers={"Accept-Language": "es"}).text
    assert SPANISH["title"] in spanish_list and f'href="/library/{exp_id}/es"' in spanish_list
    # the untranslated entry is shown as written, with the languages it has and links to them
    cacao = spanish_list[spanish_list.index("Cacao fermentation"):]
    assert f'<a href="/library/{other}/en" lang="en" hreflang="en">English</a>' in cacao
    french_list = client.get("/library/?lang=fr").text
    assert SPANISH["title"] not in french_list and "El Progreso: a coffee cooperative" in french_list
    assert f'href="/library/{exp_id}/es"' in french_list and f'href="/library/{exp_id}/en"' in french_list

    entry = client.get(f"/library/{exp_id}", headers={"Accept-Language": "es-ES,es;q=0.9"}).text
    assert f"<h1>{SPANISH['title']}</h1>" in entry and 'lang="es" class="case"' in entry
    assert "<dt>Socios y socias</dt><dd>1120</dd>" in entry  # the same figures, under the core's Spanish labels
    assert f'href="/library/{exp_id}/en"' in entry and f'/library/{exp_id}/es/case.md' in entry
    english = client.get(f"/library/{exp_id}", headers={"Accept-Language": "en"}).text
    assert "El Progreso: a coffee cooperative" in english and f'href="/library/{exp_id}/es"' in english
    assert client.get(f"/library/{exp_id}/es").status_code == 200
    assert client.get(f"/library/{exp_id}/fr").status_code == 404  # no French version
    case_md = client.get(f"/library/{exp_id}/es/case.md")
    assert case_md.status_code == 200 and f"id: library.exp-{exp_id}" in case_md.text
    assert "## Resultados {#results}" in case_md.text
    # the PDF follows the language shown: the Spanish page links to the Spanish PDF, printed from the translation
    assert f'href="/library/{exp_id}/es/entry.pdf"' in entry
    pdf = client.get(f"/library/{exp_id}/es/entry.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and ".es.pdf" in pdf.headers["Content-Disposition"]
    assert client.get(f"/library/{exp_id}/fr/entry.pdf").status_code == 404


def test_search_and_the_language_filter_know_the_translations(app, client):
    with app.app_context():
        exp_id = published_experience()
        other = published_experience(title="Cacao fermentation centre run by young members")
        translate(exp_id)
    spanish = client.get("/library/?language=es").text
    assert f"/library/{exp_id}/" in spanish and f"/library/{other}" not in spanish
    assert 'value="es"' in spanish  # the filter offers the translation's language
    found = client.get("/library/?q=rotatorio&lang=es").text  # a word of the Spanish text only
    assert SPANISH["title"] in found and "Cacao" not in found


def test_a_translation_is_published_on_its_own_after_its_original(app):
    with app.app_context():
        author, editor = user("writer"), user("the-editor")
        row = experiences.start(author.id, None, "en", el_progreso())
        with pytest.raises(experiences.TranslationRefused):  # a draft is not translated yet
            experiences.add_translation(row, "es", author_actor(author))
        experiences.move(row, "submitted", author_actor(author))
        stranger = user("stranger")
        with pytest.raises(experiences.TranslationRefused):
            experiences.add_translation(row, "es", experiences.Actor(stranger.id, "x", frozenset()))
        spanish = experiences.add_translation(row, "es", author_actor(author))
        with pytest.raises(experiences.TranslationRefused):
            experiences.add_translation(row, "es", editor_actor(editor))  # one translation per language
        experiences.save(spanish, {**SPANISH, "facts": {"members": "1.300"}})
        with pytest.raises(experiences.NotReady) as not_ready:  # other figures than the original's
            experiences.move(spanish, "submitted", author_actor(author))
        assert any(p.field == "facts" for p in not_ready.value.problems)
        experiences.save(spanish, {"facts": {"members": "1.120"}})
        experiences.move(spanish, "submitted", author_actor(author))
        experiences.move(spanish, "reviewed", editor_actor(editor))
        with pytest.raises(TransitionRefused):
            experiences.move(spanish, "published", editor_actor(editor))  # the original first
        experiences.move(row, "reviewed", editor_actor(editor))
        experiences.move(row, "published", editor_actor(editor))
        experiences.move(spanish, "published", editor_actor(editor))
        assert experiences.exportable(spanish) and spanish.public and spanish.status == "published"
        # the translation is not the author's current experience: their link still opens the original
        assert experiences.current_draft(author.id, None).id == row.id


def test_drafts_and_jury_only_translations_stay_private(app, client):
    with app.app_context():
        jury_only = published_experience(title="Jury only original", licence="jury-only")
        jury_tr = translate(jury_only)
        public = published_experience(title="Public original")
        draft_tr = translate(public, publish=False)
        assert not db.session.get(LibraryExperience, jury_tr).public  # inherited: jury only
    for lang in ("es", "en"):
        listing = client.get(f"/library/?lang={lang}").text
        assert "Jury only original" not in listing and SPANISH["title"] not in listing
    assert client.get(f"/library/{jury_only}/es").status_code == 404
    assert client.get(f"/library/{jury_tr}").status_code == 404
    assert client.get(f"/library/{public}/es").status_code == 404  # only submitted, not published
    assert client.get(f"/library/{draft_tr}").status_code == 404
    assert client.get(f"/library/{public}/es/entry.pdf").status_code == 404
    assert client.get(f"/library/{jury_only}/es/entry.pdf").status_code == 404
    assert client.get(f"/library/{jury_tr}/entry.pdf").status_code == 404
    assert 'data-count="0"' in client.get("/library/?q=rotatorio").text


def test_export_a_translation_with_its_original_and_validate_them(app, runner, tmp_path, monkeypatch):
    with app.app_context():
        exp_id = published_experience(title="El Progreso: payments within a week")
        tr_id = translate(exp_id)
        jury_tr = translate(published_experience(title="Jury only", licence="jury-only"))
    content = tmp_path / "content"
    shutil.copytree(GOOD, content)
    result = runner.invoke(args=["library", "export", str(tr_id), "-o", str(content / "90-library")])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (content / "90-library").iterdir())
    assert names == [f"exp-{exp_id}.en.md", f"exp-{exp_id}.es.md", "module.en.md", "module.es.md"]
    monkeypatch.chdir(tmp_path)
    validated = CliRunner().invoke(fieldschool, ["validate", str(content)])
    assert validated.exit_code == 0, validated.output
    # the cross-language check runs on the pair: a translation with other figures would be refused
    spanish = content / "90-library" / f"exp-{exp_id}.es.md"
    spanish.write_text(spanish.read_text(encoding="utf-8").replace("members: 1120", "members: 1200"), "utf-8")
    refused = CliRunner().invoke(fieldschool, ["validate", str(content)])
    assert refused.exit_code != 0 and "differs from the source language" in refused.output
    jury = runner.invoke(args=["library", "export", str(jury_tr), "-o", str(tmp_path / "x")])
    assert jury.exit_code == 1 and "cannot be exported" in jury.output


def test_the_author_adds_and_writes_a_translation_in_the_share_activity(world):
    browser, page, launch_id = launch_share(world, "ana", name="Ana")
    base = world.tool_url(f"/lti/library/{launch_id}")
    with world.app.app_context():
        from lti_tool.models import ResourceLink

        ana = db.session.query(LtiUser).filter_by(sub="ana").one()
        link = db.session.query(ResourceLink.id).filter_by(resource_link_id="share-1").scalar()
        row = experiences.start(ana.id, link, "en", el_progreso())
        experiences.move(row, "submitted", author_actor(ana))
        db.session.commit()
        exp_id = row.id
    home = browser.get(f"{base}/")
    forms = [f.action for f in parse(home.text).forms]
    index = next(i for i, action in enumerate(forms) if action.endswith("/translations"))
    page = browser.submit(home, {"language": "pt"}, form_index=index)
    assert "Translation into Português" in page.text and "?tr=" in page.url
    tr_id = int(re.search(r"tr=(\d+)", page.url).group(1))
    step = browser.get(f"{base}/step/consent?tr={tr_id}")
    assert 'name="licence"' not in step.text and "Facts, figures, consent and licence" in step.text
    organisation = browser.get(f"{base}/step/organisation?tr={tr_id}")
    saved = browser.submit(organisation, {"title": "El Progreso: uma cooperativa paga em uma semana",
                                          "language": "es", "go": "organisation"}, form_index=0)
    assert "uma cooperativa" in saved.text
    with world.app.app_context():
        tr = db.session.get(LibraryExperience, tr_id)
        assert (tr.language, tr.translation_of_id, tr.status) == ("pt", exp_id, "draft")  # the language stays
    # another user cannot open it
    other, _, other_id = launch_share(world, "bruno", name="Bruno")
    assert other.get(world.tool_url(f"/lti/library/{other_id}/step/organisation?tr={tr_id}")).status_code == 404
    assert browser.get(f"{base}/").text.count("uma cooperativa") >= 1  # listed under the translations she writes


def test_a_deep_linked_entry_opens_in_the_course_language_when_translated(app):
    from lti_tool.services.course import get_course

    with app.app_context():
        exp_id = published_experience()
        translate(exp_id)
    with app.test_request_context("/"):
        course = get_course()
        item_id = f"library.exp-{exp_id}"
        assert course.find_item(item_id, "es").title == SPANISH["title"]
        assert course.find_item(item_id, "en").title.startswith("El Progreso: a coffee cooperative")
        assert course.find_item(item_id, "fr").language == "en"  # no French version: the original


def test_an_editor_translates_a_submitted_experience_from_the_review_page(tmp_path):
    from lti_live import LtiWorld

    world = LtiWorld(tmp_path, LIBRARY_EDITORIAL_CONTEXTS=("editors",))
    try:
        with world.app.app_context():
            author = user("writer")
            row = experiences.start(author.id, None, "en", el_progreso())
            experiences.move(row, "submitted", author_actor(author))
            db.session.commit()
            exp_id = row.id
        editor, _page, editor_id = launch_share(world, "eddie", instructor=True, course="editors", name="Eddie")
        base = world.tool_url(f"/lti/library/{editor_id}")
        review = editor.get(f"{base}/review/{exp_id}")
        index = next(i for i, f in enumerate(parse(review.text).forms) if f.action.endswith("/translations"))
        page = editor.submit(review, {"language": "fr"}, form_index=index)
        assert "Translation into Français" in page.text and "?tr=" in page.url
        # a learner who is not the author cannot translate it
        learner, _p, learner_id = launch_share(world, "lea", name="Lea")
        refused = learner.http.post(world.tool_url(f"/lti/library/{learner_id}/translations"),
                                    data={"experience": str(exp_id), "language": "es",
                                          "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"',
                                                                  _p.text).group(1)},
                                    headers={"Referer": world.tool_url(f"/lti/library/{learner_id}/")})
        assert refused.status_code == 404
        with world.app.app_context():
            [tr] = experiences.translations_of(db.session.get(LibraryExperience, exp_id))
            assert (tr.language, tr.status) == ("fr", "draft")
    finally:
        world.stop()


def test_a_visit_offer_names_an_experience_in_the_viewers_language_read_by_the_cores_locale_rule(app):
    """The organisations' offers read the viewer's locale as every channel does (curriculum.languages)."""
    from lti_tool.organisations.library_offers import LibraryOffers

    with app.app_context():
        exp_id = published_experience()
        translate(exp_id)
        for locale, spanish in (("es", True), ("es-419", True), ("ES_mx", True), ("en", False), ("fr", False)):
            titles = {offer.offer_id: offer.title for offer in LibraryOffers(1, locale).offers()}
            assert (titles[f"exp-{exp_id}"] == SPANISH["title"]) is spanish, locale
