"""The public library at /library: no LMS, only published consenting entries, names only with consent, search and
filters, entries rendered like shipped case studies (SVG chart, ≤ 25 KB gzip), citation, licence, case file and a
tagged PDF; and published experiences in the deep-linking picker beside the curriculum, opening as case-study
activities."""

from __future__ import annotations

import gzip
import io
import re
from pathlib import Path

from lti_library_helpers import el_progreso, published_experience, user
from pypdf import PdfReader

from lti_tool.extensions import db
from lti_tool.library import experiences
from lti_tool.library.models import LibraryExperience


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
        assert client.get(f"/library/{ids[key]}/entry.pdf").status_code == 404
    assert client.get("/library/999999/entry.pdf").status_code == 404


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


def _pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return reader, re.sub(r"\s+", " ", re.sub(r"-\n", "-", text))


def test_an_entry_downloads_as_a_tagged_pdf_printed_by_the_core_and_kept_per_version(app, client, monkeypatch):
    ids = library(app)
    page = client.get(f"/library/{ids['progreso']}").text
    assert f'href="/library/{ids["progreso"]}/entry.pdf"' in page and "Download as PDF" in page
    calls = []
    from curriculum.printing import case as core_case

    real_pdf = core_case.render_pdf
    monkeypatch.setattr(core_case, "render_pdf", lambda *a, **k: calls.append(k) or real_pdf(*a, **k))
    response = client.get(f"/library/{ids['progreso']}/entry.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert re.fullmatch(r'attachment; filename="exp-\d+-el-progreso-a-coffee-cooperative[a-z0-9-]*-v1\.en\.pdf"',
                        response.headers["Content-Disposition"])
    reader, text = _pdf_text(response.data)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"] and root["/Lang"] == "en"  # tagged, PDF/UA
    assert reader.metadata.title == "El Progreso: a coffee cooperative pays members within a week"
    assert "El Progreso: a coffee cooperative pays members within a week" in text
    assert "Members delivering to the cooperative" in text and "Days between delivery and payment" in text
    assert "Experience library" in text and "Marta López" in text  # names printed only with consent, as on the page
    assert "CC-BY-SA-4.0" in text and f"version 1. http://localhost/library/{ids['progreso']}" in text  # citation
    assert calls == [{"data_urls_only": True}]  # learner-written: nothing fetched but the core's own charts
    again = client.get(f"/library/{ids['progreso']}/entry.pdf?lang=fr")  # any interface language: the same file
    assert again.status_code == 200 and again.data == response.data and len(calls) == 1  # kept, not printed again
    assert client.get(f"/library/{ids['progreso']}/entry.pdf",
                      headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    kept = list((Path(app.instance_path) / "library_pdf").glob(f"exp-{ids['progreso']}-v1.en.*.pdf"))
    assert len(kept) == 1 and kept[0].read_bytes() == response.data
    other = client.get(f"/library/{ids['banana']}/entry.pdf")
    assert "Marta López" not in _pdf_text(other.data)[1]  # no consent to names on this one

    # `fieldschool cleanup` removes the kept copy once the entry is no longer public, and keeps the others
    from lti_tool.ops.cleanup import run_cleanup

    with app.app_context():
        assert _pdf_step(run_cleanup()) == 0  # both entries public: nothing to remove
        db.session.get(LibraryExperience, ids["progreso"]).public = False  # e.g. made "jury only"
        db.session.commit()
        assert _pdf_step(run_cleanup(dry_run=True)) == 1 and kept[0].exists()  # a dry run only counts
        assert _pdf_step(run_cleanup()) == 1
    assert not kept[0].exists()
    assert list((Path(app.instance_path) / "library_pdf").glob(f"exp-{ids['banana']}-v1.*.pdf"))


def _pdf_step(results) -> int:
    [removed] = [r.removed for r in results if r.kind.startswith("printed PDFs")]
    return removed


def test_a_pdf_has_its_headings_in_the_entrys_language_whatever_the_readers(app, client):
    with app.app_context():
        exp_id = published_experience(
            title="Cacao: los jóvenes dirigen el centro de fermentación", language="es",
            facts=dict(el_progreso()["facts"], members="1120", women_percent="31,5"))
    for reader_lang in ("en", "es", "fr", "pt"):
        page = client.get(f"/library/{exp_id}?lang={reader_lang}")
        assert f"/library/{exp_id}/entry.pdf" in page.text
    assert "Descargar como PDF" in client.get(f"/library/{exp_id}?lang=es").text
    response = client.get(f"/library/{exp_id}/entry.pdf?lang=pt")
    assert response.status_code == 200
    assert re.search(r'filename="exp-\d+-cacao-los-jovenes-dirigen[a-z0-9-]*-v1\.es\.pdf"',
                     response.headers["Content-Disposition"])
    reader, text = _pdf_text(response.data)
    assert reader.trailer["/Root"]["/Lang"] == "es"
    assert "Cacao: los jóvenes dirigen el centro de fermentación" in text
    assert "Biblioteca de experiencias" in text and "Datos" in text and "Resultados: antes y después" in text
    assert "Results: before and after" not in text and "Facts" not in text


def test_printing_an_entry_fetches_nothing_its_author_points_at(app, client):
    """An image in learner-written text is left out of the PDF, not fetched by the server (the same page printed as
    trusted curriculum would fetch it: the control shows the trap works)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from curriculum.printing import render_pdf

    hits = []

    class Trap(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Trap)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    trap = f"http://127.0.0.1:{server.server_port}/pixel.png"
    try:
        with app.app_context():
            exp_id = published_experience(sections=dict(el_progreso()["sections"],
                                                        context=f"Jinotega is coffee country. ![a map]({trap})"))
        response = client.get(f"/library/{exp_id}/entry.pdf")
        assert response.status_code == 200 and response.data.startswith(b"%PDF-")
        assert hits == []
        render_pdf(f'<html lang="en"><title>t</title><p><img src="{trap}" alt="a map"></p></html>')
        assert hits == ["/pixel.png"]
    finally:
        server.shutdown()
        server.server_close()


def test_a_server_that_cannot_print_says_so_instead_of_failing(app, client, monkeypatch):
    from curriculum.printing import case as core_case

    with app.app_context():
        exp_id = published_experience()

    def no_pango(*args, **kwargs):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(core_case, "render_pdf", no_pango)
    response = client.get(f"/library/{exp_id}/entry.pdf?lang=es")
    assert response.status_code == 503 and "el archivo de caso tiene el mismo texto" in response.text
    assert not list((Path(app.instance_path) / "library_pdf").glob("*.pdf"))


def test_a_number_too_large_for_the_database_is_an_unknown_entry_not_a_server_error(app, client):
    library(app)
    for huge in (2**31, 10**20):  # past PostgreSQL's INTEGER, past SQLite's 64-bit integers: the drivers raise
        for path in (f"/library/{huge}", f"/library/{huge}/es", f"/library/{huge}/case.md",
                     f"/library/{huge}/entry.pdf", f"/library/cup/{huge}", f"/visits/year/{huge}"):
            assert client.get(path).status_code == 404, path
    assert client.get(f"/library/{2**31 - 1}").status_code == 404  # the largest the tables hold: looked up, absent
    assert client.get("/library/?year=²").status_code == 200  # "²".isdigit() is true, yet int("²") fails
