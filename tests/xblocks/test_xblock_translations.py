"""Interface strings ship translated (es, fr, pt) and compiled; learners see their language in the blocks."""

import gettext
import re

import pytest
from django.utils import translation

from xblocks import update_translations
from xblocks.i18n import LOCALE_DIR

PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")


@pytest.mark.parametrize("language", ["es", "fr", "pt"])
def test_every_interface_string_is_translated_with_its_placeholders(language):
    catalogue = update_translations.read_catalogue(language)
    for message in update_translations.extract():
        if not message.id:
            continue
        found = catalogue.get(message.id)
        forms = found.string if found is not None and isinstance(found.string, tuple) else (found and found.string,)
        assert found is not None and all(forms), f"{language}: no translation for {message.id!r}"
        source = message.id[-1] if isinstance(message.id, tuple) else message.id  # a plural: every form
        for form in forms:
            assert sorted(PLACEHOLDER.findall(form)) == sorted(PLACEHOLDER.findall(source)), message.id


@pytest.mark.parametrize("language", ["en", "es", "fr", "pt"])
def test_the_shipped_mo_files_are_compiled_from_the_po_files(language):
    shipped = gettext.translation("text", localedir=str(LOCALE_DIR), languages=[language])
    catalogue = update_translations.read_catalogue(language)
    expected = {}
    for m in catalogue:
        if m.id and isinstance(m.id, tuple):  # plural forms: keyed (singular, index), untranslated ones as the ids
            expected.update({(m.id[0], i): form or m.id[min(i, 1)] for i, form in enumerate(m.string)})
        elif m.id and m.string:
            expected[m.id] = m.string
    actual = {k: v for k, v in shipped._catalog.items() if k}
    assert actual == expected


def test_a_spanish_learner_reads_the_assessment_in_spanish(make_block, learner):
    usage = make_block('<fieldschool_assessment item_id="sample.assessment"/>')
    alice = learner(usage, "alice")
    with translation.override("es"):
        html = alice.render()
        status, body = alice.call("submit", raw=b"{oops")
    assert "Compruebe lo aprendido" in html  # the curriculum's Spanish variant
    assert "Nota para aprobar: 60%." in html and ">Enviar</button>" in html  # the interface
    assert status == 400 and body["error"] == "La solicitud no es JSON válido."
    with translation.override("fr"):
        html = alice.render()
    assert "Seuil de réussite : 60%." in html
    assert "Check your understanding" in html  # no French variant of the item: the author's language


def test_the_author_can_keep_one_content_language(make_block, learner):
    usage = make_block('<fieldschool_case_study item_id="sample.case" follow_learner_language="false"/>')
    with translation.override("es"):
        html = learner(usage, "bea").render()
    assert "A sample case" in html and "Guardar mis respuestas" in html


def test_interface_and_curriculum_parts_declare_their_own_languages(make_block, learner):
    usage = make_block('<fieldschool_assessment item_id="sample.assessment"/>')
    with translation.override("fr"):  # French interface; the item exists in en and es only
        html = learner(usage, "zoe").render()
    assert 'fs-assessment" lang="fr"' in html
    assert 'class="fs-title" lang="en"' in html and '<legend lang="en">' in html


def test_the_cores_messages_reach_a_spanish_learner_in_spanish(make_block, learner):
    quiz = learner(make_block('<fieldschool_assessment item_id="sample.assessment"/>'), "alice")
    exercise = learner(make_block('<fieldschool_peer_exercise item_id="sample.exercise"/>'), "alice")
    with translation.override("es"):
        status, body = quiz.call("submit", {"responses": {"q4": "doce"}})
        assert status == 400 and body["details"] == ["pregunta «q4»: «doce» no es un número"]
        assert exercise.call("submit_response", {"text": "Mine."})[0] == 200
        status, body = exercise.call("submit_self_review", {"levels": {"evidence": 1}})
        assert status == 400 and body["details"] == ["elija un nivel para «Claridad»"]  # the rubric in Spanish


def test_the_blocks_offer_the_cores_interface_languages_each_with_a_catalogue():
    from curriculum.terms import LANGUAGES
    from xblocks import i18n

    assert i18n.LANGUAGES == LANGUAGES  # one list, in the core (curriculum/terms.py), as the LTI tool's default
    for language in LANGUAGES:
        if language != "en":
            assert (LOCALE_DIR / language / "LC_MESSAGES" / "text.po").is_file(), language
