"""Interface terms every channel shows around a case study (facts labels, framing, timeline, results, lessons…),
with their one translation into each language the interface ships in.

The English text of each term is its gettext msgid, marked with :func:`~curriculum.messages.N_` so that every
catalogue tool extracts it; the translations below are the one source. They are exported to the channels' own
catalogues, which must agree with them (``tests/curriculum/test_case_terms.py`` checks all three):

* the LTI tool's Flask-Babel catalogue: ``make translations`` extracts this file with the tool's strings, then runs
  ``python -m curriculum.terms lti_tool/translations`` to write these translations into its ``messages.po``, and
  ``--existing-only`` into the organisations blueprint's catalogue, which is merged with it at run time;
* the XBlocks' catalogues: ``python -m xblocks.update_translations`` does the same for ``xblocks/translations``;
* the SCORM packages' strings: ``scorm_export/strings.py`` takes them from here when it is imported.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .languages import short_language
from .messages import N_

LANGUAGES = ("en", "es", "fr", "pt")

# key -> English text (the msgid in every gettext catalogue)
TERMS: dict[str, str] = {
    "facts": N_("Facts"),
    "country": N_("Country"),
    "commodity": N_("Commodity"),
    "organisation": N_("Organisation"),
    "members": N_("Members"),
    "women": N_("Women"),
    "youth": N_("Young people"),
    "certifications": N_("Certifications"),
    "period": N_("Period"),
    "maturity": N_("Maturity"),
    "framing": N_("Why this experience was systematised"),
    "objective": N_("Objective"),
    "object": N_("What was systematised"),
    "central_question": N_("Central question"),
    "timeline": N_("Timeline"),
    "timeline_chart": N_("The process, step by step"),
    "when": N_("When"),
    "milestone": N_("Milestone"),
    "method": N_("Method"),
    "resources": N_("Resources"),
    "who": N_("Who"),
    "indicators": N_("Results in figures"),
    "indicator_chart": N_("Results: before and after"),
    "indicator": N_("Indicator"),
    "before": N_("Before"),
    "after": N_("After"),
    "difference": N_("Difference"),
    "lessons": N_("Lessons learned"),
    "recommendations": N_("Recommendations"),
    "discussion": N_("Discussion question"),
    "before_reading": N_("Before you read"),
    "after_reading": N_("After reading"),
}

TRANSLATIONS: dict[str, dict[str, str]] = {
    "es": {
        "facts": "Datos", "country": "País", "commodity": "Producto", "organisation": "Organización",
        "members": "Socios y socias", "women": "Mujeres", "youth": "Jóvenes", "certifications": "Certificaciones",
        "period": "Período", "maturity": "Madurez",
        "framing": "Por qué se sistematizó esta experiencia", "objective": "Objetivo",
        "object": "Qué se sistematizó", "central_question": "Pregunta eje",
        "timeline": "Cronología", "timeline_chart": "El proceso, paso a paso", "when": "Cuándo",
        "milestone": "Hito", "method": "Método", "resources": "Recursos", "who": "Quién",
        "indicators": "Resultados en cifras", "indicator_chart": "Resultados: antes y después",
        "indicator": "Indicador", "before": "Antes", "after": "Después", "difference": "Diferencia",
        "lessons": "Lecciones aprendidas", "recommendations": "Recomendaciones",
        "discussion": "Pregunta para la discusión", "before_reading": "Antes de leer",
        "after_reading": "Después de leer",
    },
    "fr": {
        "facts": "Repères", "country": "Pays", "commodity": "Filière", "organisation": "Organisation",
        "members": "Membres", "women": "Femmes", "youth": "Jeunes", "certifications": "Certifications",
        "period": "Période", "maturity": "Maturité",
        "framing": "Pourquoi cette expérience a été systématisée", "objective": "Objectif",
        "object": "Ce qui a été systématisé", "central_question": "Question centrale",
        "timeline": "Chronologie", "timeline_chart": "Le processus, étape par étape", "when": "Quand",
        "milestone": "Étape clé", "method": "Méthode", "resources": "Ressources", "who": "Qui",
        "indicators": "Résultats en chiffres", "indicator_chart": "Résultats : avant et après",
        "indicator": "Indicateur", "before": "Avant", "after": "Après", "difference": "Écart",
        "lessons": "Leçons apprises", "recommendations": "Recommandations",
        "discussion": "Question de discussion", "before_reading": "Avant de lire",
        "after_reading": "Après la lecture",
    },
    "pt": {
        "facts": "Dados", "country": "País", "commodity": "Produto", "organisation": "Organização",
        "members": "Associados e associadas", "women": "Mulheres", "youth": "Jovens",
        "certifications": "Certificações", "period": "Período", "maturity": "Maturidade",
        "framing": "Por que esta experiência foi sistematizada", "objective": "Objetivo",
        "object": "O que foi sistematizado", "central_question": "Pergunta central",
        "timeline": "Linha do tempo", "timeline_chart": "O processo, passo a passo", "when": "Quando",
        "milestone": "Marco", "method": "Método", "resources": "Recursos", "who": "Quem",
        "indicators": "Resultados em números", "indicator_chart": "Resultados: antes e depois",
        "indicator": "Indicador", "before": "Antes", "after": "Depois", "difference": "Diferença",
        "lessons": "Lições aprendidas", "recommendations": "Recomendações",
        "discussion": "Pergunta para discussão", "before_reading": "Antes de ler",
        "after_reading": "Depois de ler",
    },
}


def msgid(key: str) -> str:
    """The English text of a term, which is its msgid in every catalogue."""
    return TERMS[key]


def term(key: str, language: str | None) -> str:
    """A term in ``language`` (a locale such as ``pt_BR`` reads ``pt``); English where there is no translation."""
    return TRANSLATIONS.get(short_language(language), {}).get(key) or TERMS[key]


def terms(language: str | None) -> dict[str, str]:
    """Every term in ``language``, by key."""
    return {key: term(key, language) for key in TERMS}


def catalogue(language: str) -> dict[str, str]:
    """msgid -> translation for ``language``: what the channels' gettext catalogues must hold."""
    return {TERMS[key]: text for key, text in TRANSLATIONS.get(language, {}).items()}


