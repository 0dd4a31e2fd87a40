"""Interface translations: complete catalogues, compiled files in step with them, and the launch locale honoured."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).parents[2] / "lti_tool" / "translations"


def _same(a, b) -> bool:
    return (tuple(a) if isinstance(a, list | tuple) else a) == (tuple(b) if isinstance(b, list | tuple) else b)


@pytest.mark.parametrize("lang", ["es", "fr", "pt"])
def test_catalogue_is_complete_and_compiled(lang):
    template = read_po((TRANSLATIONS / "messages.pot").open("rb"))
    po = read_po((TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb"))
    mo = read_mo((TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo").open("rb"))
    wanted = {m.id for m in template if m.id}
    assert wanted <= {m.id for m in po if m.id}
    for message in po:
        if message.id:
            assert message.string and all(message.string), f"{lang}: {message.id!r} is untranslated"
            assert mo.get(message.id) is not None and _same(mo.get(message.id).string, message.string), \
                f"{lang}: messages.mo is stale; run 'make translations'"


@pytest.mark.parametrize("locale, phrase", [("es-419", "Saltar al contenido"), ("fr_CA", "Aller au contenu"),
                                            ("pt-BR", "Pular para o conteúdo"), ("en-GB", "Skip to content")])
def test_launch_locale_picks_the_interface_language(world, locale, phrase):
    page = world.launch(locale=locale, custom={"fieldschool_item": "sample.case"})
    assert phrase in page.text


def test_error_pages_follow_the_browser_language(client):
    page = client.post("/lti/launch", data={"id_token": "x", "state": "y"}, headers={"Accept-Language": "fr"})
    assert page.status_code == 400
    assert "Ce lancement n&#39;a pas pu être associé" in page.get_data(as_text=True)


def _core_templates() -> set[str]:
    """The texts the curriculum marks with N_ (the validator's findings among them), read from its source."""
    import ast

    found = set()
    for path in (Path(__file__).parents[2] / "curriculum").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_" and node.args:
                found.add(node.args[0].value)
    return found


@pytest.mark.parametrize("lang", ["es", "fr", "pt"])
def test_the_cores_texts_are_extracted_and_translated_with_their_fields(lang):
    from string import Formatter

    def fields(text: str) -> list[str]:
        return sorted(name for _, name, _, _ in Formatter().parse(text) if name is not None)

    templates = _core_templates()
    extracted = {m.id for m in read_po((TRANSLATIONS / "messages.pot").open("rb")) if m.id}
    assert templates <= extracted, "make translations must extract ../curriculum with -k N_"
    po = read_po((TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb"))
    for template in templates:
        assert fields(po.get(template).string) == fields(template), (lang, template)
