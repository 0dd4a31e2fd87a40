"""The public library at /library: no LMS, only published consenting entries, names only with consent, search and
filters, entries rendered like shipped case studies (SVG chart, ≤ 25 KB gzip), citation, licence, case file; and
published experiences in the deep-linking picker beside the curriculum, opening as case-study activities."""

from __future__ import annotations

import gzip
import re

from lti_library_helpers import el_progreso, published_experience, user

from lti_tool.extensions import db
from lti_tool.library import experiences


def library(app) -> dict[str, int]:
    """Three public entries, and three that must never show: jury only, no consent, a draft."""
    with app.app_context():
        ids = {
            "progreso": published_experience(show_names=True),
            "cacao": published_experience(title="Cacao fermentation centre run by young members", language="en",
                                          organisation="Asociación Brote", competency_area="operations",
                                          facts=dict(el_progreso()["facts"], country="Ecuador", commodity="cocoa",
                                                     maturity="promising-practice"),
                                          sections=dict(el_progreso()["sections"],
                                                        process="Young members built a fermentation centre.")),
            "banana": published_experience(title="Banana packing with a women's crew", organisation="Coop Musa",
                                           facts=dict(el_progreso()["facts"], country="Colombia",
                                                      commodity="bananas")),
            "jury": published_experience(title="Secret jury-only story", licence="jury-only"),
            "private": published_experience(title="Not consented story", consent_publish=False),
        }
        author = user("drafter")
        draft = experiences.start(author.id, None, "en", el_progreso(title="Draft only story"))
        db.session.commit()
        ids["draft"] = draft.id
    return ids


def test_only_published_consenting_entries_are_listed_and_readable(app, client):
    ids = library(app)
    page = client.get("/library/")
    assert page.status_code == 200
    for title in ("El Progreso", "Cacao fermentation", "Banana packing"):
        assert title in page.text
    for hidden in ("Secret jury-only", "Not consented", "Draft only"):
        assert hidden not in page.text
    for key in ("jury", "private", "draft"):
        assert client.get(f"/library/{ids[key]}").status_code == 404
        assert client.get(f"/library/{ids[key]}/case.md").status_code == 404


def test_filters_and_full_text_search(app, client):
    library(app)
    assert "Cacao fermentation" in client.get("/library/?country=Ecuador").text
    assert "Banana packing" not in client.get("/library/?country=Ecuador").text
    by_area = client.get("/library/?area=operations").text
    assert "Cacao fermentation" in by_area and "El Progreso" not in by_area
    found = client.get("/library/?q=fermentation+centre").text
    assert "Cacao fermentation" in found and "Banana packing" not in found
    assert "1 experience" in found
    assert "0 experiences" in client.get("/library/?q=nothing-like-this").text
    assert "Banana packing" in client.get("/library/?commodity=bananas&q=revolving").text


def test_an_entry_renders_like_a_case_study_with_citation_licence_and_names_only_with_consent(app, client):
    ids = library(app)
    page = client.get(f"/library/{ids['progreso']}")
    assert page.status_code == 200
    assert "<svg" in page.text and "Results: before and after" in page.text  # the indicator chart, drawn by the core
    assert 'id="citation"' in page.text and "Marta López, Cooperativa El Progreso" in page.text
    assert 'rel="license"' in page.text and "creativecommons.org/licenses/by-sa/4.0" in page.text
    assert len(gzip.compress(page.data)) <= 25 * 1024
    other = client.get(f"/library/{ids['banana']}").text
    assert "Marta López" not in other  # no consent to names on this one
    case_file = client.get(f"/library/{ids['progreso']}/case.md")
    assert case_file.status_code == 200 and case_file.text.startswith("---\nid: library.exp-")


def test_a_published_experience_is_offered_in_the_picker_and_opens_as_a_case_study(world):
    with world.app.app_context():
        exp_id = published_experience()
    page = world.launch(message_type="LtiDeepLinkingRequest",
                        roles=["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"], user="teacher-1")
    item_id = f"library.exp-{exp_id}"
    assert f'value="{item_id}"' in page.text
    world.browser.submit(page, multi=[("item", item_id)])
    link = world.platform.links[-1]
    assert link["custom"] == {"fieldschool_item": item_id} and link["lineitem"]  # a gradebook column
    opened = world.launch(user="learner-7", resource_link={"id": link["id"], "title": link["title"]},
                          custom=link["custom"], lineitem=link["lineitem"])
    assert opened.status_code == 200 and "/lti/activity/" in opened.url
    assert "El Progreso" in opened.text and re.search(r'name="answer-[a-z-]+-1"', opened.text)  # discussion questions


def test_the_library_speaks_the_readers_language_and_says_which_language_an_entry_has(app, client):
    ids = library(app)
    for lang, words in (("es", "Biblioteca de experiencias"), ("fr", "Bibliothèque d'expériences"),
                        ("pt", "Biblioteca de experiências")):
        page = client.get(f"/library/?lang={lang}")
        assert words in page.text.replace("&#39;", "'"), lang
        assert f'<html lang="{lang}">' in page.text
    listing = client.get("/library/?lang=es").text
    assert "Aún no está en su idioma. Disponible en:" in listing  # the entries exist in English only
    assert f'<a href="/library/{ids["cacao"]}/en" lang="en" hreflang="en">English</a>' in listing
    entry = client.get(f"/library/{ids['cacao']}", headers={"Accept-Language": "pt"}).text
    assert "escrita em English" in entry and "Citar e reutilizar" in entry
    assert "Pesquisar" in client.get("/library/", headers={"Accept-Language": "pt-BR"}).text