def fill_catalog(catalog, language: str, add_missing: bool = True) -> int:
    """Write the terms' translations into a Babel ``Catalog`` (adding any term it lacks unless ``add_missing`` is
    false). Returns the entries changed. The channels' catalogue tools call this after extracting and updating."""
    changed = 0
    for message_id, text in catalogue(language).items():
        entry = catalog.get(message_id)
        if entry is None:
            if not add_missing:
                continue
            catalog.add(message_id, text)
            changed += 1
        elif entry.string != text or entry.fuzzy:
            entry.string = text
            entry.flags.discard("fuzzy")
            changed += 1
    return changed


def fill_po_files(directory: str | Path, domain: str = "messages", width: int = 120,
                  add_missing: bool = True) -> dict[str, int]:
    """Write the terms into ``<directory>/<lang>/LC_MESSAGES/<domain>.po`` for every language there is one for
    (``add_missing`` false: only into the entries it has, for a catalogue merged with another at run time)."""
    from babel.messages.pofile import read_po, write_po

    changed: dict[str, int] = {}
    for language in LANGUAGES[1:]:
        path = Path(directory) / language / "LC_MESSAGES" / f"{domain}.po"
        if not path.exists():
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language, domain=domain)
        changed[language] = fill_catalog(catalog, language, add_missing)
        if changed[language]:
            with path.open("wb") as handle:
                write_po(handle, catalog, width=width)
    return changed


def main(argv: list[str] | None = None) -> None:
    """``python -m curriculum.terms TRANSLATIONS_DIR [--domain D] [--existing-only]``"""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m curriculum.terms",
                                     description="Write the core's interface terms into a channel's .po files.")
    parser.add_argument("directory")
    parser.add_argument("--domain", default="messages")
    parser.add_argument("--existing-only", action="store_true",
                        help="only the entries the catalogue has (a catalogue merged with another at run time)")
    args = parser.parse_args(argv)
    for lang, n in fill_po_files(args.directory, args.domain, add_missing=not args.existing_only).items():
        print(f"{lang}: {n} term(s) written")


if __name__ == "__main__":
    main(sys.argv[1:])
