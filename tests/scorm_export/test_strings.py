"""The packages' interface text exists in every language the course is written in."""

from scorm_export.strings import STRINGS, UI_LANGUAGES, ui_strings


def test_every_language_has_every_interface_string():
    assert set(STRINGS) == set(UI_LANGUAGES) == {"en", "es", "fr", "pt"}
    for language in UI_LANGUAGES:
        assert set(STRINGS[language]) == set(STRINGS["en"]), language
        assert all(text.strip() for text in STRINGS[language].values())


def test_no_string_key_hides_behind_a_dict_method_in_templates():
    # Jinja resolves t.copy to dict.copy before the "copy" key; such keys must be written t["copy"].
    assert [key for key in STRINGS["en"] if hasattr(dict, key)] == ["copy"]


def test_regional_and_unknown_languages_fall_back_sensibly():
    assert ui_strings("es-PE")["submit"] == "Enviar mis respuestas"
    assert ui_strings("de")["submit"] == "Submit my answers"
